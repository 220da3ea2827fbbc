"""Each message in its reader's language, end to end, where one person's action writes to another: the news that
replaces the other person's question, the group intro (the introducer's: it is their intro), the due-work loop
finishing a connection, an expired `/intro ask` on the introducer's DMs, a redirect's reason and contact details.

Locales are set on the fake Slack (users.info's locale); a message's language is read off a known translated
phrase (`said_in`) or, for longer text, with the intro-language detector.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory

from bot.blocks.ids import Action
from bot.db.models import OptInRequest, Promise
from bot.domain.draft_voice import identify_language
from bot.domain.i18n import _, speaking
from bot.domain.optin import Answer, RequestState
from bot.domain.retry import SEND_LEASE
from bot.flows.deps import Deps
from bot.flows.optin_answers import record_answer
from bot.flows.people import PeopleDirectory
from tests.e2e.conftest import ANA, BEN, CARLA, DIEGO, TEAM, Bot
from tests.e2e.modal import state_of
from tests.e2e.steps import (
    all_text,
    ana_asks,
    ask_carla_intro,
    buttons,
    dm,
    dms_to,
    introduce,
    open_modal,
    request_id,
    submit,
)

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, where everyone lives
BOTH_SAID_YES = ":tada: You both said yes. Say hello in <#{group}>!"
GROUP_INTRO = "<@{first}>, meet <@{second}>! You both said yes when <@{introducer}> asked."


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)  # freezegun types every factory alike; without tick it is this one


def said_in(lang: str, msgid: str, **fields: Any) -> str:
    """What the bot says for `msgid` in `lang`, as its catalog words it."""
    with speaking(lang):
        return _(msgid, **fields)


def press_yes(bot: Bot, user: str) -> str:
    """`user` presses Yes on their question; returns what replaces it for them."""
    bot.fake.reset_calls()
    bot.click(user=user, action_id=Action.OPTIN_YES, value=str(request_id(bot)), channel=dm(user),
              response_url=bot.fake.response_url(user))
    [reply] = bot.fake.calls_to(f"response_url:{user}")
    return str(reply.params["text"])


def group_intro_of(calls: list[Any]) -> Any:
    [intro] = [c for c in calls if c.params["channel"].startswith("G")]
    return intro


def settled_question(bot: Bot, user: str) -> str:
    [update] = [c for c in bot.fake.calls_to("chat.update") if c.params["channel"] == dm(user)]
    return str(update.params["text"])


def test_a_german_introducers_group_intro_is_german_though_an_english_speaker_answered_last(bot: Bot) -> None:
    bot.fake.set_locale(CARLA, "de-DE")
    bot.fake.set_locale(ANA, "es-ES")
    ask_carla_intro(bot)
    press_yes(bot, ANA)

    ben_reads = press_yes(bot, BEN)  # Ben uses Slack in English

    intro = group_intro_of(bot.fake.calls_to("chat.postMessage"))
    group = intro.params["channel"]
    assert intro.params["text"] == said_in("de", GROUP_INTRO, first=ANA, second=BEN, introducer=CARLA)
    assert buttons(intro.params["blocks"]) == [said_in("de", "Step back")]
    assert ben_reads == said_in("en", BOTH_SAID_YES, group=group)
    # Ana's question gives way to the news in Spanish, hers, though Ben's press wrote it.
    assert settled_question(bot, ANA) == said_in("es", BOTH_SAID_YES, group=group) != ben_reads


def test_connecting_them_after_a_process_died_writes_to_each_in_their_language(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    """The process that recorded Ben's yes died before opening the group DM (the step tests/e2e/test_crash_recovery.py
    kills it at): the due-work loop, which speaks no one's language of its own, connects them."""
    bot.fake.set_locale(CARLA, "de-DE")
    bot.fake.set_locale(ANA, "es-ES")
    bot.fake.set_locale(BEN, "ja-JP")
    ask_carla_intro(bot)
    press_yes(bot, ANA)
    record_answer(Deps(sessions=bot.sessions, people=PeopleDirectory()), team_id=TEAM, request_id=request_id(bot),
                  user_id=BEN, answer=Answer.YES, note=None, now=MONDAY)  # ...and the process dies here

    sent = bot.tick(clock, MONDAY + SEND_LEASE + timedelta(minutes=1))

    intro = group_intro_of(sent)
    group = intro.params["channel"]
    assert intro.params["text"] == said_in("de", GROUP_INTRO, first=ANA, second=BEN, introducer=CARLA)
    assert settled_question(bot, ANA) == said_in("es", BOTH_SAID_YES, group=group)
    assert settled_question(bot, BEN) == said_in("ja", BOTH_SAID_YES, group=group)
    assert bot.rows(OptInRequest)[0].state is RequestState.CONNECTED


def test_an_expired_ask_tells_the_requester_in_theirs_and_the_introducers_dms_say_so_in_the_introducers(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    bot.fake.set_locale(CARLA, "de-DE")
    ana_asks(bot)  # Ana uses Slack in English
    bot.tick(clock, MONDAY + timedelta(hours=72))  # Carla's one reminder

    sent = bot.tick(clock, MONDAY + timedelta(days=7))

    [told] = [c for c in sent if c.params["channel"] == dm(ANA)]
    assert told.params["text"].startswith(f"No answer came from <@{CARLA}> within a week")
    retired = [c for c in bot.fake.calls_to("chat.update") if c.params["channel"] == dm(CARLA)]
    expired = said_in("de", "This intro request expired after a week without an answer; I've let <@{requester}> know "
                            "it isn't going ahead.", requester=ANA)
    assert len(retired) == 2 and all(c.params["text"] == expired for c in retired)


def pick_diego(bot: Bot, view: dict[str, Any]) -> dict[str, Any]:
    """Ana picks Diego in the redirect form; returns the form as Slack now holds it (asking first, by default)."""
    bot.fake.reset_calls()
    state = state_of(view, who=DIEGO)
    bot.click(user=ANA, action_id="who", action_type="users_select", selected_user=DIEGO,
              view={**view, "id": "V1", "hash": "h1", "state": {"values": state}})
    [update] = bot.fake.calls_to("views.update")
    return {**update.params["view"], "hash": update.answered["view"]["hash"]}


def test_a_redirects_reason_is_written_for_each_person_asked_in_their_language(bot: Bot) -> None:
    bot.fake.set_locale(BEN, "es-ES")
    bot.fake.set_locale(DIEGO, "de-DE")
    submit(bot, pick_diego(bot, open_modal(bot, introduce(bot), Action.REDIRECT)), who=DIEGO)  # Ana, in English

    [to_ben] = dms_to(bot, BEN)
    [to_diego] = dms_to(bot, DIEGO)
    assert said_in("es", "You came to me for help that <@{better}> is better placed to give, so I'd like to connect "
                         "you.", better=DIEGO) in all_text(to_ben.params["blocks"])
    assert said_in("de", "<@{waiting}> came to me for help that you're better placed to give, so I'd like to "
                         "connect you.", waiting=BEN) in all_text(to_diego.params["blocks"])

    press_yes(bot, BEN)
    press_yes(bot, DIEGO)

    intro = group_intro_of(bot.fake.calls_to("chat.postMessage"))  # Ana's intro, in her English
    assert (f"<@{BEN}> came to me for help that <@{DIEGO}> is better placed to give"
            in all_text(intro.params["blocks"]))


def test_contact_details_a_redirect_passes_on_reach_each_person_waiting_in_their_language(
        bot: Bot, clock: FrozenDateTimeFactory) -> None:
    bot.fake.set_locale(ANA, "de-DE")
    bot.fake.set_locale(BEN, "ja-JP")
    submit(bot, open_modal(bot, introduce(bot), Action.REDIRECT), who_name="Eva Klein",
           who_contact="eva@example.com", draft="Ben, Eva Klein is the one to talk to; I'll connect you.")
    bot.tick(clock, datetime(2026, 11, 30, 14, 0, tzinfo=UTC))  # the redirect falls due: Ana is reminded
    [promise] = bot.rows(Promise)
    bot.fake.reset_calls()

    bot.click(user=ANA, action_id=Action.MAKE_INTRO, value=str(promise.id), response_url=bot.fake.response_url("n"))

    [passed] = dms_to(bot, BEN)
    assert "eva@example.com" in passed.params["text"] and identify_language(passed.params["text"]) == "ja"
    [ana_reads] = bot.fake.calls_to("response_url:n")
    assert identify_language(ana_reads.params["text"]) == "de"
