"""What is stored can be deleted: the whole workspace on uninstall, one person on request, the old on a schedule;
a person can see theirs; and one workspace never reaches another's rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.blocks.ids import CLOSE_MODAL, Action
from bot.db.models import Base, Close, Intro, Party, UserPrefs
from bot.domain.states import PartyState
from bot.services.erasure import REMOVED, purge_older_than
from tests.e2e.conftest import ANA, BEN, CARLA, OTHER_TEAM, TEAM, Bot
from tests.e2e.modal import state_of
from tests.e2e.steps import introduce, open_modal
from tests.support import slack_requests as req


def counts(bot: Bot, team_id: str) -> dict[str, int]:
    with bot.session() as session:
        return {t.name: session.scalar(select(func.count()).select_from(t).where(t.c.team_id == team_id)) or 0
                for t in Base.metadata.sorted_tables if "team_id" in t.c}


def close_directly(bot: Bot, user: str = ANA) -> None:
    view = open_modal(bot, introduce(bot), Action.DIRECT, user=user)
    bot.submit(user=user, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
               values=state_of(view, draft="Thanks Carla and Ben, it's a pass from me. Best of luck!"))


def other_workspace_rows(bot: Bot) -> None:
    with bot.sessions.begin() as session:
        intro = Intro(team_id=OTHER_TEAM, channel_id="C9", message_ts="1.1", thread_ts="1.1", introducer_id="U9",
                      created_at=datetime.now(UTC))
        intro.parties = [Party(team_id=OTHER_TEAM, user_id="U8", state=PartyState.OPEN, attempts=0,
                               updated_at=datetime.now(UTC))]
        session.add(intro)


def test_uninstalling_deletes_everything_stored_for_that_workspace_only(bot: Bot) -> None:
    close_directly(bot)
    bot.command("prompts off", user=BEN)
    other_workspace_rows(bot)
    assert counts(bot, TEAM)["closes"] == 1 and counts(bot, TEAM)["user_prefs"] == 1

    event = {"token": "t", "team_id": TEAM, "api_app_id": "A1", "type": "event_callback", "event_id": "EvUNINSTALL",
             "event_time": 1, "event": {"type": "app_uninstalled", "event_ts": "1.0"}}
    assert bot.poster.post_event(event).status == 200
    bot.settle()

    assert set(counts(bot, TEAM).values()) == {0}
    assert counts(bot, OTHER_TEAM)["intros"] == 1 and counts(bot, OTHER_TEAM)["intro_parties"] == 1


def test_export_and_delete_in_another_workspace_see_and_touch_only_that_workspace(bot: Bot) -> None:
    close_directly(bot)  # Ana's data in this workspace
    before = counts(bot, TEAM)
    bot.fake.reset_calls()

    bot.poster.post_command(req.slash_command(text="export", user=ANA, team_id=OTHER_TEAM,
                                              response_url=bot.fake.response_url("export")))
    bot.poster.post_interaction(req.block_action(team_id=OTHER_TEAM, user=ANA, action_id=Action.DELETE_MY_DATA,
                                                 response_url=bot.fake.response_url("delete")))
    bot.settle()

    [export] = bot.fake.calls_to("response_url:export")
    assert "Thanks Carla and Ben" not in json.dumps(export.params) and "C1GENERAL" not in json.dumps(export.params)
    assert "deleted" in bot.fake.calls_to("response_url:delete")[0].params["text"]
    assert counts(bot, TEAM) == before  # this workspace's rows are all still here


def test_a_person_can_export_their_data(bot: Bot) -> None:
    close_directly(bot)
    bot.fake.reset_calls()
    bot.command("export", user=ANA, response_url=bot.fake.response_url("export"))
    [reply] = bot.fake.calls_to("response_url:export")
    text = "".join(b["text"]["text"].strip("`") for b in reply.params["blocks"])
    data = json.loads(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    assert [c["text"] for c in data["closes_you_wrote"]] == ["Thanks Carla and Ben, it's a pass from me. Best of luck!"]
    assert {p["user_id"] for p in data["intros_you_were_in"]} == {ANA}
    assert data["intros_you_made"] == []


def test_a_person_can_delete_their_data_and_others_keep_theirs(bot: Bot) -> None:
    close_directly(bot)
    offer = bot.command("delete", user=ANA).json()
    assert offer["blocks"][1]["elements"][0]["confirm"]  # a confirmation dialog first

    bot.fake.reset_calls()
    bot.click(user=ANA, action_id=Action.DELETE_MY_DATA, response_url=bot.fake.response_url("delete"))

    assert "deleted" in bot.fake.calls_to("response_url:delete")[0].params["text"]
    assert [p.user_id for p in bot.rows(Party)] == [BEN]  # Ben's side of the intro stays
    assert bot.rows(Close) == [] and bot.rows(UserPrefs) == []

    bot.click(user=CARLA, action_id=Action.DELETE_MY_DATA, response_url=bot.fake.response_url("carla"))
    [intro] = bot.rows(Intro)
    assert intro.introducer_id == REMOVED  # Ben's intro no longer names Carla


def test_closed_intros_older_than_the_retention_period_are_purged(bot: Bot) -> None:
    close_directly(bot)  # Ana closed; Ben's side is still open
    old = datetime.now(UTC) + timedelta(days=200)
    with bot.sessions.begin() as session:
        assert purge_older_than(session, now=old, retention=timedelta(days=180)) == 0  # Ben is still open
    with bot.sessions.begin() as session:
        session.query(Party).filter(Party.user_id == BEN).update({"state": PartyState.CONNECTED})
    with bot.sessions.begin() as session:
        assert purge_older_than(session, now=datetime.now(UTC), retention=timedelta(days=180)) == 0
        assert purge_older_than(session, now=old, retention=timedelta(days=180)) == 1
    assert bot.rows(Intro) == [] and bot.rows(Party) == [] and bot.rows(Close) == []
