"""manifest.yml is a valid Slack app manifest and declares exactly what the code listens to."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bot.slack import listeners
from bot.slack.app import BOT_SCOPES
from bot.slack.listeners.events.message import SUPPORTED_CONVERSATIONS

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT.parent / "shared" / "slack" / "manifest.schema.1.0.0.json"
# Which message.* subscription delivers which channel_type.
MESSAGE_EVENT_FOR = {"channel": "message.channels", "group": "message.groups", "mpim": "message.mpim",
                     "im": "message.im"}


def manifest() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def schema() -> dict[str, Any]:
    if not SCHEMA_PATH.exists():
        pytest.skip(f"Slack's manifest schema is not at {SCHEMA_PATH}")
    return json.loads(SCHEMA_PATH.read_text())


class Recorder:
    """Stands in for the Bolt App during registration and notes what is listened to."""

    def __init__(self) -> None:
        self.events: set[str] = set()
        self.commands: set[str] = set()
        self.actions: set[str] = set()
        self.views: set[str] = set()
        self.message_shortcuts: set[str] = set()

    def _note(self, into: set[str], name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        into.add(str(name))
        return lambda handler: handler

    def event(self, name: str, matchers: object = None, middleware: object = None) -> Callable[..., Any]:
        return self._note(self.events, name)

    def command(self, name: str) -> Callable[..., Any]:
        return self._note(self.commands, name)

    def action(self, name: str) -> Callable[..., Any]:
        return self._note(self.actions, name)

    def view(self, name: str) -> Callable[..., Any]:
        return self._note(self.views, name)

    def message_shortcut(self, callback_id: str) -> Callable[..., Any]:
        return self._note(self.message_shortcuts, callback_id)


def registered() -> Recorder:
    recorder = Recorder()
    listeners.register(recorder)  # type: ignore[arg-type]
    return recorder


def test_manifest_is_valid_against_slacks_schema() -> None:
    jsonschema.Draft7Validator(schema()).validate(manifest())


def test_the_schema_check_catches_a_broken_manifest() -> None:
    broken = copy.deepcopy(manifest())
    broken["settings"]["event_subscriptions"]["bot_events"] = "message.channels"  # must be a list
    broken["features"]["slash_commands"][0].pop("description")
    errors = list(jsonschema.Draft7Validator(schema()).iter_errors(broken))
    assert len(errors) >= 2


def test_subscribed_events_are_the_ones_the_code_listens_to() -> None:
    declared = set(manifest()["settings"]["event_subscriptions"]["bot_events"])
    listened = registered().events
    as_slack_names = {e for e in listened if e != "message"} | {
        MESSAGE_EVENT_FOR[kind] for kind in SUPPORTED_CONVERSATIONS
    }
    assert declared == as_slack_names


def test_commands_match() -> None:
    declared = {c["command"] for c in manifest()["features"]["slash_commands"]}
    assert declared == registered().commands


def test_message_shortcuts_match() -> None:
    declared = {s["callback_id"] for s in manifest()["features"]["shortcuts"] if s["type"] == "message"}
    assert declared == registered().message_shortcuts == {"close_this_intro"}
    assert [s["name"] for s in manifest()["features"]["shortcuts"]] == ["Close this intro"]


def test_interactivity_is_on_because_the_app_has_buttons_and_modals() -> None:
    recorder = registered()
    assert recorder.actions and recorder.views
    assert manifest()["settings"]["interactivity"]["is_enabled"] is True


def test_only_the_scopes_the_features_need() -> None:
    assert set(manifest()["oauth_config"]["scopes"]["bot"]) == {
        "channels:history", "groups:history", "mpim:history",  # read messages to notice intros
        "chat:write", "chat:write.customize",  # prompts, and closes under the person's name
        "im:write",  # DM fallback and private declines
        "mpim:write",  # the group DM that connects two people who both said yes
        "users:read",  # names, pictures, bots and deactivated accounts
        "commands",  # /intro and the message shortcut
    }


def test_the_oauth_install_asks_for_the_manifests_scopes() -> None:
    assert set(BOT_SCOPES) == set(manifest()["oauth_config"]["scopes"]["bot"])


def test_home_tab_is_enabled_for_the_settings_it_shows() -> None:
    assert "app_home_opened" in registered().events
    assert manifest()["features"]["app_home"]["home_tab_enabled"] is True
