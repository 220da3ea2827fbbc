"""Slack layer: one tick of the due-work loop: retry undelivered prompts and closes, then send due nudges."""

from __future__ import annotations

from datetime import datetime

from slack_sdk import WebClient

from bot.domain.nudging import WorkingHours
from bot.slack.deps import Deps
from bot.slack.nudges import send_due_nudges
from bot.slack.outbox import redeliver_due


def run_due_work(d: Deps, client: WebClient, now: datetime, hours: WorkingHours) -> None:
    redeliver_due(d, client, now)
    send_due_nudges(d, client, now, hours)
