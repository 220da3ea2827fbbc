"""Hostile input at the real endpoint: forged and malformed requests change nothing and leak nothing.

Forged requests (unsigned, wrongly signed, stale) must be refused with 401 (400 will do for a body that
cannot even be parsed) and acted on in no way. Properly signed but malformed ones are fuzzed with
Hypothesis: random bodies, Events API envelopes with odd texts, unknown event types, other apps' and
workspaces' ids and missing or wrong-typed fields, interactivity payloads with garbage ids and broken
form metadata, slash commands with odd text. Each must be answered 200/400/401/404 (never 5xx) without
a stack trace, store nothing, and post nothing to a channel (a kind private reply through the
response_url is fine). No payload is an intro between two real people: mentions are of unknown,
deactivated or bot accounts plus at most one active person, so a correct app has nothing to record.

Each property runs 25 examples (the form submissions fewer, see there) from a fixed seed, quick enough
for CI and the same on every run (tests/conftest.py). A longer hunt draws new ones:

    HYPOTHESIS_PROFILE=explore FUZZ_EXAMPLES=2000 make test-sqlite PYTEST_ARGS='-k hostile'
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import ProxyHandler, Request, build_opener

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from bot.blocks.ids import (
    ASK_DECLINE_MODAL,
    ASK_SUGGEST_MODAL,
    CLOSE_MODAL,
    DRAFT_SHAPING_FIELDS,
    OPTIN_MODAL,
    OPTIN_NO_MODAL,
    Action,
    AskField,
    Field,
    OptInField,
)
from bot.domain.nudging import Snooze
from bot.slack import dev_server, http
from bot.slack.listeners.actions import ROW_BUTTONS
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, SIGNING_SECRET, TEAM, Bot
from tests.e2e.hostile import (
    APPS,
    CHANNELS,
    EXAMPLES,
    FORM,
    FUZZ,
    GARBAGE_IDS,
    JSON,
    JSON_SCALARS,
    JSON_VALUES,
    LEAK,
    PEOPLE,
    RESPONSE_URL,
    SENDERS,
    SURROGATES,
    TEAMS,
    Path,
    begin_example,
    break_fields,
    check_harmless,
    huge,
    odd_text,
    send_form,
    send_json,
    send_payload,
    stored,
)
from tests.support import slack_requests as req
from tests.support.fake_slack import FakeSlack
from tests.support.raw_http import read_answer, stream_until_answered
from tests.support.slack_requests import Response

# ---- what every hostile request must leave as it was -----------------------------------------------


@pytest.fixture(autouse=True)
def no_error_traces(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """No hostile request is worth an ERROR (the log line an operator is paged for) or a stack trace."""
    yield
    errors = [f"{r.name}: {r.getMessage()}" for r in caplog.get_records("call") if r.levelno >= 40]
    assert not errors, errors


# ---- building blocks (the rest are in tests/e2e/hostile.py) ----------------------------------------


def changed(payload: dict[str, Any], path: Path, value: Any) -> dict[str, Any]:
    """A copy of `payload` with one field set: the explicit examples below."""
    copy = json.loads(json.dumps(payload))
    parent = copy
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return copy


A_MESSAGE = req.message_event(text="hello", user=CARLA, channel=CHANNEL, ts="1763800000.000100", team_id=TEAM,
                              event_id="Ev0HOSTILE01")
A_CLICK = req.block_action(user=ANA, team_id=TEAM, action_id=Action.CONNECT, value="1", response_url=RESPONSE_URL)


# ---- 1. forged requests --------------------------------------------------------------------------


def _intro_message(fake: FakeSlack) -> tuple[bytes, str]:
    envelope = req.message_event(text=f"<@{ANA}> meet <@{BEN}>, you both work on pricing", user=CARLA,
                                 channel=CHANNEL, ts="1763800000.000100", team_id=TEAM)
    return json.dumps(envelope).encode(), JSON


def _button_click(fake: FakeSlack) -> tuple[bytes, str]:
    payload = req.block_action(user=ANA, team_id=TEAM, action_id=Action.CONNECT, value="1",
                               response_url=fake.response_url("forged"))
    return urlencode({"payload": json.dumps(payload)}).encode(), FORM


def _slash_command(fake: FakeSlack) -> tuple[bytes, str]:
    fields = req.slash_command(text=f"<@{ANA}> <@{BEN}> you both work on pricing at Acme", user=CARLA, team_id=TEAM,
                               response_url=fake.response_url("forged"))
    return urlencode(fields).encode(), FORM


REQUESTS: dict[str, Callable[[FakeSlack], tuple[bytes, str]]] = {
    "intro message": _intro_message,
    "button click": _button_click,
    "slash command": _slash_command,
    "malformed JSON": lambda fake: (b'{"type": "event_callback", "event": ', JSON),
    "JSON that is not an object": lambda fake: (b"null", JSON),
}
# A body that cannot be parsed may be refused as malformed before its signature is checked.
REFUSALS = {"malformed JSON": {400, 401}, "JSON that is not an object": {400, 401}}
TS, SIG = "X-Slack-Request-Timestamp", "X-Slack-Signature"


def signature(secret: str, stamp: str, body: bytes) -> str:
    return "v0=" + hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256).hexdigest()


def _signed(secret: str = SIGNING_SECRET, *, shift: int = 0) -> Callable[[bytes, int], dict[str, str]]:
    return lambda body, now: {TS: str(now + shift), SIG: signature(secret, str(now + shift), body)}


# The signature headers each forgery sends, given the body and the time now.
FORGERIES: dict[str, Callable[[bytes, int], dict[str, str]]] = {
    "no signature headers": lambda body, now: {},
    "a timestamp but no signature": lambda body, now: {TS: str(now)},
    "a wrong signature": lambda body, now: {TS: str(now), SIG: "v0=" + "0" * 64},
    "signed with another secret": _signed("another-signing-secret"),
    "signed for another body": lambda body, now: {TS: str(now), SIG: signature(SIGNING_SECRET, str(now), body + b" ")},
    "stale by 6 minutes": _signed(shift=-360),
    "6 minutes in the future": _signed(shift=360),
    "a non-numeric timestamp": lambda body, now: {TS: "soon", SIG: signature(SIGNING_SECRET, "soon", body)},
}


def send_raw(url: str, *, method: str = "GET", body: bytes | None = None,
             headers: dict[str, str] | None = None) -> Response:
    """Exactly these headers (post_raw always adds signature headers), through no proxy."""
    request = Request(url, data=body, headers=headers or {}, method=method)
    try:
        with build_opener(ProxyHandler({})).open(request, timeout=30) as answer:
            return Response(answer.status, answer.read().decode("utf-8", "replace"), dict(answer.headers.items()))
    except HTTPError as error:
        return Response(error.code, error.read().decode("utf-8", "replace"), dict(error.headers.items()))


@pytest.mark.parametrize("forgery", FORGERIES)
def test_forged_requests_are_refused_and_change_nothing(bot: Bot, engine: Engine, forgery: str) -> None:
    # Every kind in one test: each bot fixture costs half a second to stop, and the answers read best side by side.
    seen: dict[str, dict[str, Any]] = {}
    for kind, build in REQUESTS.items():
        before = begin_example(bot, engine)
        body, content_type = build(bot.fake)
        response = send_raw(bot.poster.url, method="POST", body=body,
                            headers={"Content-Type": content_type, **FORGERIES[forgery](body, int(time.time()))})
        bot.settle()
        leak = LEAK.search(response.body)
        refused = response.status in REFUSALS.get(kind, {401})
        seen[kind] = {"status": "refused" if refused else response.status, "leak": leak and leak.group(),
                      "stored": stored(engine) != before, "slack calls": [c.method for c in bot.fake.calls]}

    assert seen == {kind: {"status": "refused", "leak": None, "stored": False, "slack calls": []} for kind in REQUESTS}


@pytest.mark.parametrize("kind", [k for k in REQUESTS if k not in REFUSALS])
def test_the_same_requests_properly_signed_are_acted_on(bot: Bot, engine: Engine, kind: str) -> None:
    """So the refusals above are not vacuous: signed, each of these stores something or answers someone."""
    body, content_type = REQUESTS[kind](bot.fake)

    response = bot.poster.post_raw(body, content_type=content_type)
    bot.settle()

    assert response.status == 200
    assert stored(engine) or [c for c in bot.fake.calls if c.method.startswith(("chat.", "response_url:"))]


# ---- 2a. random bodies ---------------------------------------------------------------------------

RANDOM_BODIES = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=2000).map(str.encode),
    st.text(max_size=500).map(lambda t: ("{" + t).encode()),  # Bolt reads any body starting with { as JSON
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3))
    .map(lambda v: json.dumps(v).encode()),  # JSON, but not an object
    st.text(max_size=500).map(lambda t: ("payload=" + t).encode()),
    st.text(max_size=500).map(lambda t: urlencode({"payload": t}).encode()),
)


@FUZZ
@given(body=RANDOM_BODIES, content_type=st.sampled_from([JSON, FORM]))
@example(body=b"\xff\xfe", content_type=JSON)
@example(body=b"null", content_type=JSON)
@example(body=b"payload=%7B", content_type=FORM)
def test_random_bodies(bot: Bot, engine: Engine, body: bytes, content_type: str) -> None:
    before = begin_example(bot, engine)
    check_harmless(bot, engine, before, bot.poster.post_raw(body, content_type=content_type))


# ---- 2b. Events API envelopes --------------------------------------------------------------------

EVENT_TYPES = st.one_of(
    st.sampled_from(["message", "app_mention", "app_home_opened", "reaction_added", "member_joined_channel",
                     "team_join", "app_uninstalled", "tokens_revoked", "message.channels", "MESSAGE", "message\u200b",
                     ""]),
    st.text(max_size=20),
)
EVENT_TEXTS = st.one_of(odd_text(SURROGATES), st.text(max_size=500), huge(odd_text()), JSON_VALUES)


@st.composite
def odd_events(draw: st.DrawFn) -> dict[str, Any]:
    """Well-formed envelopes around odd events: texts, types, senders, other apps and workspaces."""
    envelope = req.message_event(
        text="", user=draw(SENDERS), channel=draw(CHANNELS), ts="1763800000.000100", team_id=draw(TEAMS),
        api_app_id=draw(APPS), channel_type=draw(st.sampled_from(["channel", "group", "mpim", "im", "app_home", ""])),
        thread_ts=draw(st.none() | st.just("1763700000.000001")),
        subtype=draw(st.sampled_from([None, "thread_broadcast", "file_share", "message_changed", "bot_message"])),
    )
    envelope["event"]["type"] = draw(EVENT_TYPES)
    envelope["event"]["text"] = draw(EVENT_TEXTS)
    return envelope


ENVELOPE_PATHS: list[Path] = [
    *((key,) for key in ("type", "event", "team_id", "context_team_id", "api_app_id", "authorizations", "event_id",
                         "event_time", "token", "enterprise_id", "team", "enterprise", "is_ext_shared_channel")),
    *(("event", key) for key in ("type", "user", "text", "channel", "ts", "thread_ts", "channel_type", "subtype",
                                 "team", "bot_id", "event_ts", "tab", "view", "message", "files")),
    ("authorizations", 0), ("authorizations", 0, "team_id"), ("authorizations", 0, "user_id"),
]


@st.composite
def broken_events(draw: st.DrawFn) -> dict[str, Any]:
    envelope = draw(odd_events())
    break_fields(draw, envelope, ENVELOPE_PATHS)
    return envelope


@FUZZ
@given(envelope=odd_events())
def test_events_with_odd_texts_types_and_senders(bot: Bot, engine: Engine, envelope: dict[str, Any]) -> None:
    before = begin_example(bot, engine)
    check_harmless(bot, engine, before, send_json(bot, envelope))


@FUZZ
@given(envelope=broken_events())
@example(envelope=changed(A_MESSAGE, ("event",), None))
@example(envelope=changed(A_MESSAGE, ("event",), []))
@example(envelope=changed(A_MESSAGE, ("event", "subtype"), []))
@example(envelope=changed(A_MESSAGE, ("authorizations",), [5]))
@example(envelope=changed(A_MESSAGE, ("event", "user"), False))  # Bolt reads ids as strings or objects
@example(envelope=changed(A_MESSAGE, ("event", "channel"), 1.5))
@example(envelope=changed(A_MESSAGE, ("event", "team"), ["id"]))
def test_events_with_missing_or_wrong_typed_fields(bot: Bot, engine: Engine, envelope: dict[str, Any]) -> None:
    before = begin_example(bot, engine)
    check_harmless(bot, engine, before, send_json(bot, envelope))


# ---- 2c. interactivity ---------------------------------------------------------------------------

# Buttons that act on a stored row by its id (party, promise, request, ask), on a modal's metadata or on the
# clicker's own data. The settings buttons and the prompt's menu are left out: they save the clicker's choice.
ACTION_IDS = sorted({*ROW_BUTTONS, *DRAFT_SHAPING_FIELDS, Action.EDIT_PREFS, Action.DELETE_MY_DATA})
SNOOZE_VALUES = st.builds(lambda i, s: f"{i}:{s}", GARBAGE_IDS, st.sampled_from([*Snooze, "forever", ""]))
MODAL_METADATA = st.one_of(
    st.text(max_size=100),  # not JSON
    JSON_VALUES.map(json.dumps),  # JSON of any shape
    st.fixed_dictionaries({}, optional={  # the keys the modals use, with garbage in them
        key: st.one_of(GARBAGE_IDS, JSON_VALUES)
        for key in ("party_id", "way", "request_id", "ask_id", "promise_id", "draft_version", "draft_hash",
                    "warned_hash", "instead_of_promise")
    } | {"response_url": st.just(RESPONSE_URL)}).map(json.dumps),
)


@st.composite
def garbage_clicks(draw: st.DrawFn) -> dict[str, Any]:
    """Well-formed block actions for buttons the app knows, carrying ids that name nothing stored."""
    view = None
    if draw(st.booleans()):
        view = {"id": "V1", "type": draw(st.sampled_from(["modal", "home"])), "callback_id": CLOSE_MODAL,
                "private_metadata": draw(MODAL_METADATA), "state": {"values": {}}, "hash": "h1"}
    return req.block_action(
        user=draw(SENDERS), team_id=draw(TEAMS), action_id=draw(st.sampled_from(ACTION_IDS)),
        value=draw(st.none() | GARBAGE_IDS), block_id=draw(st.sampled_from(["b", "digest:1", "digest:", ""])),
        selected_option_value=draw(st.none() | SNOOZE_VALUES | GARBAGE_IDS),
        response_url=draw(st.none() | st.just(RESPONSE_URL)), channel=draw(st.none() | st.just(CHANNEL)),
        message_ts=draw(st.none() | st.just("1763900000.000001")), view=view, api_app_id=draw(APPS),
    )


CLICK_PATHS: list[Path] = [
    *((key,) for key in ("type", "actions", "user", "team", "container", "channel", "message", "view",
                         "trigger_id", "api_app_id", "enterprise", "is_enterprise_install")),
    ("user", "id"), ("team", "id"), ("view", "private_metadata"), ("view", "state"), ("message", "blocks"),
    ("actions", 0), *(("actions", 0, key) for key in ("action_id", "value", "type", "block_id", "selected_option")),
]
SUBMISSION_PATHS: list[Path] = [
    *((key,) for key in ("type", "view", "user", "team", "trigger_id", "response_urls", "api_app_id")),
    *(("view", key) for key in ("callback_id", "private_metadata", "state", "id", "type", "hash")),
    ("view", "state", "values"), ("user", "id"), ("team", "id"),
]


@st.composite
def broken_clicks(draw: st.DrawFn) -> dict[str, Any]:
    payload = draw(garbage_clicks())
    break_fields(draw, payload, CLICK_PATHS)
    return payload


BROKEN_PAYLOADS = st.one_of(
    st.text(max_size=200),  # not JSON
    st.sampled_from(["{", "{'type': 'block_actions'}", '{"type": "block_actions",}', '{"a": 1}{"b": 2}', "[", "NaN"]),
    st.one_of(JSON_SCALARS, st.lists(JSON_VALUES, max_size=3)).map(json.dumps),  # JSON, not an object
    broken_clicks(),
)


@FUZZ
@given(payload=garbage_clicks())
def test_known_buttons_with_garbage_values(bot: Bot, engine: Engine, payload: dict[str, Any]) -> None:
    before = begin_example(bot, engine)
    check_harmless(bot, engine, before, send_payload(bot, payload))


@FUZZ
@given(payload=BROKEN_PAYLOADS)
@example(payload="null")
@example(payload=changed(A_CLICK, ("actions",), []))
@example(payload=changed(A_CLICK, ("actions", 0), {}))
@example(payload=changed(A_CLICK, ("user",), 5))
def test_malformed_interactivity_payloads(bot: Bot, engine: Engine, payload: Any) -> None:
    before = begin_example(bot, engine)
    check_harmless(bot, engine, before, send_payload(bot, payload))


# The forms' inputs as view.state.values has them: (block id, action id, element).
FORM_INPUTS: list[tuple[str, str, st.SearchStrategy[dict[str, Any]]]] = [
    (AskField.TEXT, AskField.TEXT, odd_text().map(req.text_value)),
    (AskField.SOMEONE, AskField.SOMEONE, PEOPLE.map(req.user_value)),
    (OptInField.FIRST, OptInField.FIRST, PEOPLE.map(req.user_value)),
    (OptInField.SECOND, OptInField.SECOND, PEOPLE.map(req.user_value)),
    (OptInField.WHY, OptInField.WHY, odd_text().map(req.text_value)),
    (OptInField.KIND, OptInField.KIND, GARBAGE_IDS.map(req.select_value)),
    (OptInField.NOTE, OptInField.NOTE, odd_text().map(req.text_value)),
    (f"{Field.DRAFT}_v0", Field.DRAFT, odd_text().map(req.text_value)),
    (Field.REASON, Field.REASON, GARBAGE_IDS.map(req.select_value)),
    (Field.BY, Field.BY, GARBAGE_IDS.map(req.date_value)),
    (Field.WHO, Field.WHO, PEOPLE.map(req.user_value)),
]


def _under(action: str) -> Callable[[Any], dict[str, Any]]:
    """An input block's value: the element's value under its action id."""
    return lambda element: {action: element}


FORM_VALUES: st.SearchStrategy[dict[str, Any]] = st.one_of(
    st.fixed_dictionaries({}, optional={block: element.map(_under(action)) for block, action, element in FORM_INPUTS}),
    st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=3),
)
# The settings form is left out: it saves the submitter's own choices, as it should.
FORMS = [CLOSE_MODAL, OPTIN_MODAL, OPTIN_NO_MODAL, ASK_DECLINE_MODAL, ASK_SUGGEST_MODAL]


@st.composite
def odd_submissions(draw: st.DrawFn) -> dict[str, Any]:
    """The app's own forms submitted with metadata it never wrote, odd values, and at times fields missing or of
    the wrong type."""
    payload = req.view_submission(
        user=draw(SENDERS), team_id=draw(TEAMS), callback_id=draw(st.sampled_from(FORMS)),
        private_metadata=draw(MODAL_METADATA),
        values=draw(FORM_VALUES),
    )
    if draw(st.booleans()):
        break_fields(draw, payload, SUBMISSION_PATHS)
    return payload


A_SUBMISSION = req.view_submission(user=ANA, team_id=TEAM, callback_id=OPTIN_NO_MODAL,
                                   private_metadata=json.dumps({"request_id": 1}), values={})


# Every form reads its metadata before answering Slack, so a broken one is answered only when Bolt stops waiting
# for that answer, 3 s later: few examples keep the suite fast.
@settings(FUZZ, max_examples=max(3, EXAMPLES // 8))
@given(payload=odd_submissions())
@example(payload=changed(A_SUBMISSION, ("view",), 5))
def test_form_submissions_with_broken_metadata_or_fields(bot: Bot, engine: Engine, payload: dict[str, Any]) -> None:
    before = begin_example(bot, engine)
    check_harmless(bot, engine, before, send_payload(bot, payload))


# ---- 2d. slash commands --------------------------------------------------------------------------


def changes_a_setting(text: str) -> bool:
    """`/intro prompts off` and the like store the person's own choice, as they should."""
    words = text.lower().split()
    return len(words) == 2 and words[0] in ("prompts", "digest") and words[1] in ("on", "off")


COMMAND_TEXTS = st.one_of(
    odd_text(),
    st.tuples(st.sampled_from(["ask", "list", "help", "prefs", "export", "delete", "ASK", "Help", "prompts", "digest"]),
              odd_text())
    .map(" ".join),
    st.text(max_size=300),
    huge(odd_text()),
).filter(lambda text: not changes_a_setting(text))


@st.composite
def odd_commands(draw: st.DrawFn) -> dict[str, str]:
    return req.slash_command(
        text=draw(COMMAND_TEXTS), user=draw(SENDERS), team_id=draw(TEAMS), channel_id=draw(CHANNELS),
        command=draw(st.sampled_from(["/intro", "/intro", "/intro", "/INTRO", "/intro ", "/other", ""])),
        response_url=RESPONSE_URL, api_app_id=draw(APPS),
    )


@FUZZ
@given(fields=odd_commands())
def test_slash_commands_with_odd_text(bot: Bot, engine: Engine, fields: dict[str, str]) -> None:
    before = begin_example(bot, engine)
    check_harmless(bot, engine, before, send_form(bot, fields))


# ---- 3. plain HTTP -------------------------------------------------------------------------------


def test_health_check_unknown_paths_and_a_get_of_the_endpoint(bot: Bot) -> None:
    base = bot.poster.url.removesuffix("/slack/events")

    health = send_raw(base + "/healthz")
    assert (health.status, health.body) == (200, "ok")

    for method, path in (("GET", "/nowhere"), ("POST", "/nowhere"), ("GET", "/slack/events/../../etc/passwd")):
        response = send_raw(base + path, method=method, body=b"" if method == "POST" else None)
        assert response.status == 404, (method, path, response.status)
        assert LEAK.search(response.body) is None, response.body[:300]

    endpoint = send_raw(bot.poster.url)
    assert endpoint.status < 500, endpoint.status
    assert LEAK.search(endpoint.body) is None, endpoint.body[:300]


# ---- 4. refused early ----------------------------------------------------------------------------
# Before any work, a request costs at most MAX_BODY of memory and no thread while it is being sent; a signed one
# of the wrong content type or of a shape the listeners cannot read is refused (or harmlessly acknowledged).


def no_error_logged(caplog: pytest.LogCaptureFixture) -> None:
    errors = [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= 40]
    assert not errors, errors


def connect(bot: Bot) -> socket.socket:
    base = bot.poster.url.removeprefix("http://").split("/", 1)[0]
    host, port = base.split(":")
    return socket.create_connection((host, int(port)), timeout=10)


HUGE = 200_000_000


def test_an_unsigned_200_mb_body_is_refused_before_it_is_sent(bot: Bot, engine: Engine) -> None:
    block = b"x" * 65536
    with connect(bot) as sock:
        head = (f"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: {JSON}\r\n"
                f"Content-Length: {HUGE}\r\n\r\n").encode()
        answer, sent = stream_until_answered(sock, head, lambda: block, HUGE)

    assert answer.split(b"\r\n", 1)[0].split(b" ")[1] == b"413", answer[:200]
    assert sent < HUGE // 10, f"the client sent {sent} bytes before the answer"
    assert stored(engine) == {} and bot.fake.calls == []


def test_a_chunked_body_is_read_only_up_to_the_limit(bot: Bot, engine: Engine) -> None:
    chunk = b"%x\r\n" % 65536 + b"x" * 65536 + b"\r\n"
    with connect(bot) as sock:
        head = (f"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: {JSON}\r\n"
                "Transfer-Encoding: chunked\r\n\r\n").encode()
        answer, sent = stream_until_answered(sock, head, lambda: chunk, HUGE)

    assert answer.split(b"\r\n", 1)[0].split(b" ")[1] == b"413", answer[:200]
    assert sent < HUGE // 10, f"the client sent {sent} bytes before the answer"
    assert stored(engine) == {}


def test_a_signed_chunked_event_within_the_limit_is_served(bot: Bot) -> None:
    body = json.dumps(req.app_home_opened(user=ANA, team_id=TEAM)).encode()
    stamp = str(int(time.time()))
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 100]), body[i:i + 100]) for i in range(0, len(body), 100))
    with connect(bot) as sock:
        sock.sendall((f"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: {JSON}\r\n"
                      f"{TS}: {stamp}\r\n{SIG}: {signature(SIGNING_SECRET, stamp, body)}\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n").encode() + chunked + b"0\r\n\r\n")
        answer = read_answer(sock)
    bot.settle()

    assert answer.split(b"\r\n", 1)[0].split(b" ")[1] == b"200", answer[:200]
    assert bot.fake.calls_to("views.publish")


def test_thousands_of_stalled_connections_do_not_stop_slack_being_answered(bot: Bot) -> None:
    stalled = []
    try:
        for n in range(3000):
            sock = connect(bot)
            # Half stop in their headers, half in a body they said would be longer.
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: 100\r\n"
                         + (b"\r\n{" if n % 2 else b""))
            stalled.append(sock)
        started = time.monotonic()
        response = bot.poster.post_event(req.app_home_opened(user=ANA, team_id=TEAM))
        answered_in = time.monotonic() - started
    finally:
        for sock in stalled:
            sock.close()

    assert response.status == 200
    assert answered_in < 3, f"answered in {answered_in:.1f} s: Slack gives up after 3"
    bot.settle()
    assert bot.fake.calls_to("views.publish")


def test_a_stalled_connection_is_closed_after_the_read_timeout(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dev_server, "READ_TIMEOUT", 0.2)
    with connect(bot) as sock:
        sock.settimeout(5)  # the server's timeout, plus its once-a-second look at idle connections, well within
        sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: 100\r\n\r\n{")
        assert sock.recv(100) == b""


def test_the_limits_are_well_above_slacks_payloads_and_far_below_the_attack() -> None:
    assert 256 * 1024 <= http.MAX_BODY <= 4 * 1024 * 1024 and dev_server.REQUEST_THREADS <= 128


def test_an_event_sent_as_plain_text_or_form_is_refused(bot: Bot, engine: Engine,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    envelope = json.dumps(req.message_event(text=f"<@{ANA}> meet <@{BEN}>, you both work on pricing", user=CARLA,
                                            channel=CHANNEL, ts="1763800000.000100", team_id=TEAM)).encode()

    as_text = bot.poster.post_raw(envelope, content_type="text/plain")
    as_form = bot.poster.post_raw(envelope, content_type=FORM)
    bot.settle()

    assert (as_text.status, as_form.status) == (415, 400)
    assert "application/json" in as_text.body and len(as_text.body) < 200
    assert stored(engine) == {} and bot.fake.calls == []
    no_error_logged(caplog)


def test_an_interaction_sent_as_json_is_refused(bot: Bot, engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    click = req.block_action(user=ANA, team_id=TEAM, action_id=Action.CONNECT, value="1",
                             response_url=bot.fake.response_url("json"))

    response = bot.poster.post_raw(json.dumps(click).encode(), content_type=JSON)
    bot.settle()

    assert response.status == 400
    assert stored(engine) == {} and bot.fake.calls == []
    no_error_logged(caplog)


DEEP = 100_000


def _without(path: Path, envelope: dict[str, Any]) -> dict[str, Any]:
    copy = json.loads(json.dumps(envelope))
    parent = copy
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    return copy


MALFORMED_EVENTS: dict[str, bytes] = {
    "JSON nested 100k deep": b"[" * DEEP + b"]" * DEEP,
    "an event nested 100k deep": b'{"type": "event_callback", "event": ' + b"[" * DEEP + b"]" * DEEP + b"}",
    "a message without its channel": json.dumps(_without(("event", "channel"), A_MESSAGE)).encode(),
    "a message without its ts": json.dumps(_without(("event", "ts"), A_MESSAGE)).encode(),
    "an intro without its channel": json.dumps(_without(("event", "channel"), req.message_event(
        text=f"<@{ANA}> meet <@{BEN}>, you both work on pricing", user=CARLA, channel=CHANNEL,
        ts="1763800000.000200", team_id=TEAM))).encode(),
    "an intro without its ts": json.dumps(_without(("event", "ts"), req.message_event(
        text=f"<@{ANA}> meet <@{BEN}>, you both work on pricing", user=CARLA, channel=CHANNEL,
        ts="1763800000.000300", team_id=TEAM))).encode(),
    "app_home_opened without its user": json.dumps(_without(("event", "user"),
                                                            req.app_home_opened(user=ANA, team_id=TEAM))).encode(),
}


@pytest.mark.parametrize("kind", MALFORMED_EVENTS)
def test_signed_malformed_events_are_refused_or_harmless(bot: Bot, engine: Engine, caplog: pytest.LogCaptureFixture,
                                                         kind: str) -> None:
    before = begin_example(bot, engine)
    check_harmless(bot, engine, before, bot.poster.post_raw(MALFORMED_EVENTS[kind], content_type=JSON))
    no_error_logged(caplog)


BUTTON_VALUES = ["abc", "1e3", "9" * 400, str(2**64), "-1"]


@pytest.mark.parametrize("value", BUTTON_VALUES)
def test_every_button_with_a_value_that_is_no_id(bot: Bot, engine: Engine, caplog: pytest.LogCaptureFixture,
                                                 value: str) -> None:
    # Any-valued: these extras are all strings, never block_action's dict parameters (container, view).
    ways_to_send: list[dict[str, Any]] = [{"value": value},
                                          {"selected_option_value": f"{value}:{next(iter(Snooze))}"},
                                          {"selected_option_value": value}]
    for action_id in ACTION_IDS:
        for options in ways_to_send:
            before = begin_example(bot, engine)
            payload = req.block_action(user=ANA, team_id=TEAM, action_id=action_id, response_url=RESPONSE_URL,
                                       channel=CHANNEL, message_ts="1763900000.000001", **options)
            check_harmless(bot, engine, before, send_payload(bot, payload))
    no_error_logged(caplog)


@pytest.mark.parametrize("value", BUTTON_VALUES)
def test_every_form_with_metadata_ids_that_are_no_ids(bot: Bot, engine: Engine, value: str) -> None:
    for form in FORMS:
        for ids in (value, int(value) if value.lstrip("-").isdigit() else value):
            before = begin_example(bot, engine)
            meta = {key: ids for key in ("party_id", "request_id", "ask_id", "promise_id")}
            payload = req.view_submission(user=ANA, team_id=TEAM, callback_id=form, private_metadata=json.dumps(meta),
                                          values={})
            check_harmless(bot, engine, before, send_payload(bot, payload))


class CountingInput:
    """A request body that counts what the app reads of it (gunicorn hands the app such a stream)."""

    def __init__(self, size: int) -> None:
        self.size, self.read_so_far = size, 0

    def read(self, n: int = -1) -> bytes:
        n = self.size - self.read_so_far if n < 0 else min(n, self.size - self.read_so_far)
        self.read_so_far += n
        return b"x" * n


@pytest.mark.parametrize("declared", [True, False], ids=["with a Content-Length", "chunked"])
def test_the_wsgi_app_under_any_server_reads_no_more_than_the_limit(bot: Bot, declared: bool) -> None:
    application = http.wsgi_app(bot.app, signing_secret=SIGNING_SECRET)
    body = CountingInput(HUGE)
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/slack/events", "CONTENT_TYPE": JSON, "wsgi.input": body,
               "wsgi.input_terminated": True, **({"CONTENT_LENGTH": str(HUGE)} if declared else {})}
    answered: list[str] = []

    application(environ, lambda status, headers: answered.append(status))

    assert answered == ["413 Content Too Large"]
    assert body.read_so_far == (0 if declared else http.MAX_BODY + 1)
