"""The "Close this intro" message shortcut: the safety net for an intro the bot missed, in a channel and in a DM
the bot is not in, the question of who was introduced, and the introducer's use on their own message."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine

from bot.blocks.ids import (
    CLOSE_MODAL,
    SHORTCUT_CHOOSER,
    SHORTCUT_NOTICE,
    SHORTCUT_WHO,
    SHORTCUT_WHO_MODAL,
    YES_MODAL,
    Action,
)
from bot.db.models import Close, FeedbackCount, Intro, Party
from bot.domain.states import CloseStatus, Feedback, IntroSource, PartyState
from bot.flows.people import PeopleDirectory
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, DIEGO, ROBOT, SHORTCUT_TS, STRANGER, Bot
from tests.e2e.hostile import (
    APPS,
    CHANNELS,
    FUZZ,
    JSON_VALUES,
    RESPONSE_URL,
    SENDERS,
    TEAMS,
    begin_example,
    break_fields,
    check_harmless,
    odd_text,
    send_payload,
)
from tests.e2e.steps import all_text, buttons, submit
from tests.support import slack_requests as req

MESSAGE_TS = SHORTCUT_TS
DM = "D0CARLANA"  # Carla's and Ana's 1:1 DM: the bot is not in it
CHOOSER_BUTTONS = ["Direct", "Redirect", "Decline", "Need time", "Happy to connect"]


def answer_who(bot: Bot, who: dict[str, Any], picked: list[str], *, user: str = ANA,
               view_id: str = "V1") -> dict[str, Any]:
    """Answer the who-modal. Slack's answer shows "One moment…" at once (users.info and the database come after);
    returns what the modal shows in the end, or the inline errors."""
    bot.fake.reset_calls()
    answer = bot.submit(user=user, view_id=view_id, callback_id=SHORTCUT_WHO_MODAL,
                        private_metadata=who["private_metadata"],
                        values={SHORTCUT_WHO: {SHORTCUT_WHO: {"type": "multi_users_select",
                                                              "selected_users": picked}}}).json()
    if answer["response_action"] == "errors":
        return dict(answer)
    assert answer["response_action"] == "update" and "One moment" in all_text(answer["view"]["blocks"])
    [shown] = [c for c in bot.fake.calls_to("views.update") if c.params["view_id"] == view_id]
    return dict(shown.params["view"])


def press(bot: Bot, view_id: str, action: Action, party_id: int, *, user: str = ANA) -> None:
    """A button in the shortcut's modal, as Slack sends it (the view as it stands in the fake)."""
    bot.fake.reset_calls()
    bot.click(user=user, action_id=action, value=str(party_id), view=bot.fake.view(view_id))


def party_of(view: dict[str, Any]) -> int:
    [actions] = [b for b in view["blocks"] if b["type"] == "actions"]
    return int(actions["elements"][0]["value"])


def counted(bot: Bot) -> dict[tuple[str, Feedback], int]:
    return {(row.team_id, row.counter): row.count for row in bot.rows(FeedbackCount)}


def direct_close_in_modal(bot: Bot, chooser: dict[str, Any]) -> dict[str, Any]:
    """Direct, pressed in the shortcut's modal: the close form takes its place (same form as a prompt's)."""
    press(bot, "V1", Action.DIRECT, party_of(chooser))
    [update] = bot.fake.calls_to("views.update")
    assert update.params["view_id"] == "V1"
    form = update.params["view"]
    assert form["callback_id"] == CLOSE_MODAL and form["title"]["text"] == "Close directly"
    meta = json.loads(form["private_metadata"])
    assert meta["via_shortcut"] is True and meta["response_url"] == bot.fake.response_url("short")
    return form


@pytest.mark.usefixtures("detector")
def test_a_missed_intro_marked_with_the_shortcut_keeps_its_language_for_the_drafts(bot: Bot) -> None:
    bot.use_shortcut(user=ANA, text=f"<@{ANA}> je te présente <@{BEN}>, vous travaillez tous les deux sur les prix")

    assert [(i.lang, i.register) for i in bot.rows(Intro)] == [("fr", "informal")]


def test_someone_introduced_closes_a_missed_intro_in_a_channel(bot: Bot, detector: dict[str, Any]) -> None:
    chooser = bot.use_shortcut(user=ANA, text=f"<@{ANA}> you'd get a lot out of talking with <@{BEN}> on pricing")

    assert chooser["callback_id"] == SHORTCUT_CHOOSER
    assert buttons(chooser["blocks"]) == CHOOSER_BUTTONS
    assert f"<@{CARLA}> introduced you to <@{BEN}>" in all_text(chooser["blocks"])
    assert not bot.fake.calls_to("chat.postEphemeral")  # the modal is her prompt; nobody else is prompted
    [intro] = bot.rows(Intro)
    assert (intro.channel_id, intro.message_ts, intro.introducer_id, intro.source) == (
        CHANNEL, MESSAGE_TS, CARLA, IntroSource.SHORTCUT)
    assert {(p.user_id, p.state) for p in bot.rows(Party)} == {(ANA, PartyState.OPEN), (BEN, PartyState.QUIET)}
    assert counted(bot) == {("T1", Feedback.SHORTCUT_MISSED): 1}


    form = direct_close_in_modal(bot, chooser)
    response = submit(bot, form, reason="no_capacity", draft="Thanks Carla! Ben, we're at capacity this quarter; "
                      "reach out again in January.")

    assert response.status == 200
    [close] = bot.fake.calls_to("chat.postMessage")
    where = (close.params["channel"], close.params["thread_ts"], close.params["username"])
    assert where == (CHANNEL, MESSAGE_TS, "Ana")
    [told] = bot.fake.calls_to("response_url:short")
    assert told.params["response_type"] == "ephemeral" and told.params["replace_original"] is False
    assert "Your close is posted where the intro was" in told.params["text"]
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [PartyState.CLOSED_DIRECT]
    [stored] = bot.rows(Close)
    assert stored.status is CloseStatus.POSTED and stored.posted_ts


def dm_intro_to_the_chooser(bot: Bot) -> dict[str, Any]:
    """Carla, in her 1:1 DM with Ana (the bot is not in it), points Ana to Ben without mentioning Ana: the
    shortcut asks Ana who she was introduced to (prefilled with Ben), then offers the ways to close."""
    bot.fake.add_channel(DM, members=[CARLA, ANA], is_im=True)
    who = bot.use_shortcut(user=ANA, channel=DM, text=f"<@{BEN}> is the person to talk to about pricing")
    assert who["callback_id"] == SHORTCUT_WHO_MODAL
    [field] = [b for b in who["blocks"] if b["type"] == "input"]
    assert field["label"]["text"] == "Who were you introduced to?" and field["element"]["initial_users"] == [BEN]
    assert bot.rows(Intro) == []  # nothing stored until she says

    chooser = answer_who(bot, who, [BEN])
    assert chooser["callback_id"] == SHORTCUT_CHOOSER and f"introduced you to <@{BEN}>" in all_text(chooser["blocks"])
    return chooser


def test_in_a_dm_the_bot_is_not_in_the_close_goes_through_the_response_url(bot: Bot, detector: dict[str, Any]) -> None:
    chooser = dm_intro_to_the_chooser(bot)
    [intro] = bot.rows(Intro)
    assert (intro.channel_id, intro.introducer_id) == (DM, CARLA)

    form = direct_close_in_modal(bot, chooser)
    submit(bot, form, draft="Thanks Carla! Ben, we're not hiring for pricing now; good luck with the launch.")

    [refused] = [c for c in bot.fake.calls_to("chat.postMessage", include_failed=True) if c.params["channel"] == DM]
    assert refused.failed and refused.response == {"ok": False, "error": "not_in_channel"}
    posted, told = bot.fake.calls_to("response_url:short")
    assert posted.params["response_type"] == "in_channel"
    assert "not hiring for pricing now" in all_text(posted.params["blocks"])
    assert form["submit"]["text"] == "Post" and "where the intro was" in all_text(form["blocks"])
    assert "Sent by Ana with Intro Etiquette" in all_text(posted.params["blocks"])
    assert told.params["response_type"] == "ephemeral" and "posted where the intro was" in told.params["text"]
    [stored] = bot.rows(Close)
    assert (stored.status, stored.channel_id, stored.posted_ts) == (CloseStatus.POSTED, DM, None)


def test_when_the_response_url_fails_too_the_person_gets_the_text_to_copy(bot: Bot, detector: dict[str, Any]) -> None:
    chooser = dm_intro_to_the_chooser(bot)
    form = direct_close_in_modal(bot, chooser)
    bot.fake.fail_next("response_url:short", status=404, times=2)  # expired: neither the close nor the news

    submit(bot, form, draft="Thanks Carla! Ben, we're not hiring for pricing now; good luck.")

    [copy] = [c for c in bot.fake.calls_to("chat.postMessage") if c.params["channel"] == "D0ANA0001"]
    assert "copy it and send it yourself" in copy.params["text"]
    assert "&gt; Thanks Carla! Ben, we're not hiring for pricing now; good luck." in copy.params["text"]
    [stored] = bot.rows(Close)
    assert stored.status is CloseStatus.FAILED and stored.last_error == "slack:not_in_channel"


def test_a_lookup_failing_once_slack_refused_the_post_does_not_lose_the_close(bot: Bot, detector: dict[str, Any],
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The close's author is looked up once, before posting: after Slack refuses the post (the bot is not in the
    DM), the response_url takes it without asking Slack about anyone again."""
    form = direct_close_in_modal(bot, dm_intro_to_the_chooser(bot))
    real_get = PeopleDirectory.get

    def get(self: PeopleDirectory, client: Any, team_id: str, user_id: str) -> Any:
        if any(c.failed and c.method == "chat.postMessage" for c in bot.fake.calls):
            raise OSError("Slack is unreachable")
        return real_get(self, client, team_id, user_id)

    monkeypatch.setattr(PeopleDirectory, "get", get)
    submit(bot, form, draft="Thanks Carla! Ben, we're not hiring for pricing now; good luck.")

    posted, _told = bot.fake.calls_to("response_url:short")
    assert posted.params["response_type"] == "in_channel" and "Sent by Ana" in all_text(posted.params["blocks"])
    [stored] = bot.rows(Close)
    assert stored.status is CloseStatus.POSTED


def test_the_who_modal_refuses_bots_and_the_others_can_use_the_shortcut_too(bot: Bot, detector: dict[str, Any]) -> None:
    text = f"<@{BEN}> <@{DIEGO}> <@{ROBOT}> fyi"  # Ana not mentioned, three others: who is meant is unclear
    who = bot.use_shortcut(user=ANA, text=text)
    [field] = [b for b in who["blocks"] if b["type"] == "input"]
    assert field["element"]["initial_users"] == [BEN, DIEGO, ROBOT]

    refused = answer_who(bot, who, [ANA, CARLA])  # herself and the introducer: refused in the form at once
    assert refused["response_action"] == "errors" and "Pick the person" in refused["errors"][SHORTCUT_WHO]
    # A bot is only known once Slack is asked, after the answer: she is asked again, without it.
    again = answer_who(bot, who, [ROBOT, ANA, CARLA])
    assert again["callback_id"] == SHORTCUT_WHO_MODAL and "Pick the person" in all_text(again["blocks"])
    assert [b for b in again["blocks"] if b["type"] == "input"][0]["element"].get("initial_users") is None
    assert bot.rows(Intro) == []

    assert answer_who(bot, again, [BEN])["callback_id"] == SHORTCUT_CHOOSER
    # Ben uses it on the same message: the intro is not recorded twice; he is opened and offered the ways.
    chooser = bot.use_shortcut(user=BEN, text=text)
    assert chooser["callback_id"] == SHORTCUT_CHOOSER and f"introduced you to <@{ANA}>" in all_text(chooser["blocks"])
    assert len(bot.rows(Intro)) == 1
    assert {(p.user_id, p.state) for p in bot.rows(Party)} == {(ANA, PartyState.OPEN), (BEN, PartyState.OPEN)}
    assert counted(bot) == {("T1", Feedback.SHORTCUT_MISSED): 1}  # one missed message

    # Diego, named in the message though Ana did not pick him, says it introduced him too: he gets his own place.
    # The message was counted as a miss when it was marked; it is not counted again.
    chooser = bot.use_shortcut(user=DIEGO, text=text)
    assert chooser["callback_id"] == SHORTCUT_CHOOSER
    assert f"introduced you to <@{ANA}> and <@{BEN}>" in all_text(chooser["blocks"])
    assert (DIEGO, PartyState.OPEN) in {(p.user_id, p.state) for p in bot.rows(Party)}
    assert counted(bot) == {("T1", Feedback.SHORTCUT_MISSED): 1}


def test_someone_the_detector_left_out_of_a_recorded_intro_can_close_it(bot: Bot, detector: dict[str, Any],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    text = f"<@{ANA}> meet <@{BEN}>, and <@{DIEGO}> you should be in on this too"
    monkeypatch.setattr("bot.slack.listeners.events.message.detect_introduction",
                        lambda text, *, author_id: SimpleNamespace(parties=(ANA, BEN)))  # Diego left out
    bot.say(text, ts=MESSAGE_TS)
    assert sorted(c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral")) == [ANA, BEN]

    # Diego is named in it: he joins the intro as one of its people, and the detector's miss is counted.
    chooser = bot.use_shortcut(user=DIEGO, text=text)
    assert chooser["callback_id"] == SHORTCUT_CHOOSER
    assert f"<@{CARLA}> introduced you to <@{ANA}> and <@{BEN}>" in all_text(chooser["blocks"])
    [diego] = [p for p in bot.rows(Party) if p.user_id == DIEGO]
    assert diego.state is PartyState.OPEN and party_of(chooser) == diego.id
    assert counted(bot) == {("T1", Feedback.SHORTCUT_MISSED): 1}
    again = bot.use_shortcut(user=DIEGO, text=text)  # used again: his same place, counted once
    assert party_of(again) == diego.id and counted(bot) == {("T1", Feedback.SHORTCUT_MISSED): 1}

    # Someone it does not name is asked who they were introduced to (prefilled with its people); saying so joins.
    who = bot.use_shortcut(user=STRANGER, text=text)
    assert who["callback_id"] == SHORTCUT_WHO_MODAL
    assert [b for b in who["blocks"] if b["type"] == "input"][0]["element"]["initial_users"] == [ANA, BEN, DIEGO]
    assert not [p for p in bot.rows(Party) if p.user_id == STRANGER]  # nothing until they say
    view_id = bot.fake.calls_to("views.open")[0].answered["view"]["id"]
    chooser = answer_who(bot, who, [ANA], user=STRANGER, view_id=view_id)
    assert chooser["callback_id"] == SHORTCUT_CHOOSER
    assert [p.state for p in bot.rows(Party) if p.user_id == STRANGER] == [PartyState.OPEN]
    assert len(bot.rows(Intro)) == 1 and counted(bot) == {("T1", Feedback.SHORTCUT_MISSED): 2}


def test_the_introducer_offers_closes_on_their_own_message(bot: Bot, detector: dict[str, Any]) -> None:
    text = f"<@{ANA}> <@{BEN}> you two would hit it off, grab a virtual coffee"
    notice = bot.use_shortcut(user=CARLA, text=text)

    assert notice["callback_id"] == SHORTCUT_NOTICE
    assert f"I've offered <@{ANA}> and <@{BEN}> a private way to close your intro" in all_text(notice["blocks"])
    prompts = bot.fake.calls_to("chat.postEphemeral")
    assert sorted(c.params["user"] for c in prompts) == [ANA, BEN]  # prompted as a detected intro would be
    assert all(buttons(c.params["blocks"])[0] == "Direct" for c in prompts)
    [intro] = bot.rows(Intro)
    assert intro.source is IntroSource.SHORTCUT and intro.introducer_id == CARLA
    assert all(p.state is PartyState.OPEN and p.prompted_at for p in bot.rows(Party))
    assert counted(bot) == {("T1", Feedback.SHORTCUT_MISSED): 1}

    again = bot.use_shortcut(user=CARLA, text=text)  # used twice: nobody is asked twice
    assert "already been offered" in all_text(again["blocks"])
    assert not bot.fake.calls_to("chat.postEphemeral") and len(bot.rows(Intro)) == 1

    # Ana says it is not an intro: the detector never flagged this message, so it is no false alarm of its own.
    [ana] = [p for p in bot.rows(Party) if p.user_id == ANA]
    bot.click(user=ANA, action_id=Action.DISMISS, value=str(ana.id), response_url=bot.fake.response_url("prompt"))
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [PartyState.DISMISSED]
    assert counted(bot) == {("T1", Feedback.SHORTCUT_MISSED): 1}


def test_the_introducer_offers_the_people_someone_else_marked_quietly(bot: Bot, detector: dict[str, Any]) -> None:
    text = f"<@{ANA}> you'd get a lot out of talking with <@{BEN}> on pricing"
    bot.use_shortcut(user=ANA, text=text)  # Ana marks it to close it herself: Ben is named, never prompted
    assert {(p.user_id, p.state) for p in bot.rows(Party)} == {(ANA, PartyState.OPEN), (BEN, PartyState.QUIET)}

    notice = bot.use_shortcut(user=CARLA, text=text)

    assert f"I've offered <@{BEN}> a private way to close your intro" in all_text(notice["blocks"])
    [ben_prompt] = bot.fake.calls_to("chat.postEphemeral")
    assert ben_prompt.params["user"] == BEN and buttons(ben_prompt.params["blocks"])[0] == "Direct"
    assert {(p.user_id, p.state) for p in bot.rows(Party)} == {(ANA, PartyState.OPEN), (BEN, PartyState.OPEN)}
    again = bot.use_shortcut(user=CARLA, text=text)
    assert "already been offered" in all_text(again["blocks"]) and not bot.fake.calls_to("chat.postEphemeral")


def test_the_introducer_in_a_dm_the_bot_is_not_in_is_told_why_nobody_is_prompted(bot: Bot,
                                                                                 detector: dict[str, Any]) -> None:
    bot.fake.add_channel(DM, members=[CARLA, ANA], is_im=True)
    notice = bot.use_shortcut(user=CARLA, channel=DM, text=f"<@{ANA}> you should meet <@{BEN}>, pricing nerds both")

    assert notice["callback_id"] == SHORTCUT_NOTICE
    assert "I can't post in this direct message" in all_text(notice["blocks"])
    assert "*Close this intro* on your message" in all_text(notice["blocks"])
    assert bot.rows(Intro) == [] and bot.rows(FeedbackCount) == []
    assert not [c for c in bot.fake.calls if c.method.startswith("chat.") or c.method == "conversations.open"]


def test_the_modal_opens_before_anything_slow(bot: Bot, detector: dict[str, Any]) -> None:
    """Slack's trigger lasts 3 seconds: the "One moment…" modal opens first; looking people up, the detector and the
    database come after, and the answer replaces it by its id."""
    bot.use_shortcut(user=CARLA, text=f"<@{ANA}> <@{BEN}> you two would hit it off")
    methods = [c.method for c in bot.fake.calls]
    # Carla's language (the modal opened without asking Slack for it), then Ana and Ben looked up.
    assert methods[:5] == ["views.open", "users.info", "users.info", "users.info", "views.update"]
    assert [c.params["user"] for c in bot.fake.calls[1:4]] == [CARLA, ANA, BEN]
    assert bot.fake.calls[4].params["view_id"] == bot.fake.calls[0].answered["view"]["id"]


def test_the_introducer_is_asked_who_when_the_message_names_more_people(bot: Bot, detector: dict[str, Any]) -> None:
    who = bot.use_shortcut(user=CARLA, text=f"<@{ANA}> meet <@{BEN}>, cc <@{DIEGO}>")
    [field] = [b for b in who["blocks"] if b["type"] == "input"]
    assert field["label"]["text"] == "Who did you introduce?" and field["element"]["initial_users"] == [ANA, BEN, DIEGO]

    answer = answer_who(bot, who, [ANA, BEN], user=CARLA)

    assert "I've offered" in all_text(answer["blocks"])
    assert sorted(c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral")) == [ANA, BEN]
    assert sorted(p.user_id for p in bot.rows(Party)) == [ANA, BEN]


def test_a_detected_intro_is_not_recorded_again(bot: Bot) -> None:
    text = f"<@{ANA}> meet <@{BEN}>, you both work on pricing"
    bot.say(text, ts=MESSAGE_TS)
    assert len(bot.fake.calls_to("chat.postEphemeral")) == 2

    chooser = bot.use_shortcut(user=ANA, text=text)  # the prompt was missed or dismissed from view

    assert chooser["callback_id"] == SHORTCUT_CHOOSER
    [ana] = [p for p in bot.rows(Party) if p.user_id == ANA]
    assert party_of(chooser) == ana.id and len(bot.rows(Intro)) == 1
    assert bot.rows(FeedbackCount) == []  # the detector caught this one
    assert "already been offered" in all_text(bot.use_shortcut(user=CARLA, text=text)["blocks"])

    # Happy to connect, pressed in the modal: marked so, and a yes to post (optional) takes the modal's place.
    press(bot, "V1", Action.CONNECT, ana.id)
    [update] = bot.fake.calls_to("views.update")
    assert update.params["view"]["callback_id"] == YES_MODAL
    assert "know the intro worked" in all_text(update.params["view"]["blocks"])
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [PartyState.CONNECTED]
    # Once answered, the shortcut says so instead of offering the ways again.
    assert "already answered" in all_text(bot.use_shortcut(user=ANA, text=text)["blocks"])


def test_a_bots_message_or_a_broken_payload_is_answered_kindly(bot: Bot) -> None:
    notice = bot.use_shortcut(user=ANA, author=None, text=f"<@{ANA}> meet <@{BEN}>")
    assert "wasn't written by a person" in all_text(notice["blocks"])

    bot.fake.reset_calls()
    broken = req.message_action(user=ANA, team_id="T1", channel=CHANNEL, message_ts="not a ts", author=CARLA,
                                text="hi", response_url=bot.fake.response_url("short"))
    assert bot.poster.post_interaction(broken).status == 200
    bot.settle()
    [told] = bot.fake.calls_to("response_url:short")
    assert "can't read that message" in told.params["text"]
    assert bot.rows(Intro) == []


def test_a_response_url_that_is_not_slacks_is_never_used(bot: Bot, detector: dict[str, Any]) -> None:
    bot.fake.add_channel(DM, members=[CARLA, ANA], is_im=True)
    bot.fake.reset_calls()
    bot.shortcut(user=ANA, channel=DM, message_ts=MESSAGE_TS, author=CARLA, text=f"<@{ANA}> meet <@{BEN}>",
                 response_url="https://evil.example/hooks/steal")
    [shown] = bot.fake.calls_to("views.update")
    assert json.loads(shown.params["view"]["private_metadata"]) == {"response_url": None}


# ---- hostile input: the shortcut's payloads, fuzzed like the rest (tests/e2e/test_hostile_input.py) ----------

SHORTCUT_PATHS = [("type",), ("user",), ("user", "id"), ("channel",), ("channel", "id"), ("message",),
                  ("message", "ts"), ("message", "user"), ("message", "text"), ("message", "thread_ts"),
                  ("trigger_id",), ("response_url",), ("team",), ("callback_id",), ("message_ts",)]


@st.composite
def odd_shortcuts(draw: st.DrawFn) -> dict[str, Any]:
    """The shortcut used by anyone on any message, odd texts, and at times fields missing or of another type."""
    payload = req.message_action(
        user=draw(SENDERS), team_id=draw(TEAMS), channel=draw(CHANNELS) or "C0NOWHERE",
        message_ts=draw(st.sampled_from([MESSAGE_TS, "1.5", "x", ""])), author=draw(st.none() | SENDERS),
        text=draw(odd_text()), thread_ts=draw(st.none() | st.just(MESSAGE_TS)), api_app_id=draw(APPS),
        response_url=draw(st.none() | st.just(RESPONSE_URL) | st.just("https://evil.example/x")))
    if draw(st.booleans()):
        break_fields(draw, payload, SHORTCUT_PATHS)
    if draw(st.booleans()):
        payload["message"] = draw(JSON_VALUES)
    return payload


@FUZZ
@given(payload=odd_shortcuts())
def test_odd_shortcut_payloads_are_harmless(bot: Bot, engine: Engine, payload: dict[str, Any]) -> None:
    before = begin_example(bot, engine)
    check_harmless(bot, engine, before, send_payload(bot, payload))
