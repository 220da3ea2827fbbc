"""A yes closes the loop too (issue 11): "Happy to connect" offers a short yes to post in the intro's thread, as
the person, through the signed endpoint and the fake Slack. Posting it stays optional."""

from __future__ import annotations

from bot.blocks.ids import YES_MODAL, Action
from bot.db.models import Close, Party
from bot.domain.states import CloseStatus, PartyState
from tests.e2e.conftest import ANA, BEN, CARLA, Bot
from tests.e2e.modal import as_slack_sends, initial, state_of
from tests.e2e.steps import INTRO_TS, introduce, open_modal

YES = "Hi Ben, thanks to you and Carla for thinking of me. Happy to talk: does Thursday at 10 work?"


def ana_state(bot: Bot) -> list[PartyState]:
    return [p.state for p in bot.rows(Party) if p.user_id == ANA]


def test_a_yes_is_offered_then_posted_in_the_thread_as_the_person(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.CONNECT)

    assert view["callback_id"] == YES_MODAL
    draft = initial(view, "draft")
    assert "thanks to you and Carla" in draft and "?" in draft  # thanks the introducer, a next step to answer
    assert f"<@{CARLA}> know the intro worked" in str(view["blocks"])
    [marked] = bot.fake.calls_to("response_url:prompt")  # marked happy to connect at once, as before
    assert "enjoy the conversation" in marked.params["text"]
    assert ana_state(bot) == [PartyState.CONNECTED] and bot.fake.calls_to("chat.postMessage") == []

    bot.fake.reset_calls()
    done = bot.submit(user=ANA, callback_id=YES_MODAL, private_metadata=view["private_metadata"],
                      values=state_of(view, draft=YES), view_extra=as_slack_sends(view))

    assert done.status == 200 and not done.body
    [posted] = bot.fake.calls_to("chat.postMessage")
    assert posted.params["thread_ts"] == INTRO_TS and posted.params["text"] == YES
    assert (posted.params["username"], posted.params["icon_url"]) == ("Ana", "https://avatars.example/ana.png")
    [told] = bot.fake.calls_to("response_url:prompt")
    assert "Your yes is posted in the thread" in told.params["text"]
    [close] = bot.rows(Close)
    assert (close.way, close.status, close.text) == ("yes", CloseStatus.POSTED, YES)
    assert ana_state(bot) == [PartyState.CONNECTED]

    again = bot.submit(user=ANA, callback_id=YES_MODAL, private_metadata=view["private_metadata"],
                       values=state_of(view, draft=YES), view_extra=as_slack_sends(view))
    assert again.json()["response_action"] == "errors"  # one yes per intro: a second submit posts nothing
    assert len(bot.fake.calls_to("chat.postMessage")) == 1


def test_a_vague_yes_is_warned_about_once_then_sent_as_written(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.CONNECT)
    vague = "Thanks Carla! Sounds great, let's circle back sometime."

    bot.fake.reset_calls()
    warned = bot.submit(user=ANA, callback_id=YES_MODAL, private_metadata=view["private_metadata"],
                        values=state_of(view, draft=vague), view_extra=as_slack_sends(view)).json()

    assert warned["response_action"] == "update" and "Before you send" in str(warned["view"]["blocks"])
    assert initial(warned["view"], "draft") == vague and bot.fake.calls_to("chat.postMessage") == []
    bot.submit(user=ANA, callback_id=YES_MODAL, private_metadata=warned["view"]["private_metadata"],
               values=state_of(warned["view"], draft=vague), view_extra=as_slack_sends(warned["view"]))
    [posted] = bot.fake.calls_to("chat.postMessage")
    assert posted.params["text"] == vague


def test_closing_the_yes_without_sending_leaves_the_intro_happy_to_connect(bot: Bot) -> None:
    party_id = introduce(bot)
    open_modal(bot, party_id, Action.CONNECT)  # and Ana closes it

    assert ana_state(bot) == [PartyState.CONNECTED]
    assert bot.fake.calls_to("chat.postMessage") == [] and bot.rows(Close) == []
    bot.fake.reset_calls()
    bot.click(user=BEN, action_id=Action.CONNECT, value=str(party_id), response_url=bot.fake.response_url("ben"))
    assert bot.fake.calls_to("views.open") == []  # only Ana can say yes for Ana


def test_a_yes_form_that_did_not_open_opens_when_happy_to_connect_is_pressed_again(bot: Bot) -> None:
    party_id = introduce(bot)
    bot.fake.fail_next("views.open", error="expired_trigger_id")
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.CONNECT, value=str(party_id), response_url=bot.fake.response_url("prompt"))
    assert ana_state(bot) == [PartyState.CONNECTED] and bot.fake.calls_to("views.open") == []

    view = open_modal(bot, party_id, Action.CONNECT)  # pressed again (a stale prompt, the digest, Home)

    assert view["callback_id"] == YES_MODAL
    bot.submit(user=ANA, callback_id=YES_MODAL, private_metadata=view["private_metadata"],
               values=state_of(view, draft=YES), view_extra=as_slack_sends(view))
    assert [c.params["text"] for c in bot.fake.calls_to("chat.postMessage")] == [YES]
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.CONNECT, value=str(party_id), response_url=bot.fake.response_url("prompt"))
    assert bot.fake.calls_to("views.open") == []  # a yes is stored: nothing more to offer
