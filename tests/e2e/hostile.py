"""Test support, e2e: the building blocks of hostile requests, for the fuzz tests of every endpoint.

Hypothesis strategies for odd texts, senders, workspaces and JSON values, a way to break a payload's fields, the
senders that put a payload on the wire, and the check each hostile request must pass: an expected status, no
stack trace in the answer, no new rows, nothing posted to a channel. tests/e2e/test_hostile_input.py and the
shortcut's fuzz test in tests/e2e/test_shortcut.py both build on these.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select

from bot.db.models import Base
from tests.conftest import wipe
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, DIEGO, GONE, ROBOT, STRANGER, TEAM, Bot
from tests.support.slack_requests import Response

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 25)
# The bot fixture is set up once per test and shared by its examples; each example resets what it checks.
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
ANSWERS = {200, 400, 401, 404}
LEAK = re.compile(r"Traceback|File \"|\b[A-Z]\w*(?:Error|Exception)\b|KeyboardInterrupt|StopIteration"
                  r"|sqlalchemy|psycopg|sqlite3")
# Strategies cannot know the fake's port: payloads carry this, and it is swapped for the fake's URL when sent.
RESPONSE_URL = "https://response-url.invalid/hostile"


# ---- what every hostile request must leave as it was -----------------------------------------------


def stored(engine: Engine) -> dict[str, int]:
    """Rows per table, only the non-empty ones, in one query."""
    counts = select(*(select(func.count()).select_from(t).scalar_subquery().label(t.name)
                      for t in Base.metadata.sorted_tables))
    with engine.connect() as connection:
        row = connection.execute(counts).one()
    return {name: n for name, n in row._mapping.items() if n}


def begin_example(bot: Bot, engine: Engine) -> dict[str, int]:
    """Examples share one bot: forget the Slack calls so far; return the rows the example must leave as they are."""
    bot.fake.reset_calls()
    return stored(engine)


def check_harmless(bot: Bot, engine: Engine, before: dict[str, int], response: Response) -> None:
    """The properties: an expected status, no stack trace, no new rows, nothing posted to a channel."""
    bot.settle()
    grown = {table: n for table, n in stored(engine).items() if n > before.get(table, 0)}
    if grown:
        wipe(engine)  # Hypothesis runs more examples while shrinking: each must start from a clean database
    assert response.status in ANSWERS, f"answered {response.status}: {response.body[:200]!r}"
    leak = LEAK.search(response.body)
    assert leak is None, f"the answer shows {leak.group()!r}: {response.body[:300]!r}"
    assert not grown, f"stored {grown}"
    posted = [(c.method, c.params) for c in bot.fake.calls
              if c.method.startswith("chat.") or c.method == "conversations.open"
              or (c.method.startswith("response_url:") and c.params.get("response_type") == "in_channel")]
    assert not posted, f"posted {posted}"


def send_json(bot: Bot, envelope: Any) -> Response:
    # ensure_ascii (the default) turns lone surrogates into \ud800 escapes: valid JSON, though Slack never sends it.
    return bot.poster.post_raw(json.dumps(envelope).encode(), content_type=JSON)


def send_form(bot: Bot, fields: dict[str, str]) -> Response:
    url = bot.fake.response_url("hostile")
    body = urlencode({k: v.replace(RESPONSE_URL, url) for k, v in fields.items()})
    return bot.poster.post_raw(body.encode(), content_type=FORM)


def send_payload(bot: Bot, payload: Any) -> Response:
    """An interactivity request: `payload` is the form field's JSON, or any text to put there."""
    return send_form(bot, {"payload": payload if isinstance(payload, str) else json.dumps(payload)})


# ---- building blocks -------------------------------------------------------------------------------

ACTIVE_PEOPLE = {CARLA, ANA, BEN, DIEGO, STRANGER}
UNKNOWN_USERS = st.from_regex(r"[UW][A-Z0-9]{2,10}", fullmatch=True).filter(lambda uid: uid not in ACTIVE_PEOPLE)
# Whom texts and forms name: ANA is the only active person among them, so nothing names two people to introduce.
PEOPLE = st.one_of(st.sampled_from([ANA, GONE, ROBOT, "UBOT", "USLACKBOT"]), UNKNOWN_USERS)
SENDERS = st.one_of(st.sampled_from([CARLA, ANA, GONE, ROBOT, "UBOT"]), UNKNOWN_USERS)
MENTIONS = st.builds(lambda uid, label: f"<@{uid}{label}>", PEOPLE, st.sampled_from(["", "|ana", "|\u202eneb"]))
TEAMS = st.sampled_from([TEAM, "T0OTHER00", "E0GRID000", ""])
APPS = st.sampled_from(["A1", "A0OTHERAPP", ""])
CHANNELS = st.sampled_from([CHANNEL, "C0NOWHERE", "D0ANA0001", "G0PRIVATE", ""])

ODD_PIECES = [
    "\u200f", "\u200e", "\u202e", "\u2067", "\u2069",  # right-to-left marks and overrides
    "\u200d", "\u200b", "\u2060", "\ufeff", "\u00ad",  # zero-width joiner, spaces, soft hyphen
    "e\u0301", "\u0000", "\x1b[31m", "\r\n", "\t", "👩\u200d💻", "🏳️\u200d🌈", "🇺🇸", "\U0010ffff", "ﷺ", "𒐫", "İ", "ß",
    "&gt; ", "&amp;", "&lt;@U0ANA0001&gt;", "```", "`", "*", "_", "~",
    "<!here>", "<!channel>", "<!subteam^S0TEAM|team>", "<#C1GENERAL|general>", "<https://x.example|x>",
    ":wave:", " meet ", " introduce ", "this is ", ", you both ", " & ", " and ", " cc ", "@ana", "<@", ">", "|",
]
SURROGATES = ["\ud800", "\udfff"]  # only in JSON bodies: a form body cannot carry them


def odd_text(extra: Sequence[str] = ()) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from([*ODD_PIECES, *extra]), MENTIONS, st.text(max_size=12)),
                    max_size=25).map("".join)


def huge(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return texts.map(lambda s: (s or "x") * (100_000 // len(s or "x")))


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=8)
# What a button's value or a modal's id can be instead of a stored row's id.
GARBAGE_IDS = st.one_of(
    st.integers().map(str),
    st.sampled_from([str(2**63), str(-(2**63) - 1), "9" * 5000, "1e9", "1.5", " 7 ", "0x10", "٣", "１２", "NaN",
                     "", "null", "-0"]),
    st.text(max_size=40),
)

Path = tuple[str | int, ...]


def break_fields(draw: st.DrawFn, payload: dict[str, Any], paths: Sequence[Path]) -> None:
    """Drop one to three of the fields at `paths`, or give them a value of another type."""
    for path in draw(st.lists(st.sampled_from(paths), min_size=1, max_size=3, unique=True)):
        parent: Any = payload
        for key in path[:-1]:
            if isinstance(parent, dict):
                parent = parent.get(key)
            elif isinstance(parent, list) and isinstance(key, int) and key < len(parent):
                parent = parent[key]
            else:
                parent = None
        last = path[-1]
        if isinstance(parent, dict):
            if not draw(st.booleans()):
                parent[last] = draw(JSON_VALUES)
            else:
                parent.pop(last, None)
        elif isinstance(parent, list) and isinstance(last, int) and last < len(parent):
            if not draw(st.booleans()):
                parent[last] = draw(JSON_VALUES)
            else:
                del parent[last]
