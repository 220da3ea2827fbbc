"""Unit tests of bot/slack/request_gate.py: only signed requests of the shapes Slack sends get through to Bolt."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_sdk.signature import SignatureVerifier

from bot.slack.request_gate import FORM, JSON, is_event, media_type, signed, well_formed
from tests.support import slack_requests as req

SECRET = "gate-signing-secret"
TEAM, ANA = "T1", "U0ANA0001"


def headers(body: bytes, *, secret: str = SECRET, stamp: int | None = None) -> dict[str, str]:
    stamp = int(time.time()) if stamp is None else stamp
    return {"x-slack-request-timestamp": str(stamp), "x-slack-signature": req.sign(secret, stamp, body)}


def event_body(**changes: Any) -> bytes:
    envelope = req.message_event(text="hello", user=ANA, channel="C1GENERAL", ts="1763800000.000100", team_id=TEAM)
    return json.dumps({**envelope, **changes}).encode()


def click_body(**changes: Any) -> bytes:
    payload = req.block_action(user=ANA, team_id=TEAM, action_id="intro_connect", value="1")
    return urlencode({"payload": json.dumps({**payload, **changes})}).encode()


def command_body() -> bytes:
    return urlencode(req.slash_command(text="list", user=ANA, team_id=TEAM)).encode()


# ---- the signature ------------------------------------------------------------------------------------


def test_a_request_signed_with_the_secret_just_now_passes() -> None:
    body = event_body()
    assert signed(SignatureVerifier(SECRET), body, headers(body))


@pytest.mark.parametrize(("forgery", "make_headers"), [
    ("no headers", lambda body: {}),
    ("another secret", lambda body: headers(body, secret="another-secret")),
    ("another body", lambda body: headers(body + b" ")),
    ("six minutes old", lambda body: headers(body, stamp=int(time.time()) - 360)),
    ("six minutes ahead", lambda body: headers(body, stamp=int(time.time()) + 360)),
    ("a timestamp that is no number", lambda body: {**headers(body), "x-slack-request-timestamp": "soon"}),
])
def test_forged_or_replayed_requests_are_refused_without_an_error(forgery: str, make_headers: Any) -> None:
    body = event_body()
    assert signed(SignatureVerifier(SECRET), body, make_headers(body)) is False, forgery


def test_a_body_that_is_not_utf8_is_refused_without_an_error() -> None:
    body = b"\xff\xfe payload"
    assert signed(SignatureVerifier(SECRET), body, headers(body)) is False


# ---- the shapes Slack sends ---------------------------------------------------------------------------


def test_media_type_ignores_parameters_and_case() -> None:
    assert media_type("application/json; charset=utf-8") == JSON
    assert media_type(" Application/X-WWW-Form-Urlencoded ") == FORM


@pytest.mark.parametrize(("body", "content_type"), [
    (event_body(), JSON),
    (event_body(), "application/json; charset=utf-8"),
    (json.dumps({"type": "url_verification", "token": "t", "challenge": "c"}).encode(), JSON),
    (event_body(enterprise=None, team=None), JSON),  # Slack sends null for these
    (click_body(), FORM),
    (command_body(), FORM),
], ids=["event", "event with a charset", "url verification", "nulls", "button click", "slash command"])
def test_what_slack_sends_is_let_through(body: bytes, content_type: str) -> None:
    assert well_formed(body, content_type)


def test_a_view_submission_payload_is_let_through() -> None:
    payload = req.view_submission(user=ANA, team_id=TEAM, callback_id="close_modal", values={})
    assert well_formed(urlencode({"payload": json.dumps(payload)}).encode(), FORM)


@pytest.mark.parametrize(("body", "content_type"), [
    (b'{"type": "event_callback", "event": ', JSON),
    (b"null", JSON),
    (b"[]", JSON),
    (json.dumps({"type": "block_actions", "user": {"id": ANA}}).encode(), JSON),  # interactions come as forms
    (event_body(), FORM),  # JSON whatever the content type says
    (event_body(event=[]), JSON),
    (event_body(event={"type": 7}), JSON),
    (event_body(team="T1"), JSON),
    (event_body(authorizations={"team_id": TEAM}), JSON),
    (event_body(authorizations=["T1"]), JSON),
    (b"\xff\xfe", JSON),
    (b"[" * 100_000 + b"]" * 100_000, JSON),
    (click_body(user="U0ANA0001"), FORM),
    (click_body(user={"name": "ana"}), FORM),
    (click_body(user={"id": 7}), FORM),
    (click_body(actions=[]), FORM),
    (click_body(actions=[{"action_id": None}]), FORM),
    (click_body(actions="intro_connect"), FORM),
    (click_body(view="V1"), FORM),
    (click_body(type=["block_actions"]), FORM),
    (urlencode({"payload": "not json"}).encode(), FORM),
    (urlencode([("payload", json.dumps({"type": "block_actions", "user": {"id": ANA}}))] * 2).encode(), FORM),
], ids=["cut short", "null", "a list", "an interaction as JSON", "JSON sent as a form", "event is a list",
        "event type a number", "team a string", "authorizations an object", "authorizations of strings",
        "not UTF-8", "nested 100,000 deep", "user a string", "user without an id", "user id a number",
        "no actions", "action id null", "actions a string", "view a string", "type a list", "payload not JSON",
        "two payloads"])
def test_malformed_requests_are_turned_away_before_bolt(body: bytes, content_type: str) -> None:
    assert well_formed(body, content_type) is False


def test_events_are_told_from_interactions() -> None:
    assert is_event(event_body(), JSON)
    assert is_event(event_body(), "application/json; charset=utf-8")
    assert not is_event(click_body(), FORM)
    assert not is_event(command_body(), FORM)
    assert not is_event(json.dumps({"type": "url_verification", "challenge": "c"}).encode(), JSON)
