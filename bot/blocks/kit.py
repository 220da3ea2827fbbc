"""Block Kit, pure: the small Block Kit pieces every builder uses."""

from __future__ import annotations

from typing import Any


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}
