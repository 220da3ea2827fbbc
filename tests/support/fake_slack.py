"""A fake Slack Web API on loopback: records every call and answers the way Slack does.

Point a WebClient at it with ``WebClient(token="xoxb-test", base_url=fake.api_url)``.

Conventions tests can rely on:
- messages the bot posts get ts "1763900000.000001", "1763900000.000002", ... in order (chat.postMessage
  only; ephemeral message_ts and edit stamps come from a separate "1763950000.xxxxxx" sequence);
- a 1:1 DM with "U0ANA0001" is "D0ANA0001" (posting to a user id lands there, and answers with the D id);
  a 1:1 DM between two people (`add_channel(..., is_im=True)` without the bot) is out of the bot's reach:
  posting there answers not_in_channel, reading it channel_not_found, as Slack does for a DM it is not in;
  a group DM opened with several users is "G" + 10 hex chars, the same for the same set of users
  (an `add_channel(..., is_mpim=True)` channel with exactly those members plus the bot is reused);
- view ids are "V1", "V2", ... and view hashes "h1", "h2", ..., in the order this fake hands them out
  (so the first modal a test opens matches the builders' defaults view_id="V1", hash="h1");
- a trigger id opens one view only (a second use answers "trigger_exchanged");
- `Call.failed` is True for every call not answered with ``"ok": true``: injected failures, dropped
  connections and Slack-like errors (user_not_in_channel, ...). `calls_to` leaves those out by default;
- messages keep the `metadata` they were posted with; conversations.history and conversations.replies
  return it only with include_all_metadata, and need the conversation kind's `*:history` scope when the
  fake was given `scopes` (by default every scope is granted);
- `latency` (seconds, default 0) delays every answer, as Slack's own round trip does (benchmarks use it);
  the call is recorded, with `Call.received` (time.perf_counter() on arrival), before the wait;
- `apps.connections.open` (Socket Mode) answers only an app-level token ("xapp-..."; a bot token gets
  not_allowed_token_type, as from Slack) and only once `serve_socket_mode(url, app_token)` has said where the
  Socket Mode endpoint is (tests/support/fake_socket_mode.py); each call answers the same URL;
- users.info returns a person's `locale` ("en-US" unless `add_user(locale=...)` or `set_locale` says otherwise)
  only when called with include_locale, as Slack does.
"""

from __future__ import annotations

import copy
import hashlib
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import count
from types import TracebackType
from typing import Any, Literal
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

TS_BASE = 1_763_900_000
OTHER_TS_BASE = 1_763_950_000  # ephemeral message_ts, edit stamps
JSON_PARAMS = ("blocks", "attachments", "view", "metadata")
MAX_TEXT = 40_000


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response_url:<name>" for posts to a response_url
    params: dict[str, Any]  # body merged over query params; blocks/attachments/view decoded from JSON strings
    token: str | None  # from "Authorization: Bearer ..." or the token param
    failed: bool  # answered with anything but "ok": true (injected failure, dropped connection, Slack error)
    response: dict[str, Any] | None = None  # the JSON answered (None when the connection was dropped)
    received: float = 0.0  # time.perf_counter() when the request arrived, before any latency

    @property
    def answered(self) -> dict[str, Any]:
        """The JSON answered, for a call a test expects was answered (it fails here when it was not)."""
        assert self.response is not None, f"{self.method} was never answered"
        return self.response


# A call that is never answered: "before" Slack acted on it, or "after" (the message is posted, say,
# but the client times out all the same, as when the network drops the answer).
Hang = Literal["before", "after"]
HANG_LIMIT = 60  # seconds a hung call waits for release_hung() before its connection is dropped


@dataclass
class _Failure:
    status: int
    error: str | None
    retry_after: int | None
    drop_connection: bool
    hang: Hang | None = None


@dataclass
class _User:
    id: str
    name: str
    real_name: str
    display_name: str
    image_72: str
    is_bot: bool
    deleted: bool
    tz: str
    locale: str = "en-US"


@dataclass
class _Channel:
    id: str
    members: list[str]
    name: str | None = None
    is_private: bool = False
    is_archived: bool = False
    is_im: bool = False
    is_mpim: bool = False
    messages: list[dict[str, Any]] = field(default_factory=list)


class SlackError(Exception):
    """Raised inside a method handler: answered as {"ok": false, "error": code}."""

    def __init__(self, code: str, *messages: str) -> None:
        super().__init__(code)
        self.code = code
        self.messages = list(messages)


Answer = tuple[int, dict[str, str], bytes | None]  # status, headers, body (None: drop the connection)


class FakeSlack:
    def __init__(self, *, bot_user_id: str = "UBOT", bot_id: str = "BBOT", team_id: str = "T1",
                 tokens: tuple[str, ...] = ("xoxb-test",), scopes: tuple[str, ...] | None = None,
                 latency: float = 0.0) -> None:
        self.latency = latency  # seconds each answer waits (the lock is not held meanwhile); may be changed live
        self.bot_user_id, self.bot_id, self.team_id = bot_user_id, bot_id, team_id
        self._scopes = None if scopes is None else frozenset(scopes)
        self.calls: list[Call] = []
        self.home_views: dict[str, dict[str, Any]] = {}
        self.socket_mode_url: str | None = None  # what apps.connections.open answers (see serve_socket_mode)
        self._tokens = set(tokens)
        self._grants: dict[str, dict[str, Any]] = {}  # OAuth code (or refresh token) -> what it grants
        self._issued = count(1)
        self._cond = threading.Condition(threading.Lock())
        self._users: dict[str, _User] = {}
        self._channels: dict[str, _Channel] = {}
        self._views: dict[str, dict[str, Any]] = {}
        self._used_triggers: set[str] = set()
        self._failures: dict[str, deque[_Failure]] = {}
        self._hung = threading.Event()
        self._ts = count(1)
        self._other_ts = count(1)
        self._view_ids = count(1)
        self._hashes = count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""
        self.api_url = ""
        self.add_user(bot_user_id, name="bot", real_name="Bot", is_bot=True)

    # ---- lifecycle -------------------------------------------------------------------------------

    def __enter__(self) -> FakeSlack:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        self.api_url = f"{self.base_url}/api/"
        self._thread = threading.Thread(target=server.serve_forever, args=(0.01,), name="fake-slack", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release_hung()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    # ---- set-up ----------------------------------------------------------------------------------

    def grant(self, code: str, *, team_id: str, installer: str, bot_user_id: str = "UBOT",
              rotating: bool = False) -> None:
        """An OAuth code that `oauth.v2.access` exchanges for a bot token of `team_id` (rotating: with a
        refresh token that expires in 12 hours, as Slack's token rotation does)."""
        with self._cond:
            self._grants[code] = {"team_id": team_id, "installer": installer, "bot_user_id": bot_user_id,
                                  "rotating": rotating}

    def serve_socket_mode(self, url: str, app_token: str) -> None:
        """apps.connections.open, called with `app_token`, answers `url` (a FakeSocketMode's)."""
        with self._cond:
            self.socket_mode_url = url
            self._tokens.add(app_token)

    def add_token(self, token: str) -> None:
        with self._cond:
            self._tokens.add(token)

    def add_user(self, user_id: str, *, name: str, real_name: str = "", display_name: str = "",
                 image_72: str = "", is_bot: bool = False, deleted: bool = False,
                 tz: str = "America/New_York", locale: str = "en-US") -> None:
        with self._cond:
            self._users[user_id] = _User(user_id, name, real_name, display_name, image_72, is_bot, deleted, tz,
                                         locale)

    def set_locale(self, user_id: str, locale: str) -> None:
        """The language the person chose in Slack ("es-ES"), which users.info returns with include_locale."""
        with self._cond:
            self._users[user_id].locale = locale

    def add_channel(self, channel_id: str, *, members: list[str], name: str | None = None,
                    is_private: bool = False, archived: bool = False, is_im: bool = False,
                    is_mpim: bool = False) -> None:
        """A channel (or, with is_im/is_mpim, a DM/group DM). The bot is a member only if listed."""
        with self._cond:
            self._channels[channel_id] = _Channel(
                channel_id, list(members), name if name is not None or is_im or is_mpim else channel_id.lower(),
                is_private or is_mpim or is_im, archived, is_im, is_mpim)

    def add_message(self, channel: str, *, ts: str, text: str = "", user: str | None = None,
                    **extra: Any) -> None:
        """Seed a message (a person's, by default) so chat.update/delete on it behave like Slack."""
        with self._cond:
            found = self._channels.get(channel) or self._dm_for(channel)
            if found is None:
                raise KeyError(channel)
            found.messages.append({"type": "message", "ts": ts, "user": user or "", "text": text, **extra})

    def response_url(self, name: str) -> str:
        return f"{self.base_url}/response/{name}"

    def fail_next(self, method: str, *, status: int = 200, error: str | None = None,
                  retry_after: int | None = None, times: int = 1, drop_connection: bool = False,
                  hang: Hang | None = None) -> None:
        """The next `times` calls of `method` (or "response_url:<name>") fail, and are recorded with failed=True.

        status=429: {"ok": false, "error": "ratelimited"} + Retry-After (retry_after, default 1);
        status=200: {"ok": false, "error": error or "internal_error"};
        other statuses (5xx): {"ok": false} plus "error" only when given, so slack_sdk's SlackApiError
        carries just the status code; drop_connection: the socket closes without an answer;
        hang: no answer until the client gives up (its timeout) or release_hung() drops the connection;
        "after" does what the call asks first.
        """
        with self._cond:
            queue = self._failures.setdefault(method, deque())
            queue.extend(_Failure(status, error, retry_after, drop_connection, hang) for _ in range(times))

    def pending_failures(self, method: str) -> int:
        """How many injected failures of `method` no call has met yet (0: the client met them all)."""
        with self._cond:
            return len(self._failures.get(method, ()))

    def clear_failures(self) -> None:
        """Slack recovers: injected failures no call has met yet are dropped."""
        with self._cond:
            self._failures.clear()

    def release_hung(self) -> None:
        """Hung calls, and any that hang from now on, end with a dropped connection."""
        self._hung.set()

    # ---- assertions ------------------------------------------------------------------------------

    def calls_to(self, method: str, *, include_failed: bool = False) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and (include_failed or not c.failed)]

    def reset_calls(self) -> None:
        with self._cond:
            self.calls.clear()

    def wait_for(self, method: str, count: int = 1, timeout: float = 10, *,
                 include_failed: bool = False) -> list[Call]:
        def matching() -> list[Call]:
            return [c for c in self.calls if c.method == method and (include_failed or not c.failed)]

        with self._cond:
            if not self._cond.wait_for(lambda: len(matching()) >= count, timeout=timeout):
                seen = [f"{c.method}{' (failed)' if c.failed else ''}" for c in self.calls]
                raise AssertionError(f"expected {count} call(s) to {method} within {timeout}s; saw {seen}")
            return matching()

    def messages(self, channel: str) -> list[dict[str, Any]]:
        """Messages in a channel (a user id means the bot's DM with them), as posted and updated."""
        with self._cond:
            found = self._channels.get(channel) or self._dm_for(channel)
            return copy.deepcopy(found.messages) if found else []

    def answer_with_view(self, view_id: str, view: dict[str, Any]) -> None:
        """What Slack does when a submission is answered with response_action "update": the same modal shows
        `view` (with a new hash)."""
        with self._cond:
            current = self._views[view_id]
            self._store_view(view, view_id=view_id, root_view_id=current["root_view_id"],
                             previous_view_id=current["previous_view_id"])

    def view(self, view_id: str) -> dict[str, Any]:
        """The current state of a view opened, pushed, updated or published through the fake."""
        with self._cond:
            return copy.deepcopy(self._views[view_id])

    # ---- request handling (server threads) -------------------------------------------------------

    def _handle(self, path: str, query: str, headers: dict[str, str], body: bytes) -> Answer:
        received = time.perf_counter()
        params = _parse_params(query, headers.get("content-type", ""), body)
        auth = headers.get("authorization", "")
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else None
        token = token or params.pop("token", None)
        params.pop("token", None)
        if path.startswith("/api/"):
            method = unquote(path[len("/api/"):]).strip("/")
        elif path.startswith("/response/"):
            method = "response_url:" + unquote(path[len("/response/"):])
        else:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        with self._cond:
            queue = self._failures.get(method)
            failure = queue.popleft() if queue else None
            if failure is not None and failure.hang is not None:
                result = self._answer(method, token, params) if failure.hang == "after" else None
                answer: Answer = 0, {}, None
            elif failure is not None:
                answer = _failure_answer(failure)
                result = json.loads(answer[2]) if answer[2] is not None else None
            else:
                result = self._answer(method, token, params)
                answer = 200, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(result).encode()
            ok = failure is None and bool(result and result.get("ok"))
            self.calls.append(Call(method, params, token, failed=not ok, response=result, received=received))
            self._cond.notify_all()
        if failure is not None and failure.hang is not None:
            self._hung.wait(HANG_LIMIT)
        elif (latency := self.latency) > 0:
            time.sleep(latency)  # Slack's round trip: the call took effect, its answer is on its way
        return answer

    def _answer(self, method: str, token: str | None, params: dict[str, Any]) -> dict[str, Any]:
        if method.startswith("response_url:"):
            return {"ok": True}
        handler: Callable[[dict[str, Any]], dict[str, Any]] | None = getattr(
            self, "_api_" + method.replace(".", "_"), None)
        try:
            if handler is None:
                raise SlackError("unknown_method")
            if method == "oauth.v2.access":  # authenticated by the app's client id and secret, not a token
                return {"ok": True, **handler(params)}
            if not token:
                raise SlackError("not_authed")
            if token not in self._tokens:
                raise SlackError("invalid_auth")
            if (method == "apps.connections.open") != token.startswith("xapp-"):
                raise SlackError("not_allowed_token_type")  # app-level tokens open connections and do nothing else
            return {"ok": True, **handler(params)}
        except SlackError as error:
            answer: dict[str, Any] = {"ok": False, "error": error.code}
            if error.messages:
                answer["response_metadata"] = {"messages": error.messages}
            return answer
        except Exception as error:  # noqa: BLE001 - a bug in the fake must show up in the test, not hang it
            return {"ok": False, "error": f"fake_slack_bug: {error!r}"}

    # ---- helpers (called with the lock held) -----------------------------------------------------

    def _next_ts(self, *, other: bool = False) -> str:
        n = (OTHER_TS_BASE * 1_000_000 + next(self._other_ts)) if other else (TS_BASE * 1_000_000 + next(self._ts))
        return f"{n // 1_000_000}.{n % 1_000_000:06d}"

    def _user(self, user_id: Any) -> _User:
        user = self._users.get(str(user_id or ""))
        if user is None:
            raise SlackError("user_not_found")
        return user

    def _dm_for(self, user_id: str) -> _Channel | None:
        """The bot's DM with the user (a 1:1 DM between two people, which the bot is not in, is not it)."""
        return next((c for c in self._channels.values() if c.is_im and user_id in c.members
                     and self.bot_user_id in c.members and user_id != self.bot_user_id), None)

    def _open_dm(self, user_id: str) -> _Channel:
        user = self._user(user_id)
        if user.id == self.bot_user_id or user.is_bot:
            raise SlackError("cannot_dm_bot")
        if user.deleted:
            raise SlackError("user_disabled")
        found = self._dm_for(user_id)
        if found is None:
            found = _Channel("D" + user_id[1:], [user_id, self.bot_user_id], is_private=True, is_im=True)
            self._channels[found.id] = found
        return found

    def _channel(self, channel_id: Any, *, for_posting: bool = False) -> _Channel:
        channel_id = str(channel_id or "")
        found = self._channels.get(channel_id)
        if found is None and channel_id[:1] in ("U", "W") and channel_id in self._users:
            try:
                return self._open_dm(channel_id)
            except SlackError:
                raise SlackError("channel_not_found") from None
        if found is None:
            raise SlackError("channel_not_found")
        if found.is_private and self.bot_user_id not in found.members:
            raise SlackError("not_in_channel" if for_posting else "channel_not_found")
        if for_posting and found.is_archived:
            raise SlackError("is_archived")
        return found

    def _message(self, channel: _Channel, ts: Any) -> dict[str, Any]:
        found = next((m for m in channel.messages if m.get("ts") == ts), None)
        if found is None:
            raise SlackError("message_not_found")
        return found

    def _new_hash(self) -> str:
        return f"h{next(self._hashes)}"

    def _check_content(self, params: dict[str, Any]) -> None:
        blocks, text = params.get("blocks"), params.get("text")
        if not text and not blocks and not params.get("attachments"):
            raise SlackError("no_text")
        if blocks is not None and (not isinstance(blocks, list) or len(blocks) > 50
                                   or not all(isinstance(b, dict) and b.get("type") for b in blocks)):
            raise SlackError("invalid_blocks")
        if text is not None and len(str(text)) > MAX_TEXT:
            raise SlackError("msg_too_long")

    def _bot_message(self, params: dict[str, Any], ts: str) -> dict[str, Any]:
        message = {"type": "message", "ts": ts, "user": self.bot_user_id, "bot_id": self.bot_id,
                   "app_id": "A1", "team": self.team_id, "text": params.get("text", "")}
        for key in ("blocks", "attachments", "thread_ts", "username", "icon_url", "icon_emoji", "metadata"):
            if params.get(key) is not None:
                message[key] = params[key]
        return message

    def _check_view(self, view: Any, *kinds: str) -> dict[str, Any]:
        if not isinstance(view, dict):
            raise SlackError("invalid_arguments", "[ERROR] missing required field: view")
        if view.get("type") not in kinds:
            raise SlackError("invalid_arguments", f"[ERROR] must be one of {list(kinds)} [json-pointer:/view/type]")
        if view["type"] == "modal" and not view.get("title"):
            raise SlackError("invalid_arguments", "[ERROR] missing required field: title [json-pointer:/view]")
        blocks = view.get("blocks", [])
        if not isinstance(blocks, list) or len(blocks) > 100 or not all(
                isinstance(b, dict) and b.get("type") for b in blocks):
            raise SlackError("invalid_arguments", "[ERROR] invalid blocks [json-pointer:/view/blocks]")
        if len(str(view.get("private_metadata", ""))) > 3000:
            raise SlackError("invalid_arguments", "[ERROR] must be less than 3001 characters "
                                                  "[json-pointer:/view/private_metadata]")
        return view

    def _store_view(self, view: dict[str, Any], *, view_id: str | None = None,
                    root_view_id: str | None = None, previous_view_id: str | None = None) -> dict[str, Any]:
        view_id = view_id or f"V{next(self._view_ids)}"
        stored = {
            "id": view_id, "team_id": self.team_id, "type": view["type"], "blocks": [],
            "private_metadata": "", "callback_id": "", "external_id": "", "clear_on_close": False,
            "notify_on_close": False, **copy.deepcopy(view), "state": {"values": {}}, "hash": self._new_hash(),
            "root_view_id": root_view_id or view_id, "previous_view_id": previous_view_id,
            "app_id": "A1", "bot_id": self.bot_id,
        }
        self._views[view_id] = stored
        return copy.deepcopy(stored)

    def _exchange_trigger(self, trigger_id: Any) -> None:
        if not trigger_id:
            raise SlackError("invalid_arguments", "[ERROR] missing required field: trigger_id")
        if trigger_id in self._used_triggers:
            raise SlackError("trigger_exchanged")
        self._used_triggers.add(str(trigger_id))

    @staticmethod
    def _require(params: dict[str, Any], *names: str) -> None:
        missing = [n for n in names if params.get(n) in (None, "")]
        if missing:
            raise SlackError("invalid_arguments", *(f"[ERROR] missing required field: {n}" for n in missing))

    # ---- Web API methods -------------------------------------------------------------------------

    def _api_api_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"args": params}

    def _api_oauth_v2_access(self, params: dict[str, Any]) -> dict[str, Any]:
        key = params.get("refresh_token") if params.get("grant_type") == "refresh_token" else params.get("code")
        grant = self._grants.pop(str(key or ""), None)
        if grant is None:
            raise SlackError("invalid_refresh_token" if params.get("grant_type") else "invalid_code")
        token = f"xoxb-{grant['team_id']}-{next(self._issued)}"
        self._tokens.add(token)
        answer: dict[str, Any] = {
            "app_id": "A1", "authed_user": {"id": grant["installer"]}, "scope": "chat:write,commands",
            "token_type": "bot", "access_token": token, "bot_user_id": grant["bot_user_id"],
            "team": {"id": grant["team_id"], "name": f"Team {grant['team_id']}"}, "enterprise": None,
            "is_enterprise_install": False,
        }
        if grant["rotating"]:
            refresh = f"xoxe-1-{grant['team_id']}-{next(self._issued)}"
            self._grants[refresh] = grant
            answer.update(refresh_token=refresh, expires_in=43200)
        return answer

    def _api_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {"url": "https://fake.slack.com/", "team": "Fake Team", "user": "bot", "team_id": self.team_id,
                "user_id": self.bot_user_id, "bot_id": self.bot_id, "is_enterprise_install": False}

    def _api_apps_connections_open(self, params: dict[str, Any]) -> dict[str, Any]:
        if self.socket_mode_url is None:
            raise SlackError("not_allowed")  # Socket Mode is off for this (fake) app
        return {"url": self.socket_mode_url}

    def _api_users_info(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "user")
        u = self._user(params["user"])
        offset = ZoneInfo(u.tz).utcoffset(datetime.now(UTC))
        profile: dict[str, Any] = {
            "real_name": u.real_name, "real_name_normalized": u.real_name, "display_name": u.display_name,
            "display_name_normalized": u.display_name, "image_72": u.image_72, "image_192": u.image_72,
            "team": self.team_id,
        }
        if u.id == self.bot_user_id:
            profile["bot_id"] = self.bot_id
        user: dict[str, Any] = {
            "id": u.id, "team_id": self.team_id, "name": u.name, "real_name": u.real_name, "deleted": u.deleted,
            "is_bot": u.is_bot, "is_app_user": False, "is_admin": False, "tz": u.tz,
            "tz_label": datetime.now(ZoneInfo(u.tz)).tzname() or u.tz,
            "tz_offset": int(offset.total_seconds()) if offset is not None else 0, "profile": profile,
        }
        if _truthy(params.get("include_locale")):  # as Slack: the locale only when asked for
            user["locale"] = u.locale
        return {"user": user}

    def _api_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "channel")
        channel = self._channel(params["channel"], for_posting=True)
        self._check_content(params)
        message = self._bot_message(params, self._next_ts())
        channel.messages.append(message)
        return {"channel": channel.id, "ts": message["ts"], "message": copy.deepcopy(message)}

    def _api_chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "channel", "user")
        channel = self._channel(params["channel"], for_posting=True)
        if params["user"] not in channel.members:
            raise SlackError("user_not_in_channel")
        self._check_content(params)
        return {"message_ts": self._next_ts(other=True)}

    def _api_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "channel", "ts")
        channel = self._channel(params["channel"], for_posting=True)
        message = self._message(channel, params["ts"])
        if message.get("user") != self.bot_user_id:
            raise SlackError("cant_update_message")
        self._check_content(params)
        for key in ("text", "blocks", "attachments", "metadata"):
            if key in params:
                message[key] = params[key]
        message["edited"] = {"user": self.bot_user_id, "ts": self._next_ts(other=True)}
        return {"channel": channel.id, "ts": message["ts"], "text": message.get("text", ""),
                "message": copy.deepcopy(message)}

    def _api_chat_delete(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "channel", "ts")
        channel = self._channel(params["channel"], for_posting=True)
        message = self._message(channel, params["ts"])
        if message.get("user") != self.bot_user_id:
            raise SlackError("cant_delete_message")
        channel.messages.remove(message)
        return {"channel": channel.id, "ts": message["ts"]}

    def _api_chat_getPermalink(self, params: dict[str, Any]) -> dict[str, Any]:
        """Any ts works: intros are people's messages, which never went through the fake."""
        self._require(params, "channel", "message_ts")
        channel = self._channel(params["channel"])
        ts = str(params["message_ts"])
        return {"channel": channel.id,
                "permalink": f"https://fake.slack.com/archives/{channel.id}/p{ts.replace('.', '')}"}

    def _api_conversations_open(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "users")
        raw = params["users"]
        users = [u.strip() for u in (raw if isinstance(raw, list) else str(raw).split(",")) if u.strip()]
        for user_id in users:
            self._user(user_id)
        if len(users) == 1:
            return {"channel": {"id": self._open_dm(users[0]).id}}
        if len(users) > 8:
            raise SlackError("too_many_users")
        wanted = set(users) | {self.bot_user_id}
        found = next((c for c in self._channels.values() if c.is_mpim and set(c.members) == wanted), None)
        if found is None:
            digest = hashlib.sha1(",".join(sorted(wanted)).encode()).hexdigest()[:10].upper()
            found = _Channel("G" + digest, sorted(wanted), name=f"mpdm-{digest.lower()}", is_private=True,
                             is_mpim=True)
            self._channels[found.id] = found
        return {"channel": {"id": found.id}}

    def _api_conversations_info(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "channel")
        c = self._channel(params["channel"])
        info: dict[str, Any] = {
            "id": c.id, "is_channel": not c.is_private, "is_group": c.is_private and not (c.is_im or c.is_mpim),
            "is_im": c.is_im, "is_mpim": c.is_mpim, "is_private": c.is_private, "is_archived": c.is_archived,
            "is_member": self.bot_user_id in c.members, "context_team_id": self.team_id,
        }
        if c.is_im:
            info["user"] = next((m for m in c.members if m != self.bot_user_id), "")
        else:
            info["name"] = c.name
            info["num_members"] = len(c.members)
        return {"channel": info}

    def _api_conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        """Top-level messages (and replies also sent to the channel), newest first."""
        self._require(params, "channel")
        channel = self._readable(params["channel"])
        messages = [m for m in channel.messages if m.get("thread_ts") in (None, m["ts"])
                    or m.get("subtype") == "thread_broadcast"]
        return self._page(sorted(messages, key=_ts_key, reverse=True), params)

    def _api_conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        """A thread, oldest first: its parent, then its replies; `ts` may name the parent or any reply."""
        self._require(params, "channel", "ts")
        channel = self._readable(params["channel"])
        found = next((m for m in channel.messages if m["ts"] == params["ts"]), None)
        if found is None:
            raise SlackError("thread_not_found")
        parent_ts = found.get("thread_ts") or found["ts"]
        thread = [m for m in channel.messages if m["ts"] == parent_ts or m.get("thread_ts") == parent_ts]
        return self._page(sorted(thread, key=_ts_key), params)

    def _readable(self, channel_id: Any) -> _Channel:
        channel = self._channel(channel_id)
        kind = "im" if channel.is_im else "mpim" if channel.is_mpim else "groups" if channel.is_private else "channels"
        if self._scopes is not None and f"{kind}:history" not in self._scopes:
            raise SlackError("missing_scope")
        return channel

    @staticmethod
    def _page(messages: list[dict[str, Any]], params: dict[str, Any]) -> dict[str, Any]:
        """Slack's time window (oldest/latest, exclusive unless `inclusive`) and cursor pagination."""
        inclusive = _truthy(params.get("inclusive"))
        oldest, latest = params.get("oldest"), params.get("latest")
        if oldest:
            messages = [m for m in messages
                        if _ts_key(m) > float(oldest) or (inclusive and _ts_key(m) == float(oldest))]
        if latest:
            messages = [m for m in messages
                        if _ts_key(m) < float(latest) or (inclusive and _ts_key(m) == float(latest))]
        if not _truthy(params.get("include_all_metadata")):
            messages = [{k: v for k, v in m.items() if k != "metadata"} for m in messages]
        start = int(str(params.get("cursor") or "next:0").removeprefix("next:"))
        limit = min(int(params.get("limit") or 1000), 1000)
        page, more = messages[start:start + limit], start + limit < len(messages)
        return {"messages": copy.deepcopy(page), "has_more": more,
                "response_metadata": {"next_cursor": f"next:{start + limit}" if more else ""}}

    def _api_conversations_members(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "channel")
        return {"members": list(self._channel(params["channel"]).members),
                "response_metadata": {"next_cursor": ""}}

    def _api_views_open(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "trigger_id")
        view = self._check_view(params.get("view"), "modal")
        self._exchange_trigger(params["trigger_id"])
        return {"view": self._store_view(view)}

    def _api_views_push(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._api_views_open(params)

    def _api_views_update(self, params: dict[str, Any]) -> dict[str, Any]:
        if not params.get("view_id") and not params.get("external_id"):
            raise SlackError("invalid_arguments", "[ERROR] missing required field: view_id or external_id")
        view = self._check_view(params.get("view"), "modal", "home")
        current = self._views.get(str(params.get("view_id") or "")) or next(
            (v for v in self._views.values()
             if params.get("external_id") and v.get("external_id") == params["external_id"]), None)
        if current is None:
            raise SlackError("not_found")
        if params.get("hash") and params["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        return {"view": self._store_view(view, view_id=current["id"], root_view_id=current["root_view_id"],
                                         previous_view_id=current["previous_view_id"])}

    def _api_views_publish(self, params: dict[str, Any]) -> dict[str, Any]:
        self._require(params, "user_id")
        user = self._user(params["user_id"])
        view = self._check_view(params.get("view"), "home")
        current = self.home_views.get(user.id)
        if current and params.get("hash") and params["hash"] != current["hash"]:
            raise SlackError("hash_conflict")
        stored = self._store_view(view, view_id=current["id"] if current else None)
        self.home_views[user.id] = stored
        return {"view": copy.deepcopy(stored)}


def _ts_key(message: dict[str, Any]) -> float:
    return float(message["ts"])


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def _parse_params(query: str, content_type: str, body: bytes) -> dict[str, Any]:
    params: dict[str, Any] = {k: v[-1] for k, v in parse_qs(query, keep_blank_values=True).items()}
    text = body.decode("utf-8", errors="replace")
    if "json" in content_type.lower():
        try:
            decoded = json.loads(text) if text.strip() else {}
        except json.JSONDecodeError:
            decoded = {"_invalid_json": text}
        params.update(decoded if isinstance(decoded, dict) else {"_json": decoded})
    elif text:
        params.update({k: v[-1] for k, v in parse_qs(text, keep_blank_values=True).items()})
    for key in JSON_PARAMS:
        value = params.get(key)
        if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
            try:
                params[key] = json.loads(value)
            except json.JSONDecodeError:
                pass
    return params


def _failure_answer(failure: _Failure) -> Answer:
    if failure.drop_connection:
        return 0, {}, None
    """429: error "ratelimited" + Retry-After; 200: the error (default "internal_error"); any other status:
    {"ok": false} plus the error only when one is given (so the client reports just the status)."""
    headers = {"Content-Type": "application/json; charset=utf-8"}
    error = failure.error
    if failure.status == 429:
        headers["Retry-After"] = str(1 if failure.retry_after is None else failure.retry_after)
        error = error or "ratelimited"
    elif failure.retry_after is not None:
        headers["Retry-After"] = str(failure.retry_after)
    if failure.status == 200:
        error = error or "internal_error"
    body: dict[str, Any] = {"ok": False} if error is None else {"ok": False, "error": error}
    return failure.status, headers, json.dumps(body).encode()


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, answer_headers, answer = fake._handle(url.path, url.query, headers, body)
            if answer is None:  # drop the connection without a word
                self.close_connection = True
                return
            self.send_response(status)
            for name, value in answer_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        do_POST = do_GET = _serve

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
            pass

    return Handler
