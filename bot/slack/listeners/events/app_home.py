"""Slack layer: the Home tab, published when a person opens it or changes a setting."""

from __future__ import annotations

from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.services.prefs import prefs_of
from bot.slack.blocks.home import build_home
from bot.slack.deps import Deps, deps


def publish_home(d: Deps, client: WebClient, *, team_id: str, user_id: str) -> None:
    with d.sessions.begin() as session:
        prefs = prefs_of(session, team_id=team_id, user_id=user_id)
    client.views_publish(user_id=user_id, view=build_home(prefs))


def show_home(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    if event.get("tab", "home") != "home":
        return
    publish_home(deps(context), client, team_id=context.team_id or "", user_id=event["user"])
