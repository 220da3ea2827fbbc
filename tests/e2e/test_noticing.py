"""From a message in a channel to a private prompt for each introduced person (and silence otherwise)."""

from __future__ import annotations

from sqlalchemy import inspect

from bot.db.models import Intro, Party
from bot.domain.states import PartyState
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, DIEGO, GONE, ROBOT, STRANGER, Bot
from tests.e2e.steps import PROMPT_BUTTONS, all_text, buttons
from tests.support import slack_requests as req


def test_an_intro_prompts_each_introduced_person_privately(bot: Bot) -> None:
    response = bot.say(f"<@{ANA}> meet <@{BEN}>, you both work on pricing", ts="1763800000.000100")

    assert response.status == 200
    prompts = bot.fake.calls_to("chat.postEphemeral")
    assert sorted(c.params["user"] for c in prompts) == [ANA, BEN]
    for call in prompts:
        assert call.params["channel"] == CHANNEL
        assert "thread_ts" not in call.params or not call.params["thread_ts"]  # a top-level intro
        blocks = call.params["blocks"]
        assert buttons(blocks) == PROMPT_BUTTONS
        other = BEN if call.params["user"] == ANA else ANA
        text = all_text(blocks)
        assert f"<@{CARLA}> introduced you to <@{other}>" in text
        assert "https://fake.slack.com/archives/" in text  # a link to the intro
    assert not bot.fake.calls_to("chat.postMessage")  # nothing public

    [intro] = bot.rows(Intro)
    assert (intro.team_id, intro.channel_id, intro.message_ts, intro.introducer_id) == (
        "T1", CHANNEL, "1763800000.000100", CARLA)
    assert {(p.user_id, p.state) for p in bot.rows(Party)} == {(ANA, PartyState.OPEN), (BEN, PartyState.OPEN)}
    assert all(p.prompted_at is not None for p in bot.rows(Party))


def test_the_message_text_is_never_stored() -> None:
    columns = {c.key for c in inspect(Intro).columns} | {c.key for c in inspect(Party).columns}
    assert not {"text", "message_text", "body"} & columns


def test_an_intro_in_a_thread_prompts_in_that_thread(bot: Bot) -> None:
    bot.say(f"Looping in <@{BEN}>: <@{ANA}> is the person I mentioned who is hiring", thread_ts="1763700000.000001")

    prompts = bot.fake.calls_to("chat.postEphemeral")
    assert len(prompts) == 2
    assert {c.params["thread_ts"] for c in prompts} == {"1763700000.000001"}
    [intro] = bot.rows(Intro)
    assert intro.thread_ts == "1763700000.000001"


def test_everyday_chatter_gets_no_prompt_and_nothing_is_stored(bot: Bot) -> None:
    for text in (
        f"<@{ANA}> and <@{BEN}> will meet the customer Thursday",
        f"looping in <@{BEN}> to take this ticket, <@{ANA}> is out",
        f"thanks <@{ANA}> for introducing me to <@{BEN}> last week!",
        f"<@{ANA}> could you introduce me to <@{BEN}>?",
        f"<@{ANA}> <@{BEN}> introducing the new on-call schedule",
        "I introduced a bug, sorry all",
    ):
        bot.say(text)
    assert not bot.fake.calls_to("chat.postEphemeral")
    assert not bot.fake.calls_to("chat.postMessage")
    assert bot.rows(Intro) == []


def test_bots_edits_and_housekeeping_are_ignored(bot: Bot) -> None:
    intro = f"<@{ANA}> meet <@{BEN}>!"
    bot.say(intro, bot_id="B0OTHER")  # a bot without the bot_message subtype
    bot.say(intro, subtype="bot_message", bot_id="B0OTHER")
    bot.say(intro, subtype="message_changed")
    bot.say(intro, subtype="channel_join")
    bot.say(intro, channel="D0DIRECT1", channel_type="im")  # 1:1 DMs are not where intros happen
    assert not bot.fake.calls_to("chat.postEphemeral")
    assert bot.rows(Intro) == []


def test_the_author_and_bots_are_never_prompted(bot: Bot) -> None:
    bot.say(f"<@{ANA}> meet <@{ROBOT}>")  # a person and a bot: not an intro between people
    bot.say(f"<@{ANA}> meet <@{GONE}>")  # a deactivated account
    assert not bot.fake.calls_to("chat.postEphemeral")

    bot.say(f"<@{ANA}> meet <@{BEN}> and <@{ROBOT}>", user=CARLA)
    assert sorted(c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral")) == [ANA, BEN]


def test_a_redelivered_event_prompts_once(bot: Bot) -> None:
    text, ts = f"<@{ANA}> <> <@{BEN}>".replace("<>", "&lt;&gt;"), "1763800000.000777"
    for retry in (None, 1, 2, 3):
        assert bot.say(text, ts=ts, event_id="Ev0SAME", retry_num=retry).status == 200
    assert len(bot.fake.calls_to("chat.postEphemeral")) == 2
    assert len(bot.rows(Intro)) == 1


def test_someone_outside_the_channel_gets_the_prompt_by_dm(bot: Bot) -> None:
    bot.say(f"<@{ANA}> meet <@{STRANGER}>, you should compare notes")

    assert [c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral") if not c.failed] == [ANA]
    [dm_open] = bot.fake.calls_to("conversations.open")
    assert dm_open.params["users"] == STRANGER
    [dm] = bot.fake.calls_to("chat.postMessage")
    assert dm.params["channel"].startswith("D")
    assert buttons(dm.params["blocks"]) == PROMPT_BUTTONS
    assert f"in <#{CHANNEL}>" in all_text(dm.params["blocks"])
    stranger = next(p for p in bot.rows(Party) if p.user_id == STRANGER)
    assert stranger.prompt_channel_id == dm.params["channel"] and stranger.prompt_ts


def test_group_dm_intros_are_noticed(bot: Bot) -> None:
    bot.fake.add_channel("G0GROUPDM", members=[CARLA, ANA, DIEGO, "UBOT"], is_mpim=True)
    bot.say(f"<@{ANA}>, this is <@{DIEGO}>; he ran growth at two fintechs", channel="G0GROUPDM", channel_type="mpim")
    assert sorted(c.params["user"] for c in bot.fake.calls_to("chat.postEphemeral")) == [ANA, DIEGO]


def test_an_event_is_answered_with_its_length_so_slack_need_not_wait_for_the_close(bot: Bot) -> None:
    """The 200 is whole as soon as its bytes arrive (a Content-Length), not when the connection closes, which
    comes after the listener's work is handed on."""
    answer = bot.poster.post_event(req.message_event(text="lunch?", user=CARLA, channel=CHANNEL,
                                                     ts="1763800000.000900", team_id="T1"))
    assert answer.status == 200
    assert {k.lower(): v for k, v in answer.headers.items()}.get("content-length") == str(len(answer.body))
