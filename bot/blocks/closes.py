"""Block Kit, pure: a close as it is posted in a person's name, with the note that the app sent it."""

from __future__ import annotations

from bot.blocks.kit import Block, context, section
from bot.blocks.mrkdwn import chunks, escape
from bot.domain.i18n import _

APP_NAME = "Intro Etiquette"


def posted_close(safe_text: str, author_name: str) -> list[Block]:
    """`safe_text`: mrkdwn already escaped. Posted through a response_url (no name or picture of the person),
    the note is what says who wrote it."""
    note = _("Sent by {name} with {app}", name=escape(author_name), app=APP_NAME)
    return [*(section(piece, verbatim=True) for piece in chunks(safe_text)), context(note, verbatim=True)]
