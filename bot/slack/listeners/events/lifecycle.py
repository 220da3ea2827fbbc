"""Slack layer: the app was uninstalled or its tokens revoked: everything stored for that workspace goes."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import BoltContext

from bot.services.erasure import delete_workspace
from bot.slack.context import deps

log = logging.getLogger(__name__)


def forget_workspace(event: dict[str, Any], context: BoltContext, body: dict[str, Any]) -> None:
    team_id = context.team_id or body.get("team_id") or ""
    if not team_id:
        return
    with deps(context).sessions.begin() as session:
        removed = delete_workspace(session, team_id=team_id)
    log.info("%s: deleted %d stored rows for workspace %s", event.get("type"), removed, team_id)
