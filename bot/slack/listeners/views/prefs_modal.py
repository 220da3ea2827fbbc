"""Slack layer: saving the settings form (`/intro prefs`, or the Home tab's button)."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.optin import IntroPolicy, Policy
from bot.domain.timing import local_today
from bot.services.prefs import Prefs, Setting, save_prefs
from bot.slack.context import deps
from bot.blocks.ids import PrefsField
from bot.slack.listeners.events.app_home import refresh_home

FIELDS = {"busy_until": PrefsField.BUSY_UNTIL, "topics": PrefsField.TOPICS}


def read_prefs(values: dict[str, dict[str, dict[str, Any]]]) -> Prefs:
    def element(field: PrefsField) -> dict[str, Any]:
        return values.get(field, {}).get(field, {})

    kind = (element(PrefsField.POLICY).get("selected_option") or {}).get("value") or IntroPolicy.OPEN
    busy = element(PrefsField.BUSY_UNTIL).get("selected_date")
    notify = {o["value"] for o in element(PrefsField.NOTIFY).get("selected_options") or []}
    return Prefs(
        prompts_enabled=Setting.PROMPTS.value in notify,
        digest_enabled=Setting.DIGEST.value in notify,
        policy=Policy(IntroPolicy(kind), date.fromisoformat(busy) if busy else None,
                      (element(PrefsField.TOPICS).get("value") or "").strip() or None,
                      (element(PrefsField.NOTE).get("value") or "").strip() or None),
    )


def submit_prefs(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, user_id, team_id = deps(context), body["user"]["id"], context.team_id or ""
    prefs = read_prefs(body["view"]["state"]["values"])
    today = local_today(utcnow(), d.people.get(client, team_id, user_id).tz)
    problems = prefs.policy.problems(today)
    if problems:
        ack(response_action="errors", errors={FIELDS[name]: text for name, text in problems.items()})
        return
    ack()
    with d.sessions.begin() as session:
        save_prefs(session, team_id=team_id, user_id=user_id, prefs=prefs, now=utcnow())
    refresh_home(d, client, team_id=team_id, user_id=user_id)
