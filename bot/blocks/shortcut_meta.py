"""Block Kit, pure: what the "Close this intro" modals carry in `private_metadata` (ids, never message text),
so whichever instance gets the next request can act on it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from bot.blocks.ids import json_object
from bot.domain.shortcut import Role


@dataclass(frozen=True, slots=True)
class ChooserMeta:
    """The ways-to-close modal: the shortcut's response_url, through which a close reaches a conversation the
    bot is not in."""

    response_url: str | None = None

    def dump(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def load(cls, raw: Any) -> ChooserMeta:
        url = (json_object(raw) or {}).get("response_url")
        return cls(response_url=url if isinstance(url, str) else None)


@dataclass(frozen=True, slots=True)
class WhoMeta:
    """The who-was-introduced modal: where the message is and who wrote it."""

    role: Role
    channel_id: str
    message_ts: str
    thread_ts: str | None
    introducer_id: str
    missed: bool
    response_url: str | None = None
    # The message's language and register (bot/domain/draft_voice.py), read while its words were at hand: the
    # drafts follow them. Unknown values read as unsure.
    lang: str | None = None
    register: str | None = None

    def dump(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def load(cls, raw: Any) -> WhoMeta:
        """Raises ValueError when the metadata is not one this app wrote."""
        data = json_object(raw)
        if data is None:
            raise ValueError("not a who-modal's metadata")
        strings = ("role", "channel_id", "message_ts", "introducer_id")
        if not all(isinstance(data.get(k), str) and data[k] for k in strings) \
                or not all(isinstance(data.get(k), str | None) for k in ("thread_ts", "response_url")) \
                or not isinstance(data.get("missed"), bool):
            raise ValueError("not a who-modal's metadata")
        return cls(role=Role(data["role"]), channel_id=data["channel_id"], message_ts=data["message_ts"],
                   thread_ts=data.get("thread_ts"), introducer_id=data["introducer_id"], missed=data["missed"],
                   response_url=data.get("response_url"),
                   lang=data["lang"] if isinstance(data.get("lang"), str) else None,
                   register=data["register"] if isinstance(data.get("register"), str) else None)
