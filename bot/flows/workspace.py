"""Flows: a workspace that uninstalled the app or revoked its tokens: everything stored for it goes."""

from __future__ import annotations

from bot.flows.deps import Deps
from bot.services.erasure import delete_workspace


def forget_workspace(d: Deps, *, team_id: str) -> int:
    """Delete every row stored for the workspace; returns how many."""
    with d.sessions.begin() as session:
        return delete_workspace(session, team_id=team_id)
