"""A draft is the person's own words, so every part of it is in the draft's language (the intro's), never a phrase
of the language the bot speaks to the person: the close-instead of a redirect, the intro policy a decline cites
(also after the language menu or the reason changes), and the new date posted when a "get back to you by" slips.
Signed requests to the real endpoint, the fake Slack, time moved with freezegun."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.blocks.ids import CLOSE_MODAL, NEW_DATE_MODAL, Action, Field
from bot.db.models import Promise
from bot.domain.closes import DeclineReason
from bot.domain.draft_voice import identify_language
from bot.domain.i18n import format_day, speaking
from tests.e2e.conftest import ANA, BEN, CHANNEL, DIEGO, Bot
from tests.e2e.modal import as_slack_sends, initial, state_of
from tests.e2e.steps import INTRO_TS, all_text, dm, open_modal, set_policy

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, where everyone lives
REDIRECT_DUE = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # a redirect is due a week on
GET_BACK_DUE = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # a "get back to you by" three working days on
BUSY_UNTIL = date(2027, 3, 1)

GERMAN_INTRO = (f"<@{ANA}> darf ich dir <@{BEN}> vorstellen? Ihr arbeitet beide an der Preisgestaltung und solltet "
                "euch unbedingt mal austauschen")
SPANISH_INTRO = f"<@{ANA}> te presento a <@{BEN}>: los dos trabajáis en precios y creo que os vendría bien hablar"
# Words of the English drafts and of the bot's English catalog that a draft in another language must not hold.
ENGLISH_WORDS = ("the person", "in mind", "thank", "patience", "luck", "taking intros", "I'll", "I need")


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH_WORDS if word.lower() in text.lower()]


def party_of(bot: Bot, user: str) -> int:
    [prompt] = [c for c in bot.fake.calls_to("chat.postEphemeral") if c.params["user"] == user]
    return int(prompt.params["blocks"][1]["elements"][0]["value"])


def change(bot: Bot, shown: dict[str, Any], field: Field, value: str, *, user: str) -> dict[str, Any]:
    """Pick `value` in one of the close modal's menus; returns the modal as Slack shows it once the bot updates it
    (`shown`: the modal as Slack showed it, its id and hash included)."""
    bot.fake.reset_calls()
    bot.click(user=user, action_id=field, action_type="static_select", selected_option_value=value,
              view={**shown, "state": {"values": state_of(shown, **{field: value})}})
    [updated] = bot.fake.calls_to("views.update")
    return dict(updated.answered["view"])


def test_the_close_instead_of_a_german_redirect_is_all_german(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    bot.say(GERMAN_INTRO, ts=INTRO_TS)  # Ana's Slack speaks English
    view = open_modal(bot, party_of(bot, ANA), Action.REDIRECT)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
               values=state_of(view, who=DIEGO, redirect_options=[]))
    [promise] = bot.rows(Promise)
    bot.tick(clock, REDIRECT_DUE)
    bot.fake.reset_calls()

    bot.click(user=ANA, action_id=Action.CLOSE_INSTEAD, value=str(promise.id),
              response_url=bot.fake.response_url("nudge"))

    [opened] = bot.fake.calls_to("views.open")
    draft = initial(opened.params["view"], "draft")
    assert opened.params["view"]["title"]["text"] == "Close directly"  # the modal speaks Ana's language
    assert identify_language(draft) == "de" and english_in(draft) == []
    assert "Diego" not in draft and "an die ich gedacht hatte" in draft

    bot.fake.reset_calls()
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=opened.params["view"]["private_metadata"],
               values=state_of(opened.params["view"]))
    [close] = bot.fake.calls_to("chat.postMessage")
    assert (close.params["channel"], close.params["thread_ts"]) == (CHANNEL, INTRO_TS)
    assert identify_language(close.params["text"]) == "de" and english_in(close.params["text"]) == []


def test_a_decline_by_policy_stays_one_when_its_language_or_reason_changes(bot: Bot) -> None:
    set_policy(bot, BEN, policy="busy", busy_until=BUSY_UNTIL.isoformat())
    bot.fake.reset_calls()
    bot.say(f"<@{BEN}> meet <@{ANA}>, you both work on pricing and should compare notes", ts=INTRO_TS)
    open_modal(bot, party_of(bot, BEN), Action.DECLINE_BY_POLICY, user=BEN)
    view = bot.fake.calls_to("views.open")[0].answered["view"]
    assert "I'm not taking intros until Monday, 1 March" in initial(view, "draft")

    german = change(bot, view, Field.LANGUAGE, "de", user=BEN)

    draft = initial(german, "draft")
    with speaking("de"):
        day = format_day(BUSY_UNTIL)
    assert f"keine Intros bis {day}" in draft and "Deshalb sage ich hier ab" in draft
    assert identify_language(draft) == "de" and english_in(draft) == []

    other_reason = change(bot, german, Field.REASON, DeclineReason.OTHER.value, user=BEN)

    assert initial(other_reason, "draft") == draft  # still the policy decline, still German


def test_the_slipped_date_of_a_spanish_intro_is_posted_in_spanish(bot: Bot, clock: FrozenDateTimeFactory) -> None:
    bot.say(SPANISH_INTRO, ts=INTRO_TS)  # Ana's Slack speaks English
    view = open_modal(bot, party_of(bot, ANA), Action.NEED_TIME)
    bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"], values=state_of(view))
    [promise] = bot.rows(Promise)
    bot.tick(clock, GET_BACK_DUE)
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.SNOOZE, action_type="static_select", value=None,
              selected_option_value=f"{promise.id}:week", response_url=bot.fake.response_url("nudge"))
    [opened] = bot.fake.calls_to("views.open")
    form = opened.params["view"]
    assert form["callback_id"] == NEW_DATE_MODAL
    # The offer speaks Ana's language; the post it quotes is hers, in the intro's.
    assert "post in the thread" in all_text(form["blocks"])
    assert "lunes, 30 de noviembre" in all_text(form["blocks"])

    bot.fake.reset_calls()
    bot.submit(user=ANA, callback_id=NEW_DATE_MODAL, private_metadata=form["private_metadata"],
               values=state_of(form, new_date_by="2026-12-02"), view_extra=as_slack_sends(form))

    [posted] = bot.fake.calls_to("chat.postMessage")
    assert posted.params["thread_ts"] == INTRO_TS and posted.params["channel"] != dm(ANA)
    text = posted.params["text"]
    assert identify_language(text) == "es" and english_in(text) == [] and "miércoles, 2 de diciembre" in text


def test_a_decline_by_policy_reads_the_policy_on_the_persons_own_calendar(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    """Ben is busy through Tuesday. At 21:00 on Tuesday in New York it is already Wednesday in UTC: his policy
    still stands, so the decline still cites it."""
    set_policy(bot, BEN, policy="busy", busy_until="2026-11-24")
    bot.fake.reset_calls()
    bot.say(f"<@{BEN}> meet <@{ANA}>, you both work on pricing and should compare notes", ts=INTRO_TS)
    party_id = party_of(bot, BEN)
    clock.move_to(datetime(2026, 11, 25, 2, 0, tzinfo=UTC))

    view = open_modal(bot, party_id, Action.DECLINE_BY_POLICY, user=BEN)

    assert "I'm not taking intros until Tuesday, 24 November, so I'll decline" in initial(view, "draft")
