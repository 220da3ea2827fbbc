"""Slack layer: the app was uninstalled or its tokens revoked: everything stored for that workspace goes
(see bot/flows/workspace.py)."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext

from bot.flows.workspace import forget_workspace as forget
from bot.slack.context import deps, team_of

log = logging.getLogger(__name__)


def forget_workspace(event: dict[str, Any], context: BoltContext, body: dict[str, Any]) -> None:
    team_id = team_of(context) or (body["team_id"] if isinstance(body.get("team_id"), str) else "")
    if not team_id:
        return
    removed = forget(deps(context), team_id=team_id)
    log.info("%s: deleted %d stored rows for workspace %s", event.get("type"), removed, team_id)
