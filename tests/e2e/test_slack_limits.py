"""Slack's own limits met kindly: a modal opens within its trigger's 3 s or the person is asked to press again,
and Slack failures the bot handles are logged as warnings that name the method, never as errors with a trace."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.blocks.ids import Action
from tests.e2e.conftest import ANA, CHANNEL, Bot
from tests.e2e.steps import introduce


def press_direct(bot: Bot, party_id: int) -> list[str]:
    """Ana presses Direct on her prompt; returns the private replies she got under it."""
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.DIRECT, value=str(party_id), channel=CHANNEL,
              response_url=bot.fake.response_url("prompt"))
    return [c.params["text"] for c in bot.fake.calls_to("response_url:prompt")]


def test_an_expired_trigger_asks_to_press_again(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    party_id = introduce(bot)
    bot.fake.fail_next("views.open", error="expired_trigger_id")
    with caplog.at_level(logging.INFO):
        [told] = press_direct(bot, party_id)
    assert "Please press it again" in told and "went wrong" not in told
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert len(bot.fake.calls_to("views.open", include_failed=True)) == 1
    assert press_direct(bot, party_id) == [] and len(bot.fake.calls_to("views.open")) == 1  # pressed again: it opens


def test_a_rate_limited_modal_is_not_waited_out_past_its_trigger(bot: Bot) -> None:
    """Slack says to retry in 30 s: the trigger would be long dead, so the bot does not wait; the person hears at
    once that Slack did not answer, and pressing again opens the form."""
    party_id = introduce(bot)
    bot.fake.fail_next("views.open", status=429, retry_after=30)
    [told] = press_direct(bot, party_id)
    assert "try again" in told
    assert len(bot.fake.calls_to("views.open", include_failed=True)) == 1  # one try, no waiting out Retry-After
    assert press_direct(bot, party_id) == [] and len(bot.fake.calls_to("views.open")) == 1


@pytest.mark.parametrize(("fault", "logged"), [({"status": 503}, "HTTP 503"),
                                               ({"drop_connection": True}, "RemoteDisconnected")])
def test_slack_failures_the_bot_handles_are_warnings_naming_the_method(
        bot: Bot, caplog: pytest.LogCaptureFixture, fault: dict[str, Any], logged: str) -> None:
    """Slack failing while an intro is prompted: the prompt waits for the due-work loop. The log says which call
    failed and how, at WARNING, with no stack trace (slack_sdk alone would log a dropped connection at ERROR)."""
    bot.fake.fail_next("chat.postEphemeral", times=10, **fault)
    with caplog.at_level(logging.INFO):
        bot.say(f"<@{ANA}> meet <@U0BEN0001>, you both work on pricing", ts="1763800000.000200")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("Slack chat.postEphemeral failed" in w and logged in w for w in warnings), warnings
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not [w for w in warnings if "HTTP 200" in w]  # a call Slack answered is no failure
