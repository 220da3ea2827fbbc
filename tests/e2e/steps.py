"""Test support, e2e: the steps and constants several feature tests share.

What a person does through the running bot (Carla introduces Ana to Ben, Ana opens a close form, Carla runs
`/intro`, Ana asks for an intro, Ben sets an intro policy) and how a test reads what Slack was asked to show.
Tests import steps from here, never from another test_*.py: a test module then stays free to change.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bot.blocks.ids import CLOSE_MODAL, OPTIN_NOT_NOW_MODAL, PREFS_MODAL, Action
from bot.db.models import IntroAsk, OptInRequest, Promise
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, DIEGO, TEAM, Bot
from tests.e2e.modal import state_of
from tests.support import slack_requests as req

# ---- reading what Slack was asked to show ---------------------------------------------------------------

# The buttons of the private prompt an introduced person gets.
PROMPT_BUTTONS = ["Direct", "Redirect", "Decline", "Need time", "Happy to connect", "Not an intro"]


def buttons(blocks: list[dict]) -> list[str]:
    return [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"] if e["type"] == "button"]


def all_text(blocks: list[dict]) -> str:
    parts: list[str] = []
    for b in blocks:
        if "text" in b:
            parts.append(b["text"]["text"])
        parts += [e.get("text", "") for e in b.get("elements", []) if isinstance(e.get("text"), str)]
    return "\n".join(parts)


def dm(user_id: str) -> str:
    """The id of the bot's DM with a person, as the fake Slack opens it."""
    return "D" + user_id[1:]


def dms_to(bot: Bot, user_id: str) -> list[Any]:
    return [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"] == dm(user_id)]


# ---- noticing an intro and closing it --------------------------------------------------------------------

INTRO_TS = "1763800000.000100"


def introduce(bot: Bot) -> int:
    """Carla introduces Ana to Ben; returns Ana's party id, read off the button she got."""
    bot.say(f"<@{ANA}> meet <@{BEN}>, you both work on pricing", ts=INTRO_TS)
    [prompt] = [c for c in bot.fake.calls_to("chat.postEphemeral") if c.params["user"] == ANA]
    return int(prompt.params["blocks"][1]["elements"][0]["value"])


def open_modal(bot: Bot, party_id: int, action: Action, *, user: str = ANA) -> dict[str, Any]:
    bot.fake.reset_calls()
    bot.click(user=user, action_id=action, value=str(party_id), channel=CHANNEL,
              response_url=bot.fake.response_url("prompt"))
    [opened] = bot.fake.calls_to("views.open")
    return opened.params["view"]


def submit(bot: Bot, view: dict[str, Any], *, user: str = ANA, **changes: Any) -> req.Response:
    bot.fake.reset_calls()
    return bot.submit(user=user, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
                      values=state_of(view, **changes), view_extra={"blocks": view["blocks"]})


def redirect_to_diego(bot: Bot) -> int:
    """Ana answers Carla's intro with a redirect to Diego; returns the id of the promise she made."""
    view = open_modal(bot, introduce(bot), Action.REDIRECT)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
               values=state_of(view, who=DIEGO, draft="Ben, Diego is the one to talk to; I'll connect you.",
                               redirect_options=[]))  # Diego agreed already; Ana makes the intro later
    [promise] = bot.rows(Promise)
    return promise.id


# ---- the Home tab ----------------------------------------------------------------------------------------


def open_home(bot: Bot, user: str) -> dict[str, Any]:
    bot.fake.reset_calls()
    assert bot.poster.post_event(req.app_home_opened(user=user, team_id=TEAM)).status == 200
    bot.settle()
    [published] = bot.fake.calls_to("views.publish")
    assert published.params["user_id"] == user
    return published.params["view"]


# ---- a personal intro policy (/intro prefs) --------------------------------------------------------------

MARCH = date.today() + timedelta(days=90)


def prefs_values(policy: str, *, busy_until: str | None = None, topics: str | None = None,
                 note: str | None = None, notify: tuple[str, ...] = ("prompts_enabled", "digest_enabled")) -> dict:
    """The state Slack reports when the prefs form is submitted with these answers."""
    def text(value: str | None) -> dict[str, Any]:
        return {"type": "plain_text_input", "value": value}
    return {
        "prefs_policy": {"prefs_policy": {"type": "radio_buttons", "selected_option": {"value": policy}}},
        "prefs_busy_until": {"prefs_busy_until": {"type": "datepicker", "selected_date": busy_until}},
        "prefs_topics": {"prefs_topics": text(topics)},
        "prefs_note": {"prefs_note": text(note)},
        "prefs_notify": {"prefs_notify": {"type": "checkboxes",
                                          "selected_options": [{"value": v} for v in notify]}},
    }


def set_policy(bot: Bot, user: str, **values: Any) -> Any:
    return bot.submit(user=user, callback_id=PREFS_MODAL, values=prefs_values(**values))


# ---- a double opt-in intro (/intro) ----------------------------------------------------------------------

WHY = "Ana is hiring a pricing lead and Ben ran pricing at Acme for five years"


def ask_carla_intro(bot: Bot, text: str = f"<@{ANA}|ana> <@{BEN}|ben> {WHY}") -> str:
    """Carla runs `/intro`; returns what she is told (privately)."""
    bot.fake.reset_calls()
    bot.command(text, user=CARLA, response_url=bot.fake.response_url("command"))
    [reply] = bot.fake.calls_to("response_url:command")
    assert reply.params["response_type"] == "ephemeral"
    return reply.params["text"]


def request_id(bot: Bot) -> int:
    [request] = bot.rows(OptInRequest)
    return request.id


def say_not_now(bot: Bot, user: str, *, after: str | None = None) -> req.Response:
    """`user` presses "Not now" on their question and sends the form it opens (`after`: the date to ask again
    after, as Slack reports it; the form's own default when None). Returns the form's answer."""
    bot.fake.reset_calls()
    bot.click(user=user, action_id=Action.OPTIN_NOT_NOW, value=str(request_id(bot)), channel=dm(user))
    [opened] = bot.fake.calls_to("views.open")
    form = opened.params["view"]
    bot.fake.reset_calls()
    return bot.submit(user=user, callback_id=OPTIN_NOT_NOW_MODAL, private_metadata=form["private_metadata"],
                      values=state_of(form, optin_ask_again_after=after))


# ---- asking someone for an intro (/intro ask) ------------------------------------------------------------

ASK_WHY = "I'm building a pricing team and Ben ran pricing at Acme for years"


def ana_asks(bot: Bot, text: str = f"<@{CARLA}|carla> <@{BEN}|ben> {ASK_WHY}") -> str:
    """Ana runs `/intro ask`; returns what she is told."""
    bot.fake.reset_calls()
    bot.command(f"ask {text}", user=ANA, response_url=bot.fake.response_url("command"))
    [reply] = bot.fake.calls_to("response_url:command")
    return reply.params["text"]


def ask_id(bot: Bot) -> str:
    [ask] = bot.rows(IntroAsk)
    return str(ask.id)


def press_on_ask(bot: Bot, action: Action, *, user: str = CARLA) -> dict[str, Any] | None:
    """Carla presses a button on Ana's request; returns the form it opened, if any."""
    bot.fake.reset_calls()
    bot.click(user=user, action_id=action, value=ask_id(bot), response_url=bot.fake.response_url("ask"))
    opened = bot.fake.calls_to("views.open")
    return opened[0].params["view"] if opened else None
