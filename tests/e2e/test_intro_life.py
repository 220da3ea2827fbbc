"""An intro's life in Slack: deleted, or edited into a non-intro, it ends (buttons, promises, nudges); an edit that
turns a message into an intro prompts once. And the live feedback counters in `python -m bot status`."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, event

from bot.__main__ import run
from bot.blocks.ids import Action
from bot.db.models import Intro, Nudge, Party, Promise
from bot.domain.states import Feedback, PartyState, PromiseState
from bot.services.feedback import count
from tests.e2e.conftest import ANA, BEN, CARLA, STRANGER, Bot
from tests.e2e.steps import buttons, introduce, open_modal, submit

INTRO = f"<@{ANA}> meet <@{STRANGER}>, you should compare notes on pricing"  # Stranger is not in the channel
TS = "1763800000.000300"


def edit(bot: Bot, ts: str, text: str, *, before: str, user: str = CARLA, **message_extra: Any) -> None:
    bot.fake.reset_calls()
    bot.say("", ts=bot.next_ts(), subtype="message_changed", hidden=True,
            message={"type": "message", "user": user, "text": text, "ts": ts,
                     "edited": {"user": user, "ts": bot.next_ts()}, **message_extra},
            previous_message={"type": "message", "user": user, "text": before, "ts": ts})


def delete(bot: Bot, ts: str, *, before: str = INTRO) -> None:
    bot.fake.reset_calls()
    bot.say("", ts=bot.next_ts(), subtype="message_deleted", hidden=True, deleted_ts=ts,
            previous_message={"type": "message", "user": CARLA, "text": before, "ts": ts})


def open_nudges(bot: Bot) -> list[Nudge]:
    return [n for n in bot.rows(Nudge) if n.due_at is not None and n.party_id is not None]


def test_a_deleted_intro_ends_its_buttons_and_nudges(bot: Bot) -> None:
    bot.say(INTRO, ts=TS)
    [ana_prompt] = bot.fake.calls_to("chat.postEphemeral")
    [stranger_dm] = bot.fake.calls_to("chat.postMessage")  # Stranger's prompt came by DM
    assert len(open_nudges(bot)) == 2  # each one's 48-hour nudge

    delete(bot, TS)

    [intro] = bot.rows(Intro)
    assert intro.removed_at is not None
    assert {p.state for p in bot.rows(Party)} == {PartyState.REMOVED}
    assert open_nudges(bot) == []
    [update] = bot.fake.calls_to("chat.update")  # the DM prompt loses its buttons; an ephemeral one cannot
    assert (update.params["channel"], update.params["ts"]) == (stranger_dm.params["channel"],
                                                              stranger_dm.answered["ts"])
    assert "removed" in update.params["text"] and buttons(update.params["blocks"]) == []

    # A button on the ephemeral prompt, pressed later, answers kindly and does nothing.
    bot.fake.reset_calls()
    party_id = int(ana_prompt.params["blocks"][1]["elements"][0]["value"])
    for action in (Action.DIRECT, Action.DISMISS):
        bot.click(user=ANA, action_id=action, value=str(party_id), response_url=bot.fake.response_url("prompt"))
    answers = bot.fake.calls_to("response_url:prompt")
    assert len(answers) == 2 and all("This intro was removed" in a.params["text"] for a in answers)
    assert not bot.fake.calls_to("views.open") and not bot.fake.calls_to("chat.postMessage")
    assert {p.state for p in bot.rows(Party)} == {PartyState.REMOVED}


def test_an_intro_edited_into_a_non_intro_ends_and_its_promises_are_released(bot: Bot) -> None:
    party_id = introduce(bot)  # Ana and Ben, at test_closing's INTRO_TS
    [ts] = [i.message_ts for i in bot.rows(Intro)]
    view = open_modal(bot, party_id, Action.NEED_TIME)
    submit(bot, view)  # "I'll get back to you by ...": a promise with its nudge
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.OPEN

    edit(bot, ts, "never mind, wrong channel", before=f"<@{ANA}> meet <@{BEN}>, you both work on pricing")

    assert bot.rows(Intro)[0].removed_at is not None
    assert [p.state for p in bot.rows(Promise)] == [PromiseState.CANCELLED]
    assert [n for n in bot.rows(Nudge) if n.due_at is not None and n.kind != "digest"] == []
    assert {p.state for p in bot.rows(Party)} == {PartyState.REMOVED}

    # Edited back into an intro: the message was prompted once already, so nobody is prompted again.
    edit(bot, ts, f"<@{ANA}> meet <@{BEN}>, you both work on pricing", before="never mind, wrong channel")
    assert not bot.fake.calls_to("chat.postEphemeral") and len(bot.rows(Intro)) == 1


def test_an_edit_that_makes_an_intro_prompts_once(bot: Bot) -> None:
    bot.say("lunch plans, anyone?", ts=TS)
    assert bot.rows(Intro) == []

    intro = f"<@{ANA}> meet <@{BEN}>, you both work on pricing"
    edit(bot, TS, intro, before="lunch plans, anyone?")
    assert sorted(c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral")) == [ANA, BEN]
    [stored] = bot.rows(Intro)
    assert (stored.message_ts, stored.introducer_id) == (TS, CARLA)

    edit(bot, TS, intro + "!", before=intro)  # edited again, still an intro: no second prompt
    edit(bot, TS, intro + "!", before=intro + "!")  # an unfurl or a reply count: the words did not change
    assert not bot.fake.calls_to("chat.postEphemeral") and len(bot.rows(Intro)) == 1
    assert {p.state for p in bot.rows(Party)} == {PartyState.OPEN}


def test_an_edit_of_a_detected_intro_does_not_prompt_twice(bot: Bot) -> None:
    intro = f"<@{ANA}> meet <@{BEN}>, you both work on pricing"
    bot.say(intro, ts=TS)
    assert len(bot.fake.calls_to("chat.postEphemeral")) == 2
    edit(bot, TS, intro.replace("pricing", "pricing and packaging"), before=intro)
    assert not bot.fake.calls_to("chat.postEphemeral") and len(bot.rows(Intro)) == 1


def test_an_intro_marked_with_the_shortcut_survives_edits_not_deletion(bot: Bot, detector: dict[str, Any]) -> None:
    text = f"<@{ANA}> you'd get a lot out of talking with <@{BEN}>"
    bot.use_shortcut(user=ANA, text=text, ts=TS)
    edit(bot, TS, text + " (about pricing)", before=text)  # the detector never read it as an intro: kept
    assert bot.rows(Intro)[0].removed_at is None

    edit(bot, TS, "This message was deleted.", before=text, subtype="tombstone")  # a thread parent deleted
    assert bot.rows(Intro)[0].removed_at is not None
    assert not bot.fake.calls_to("chat.update")  # her prompt was the shortcut's modal: nothing to take back


def test_chatter_edited_into_chatter_never_asks_the_database(bot: Bot, engine: Engine) -> None:
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        edit(bot, "1763800000.000997", f"<@{ANA}> <@{BEN}> lunch at noon?", before=f"<@{ANA}> <@{BEN}> lunch?")
        edit(bot, "1763800000.000996", "see you tomorrow", before="see you tmrw")
        assert statements == []  # the detector read neither version as an intro
        # Words that were an intro before the edit: its intro, if one is recorded, is looked up to end it.
        edit(bot, "1763800000.000995", "never mind", before=f"<@{ANA}> meet <@{BEN}>, you both work on pricing")
        assert any("intros" in statement for statement in statements)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert bot.rows(Intro) == []


def test_edits_and_deletions_of_other_messages_change_nothing(bot: Bot) -> None:
    edit(bot, "1763800000.000999", f"<@{ANA}> hi", before="hi")
    delete(bot, "1763800000.000998")
    bot.say("", subtype="message_changed", message="not an object")
    bot.say("", subtype="message_deleted", deleted_ts={"not": "a ts"})
    assert bot.rows(Intro) == [] and not bot.fake.calls_to("chat.postEphemeral")


def test_status_shows_how_detection_does_per_workspace(bot: Bot, db_url: str, detector: dict[str, Any],
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    party_id = introduce(bot)
    bot.click(user=ANA, action_id=Action.DISMISS, value=str(party_id), response_url=bot.fake.response_url("prompt"))
    bot.use_shortcut(user=ANA, text=f"<@{ANA}> say hi to <@{BEN}>", ts=TS)  # a message the detector missed
    with bot.sessions.begin() as session:
        count(session, team_id="T2OTHER", counter=Feedback.DISMISSED, now=bot.rows(Intro)[0].created_at)

    monkeypatch.chdir(tmp_path)  # no .env
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert run(["status"]) == 0

    out = capsys.readouterr().out
    assert "detection feedback, per workspace:" in out
    assert "T1: 1 prompts dismissed as not an intro, 1 detector misses marked with the shortcut" in out
    assert "T2OTHER: 1 prompts dismissed as not an intro, 0 detector misses marked with the shortcut" in out


def test_status_with_nothing_counted_yet(bot: Bot, db_url: str, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", db_url)
    assert run(["status"]) == 0
    assert "detection feedback: nothing counted yet" in capsys.readouterr().out

