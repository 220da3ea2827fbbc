"""Flows: a person's own data: shown to them (`/intro export`), or deleted when they confirm (`/intro delete`)."""

from __future__ import annotations

from bot.blocks.kit import Block
from bot.blocks.my_data import export_blocks
from bot.flows.deps import Deps
from bot.services.erasure import delete_person, export_person


def export_message(d: Deps, *, team_id: str, user_id: str) -> list[Block]:
    """Everything stored about the person in this workspace, as the blocks of a private reply."""
    with d.sessions.begin() as session:
        data = export_person(session, team_id=team_id, user_id=user_id)
    return export_blocks(data)


def delete_data(d: Deps, *, team_id: str, user_id: str) -> None:
    """Erase the person from this workspace; deleting again finds nothing more to delete."""
    with d.sessions.begin() as session:
        delete_person(session, team_id=team_id, user_id=user_id)
