"""Slack layer: saving the settings form (`/intro prefs`, or the Home tab's button; see bot/flows/settings.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.blocks.forms import FormValues
from bot.blocks.ids import PrefsField
from bot.clock import utcnow
from bot.domain.languages import LANGS
from bot.domain.optin import IntroPolicy, Policy
from bot.flows.settings import save_settings, today_for
from bot.services.prefs import Prefs, Setting
from bot.slack.context import actor, deps

FIELDS = {"busy_until": PrefsField.BUSY_UNTIL, "topics": PrefsField.TOPICS}


def read_prefs(values: FormValues) -> Prefs:
    notify = values.options(PrefsField.NOTIFY)
    return Prefs(
        prompts_enabled=Setting.PROMPTS.value in notify,
        digest_enabled=Setting.DIGEST.value in notify,
        policy=Policy(IntroPolicy(values.option(PrefsField.POLICY) or IntroPolicy.OPEN),
                      values.day(PrefsField.BUSY_UNTIL), values.text(PrefsField.TOPICS), values.text(PrefsField.NOTE)),
        language=_chosen_language(values.option(PrefsField.LANGUAGE)),
    )


def _chosen_language(value: str | None) -> str | None:
    """The menu's value: a language code, or None for Slack's own (automatic; also anything unexpected)."""
    return value if value in LANGS else None


def submit_prefs(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    d, who = deps(context), actor(body, context)
    prefs = read_prefs(FormValues.of(body))
    today = today_for(d, client, team_id=who.team_id, user_id=who.user_id, now=utcnow())
    problems = prefs.policy.problems(today)
    if problems:
        ack(response_action="errors", errors={FIELDS[name]: text for name, text in problems.items()})
        return
    ack()
    save_settings(d, client, team_id=who.team_id, user_id=who.user_id, prefs=prefs, now=utcnow())
