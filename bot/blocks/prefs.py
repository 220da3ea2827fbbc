"""Block Kit, pure: the settings form (`/intro prefs`): an intro policy and notification choices."""

from __future__ import annotations

from typing import Any

from bot.domain.optin import MAX_POLICY_NOTE_CHARS, MAX_TOPICS_CHARS, POLICY_LABELS, IntroPolicy
from bot.services.prefs import Prefs, Setting
from bot.blocks.kit import plain
from bot.blocks.ids import PREFS_MODAL, PrefsField

Block = dict[str, Any]
NOTIFY_LABELS = {Setting.PROMPTS: "Prompt me privately when someone introduces me",
                 Setting.DIGEST: "Send me a digest of what's open on Monday mornings"}



def _option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label), "value": value}


def _input(field: PrefsField, label: str, element: dict[str, Any], *, optional: bool = True,
           hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": field, "optional": optional, "label": plain(label),
                    "element": {**element, "action_id": field}}
    if hint:
        block["hint"] = plain(hint)
    return block


def prefs_modal(prefs: Prefs) -> dict[str, Any]:
    policy = prefs.policy
    busy: dict[str, Any] = {"type": "datepicker"}
    if policy.busy_until:
        busy["initial_date"] = policy.busy_until.isoformat()
    topics: dict[str, Any] = {"type": "plain_text_input", "max_length": MAX_TOPICS_CHARS}
    if policy.topics:
        topics["initial_value"] = policy.topics
    note: dict[str, Any] = {"type": "plain_text_input", "max_length": MAX_POLICY_NOTE_CHARS}
    if policy.note:
        note["initial_value"] = policy.note
    kinds = [_option(kind.value, label) for kind, label in POLICY_LABELS.items()]
    notify = [_option(setting.value, label) for setting, label in NOTIFY_LABELS.items()]
    chosen = [o for o, on in zip(notify, (prefs.prompts_enabled, prefs.digest_enabled), strict=True) if on]
    checkboxes: dict[str, Any] = {"type": "checkboxes", "options": notify}
    if chosen:
        checkboxes["initial_options"] = chosen
    return {
        "type": "modal",
        "callback_id": PREFS_MODAL,
        "title": plain("Your intro settings"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text":
                "Your intro policy is shown to anyone who proposes or asks for an intro to you, and your intro "
                "prompts offer a one-click decline that cites it."}},
            _input(PrefsField.POLICY, "My intro policy", {
                "type": "radio_buttons", "options": kinds,
                "initial_option": kinds[list(IntroPolicy).index(policy.kind)]}, optional=False),
            _input(PrefsField.BUSY_UNTIL, "Busy until", busy, hint="For \"Busy until a date\"."),
            _input(PrefsField.TOPICS, "Topics I welcome intros about", topics,
                   hint="For \"Only about certain topics\", e.g. hiring, pricing."),
            _input(PrefsField.NOTE, "A short note for people who want to introduce me", note),
            _input(PrefsField.NOTIFY, "Notifications", checkboxes),
        ],
    }
