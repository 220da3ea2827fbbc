"""Block Kit, pure: what the opt-in, no-thanks and intro-request modals carry in `private_metadata`.

The builder writes it and the submission's listener reads it with the same class, so both agree on its keys.
Metadata the app never wrote (not a JSON object, an id no row can have, a response_url that is not text) names
nothing: NotFound, a kind reply, never a stack trace. The close modal's and the shortcut's are in close_form.py and
shortcut_meta.py.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from bot.blocks.ids import json_object, row_id
from bot.services.errors import NotFound


def _object(raw: Any) -> dict[str, Any]:
    data = json_object(raw or "{}")  # a view opened without metadata hands back ""
    if data is None:
        raise NotFound()
    return data


def _url(raw: Any) -> str | None:
    if raw is not None and not isinstance(raw, str):
        raise NotFound()
    return raw or None


def _text(raw: Any) -> str | None:
    return raw if isinstance(raw, str) and raw else None


def _optional_id(raw: Any) -> int | None:
    return row_id(raw) if raw is not None else None


class _Json:
    __slots__ = ()

    def dump(self) -> str:
        return json.dumps(asdict(self))  # type: ignore[call-overload]


@dataclass(frozen=True, slots=True)
class OptInMeta(_Json):
    """The /intro modal (ask two people first). Opened from a promise nudge it keeps that redirect promise; from an
    intro request, it answers that ask; either way the message's buttons (response_url) give way to the outcome."""

    promise_id: int | None = None
    ask_id: int | None = None
    response_url: str | None = None

    @classmethod
    def load(cls, raw: Any) -> OptInMeta:
        data = _object(raw)
        ask_id = data.get("ask_id")
        return cls(promise_id=_optional_id(data.get("promise_id")), ask_id=row_id(ask_id) if ask_id else None,
                   response_url=_url(data.get("response_url")))


@dataclass(frozen=True, slots=True)
class NoThanksMeta(_Json):
    """The "No thanks" note: which double opt-in request it answers."""

    request_id: int
    warned: str | None = None  # the note's hash once its wording was warned about (sent again, it goes as is)

    @classmethod
    def load(cls, raw: Any) -> NoThanksMeta:
        data = _object(raw)
        return cls(request_id=row_id(data.get("request_id")), warned=_text(data.get("warned")))


@dataclass(frozen=True, slots=True)
class AskMeta(_Json):
    """The introducer's decline or suggestion for an intro request, and the request message to update."""

    ask_id: int
    response_url: str | None = None
    warned: str | None = None  # the answer's hash once its wording was warned about (sent again, it goes as is)

    @classmethod
    def load(cls, raw: Any) -> AskMeta:
        data = _object(raw)
        return cls(ask_id=row_id(data.get("ask_id")), response_url=_url(data.get("response_url")),
                   warned=_text(data.get("warned")))


def view_metadata(body: dict[str, Any]) -> Any:
    """The raw `private_metadata` of the view a request came from (None when there is no view)."""
    view = body.get("view")
    return view.get("private_metadata") if isinstance(view, dict) else None
