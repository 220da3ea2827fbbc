"""Signed requests to the bot's real HTTP endpoint, and builders for the payloads Slack sends.

Timestamps: SignedPoster signs with `clock()` read at request time; the default reads `time.time()` then,
so under freezegun both the signature and Bolt's verifier (which also calls `time()` per request) see the
same frozen clock. Pass `clock=` to sign with another time (e.g. a stale one).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import ProxyHandler, Request, build_opener

VERIFICATION_TOKEN = "verification-token"  # deprecated by Slack, still sent in every payload
_numbers = count(1)


def _now() -> float:
    return time.time()  # looked up per call, so freezegun's patch applies


@dataclass
class Response:
    status: int
    body: str
    headers: dict[str, str]

    def json(self) -> Any:
        return json.loads(self.body)


def sign(signing_secret: str, timestamp: int, body: bytes) -> str:
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()


class SignedPoster:
    def __init__(self, url: str, signing_secret: str, *, clock: Callable[[], float] = _now) -> None:
        self.url, self.signing_secret, self.clock = url, signing_secret, clock
        self._opener = build_opener(ProxyHandler({}))  # loopback only: never through a proxy

    def post_event(self, envelope: dict[str, Any], *, retry_num: int | None = None,
                   retry_reason: str | None = None) -> Response:
        headers: dict[str, str] = {}
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
        if retry_reason is not None:
            headers["X-Slack-Retry-Reason"] = retry_reason
        return self.post_raw(json.dumps(envelope).encode(), content_type="application/json", headers=headers)

    def post_interaction(self, payload: dict[str, Any]) -> Response:
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post_raw(body, content_type="application/x-www-form-urlencoded")

    def post_command(self, fields: dict[str, str]) -> Response:
        return self.post_raw(urlencode(fields).encode(), content_type="application/x-www-form-urlencoded")

    def post_raw(self, body: bytes, *, content_type: str, timestamp: int | None = None,
                 signature: str | None = None, headers: dict[str, str] | None = None) -> Response:
        """Signed with the secret unless `signature` is given; `headers` are added last (and may override)."""
        stamp = int(self.clock()) if timestamp is None else timestamp
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": str(stamp),
            "X-Slack-Signature": signature if signature is not None else sign(self.signing_secret, stamp, body),
            **(headers or {}),
        }
        request = Request(self.url, data=body, headers=all_headers, method="POST")
        try:
            with self._opener.open(request, timeout=30) as answer:
                return Response(answer.status, answer.read().decode("utf-8", "replace"), dict(answer.headers.items()))
        except HTTPError as error:
            return Response(error.code, error.read().decode("utf-8", "replace"), dict(error.headers.items()))


# ---- Events API envelopes -------------------------------------------------------------------------


def _event_id() -> str:
    return "Ev" + uuid.uuid4().hex[:10].upper()


def _trigger_id() -> str:
    return f"{int(time.time())}.{next(_numbers)}.{uuid.uuid4().hex}"


def _envelope(event: dict[str, Any], *, team_id: str, api_app_id: str, event_id: str | None,
              authorized_user: str) -> dict[str, Any]:
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "context_team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or _event_id(),
        "event_time": int(time.time()),
        "authorizations": [{"enterprise_id": None, "team_id": team_id, "user_id": authorized_user,
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False,
    }


def message_event(*, text: str, user: str, channel: str, ts: str, team_id: str, thread_ts: str | None = None,
                  event_id: str | None = None, channel_type: str = "channel", subtype: str | None = None,
                  bot_id: str | None = None, api_app_id: str = "A1", authorized_user: str = "UBOT",
                  **extra: Any) -> dict[str, Any]:
    """A `message` event envelope; `extra` keys go into the event."""
    event: dict[str, Any] = {"type": "message", "channel": channel, "user": user, "text": text, "ts": ts,
                             "team": team_id, "channel_type": channel_type, "event_ts": ts}
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    if subtype is not None:
        event["subtype"] = subtype
    if bot_id is not None:
        event["bot_id"] = bot_id
    event.update(extra)
    return _envelope(event, team_id=team_id, api_app_id=api_app_id, event_id=event_id,
                     authorized_user=authorized_user)


def app_home_opened(*, user: str, team_id: str, tab: str = "home", api_app_id: str = "A1",
                    event_id: str | None = None, authorized_user: str = "UBOT", **extra: Any) -> dict[str, Any]:
    """An `app_home_opened` event envelope; `extra` keys go into the event (e.g. `view`)."""
    event = {"type": "app_home_opened", "user": user, "channel": "D" + user[1:], "tab": tab,
             "event_ts": f"{time.time():.6f}", **extra}
    return _envelope(event, team_id=team_id, api_app_id=api_app_id, event_id=event_id,
                     authorized_user=authorized_user)


# ---- interactivity payloads ------------------------------------------------------------------------


def _user(user: str, team_id: str) -> dict[str, str]:
    return {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team_id}


def _is_action_key(key: str) -> bool:
    return key.startswith(("selected_", "initial_")) or key in ("text", "style", "url")


def block_action(*, user: str, action_id: str, value: str | None = None, team_id: str, block_id: str = "b",
                 response_url: str | None = None, channel: str | None = None, message_ts: str | None = None,
                 container: dict[str, Any] | None = None, trigger_id: str | None = None,
                 action_type: str = "button", selected_option_value: str | None = None,
                 view: dict[str, Any] | None = None, api_app_id: str = "A1", **extra: Any) -> dict[str, Any]:
    """A `block_actions` payload. `extra` keys that belong to an action (selected_*, initial_*, text, style,
    url) go into the action (e.g. selected_user=U1, selected_date="2026-01-05"); all others go into the payload
    and win (e.g. message={...} replaces the stub message, state={...}).
    `response_url` is only present when given: pass fake.response_url(name)."""
    action: dict[str, Any] = {"action_id": action_id, "block_id": block_id, "type": action_type,
                              "action_ts": f"{time.time():.6f}"}
    if value is not None:
        action["value"] = value
    if selected_option_value is not None:
        action["selected_option"] = {"text": {"type": "plain_text", "text": selected_option_value},
                                     "value": selected_option_value}
    action.update({k: v for k, v in extra.items() if _is_action_key(k)})
    if container is None:
        if view is not None:
            container = {"type": "view", "view_id": view.get("id")}
        else:
            container = {"type": "message", "is_ephemeral": message_ts is None}
            if message_ts is not None:
                container["message_ts"] = message_ts
            if channel is not None:
                container["channel_id"] = channel
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": _user(user, team_id),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "container": container,
        "trigger_id": trigger_id or _trigger_id(),
        "team": {"id": team_id, "domain": "fake"},
        "enterprise": None,
        "is_enterprise_install": False,
        "actions": [action],
    }
    if response_url is not None:
        payload["response_url"] = response_url
    if channel is not None:
        payload["channel"] = {"id": channel, "name": channel.lower()}
    if message_ts is not None:
        payload["message"] = {"type": "message", "ts": message_ts, "text": "", "blocks": []}
    if view is not None:
        payload["view"] = view
    payload.update({k: v for k, v in extra.items() if not _is_action_key(k)})
    return payload


def message_action(*, user: str, team_id: str, channel: str, message_ts: str, author: str | None, text: str,
                   callback_id: str = "close_this_intro", response_url: str | None = None,
                   thread_ts: str | None = None, trigger_id: str | None = None, api_app_id: str = "A1",
                   channel_name: str | None = None, message_extra: dict[str, Any] | None = None,
                   **extra: Any) -> dict[str, Any]:
    """A `message_action` payload: a message shortcut used on a message by `author` (None: a bot's message).
    `response_url` is only present when given: pass fake.response_url(name)."""
    message: dict[str, Any] = {"type": "message", "ts": message_ts, "text": text}
    if author is not None:
        message["user"] = author
    else:
        message.update(subtype="bot_message", bot_id="B0OTHER")
    if thread_ts is not None:
        message["thread_ts"] = thread_ts
    message.update(message_extra or {})
    payload: dict[str, Any] = {
        "type": "message_action",
        "token": VERIFICATION_TOKEN,
        "action_ts": f"{time.time():.6f}",
        "team": {"id": team_id, "domain": "fake"},
        "user": _user(user, team_id),
        "channel": {"id": channel,
                    "name": channel_name or ("directmessage" if channel[:1] == "D" else channel.lower())},
        "is_enterprise_install": False,
        "enterprise": None,
        "callback_id": callback_id,
        "trigger_id": trigger_id or _trigger_id(),
        "message_ts": message_ts,
        "message": message,
        "api_app_id": api_app_id,
    }
    if response_url is not None:
        payload["response_url"] = response_url
    payload.update(extra)
    return payload


def view_submission(*, user: str, team_id: str, view_id: str = "V1", callback_id: str, private_metadata: str = "",
                    values: dict[str, dict[str, dict[str, Any]]], hash: str = "h1",  # noqa: A002 - Slack's name
                    trigger_id: str | None = None, api_app_id: str = "A1",
                    view_extra: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A `view_submission` payload; `view_extra` goes into the view (e.g. blocks, title), `extra` into the payload."""
    view: dict[str, Any] = {
        "id": view_id, "team_id": team_id, "type": "modal", "callback_id": callback_id,
        "private_metadata": private_metadata, "blocks": [], "state": {"values": values}, "hash": hash,
        "root_view_id": view_id, "previous_view_id": None, "app_id": api_app_id, "bot_id": "BBOT",
        **(view_extra or {}),
    }
    payload: dict[str, Any] = {
        "type": "view_submission",
        "team": {"id": team_id, "domain": "fake"},
        "user": _user(user, team_id),
        "api_app_id": api_app_id,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id or _trigger_id(),
        "view": view,
        "response_urls": [],
        "enterprise": None,
        "is_enterprise_install": False,
    }
    payload.update(extra)
    return payload


def slash_command(*, text: str, user: str, team_id: str, command: str = "/intro", channel_id: str = "C1GENERAL",
                  response_url: str | None = None, trigger_id: str | None = None, api_app_id: str = "A1",
                  **extra: str) -> dict[str, str]:
    """The form fields of a slash command. `response_url` is "" unless given: pass fake.response_url(name)."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": "fake",
        "channel_id": channel_id,
        "channel_name": channel_id.lower(),
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url or "",
        "trigger_id": trigger_id or _trigger_id(),
        **extra,
    }


# ---- view.state.values elements --------------------------------------------------------------------


def text_value(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


def select_value(value: str | None) -> dict[str, Any]:
    option = None if value is None else {"text": {"type": "plain_text", "text": value}, "value": value}
    return {"type": "static_select", "selected_option": option}


def date_value(iso: str | None) -> dict[str, Any]:
    return {"type": "datepicker", "selected_date": iso}


def user_value(user_id: str | None) -> dict[str, Any]:
    return {"type": "users_select", "selected_user": user_id}
