"""Slack layer, pure: what must hold before a request reaches Bolt.

Bolt parses a request before it checks the signature, and trusts the payload's
shape; a forged or malformed request could make it fail (a 500), or make an error
handler answer to a response_url the request itself named. So the signature is
checked first, here; then the few shapes our listeners rely on; then Bolt itself
reads the request once, so that whatever else it assumes of the payload holds too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
# What Slack sends as JSON: Events API envelopes. Interactions and commands come form-encoded.
JSON_TYPES = ("event_callback", "url_verification", "app_rate_limited")

# Keys of a Slack payload that, when present, must be objects.
OBJECTS = ("event", "user", "channel", "view", "container", "message", "state")
# Keys that may also be null (Slack sends "enterprise": null).
OBJECTS_OR_NULL = ("team", "enterprise")


def signed(verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str]) -> bool:
    try:
        return verifier.is_valid_request(body, headers)
    except ValueError:  # a timestamp that is not a number, a body that is not UTF-8
        return False


def media_type(content_type: str) -> str:
    """"application/json; charset=utf-8" -> "application/json"."""
    return content_type.split(";", 1)[0].strip().lower()


def well_formed(body: bytes, content_type: str) -> bool:
    """True when the body has the shape Bolt expects of Events API (JSON), interactivity or command requests (form)."""
    try:
        text = body.decode("utf-8")
        if media_type(content_type) == JSON:
            envelope = json.loads(text)
            ours = _payload_ok(envelope) and envelope.get("type") in JSON_TYPES
        elif text.startswith("{"):
            return False  # Bolt would read it as JSON whatever its type says: an event must say it is one
        else:
            form = parse_qs(text, keep_blank_values=True)
            # Without a payload, a slash command: every field is a string by nature.
            payload = form.get("payload")
            ours = payload is None or (len(payload) == 1 and _interaction_ok(json.loads(payload[0])))
        return ours and _bolt_can_read(text, content_type)
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return False


def _bolt_can_read(text: str, content_type: str) -> bool:
    """Bolt builds a request's context from ids it expects to be strings or objects (`"id" in user`)."""
    try:
        BoltRequest(body=text, headers={"content-type": content_type})
    except (TypeError, AttributeError, KeyError, IndexError, ValueError):
        return False
    return True


def is_event(body: bytes, content_type: str) -> bool:
    """An Events API delivery (acknowledged by Bolt before its listener runs), as opposed to an interaction."""
    return content_type.startswith("application/json") and b'"event_callback"' in body


def _interaction_ok(payload: Any) -> bool:
    """Every interaction comes from someone: listeners read `user.id` as Slack always sends it."""
    return (_payload_ok(payload) and isinstance(payload.get("user"), dict)
            and isinstance(payload["user"].get("id"), str))


def _payload_ok(payload: Any) -> bool:
    if not isinstance(payload, dict) or not isinstance(payload.get("type", ""), str):
        return False
    if any(key in payload and not isinstance(payload[key], dict) for key in OBJECTS):
        return False
    if any(payload.get(key) is not None and not isinstance(payload[key], dict) for key in OBJECTS_OR_NULL):
        return False
    event = payload.get("event")
    if event is not None and not isinstance(event.get("type", ""), str):
        return False
    authorizations = payload.get("authorizations", [])
    if not isinstance(authorizations, list) or not all(isinstance(a, dict) for a in authorizations):
        return False
    actions = payload.get("actions", [{"action_id": ""}])
    return (isinstance(actions, list) and bool(actions)
            and all(isinstance(a, dict) and isinstance(a.get("action_id"), str) for a in actions))
