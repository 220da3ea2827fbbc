"""From a prompt to a close: the modal, its draft and checks, where the close lands, and what is stored."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.blocks.ids import CLOSE_MODAL, Action
from bot.db.models import Close, Party, Promise
from bot.domain.states import CloseStatus, PartyState, PromiseKind, PromiseState
from bot.domain.timing import due_on
from bot.flows.deps import Deps
from bot.flows.due_work import redeliver_due
from bot.flows.people import PeopleDirectory
from bot.services.status import describe_status, work_status
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, DIEGO, Bot
from tests.e2e.modal import block, initial, state_of
from tests.e2e.steps import INTRO_TS, all_text, buttons, introduce, open_modal, submit


def posted(bot: Bot) -> list[Any]:
    return bot.fake.calls_to("chat.postMessage")


def prompt_replacement(bot: Bot) -> dict[str, Any]:
    [replaced] = bot.fake.calls_to("response_url:prompt")
    assert replaced.params["replace_original"] is True
    assert "actions" not in [b["type"] for b in replaced.params["blocks"]]  # no stale buttons
    return replaced.params


def test_a_direct_close_is_posted_in_the_thread_in_the_persons_name(bot: Bot) -> None:
    party_id = introduce(bot)
    view = open_modal(bot, party_id, Action.DIRECT)

    assert view["title"]["text"] == "Close directly"
    draft = initial(view, "draft")
    assert "Ben" in draft and "Carla" in draft  # written to Ben, thanking Carla
    reasons = [o["value"] for o in block(view, "reason")["element"]["options"]]
    assert reasons == ["not_a_fit", "no_capacity", "already_covered", "other"]

    response = submit(bot, view, reason="no_capacity", draft="Thanks Carla! Ben, we're at capacity this "
                      "quarter; reach out again in January. Good luck with the pricing work.")

    assert response.status == 200 and response.body in ("", "{}")
    [close] = posted(bot)
    assert close.params["channel"] == CHANNEL and close.params["thread_ts"] == INTRO_TS
    assert (close.params["username"], close.params["icon_url"]) == ("Ana", "https://avatars.example/ana.png")
    assert "reach out again in January" in all_text(close.params["blocks"])
    assert "Sent by Ana with Intro Etiquette" in str(close.params["blocks"][-1])
    assert "Your close is posted in the thread" in prompt_replacement(bot)["text"]

    [party] = [p for p in bot.rows(Party) if p.user_id == ANA]
    assert party.state is PartyState.CLOSED_DIRECT
    [stored] = bot.rows(Close)
    assert (stored.way, stored.status, stored.channel_id, stored.thread_ts) == (
        "direct", CloseStatus.POSTED, CHANNEL, INTRO_TS)
    assert stored.text.startswith("Thanks Carla!") and stored.posted_ts and stored.posted_at
    assert bot.rows(Promise) == []  # a direct close promises nothing


def change(bot: Bot, view: dict[str, Any], action_id: str, **values: Any) -> dict[str, Any]:
    """Change one of the close modal's choices (`values`: the form after it); returns the view shown again."""
    bot.fake.reset_calls()
    kinds = {"who": ("users_select", "selected_user"), "redirect_options": ("checkboxes", "selected_options")}
    kind, key = kinds[action_id]
    state = state_of(view, **values)
    chosen = next(v for v in state.values() if action_id in v)[action_id][key]
    bot.click(user=ANA, action_id=action_id, action_type=kind, **{key: chosen},
              view={**view, "id": "V1", "hash": "h1", "state": {"values": state}})
    [update] = bot.fake.calls_to("views.update")
    return dict(update.params["view"])


def test_a_redirect_names_no_one_until_they_agreed_and_records_the_promise(bot: Bot) -> None:
    party_id = introduce(bot)
    view = open_modal(bot, party_id, Action.REDIRECT)
    by = initial(view, "by")
    # A week, by default, on a working day (a redirect on a Sunday is due on Friday, not on the next Sunday).
    days = (date.fromisoformat(by) - datetime.now(UTC).date()).days
    assert date.fromisoformat(by).weekday() < 5 and 5 <= days <= 7
    assert "I know someone who may be" in initial(view, "draft") and "[name]" not in initial(view, "draft")
    assert initial(view, "redirect_options") == ["ask_now"]  # asking first is the default

    # Picking Diego leaves the draft unnamed (he has not agreed); the choices now name him.
    view = change(bot, view, "who", who=DIEGO)
    assert "Diego" not in initial(view, "draft")
    labels = [o["text"]["text"] for o in block(view, "redirect_options")["element"]["options"]]
    assert labels == ["Diego already agreed to be introduced", "Ask Diego now if they're open to it"]

    response = submit(bot, view, who=DIEGO, redirect_options=[])  # she'll ask him herself

    assert response.status == 200
    [close] = posted(bot)
    assert close.params["thread_ts"] == INTRO_TS and "Diego" not in str(close.params)
    assert DIEGO not in str(close.params)
    [promise] = bot.rows(Promise)
    assert (promise.kind, promise.owner_id, promise.target_user_id, promise.state) == (
        PromiseKind.MAKE_REDIRECT, ANA, DIEGO, PromiseState.OPEN)
    assert promise.due_at == due_on(date.fromisoformat(by), "America/New_York")  # 9:00 in Ana's time zone
    assert "I'll remind you on" in prompt_replacement(bot)["text"]
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [PartyState.REDIRECTED]


def test_a_date_beyond_a_week_gets_a_word_on_the_practice_and_can_still_be_chosen(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.REDIRECT)
    assert "within a week" not in str(block(view, "by"))  # the default is within the practice
    later = (date.fromisoformat(initial(view, "by")) + timedelta(days=14)).isoformat()

    bot.fake.reset_calls()
    bot.click(user=ANA, action_id="by", action_type="datepicker", selected_date=later,
              view={**view, "id": "V1", "hash": "h1", "state": {"values": state_of(view, by=later, who=DIEGO)}})
    [update] = bot.fake.calls_to("views.update")
    hint = block(update.params["view"], "by")["hint"]["text"]
    assert "within a week" in hint and "You can still choose it" in hint

    assert submit(bot, update.params["view"], who=DIEGO, by=later).status == 200
    [promise] = bot.rows(Promise)
    assert promise.due_at == due_on(date.fromisoformat(later), "America/New_York")


def test_a_redirect_needs_someone_and_a_real_name_in_the_draft(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.REDIRECT)

    nobody = submit(bot, view).json()
    assert nobody["response_action"] == "errors" and "who" in nobody["errors"]

    # "They already agreed", before anyone is named: the draft holds a placeholder, never sent as it is.
    view = change(bot, view, "redirect_options", redirect_options=["agreed"])
    assert "but [name] is" in initial(view, "draft") and initial(view, "redirect_options") == ["agreed"]
    outsider = submit(bot, view, who_name="Eva Klein", who_contact="eva@example.com").json()
    assert "Replace [name]" in next(iter(v for k, v in outsider["errors"].items() if k.startswith("draft")))
    assert posted(bot) == [] and bot.rows(Close) == []  # nothing sent, nothing lost: the modal stays open


def test_a_decline_goes_privately_to_the_introducer_only(bot: Bot) -> None:
    party_id = introduce(bot)
    view = open_modal(bot, party_id, Action.DECLINE)
    assert view["submit"]["text"] == "Send privately"
    assert initial(view, "draft").startswith("Hi Carla")
    assert initial(view, "check_first")  # the editable line about asking first

    before = datetime.now(UTC)
    response = submit(bot, view, reason="not_my_area")

    assert response.status == 200
    [dm_open] = bot.fake.calls_to("conversations.open")
    assert dm_open.params["users"] == CARLA
    [note] = posted(bot)
    assert note.params["channel"].startswith("D") and "thread_ts" not in note.params
    assert buttons(note.params["blocks"]) == ["I've passed it on"]
    # The ask to check first is a note for Carla, apart from the answer she is asked to pass on.
    quoted = [b["text"]["text"] for b in note.params["blocks"] if b["type"] == "section"]
    answer_block = next(t for t in quoted if "Hi Carla" in t)
    note_block = next(t for t in quoted if "note for you, not to pass on" in t)
    assert initial(view, "check_first") not in answer_block.replace("&gt; ", "")
    assert initial(view, "check_first") in note_block.replace("&gt; ", "")
    [stored] = bot.rows(Close)
    assert initial(view, "check_first") not in stored.text and stored.note == initial(view, "check_first")
    assert not [c for c in posted(bot) if c.params["channel"] == CHANNEL]  # nothing public
    assert "Nothing was posted in the channel" in prompt_replacement(bot)["text"]

    [promise] = bot.rows(Promise)
    assert (promise.kind, promise.owner_id) == (PromiseKind.RELAY_DECLINE, CARLA)
    assert timedelta(hours=47) < promise.due_at - before <= timedelta(hours=48, minutes=1)

    # Carla passes it on: the promise is kept and her button goes away.
    bot.fake.reset_calls()
    ts = note.response["ts"]
    bot.click(user=CARLA, action_id=Action.RELAYED, value=str(party_id), channel=note.params["channel"],
              message_ts=ts, message={"ts": ts, "blocks": note.params["blocks"]},
              response_url=bot.fake.response_url("note"))
    [promise] = bot.rows(Promise)
    assert promise.state is PromiseState.KEPT
    [update] = bot.fake.calls_to("response_url:note")
    assert update.params["replace_original"] is True and buttons(update.params["blocks"]) == []
    assert "You passed it on" in all_text(update.params["blocks"])


def test_wording_is_checked_once_and_can_still_be_sent(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.DIRECT)
    text = "So sorry Ben, I feel terrible, but let's circle back maybe later."

    first = submit(bot, view, draft=text).json()

    assert first["response_action"] == "update"
    warned = first["view"]
    warning = all_text(warned["blocks"])
    assert "Before you send" in warning and "circle back" in warning and "So sorry" in warning
    assert posted(bot) == [] and bot.rows(Close) == []

    second = submit(bot, warned, draft=text)  # the person chooses to send it as it is

    assert second.status == 200
    [close] = posted(bot)
    assert "circle back" in all_text(close.params["blocks"])


def test_too_long_a_close_is_refused_with_a_clear_message(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.DIRECT)
    answer = submit(bot, view, draft="word " * 399 + "words").json()
    [message] = answer["errors"].values()
    assert "2,000 characters" in message and "1,500" in message
    assert bot.rows(Close) == []


def test_a_double_submit_posts_one_close(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.DIRECT)
    values = state_of(view)
    responses = [bot.submit(user=ANA, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
                            values=values) for _ in range(2)]
    assert len(posted(bot)) == 1
    assert len(bot.rows(Close)) == 1
    assert responses[1].json()["response_action"] == "errors"  # "already answered", kindly


def test_typed_text_can_never_ping_the_channel(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.DIRECT)
    submit(bot, view, draft="Thanks! <!channel> @here <@U0DIEGO01> <https://evil.example|click>")
    [close] = posted(bot)
    text = all_text(close.params["blocks"]) + close.params["text"]
    assert "<!channel>" not in text and "<@U0DIEGO01>" not in text and "<https://" not in text
    assert "@here" not in text  # a zero-width space keeps it from being a ping
    assert "&lt;!channel&gt;" in text


@pytest.mark.parametrize(("action", "state", "says"), [
    (Action.CONNECT, PartyState.CONNECTED, "enjoy the conversation"),
    (Action.DISMISS, PartyState.DISMISSED, "not an intro"),
])
def test_answers_that_need_no_close(bot: Bot, action: Action, state: PartyState, says: str) -> None:
    party_id = introduce(bot)
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=action, value=str(party_id), response_url=bot.fake.response_url("prompt"))
    assert says in prompt_replacement(bot)["text"]
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [state]
    assert posted(bot) == []


def test_someone_else_cannot_answer_a_prompt(bot: Bot) -> None:
    party_id = introduce(bot)  # Ana's prompt
    bot.fake.reset_calls()
    bot.click(user=BEN, action_id=Action.CONNECT, value=str(party_id), response_url=bot.fake.response_url("ben"))
    bot.click(user=BEN, action_id=Action.DIRECT, value=str(party_id), response_url=bot.fake.response_url("ben"))

    assert bot.fake.calls_to("views.open") == []
    replies = bot.fake.calls_to("response_url:ben")
    assert len(replies) == 2 and all("meant for someone else" in r.params["text"] for r in replies)
    assert [p.state for p in bot.rows(Party) if p.user_id == ANA] == [PartyState.OPEN]


def test_a_second_click_on_an_answered_prompt_says_so(bot: Bot) -> None:
    party_id = introduce(bot)
    bot.click(user=ANA, action_id=Action.CONNECT, value=str(party_id), response_url=bot.fake.response_url("prompt"))
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.DIRECT, value=str(party_id), response_url=bot.fake.response_url("prompt"))
    [reply] = bot.fake.calls_to("response_url:prompt")
    assert "already" in reply.params["text"] and reply.params["replace_original"] is True
    assert bot.fake.calls_to("views.open") == []


def test_a_close_slack_refuses_for_now_is_kept_and_posted_later(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.DIRECT)
    bot.fake.fail_next("chat.postMessage", status=500, times=3)  # the first try and the client's two retries

    submit(bot, view)

    assert posted(bot) == []
    assert "It's saved" in prompt_replacement(bot)["text"]
    [pending] = bot.rows(Close)
    assert (pending.status, pending.attempts, pending.last_error) == (CloseStatus.PENDING, 1, "slack:500")
    with bot.session() as session:  # what an operator sees with `python -m bot status`
        assert describe_status(work_status(session)).splitlines()[0] == "closes: 1 waiting to retry, 0 failed"

    # The due-work loop, a few minutes later, posts it once.
    deps = Deps(sessions=bot.sessions, people=PeopleDirectory())
    later = datetime.now(UTC) + timedelta(minutes=5)
    redeliver_due(deps, lambda team: bot.app.client, lambda: later)
    redeliver_due(deps, lambda team: bot.app.client, lambda: later)
    [close] = posted(bot)
    assert close.params["thread_ts"] == INTRO_TS
    [sent] = bot.rows(Close)
    assert (sent.status, sent.due_at) == (CloseStatus.POSTED, None)


def home_toggles(view: dict[str, Any]) -> list[str]:
    return [b["accessory"]["action_id"] for b in view["blocks"] if "accessory" in b]


def test_turning_prompts_off_and_on(bot: Bot) -> None:
    bot.command("prompts off", user=ANA, response_url=bot.fake.response_url("command"))
    [reply] = bot.fake.calls_to("response_url:command")
    assert "Intro prompts are off" in reply.params["text"]
    assert home_toggles(bot.fake.home_views[ANA]) == [Action.EDIT_PREFS, Action.PROMPTS_ON, Action.DIGEST_OFF]

    bot.fake.reset_calls()
    bot.say(f"<@{ANA}> meet <@{BEN}>")
    assert [c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral")] == [BEN]
    assert {p.user_id: p.state for p in bot.rows(Party)} == {ANA: PartyState.QUIET, BEN: PartyState.OPEN}

    bot.click(user=ANA, action_id=Action.PROMPTS_ON)  # from the Home tab
    bot.fake.reset_calls()
    bot.say(f"<@{ANA}> meet <@{DIEGO}>")
    assert sorted(c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral")) == [ANA, DIEGO]


def test_the_prompt_menu_turns_prompts_off(bot: Bot) -> None:
    introduce(bot)
    bot.click(user=ANA, action_id=Action.PROMPT_MENU, action_type="overflow", selected_option_value="prompts_off",
              response_url=bot.fake.response_url("menu"))
    [reply] = bot.fake.calls_to("response_url:menu")
    assert "Intro prompts are off" in reply.params["text"]
    bot.fake.reset_calls()
    bot.say(f"<@{ANA}> meet <@{DIEGO}>")
    assert [c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral")] == [DIEGO]


def test_unknown_subcommands_get_help(bot: Bot) -> None:
    answer = bot.command("frobnicate @channel")
    assert answer.status == 200
    text = answer.body
    assert "I don't know `/intro frobnicate @\u200bchannel`" in text and "/intro prompts off" in text


def test_a_close_slack_refuses_for_good_is_handed_back_and_reported(bot: Bot) -> None:
    view = open_modal(bot, introduce(bot), Action.DIRECT)
    bot.fake.fail_next("chat.postMessage", status=500, times=3)
    submit(bot, view, draft="Thanks, Ben, but it's a pass from me. Best of luck!")
    bot.fake.fail_next("chat.postMessage", error="channel_not_found")  # e.g. the channel was deleted meanwhile

    later = datetime.now(UTC) + timedelta(minutes=5)
    redeliver_due(Deps(sessions=bot.sessions, people=PeopleDirectory()), lambda team: bot.app.client, lambda: later)

    [failed] = bot.rows(Close)
    assert (failed.status, failed.due_at, failed.last_error) == (CloseStatus.FAILED, None, "slack:channel_not_found")
    [handed_back] = bot.fake.calls_to("chat.postMessage")  # the words go back to their author
    assert handed_back.params["channel"] == "D0ANA0001" and "it's a pass from me" in handed_back.params["text"]
    with bot.session() as session:
        assert describe_status(work_status(session)).splitlines()[0] == (
            "closes: 0 waiting to retry, 1 failed (slack:channel_not_found x1)")
