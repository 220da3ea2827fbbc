"""`/intro ask`: asking someone for an intro; the introducer asks both first, declines kindly, or suggests
someone else; the requester hears back either way."""

from __future__ import annotations

from bot.blocks.ids import ASK_DECLINE_MODAL, ASK_SUGGEST_MODAL, OPTIN_MODAL, Action
from bot.db.models import IntroAsk, OptInRequest
from bot.domain.optin import AskState
from tests.e2e.conftest import ANA, BEN, CARLA, DIEGO, Bot
from tests.e2e.modal import as_slack_sends, initial, state_of
from tests.e2e.steps import ASK_WHY, MARCH, all_text, ana_asks, buttons, dms_to, press_on_ask, set_policy


def test_the_introducer_gets_the_request_and_the_requester_is_told(bot: Bot) -> None:
    set_policy(bot, BEN, policy="busy", busy_until=MARCH.isoformat())

    told = ana_asks(bot)

    assert f"I've asked <@{CARLA}> whether they'd introduce you to <@{BEN}>" in told
    assert f"<@{BEN}>'s intro policy: not taking intros until" in told
    [request] = dms_to(bot, CARLA)
    assert f"<@{ANA}> would like you to introduce them to <@{BEN}>" in request.params["text"]
    assert ASK_WHY in all_text(request.params["blocks"]) and "intro policy" in all_text(request.params["blocks"])
    assert buttons(request.params["blocks"]) == ["Ask them", "Decline kindly", "Suggest someone else"]
    assert bot.rows(IntroAsk)[0].state is AskState.WAITING


def test_ask_them_starts_a_double_opt_in_prefilled(bot: Bot) -> None:
    ana_asks(bot)
    form = press_on_ask(bot, Action.ASK_FORWARD)
    assert form is not None and form["callback_id"] == OPTIN_MODAL
    assert (initial(form, "optin_first"), initial(form, "optin_second"), initial(form, "optin_why")) == (
        ANA, BEN, ASK_WHY)

    bot.fake.reset_calls()
    bot.submit(user=CARLA, callback_id=OPTIN_MODAL, private_metadata=form["private_metadata"], values=state_of(form))

    assert bot.rows(IntroAsk)[0].state is AskState.ASKED
    [request] = bot.rows(OptInRequest)
    assert (request.introducer_id, request.why) == (CARLA, ASK_WHY)
    assert f"<@{CARLA}> would like to introduce you to <@{BEN}>" in dms_to(bot, ANA)[0].params["text"]
    [replaced] = bot.fake.calls_to("response_url:ask")
    assert "I've asked" in replaced.params["text"] and buttons(replaced.params["blocks"]) == []


def test_an_answer_still_holding_a_placeholder_is_refused_in_the_form(bot: Bot) -> None:
    ana_asks(bot)
    form = press_on_ask(bot, Action.ASK_DECLINE)
    assert form is not None
    bot.fake.reset_calls()
    refused = bot.submit(user=CARLA, callback_id=ASK_DECLINE_MODAL, private_metadata=form["private_metadata"],
                         values=state_of(form, ask_text="Hi Ana, [reason], so I'll pass.")).json()
    assert refused["response_action"] == "errors" and "[reason]" in refused["errors"]["ask_text"]
    assert dms_to(bot, ANA) == [] and bot.rows(IntroAsk)[0].state is AskState.WAITING


def test_an_over_apologetic_answer_is_warned_about_once_then_sent_as_written(bot: Bot) -> None:
    ana_asks(bot)
    form = press_on_ask(bot, Action.ASK_DECLINE)
    assert form is not None
    text = "Hi Ana, I'm so sorry, I feel terrible, I'm the worst at this. I'll pass on Ben. Sorry again!"
    bot.fake.reset_calls()
    warned = bot.submit(user=CARLA, callback_id=ASK_DECLINE_MODAL, private_metadata=form["private_metadata"],
                        values=state_of(form, ask_text=text), view_extra=as_slack_sends(form)).json()
    assert warned["response_action"] == "update" and "Before you send" in str(warned["view"]["blocks"])
    assert initial(warned["view"], "ask_text") == text and dms_to(bot, ANA) == []

    bot.submit(user=CARLA, callback_id=ASK_DECLINE_MODAL, private_metadata=warned["view"]["private_metadata"],
               values=state_of(warned["view"], ask_text=text), view_extra=as_slack_sends(warned["view"]))
    [answer] = dms_to(bot, ANA)
    assert "I'll pass on Ben" in answer.params["text"]


def test_decline_kindly_sends_an_editable_draft_to_the_requester_only(bot: Bot) -> None:
    ana_asks(bot)
    form = press_on_ask(bot, Action.ASK_DECLINE)
    assert form is not None and form["callback_id"] == ASK_DECLINE_MODAL
    draft = initial(form, "ask_text")
    assert draft.startswith("Hi Ana") and "stay in touch" in draft and "Ben" in draft

    bot.fake.reset_calls()
    bot.submit(user=CARLA, callback_id=ASK_DECLINE_MODAL, private_metadata=form["private_metadata"],
               values=state_of(form, ask_text="Hi Ana, I barely know Ben, so I'll pass. Let's stay in touch!"))

    [answer] = dms_to(bot, ANA)
    assert f"<@{CARLA}> answered your intro request" in answer.params["text"]
    assert "I barely know Ben" in answer.params["text"]
    assert dms_to(bot, BEN) == []  # Ben never hears of it
    assert bot.rows(IntroAsk)[0].state is AskState.DECLINED
    assert press_on_ask(bot, Action.ASK_FORWARD) is None  # already answered
    assert "already answered" in bot.fake.calls_to("response_url:ask")[0].params["text"]


def test_suggest_someone_else(bot: Bot) -> None:
    ana_asks(bot)
    form = press_on_ask(bot, Action.ASK_SUGGEST)
    assert form is not None
    bad = bot.submit(user=CARLA, callback_id=ASK_SUGGEST_MODAL, private_metadata=form["private_metadata"],
                     values=state_of(form, ask_someone=CARLA)).json()
    assert "other than yourself" in bad["errors"]["ask_someone"]

    bot.fake.reset_calls()
    bot.submit(user=CARLA, callback_id=ASK_SUGGEST_MODAL, private_metadata=form["private_metadata"],
               values=state_of(form, ask_someone=DIEGO, ask_text="Diego knows the pricing team well."))

    [answer] = dms_to(bot, ANA)
    assert f"suggests asking <@{DIEGO}>" in answer.params["text"] and "pricing team" in answer.params["text"]
    assert bot.rows(IntroAsk)[0].state is AskState.SUGGESTED


def test_only_the_introducer_answers_and_bad_requests_are_explained(bot: Bot) -> None:
    ana_asks(bot)
    assert press_on_ask(bot, Action.ASK_DECLINE, user=BEN) is None
    assert "meant for someone else" in bot.fake.calls_to("response_url:ask")[0].params["text"]

    assert "You're the one asking" in ana_asks(bot, f"<@{ANA}> <@{BEN}> {ASK_WHY}")
    assert "`/intro ask @introducer @person why" in ana_asks(bot, f"<@{CARLA}> {ASK_WHY}")
