"""Domain: text that still holds a placeholder or an instruction to its writer is refused before it is sent.

A draft may leave a gap for the person to fill ("[name]"); a prefilled text may carry a hint. Sent as is, either
tells its reader the message was a template nobody finished.
"""

from __future__ import annotations

import re

from bot.domain.i18n import _

# A short gap in brackets or braces ("[name]", "[date]", "{name}", "<name>"), or a hint in parentheses telling the
# writer what to add. Links and mentions are Slack's <...> markup, never a gap: those start with @, #, ! or a scheme.
_GAP = re.compile(
    r"\[[^\[\]\n]{1,40}\]|\{[^{}\n]{1,40}\}|<(?![@#!]|https?:|mailto:)[a-z][a-z _-]{0,30}>"
    r"|\((?:add|write|insert|say|explain|fill in|replace) (?:a|an|the|your|some|here)\b[^()\n]{0,120}\)",
    re.IGNORECASE,
)


def leftover_placeholder(text: str) -> str | None:
    """The first placeholder or writer's hint still in `text`, as written, or None."""
    found = _GAP.search(text)
    return found.group(0) if found else None


def placeholder_problem(text: str | None) -> str | None:
    """What to tell the writer when their text still holds a placeholder, else None."""
    gap = leftover_placeholder(text or "")
    return None if gap is None else _("Replace {gap} with your own words before sending.", gap=gap)
