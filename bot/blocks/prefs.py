"""Block Kit, pure: the settings form (`/intro prefs`): an intro policy, notification choices and the language."""

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
    static_select,
)
from bot.domain.i18n import N_, _
from bot.domain.languages import LANGS, NATIVE_NAMES
from bot.domain.optin import MAX_POLICY_NOTE_CHARS, MAX_TOPICS_CHARS, POLICY_LABELS, IntroPolicy
from bot.services.prefs import Prefs, Setting

NOTIFY_LABELS = {Setting.PROMPTS: N_("Prompt me privately when someone introduces me"),
                 Setting.DIGEST: N_("Send me a digest of what's open on Monday mornings")}
# The language menu's first option: no choice stored, the bot follows the person's Slack language.
AUTOMATIC = "auto"


def language_options() -> list[Block]:
    """Slack's language, then each language the bot speaks, named in that language (so anyone can find theirs)."""
    return [option(_("Slack's language (automatic)"), AUTOMATIC),
            *(option(NATIVE_NAMES[lang], lang) for lang in LANGS)]


def prefs_modal(prefs: Prefs) -> Block:
    policy = prefs.policy
    kinds = [option(_(label), kind.value) for kind, label in POLICY_LABELS.items()]
    notify = [option(_(label), setting.value) for setting, label in NOTIFY_LABELS.items()]
    chosen = [o for o, on in zip(notify, (prefs.prompts_enabled, prefs.digest_enabled), strict=True) if on]
    languages = language_options()
    language = next((o for o in languages if o["value"] == prefs.language), languages[0])
    return modal(PREFS_MODAL, _("Your intro settings"), [
        section(_("Your intro policy is shown to anyone who proposes or asks for an intro to you, and your intro "
                  "prompts offer a one-click decline that cites it.")),
        input_block(PrefsField.POLICY, _("My intro policy"),
                    radio_buttons(kinds, initial=kinds[list(IntroPolicy).index(policy.kind)])),
        input_block(PrefsField.BUSY_UNTIL, _("Busy until"), datepicker(initial_date=policy.busy_until),
                    optional=True, hint=_("For \"Busy until a date\".")),
        input_block(PrefsField.TOPICS, _("Topics I welcome intros about"),
                    plain_text_input(max_length=MAX_TOPICS_CHARS, initial_value=policy.topics), optional=True,
                    hint=_("For \"Only about certain topics\", e.g. hiring, pricing.")),
        input_block(PrefsField.NOTE, _("A short note for people who want to introduce me"),
                    plain_text_input(max_length=MAX_POLICY_NOTE_CHARS, initial_value=policy.note), optional=True),
        input_block(PrefsField.NOTIFY, _("Notifications"), checkboxes(notify, initial=chosen), optional=True),
        input_block(PrefsField.LANGUAGE, _("Language"), static_select(languages, initial=language), optional=True,
                    hint=_("The language I use with you. Automatic follows the language you chose in Slack.")),
    ], submit=_("Save"), close=_("Cancel"))
