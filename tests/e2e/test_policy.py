"""A personal intro policy: set in /intro prefs, shown to whoever proposes an intro, cited by a one-click decline."""

from __future__ import annotations

from datetime import date, timedelta

from bot.blocks.ids import CLOSE_MODAL, PREFS_MODAL, Action
from bot.db.models import UserPrefs
from bot.domain.optin import IntroPolicy
from tests.e2e.conftest import ANA, BEN, Bot
from tests.e2e.modal import initial
from tests.e2e.steps import INTRO_TS, MARCH, WHY, all_text, ask_carla_intro, buttons, open_home, open_modal, set_policy


def test_prefs_opens_a_form_and_checks_it(bot: Bot) -> None:
    bot.fake.reset_calls()
    bot.command("prefs", user=BEN)
    [opened] = bot.fake.calls_to("views.open")
    assert opened.params["view"]["callback_id"] == PREFS_MODAL

    no_date = set_policy(bot, BEN, policy="busy").json()
    assert no_date["response_action"] == "errors" and "prefs_busy_until" in no_date["errors"]
    no_topics = set_policy(bot, BEN, policy="topics").json()
    assert "prefs_topics" in no_topics["errors"]
    assert bot.rows(UserPrefs) == []

    set_policy(bot, BEN, policy="busy", busy_until=MARCH.isoformat(), note="heads-down on a launch",
               notify=("prompts_enabled",))
    [prefs] = bot.rows(UserPrefs)
    assert (prefs.policy, prefs.busy_until, prefs.policy_note, prefs.digest_enabled) == (
        IntroPolicy.BUSY, MARCH, "heads-down on a launch", False)
    assert "not taking intros until" in all_text(open_home(bot, BEN)["blocks"])


def test_the_prompt_offers_a_decline_that_cites_the_policy(bot: Bot) -> None:
    set_policy(bot, BEN, policy="topics", topics="hiring and pricing")
    bot.fake.reset_calls()
    bot.say(f"<@{ANA}> meet <@{BEN}>, you should compare notes", ts=INTRO_TS)

    prompts = {c.params["user"]: c.params["blocks"] for c in bot.fake.calls_to("chat.postEphemeral")}
    assert "Decline: my intro policy" in buttons(prompts[BEN])
    assert "Decline: my intro policy" not in buttons(prompts[ANA])

    party_id = int(prompts[BEN][1]["elements"][0]["value"])
    view = open_modal(bot, party_id, Action.DECLINE_BY_POLICY, user=BEN)
    assert view["callback_id"] == CLOSE_MODAL and view["title"]["text"] == "Decline privately"
    assert "only taking intros about hiring and pricing" in initial(view, "draft")


def test_an_expired_busy_policy_no_longer_declines(bot: Bot) -> None:
    set_policy(bot, BEN, policy="busy", busy_until=(date.today() + timedelta(days=1)).isoformat())
    with bot.session() as session:  # the date passes
        session.query(UserPrefs).update({"busy_until": date.today() - timedelta(days=1)})
        session.commit()
    bot.fake.reset_calls()
    bot.say(f"<@{ANA}> meet <@{BEN}>")
    [ben] = [c for c in bot.fake.calls_to("chat.postEphemeral") if c.params["user"] == BEN]
    assert "Decline: my intro policy" not in buttons(ben.params["blocks"])


def test_whoever_proposes_an_intro_sees_the_policy(bot: Bot) -> None:
    set_policy(bot, BEN, policy="busy", busy_until=MARCH.isoformat())
    told = ask_carla_intro(bot, f"<@{ANA}> <@{BEN}> {WHY}")
    assert f"<@{BEN}>'s intro policy: not taking intros until" in told
    assert f"<@{ANA}>'s intro policy" not in told
