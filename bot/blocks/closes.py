"""Block Kit, pure: a close as it is posted in a person's name, with the note that the app sent it."""

from __future__ import annotations

from typing import Any

from bot.blocks.mrkdwn import chunks, escape

APP_NAME = "Intro Etiquette"


def posted_close(safe_text: str, author_name: str) -> list[dict[str, Any]]:
    """`safe_text`: mrkdwn already escaped. Posted through a response_url (no name or picture of the person),
    the note is what says who wrote it."""
    note = f"Sent by {escape(author_name)} with {APP_NAME}"
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece, "verbatim": True}} for piece in chunks(safe_text)
    ]
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": note, "verbatim": True}]})
    return blocks
