"""Slack layer: the Home tab, published when a person opens it (see bot/flows/home.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.flows.home import publish_home
from bot.slack.context import deps, team_of


def show_home(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    if event.get("tab", "home") != "home" or not isinstance(event.get("user"), str):
        return  # not the Home tab, or no one to show it to
    publish_home(deps(context), client, team_id=team_of(context), user_id=event["user"], now=utcnow())
