"""The Home tab and `/intro list`: what is open for the person, how their intros went, refreshed as things change."""

from __future__ import annotations

from typing import Any

from bot.blocks.ids import CLOSE_MODAL, Action
from bot.db.models import Promise
from bot.domain.states import PromiseState
from tests.e2e.conftest import ANA, BEN, CARLA, DIEGO, Bot
from tests.e2e.modal import state_of
from tests.e2e.steps import WHY, all_text, ask_carla_intro, buttons, introduce, open_home, open_modal


def home_click(bot: Bot, user: str, action: Action, value: str, view: dict[str, Any]) -> dict[str, Any]:
    """A button on the Home tab (no response_url there); returns the Home tab as republished."""
    bot.fake.reset_calls()
    bot.click(user=user, action_id=action, value=value, view={**view, "id": "VHOME", "hash": "h"},
              block_id=f"home:{value}", container={"type": "view", "view_id": "VHOME"})
    [published] = bot.fake.calls_to("views.publish")
    return published.params["view"]


def test_home_shows_intros_waiting_for_a_close_and_refreshes_when_answered(bot: Bot) -> None:
    assert "Nothing open" in all_text(open_home(bot, ANA)["blocks"])
    party_id = introduce(bot)

    home = open_home(bot, ANA)

    assert "Waiting for your close" in all_text(home["blocks"])
    assert f"<@{CARLA}> introduced you to <@{BEN}>" in all_text(home["blocks"])
    assert buttons(home["blocks"])[:3] == ["Direct", "Redirect", "Decline"]

    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.CONNECT, value=str(party_id), response_url=bot.fake.response_url("prompt"))
    [refreshed] = bot.fake.calls_to("views.publish")  # the Home tab follows the answer given in the prompt
    assert "Nothing open" in all_text(refreshed.params["view"]["blocks"])


def test_promises_show_with_their_date_and_can_be_kept_from_home(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.REDIRECT)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
               values=state_of(view, who=DIEGO, draft="Ben, Diego is the one to talk to; I'll connect you.",
                               redirect_options=[]))
    [promise] = bot.rows(Promise)

    home = open_home(bot, ANA)

    text = all_text(home["blocks"])
    assert "Your promises" in text and f"Connect <@{BEN}> with <@{DIEGO}> (due " in text
    assert buttons(home["blocks"]) == ["Make the intro now", "Already done"]
    assert any(e.get("action_id") == Action.SNOOZE for b in home["blocks"] for e in b.get("elements", []))

    after = home_click(bot, ANA, Action.DONE, str(promise.id), home)

    assert bot.rows(Promise)[0].state is PromiseState.KEPT
    assert "Your promises" not in all_text(after["blocks"])


def test_opt_in_requests_show_for_those_asked_and_for_the_introducer(bot: Bot) -> None:
    ask_carla_intro(bot)

    ben = open_home(bot, BEN)
    assert "Intro requests waiting on you" in all_text(ben["blocks"]) and WHY[:40] in all_text(ben["blocks"])
    assert buttons(ben["blocks"]) == ["Yes, introduce us", "Not now", "No thanks"]

    carla = open_home(bot, CARLA)
    assert f"<@{ANA}> has not answered, <@{BEN}> has not answered" in all_text(carla["blocks"])

    [yes] = [e for b in ben["blocks"] if b["type"] == "actions" for e in b["elements"]
             if e["action_id"] == Action.OPTIN_YES]
    after = home_click(bot, BEN, Action.OPTIN_YES, yes["value"], ben)
    assert "Intro requests waiting on you" not in all_text(after["blocks"])
    assert f"<@{BEN}> said yes" in all_text(open_home(bot, CARLA)["blocks"])


def test_introducers_see_how_their_intros_went_and_who_keeps_passing(bot: Bot) -> None:
    for n in range(3):  # Carla introduces Ana to Ben three times; Ben closes each directly
        bot.say(f"<@{ANA}> meet <@{BEN}>, round {n}", ts=f"1763800001.00000{n}")
        [prompt] = [c for c in bot.fake.calls_to("chat.postEphemeral") if c.params["user"] == BEN]
        view = open_modal(bot, int(prompt.params["blocks"][1]["elements"][0]["value"]), Action.DIRECT, user=BEN)
        bot.submit(user=BEN, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
                   values=state_of(view))
        bot.fake.reset_calls()

    home = open_home(bot, CARLA)

    text = all_text(home["blocks"]) + str(home["blocks"])
    assert "Intros you made" in text and "3 closed directly" in text and "3 still open" in text
    assert f"<@{BEN}> passed on your last few intros" in text
    assert f"<@{ANA}> passed" not in text


def test_intro_list_is_a_private_summary_with_the_same_buttons(bot: Bot) -> None:
    introduce(bot)
    bot.fake.reset_calls()
    bot.command("list", user=ANA, response_url=bot.fake.response_url("list"))
    [reply] = bot.fake.calls_to("response_url:list")
    assert reply.params["response_type"] == "ephemeral"
    assert f"<@{CARLA}> introduced you to <@{BEN}>" in all_text(reply.params["blocks"])
    assert buttons(reply.params["blocks"]) == ["Direct", "Redirect", "Decline"]
    # From the list, an answer comes below it and the list stays (its block ids say it is a list).
    assert all(b["block_id"].startswith("digest:") for b in reply.params["blocks"] if b["type"] == "actions")
