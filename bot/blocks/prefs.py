"""Block Kit, pure: the settings form (`/intro prefs`): an intro policy and notification choices."""

from __future__ import annotations

from bot.blocks.ids import PREFS_MODAL, PrefsField
from bot.blocks.kit import (
    Block,
    checkboxes,
    datepicker,
    input_block,
    modal,
    option,
    plain_text_input,
    radio_buttons,
    section,
)
from bot.domain.optin import MAX_POLICY_NOTE_CHARS, MAX_TOPICS_CHARS, POLICY_LABELS, IntroPolicy
from bot.services.prefs import Prefs, Setting

NOTIFY_LABELS = {Setting.PROMPTS: "Prompt me privately when someone introduces me",
                 Setting.DIGEST: "Send me a digest of what's open on Monday mornings"}


def prefs_modal(prefs: Prefs) -> Block:
    policy = prefs.policy
    kinds = [option(label, kind.value) for kind, label in POLICY_LABELS.items()]
    notify = [option(label, setting.value) for setting, label in NOTIFY_LABELS.items()]
    chosen = [o for o, on in zip(notify, (prefs.prompts_enabled, prefs.digest_enabled), strict=True) if on]
    return modal(PREFS_MODAL, "Your intro settings", [
        section("Your intro policy is shown to anyone who proposes or asks for an intro to you, and your intro "
                "prompts offer a one-click decline that cites it."),
        input_block(PrefsField.POLICY, "My intro policy",
                    radio_buttons(kinds, initial=kinds[list(IntroPolicy).index(policy.kind)])),
        input_block(PrefsField.BUSY_UNTIL, "Busy until", datepicker(initial_date=policy.busy_until), optional=True,
                    hint="For \"Busy until a date\"."),
        input_block(PrefsField.TOPICS, "Topics I welcome intros about",
                    plain_text_input(max_length=MAX_TOPICS_CHARS, initial_value=policy.topics), optional=True,
                    hint="For \"Only about certain topics\", e.g. hiring, pricing."),
        input_block(PrefsField.NOTE, "A short note for people who want to introduce me",
                    plain_text_input(max_length=MAX_POLICY_NOTE_CHARS, initial_value=policy.note), optional=True),
        input_block(PrefsField.NOTIFY, "Notifications", checkboxes(notify, initial=chosen), optional=True),
    ], submit="Save", close="Cancel")
