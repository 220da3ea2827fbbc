"""Block Kit, pure: make text that people typed safe to post as mrkdwn.

Escaping &, < and > means typed text can never form a mention (`<!channel>`,
`<@U1>`, `<!subteam^S1>`) or a link; a zero-width space after a typed
@channel/@here/@everyone keeps Slack from treating the plain words as a ping.
"""

from __future__ import annotations

import re

from bot.blocks.kit import MAX_SECTION_TEXT

SECTION_LIMIT = MAX_SECTION_TEXT
_BROADCAST = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_ZWSP = "\u200b"


def escape(text: str) -> str:
    return _BROADCAST.sub(lambda m: "@" + _ZWSP + m.group(1), _entities(text))


def code(text: str) -> str:
    """Text for inside a ``` code block: escaped like any text (no mention or link can form), and with no ```
    of its own to end the block early. Left otherwise as it is, so it can be copied out."""
    return _entities(text).replace("```", "'''")


def _entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split escaped text into pieces a section block accepts, at spaces, never inside an entity."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        amp = text.rfind("&", 0, cut)
        if amp > 0 and ";" not in text[amp:cut]:
            cut = amp  # do not split "&amp;" in two
        pieces.append(text[:cut])
        text = text[cut:].lstrip(" ")
    if text:
        pieces.append(text)
    return pieces


def quote(text: str) -> str:
    """Escaped text as a block quote, line by line."""
    return "\n".join("&gt; " + line for line in escape(text).split("\n"))
