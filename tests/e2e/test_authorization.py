"""Only the person a prompt, nudge, request or form was meant for can act on it: a properly signed payload
with someone else's user id is refused kindly and changes nothing, on every interactive path."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from bot.blocks.ids import ASK_DECLINE_MODAL, CLOSE_MODAL, OPTIN_NO_MODAL, Action
from bot.db.models import Base, IntroAsk, OptInRequest, Party, Promise
from tests.e2e.conftest import ANA, BEN, CARLA, OTHER_TEAM, STRANGER, Bot
from tests.e2e.modal import state_of
from tests.e2e.steps import ana_asks, ask_carla_intro, introduce, open_modal, set_policy
from tests.support import slack_requests as req

NOT_YOURS = "meant for someone else"


def snapshot(bot: Bot) -> dict[str, list[tuple[Any, ...]]]:
    with bot.session() as session:
        return {t.name: sorted(map(tuple, session.execute(t.select()).all()), key=repr)
                for t in Base.metadata.sorted_tables}


def ana_party(bot: Bot) -> str:
    set_policy(bot, ANA, policy="topics", topics="hiring")  # so the policy decline button is offered too
    return str(introduce(bot))


def redirect_promise(bot: Bot) -> str:
    view = open_modal(bot, introduce(bot), Action.REDIRECT)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
               values=state_of(view, who=CARLA, draft="Ben, Carla is the one to talk to; I'll connect you.",
                               redirect_options=[]))
    return str(bot.rows(Promise)[0].id)


def relay_party(bot: Bot) -> str:
    view = open_modal(bot, introduce(bot), Action.DECLINE)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"], values=state_of(view))
    return str(next(p.id for p in bot.rows(Party) if p.user_id == ANA))


def optin_request(bot: Bot) -> str:
    ask_carla_intro(bot)
    return str(bot.rows(OptInRequest)[0].id)


def intro_ask(bot: Bot) -> str:
    ana_asks(bot)
    return str(bot.rows(IntroAsk)[0].id)


# Each button, how to get a row it acts on, and the person it is meant for.
BUTTONS: list[tuple[Action, Callable[[Bot], str], str]] = [
    *[(a, ana_party, ANA) for a in (Action.DIRECT, Action.REDIRECT, Action.DECLINE, Action.NEED_TIME,
                                    Action.DECLINE_BY_POLICY, Action.CONNECT, Action.DISMISS)],
    *[(a, redirect_promise, ANA) for a in (Action.MAKE_INTRO, Action.DONE, Action.CLOSE_INSTEAD)],
    (Action.RELAYED, relay_party, CARLA),
    *[(a, optin_request, ANA) for a in (Action.OPTIN_YES, Action.OPTIN_NOT_NOW, Action.OPTIN_NO)],
    (Action.OPTIN_STEP_BACK, optin_request, CARLA),
    *[(a, intro_ask, CARLA) for a in (Action.ASK_FORWARD, Action.ASK_DECLINE, Action.ASK_SUGGEST)],
]
BUTTON_IDS = [str(a) for a, _, _ in BUTTONS]


@pytest.mark.parametrize(("action", "make", "_owner"), BUTTONS, ids=BUTTON_IDS)
def test_someone_elses_button_is_refused_and_changes_nothing(bot: Bot, action: Action,
                                                             make: Callable[[Bot], str], _owner: str) -> None:
    value = make(bot)
    before = snapshot(bot)
    bot.fake.reset_calls()

    bot.click(user=STRANGER, action_id=action, value=value, response_url=bot.fake.response_url("x"),
              channel="D0STRANG1", message={"ts": "1.0", "blocks": []})

    [reply] = bot.fake.calls_to("response_url:x")
    assert NOT_YOURS in reply.params["text"]
    assert snapshot(bot) == before
    assert not [c for c in bot.fake.calls if c.method in ("chat.postMessage", "views.open", "chat.postEphemeral")]


@pytest.mark.parametrize(("action", "make", "owner"), BUTTONS, ids=BUTTON_IDS)
def test_another_workspace_cannot_act_on_this_ones_rows_even_as_the_same_person(
        bot: Bot, action: Action, make: Callable[[Bot], str], owner: str) -> None:
    """A payload signed by Slack for another workspace (an Enterprise Grid user in two workspaces, say),
    from the very person the row is meant for, with this workspace's row id: not found, nothing changes."""
    value = make(bot)
    before = snapshot(bot)
    bot.fake.reset_calls()

    bot.poster.post_interaction(req.block_action(
        team_id=OTHER_TEAM, user=owner, action_id=action, value=value, response_url=bot.fake.response_url("x"),
        channel="D0OTHER01", message={"ts": "1.0", "blocks": []}))
    bot.settle()

    [reply] = bot.fake.calls_to("response_url:x")
    assert "can't find" in reply.params["text"]
    assert snapshot(bot) == before
    assert not [c for c in bot.fake.calls if c.method in ("chat.postMessage", "views.open", "chat.postEphemeral")]


def test_the_snooze_menu_is_refused_for_someone_else(bot: Bot) -> None:
    promise_id = redirect_promise(bot)
    before = snapshot(bot)
    bot.fake.reset_calls()
    bot.click(user=STRANGER, action_id=Action.SNOOZE, action_type="static_select",
              selected_option_value=f"{promise_id}:1d", response_url=bot.fake.response_url("x"))
    assert NOT_YOURS in bot.fake.calls_to("response_url:x")[0].params["text"]
    assert snapshot(bot) == before


@pytest.mark.parametrize("form", ["close", "no_thanks", "ask_decline"])
def test_someone_elses_form_submission_is_refused_and_changes_nothing(bot: Bot, form: str) -> None:
    if form == "close":
        view = open_modal(bot, introduce(bot), Action.DIRECT)
        callback, metadata, values = CLOSE_MODAL, view["private_metadata"], state_of(view)
    elif form == "no_thanks":
        callback, metadata = OPTIN_NO_MODAL, json.dumps({"request_id": int(optin_request(bot))})
        values = {"optin_note": {"optin_note": {"type": "plain_text_input", "value": "no"}}}
    else:
        callback, metadata = ASK_DECLINE_MODAL, json.dumps({"ask_id": int(intro_ask(bot)), "response_url": None})
        values = {"ask_text": {"ask_text": {"type": "plain_text_input", "value": "no"}}}
    before = snapshot(bot)
    bot.fake.reset_calls()

    answer = bot.submit(user=STRANGER, callback_id=callback, private_metadata=metadata, values=values)

    assert answer.status == 200
    body = answer.body and answer.json()
    refused = (body and NOT_YOURS in json.dumps(body)) or any(
        NOT_YOURS in c.params.get("text", "") for c in bot.fake.calls)
    assert refused
    assert snapshot(bot) == before
    assert not bot.fake.calls_to("chat.postMessage")


def test_an_intro_between_others_is_not_for_a_bystander(bot: Bot) -> None:
    """Ben's own prompt is his; the stranger cannot act on Ben's either (same rule, the other party)."""
    introduce(bot)
    ben = next(p for p in bot.rows(Party) if p.user_id == BEN)
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.CONNECT, value=str(ben.id), response_url=bot.fake.response_url("x"))
    assert NOT_YOURS in bot.fake.calls_to("response_url:x")[0].params["text"]
