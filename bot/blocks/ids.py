"""Block Kit, pure: every action id and callback id in one place, so builders and listeners agree; and what Slack's
own ids, timestamps and messages posted by people look like, checked the same way everywhere."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Any, TypeGuard

from bot.services.errors import NotFound
from bot.services.prefs import Setting


class Action(StrEnum):
    # Prompt buttons (their value is the party id).
    DIRECT = "intro_close_direct"
    REDIRECT = "intro_close_redirect"
    DECLINE = "intro_close_decline"
    NEED_TIME = "intro_need_time"
    CONNECT = "intro_connect"
    DISMISS = "intro_dismiss"
    PROMPT_MENU = "intro_prompt_menu"
    # Settings.
    PROMPTS_ON = "prefs_prompts_on"
    PROMPTS_OFF = "prefs_prompts_off"
    DIGEST_ON = "prefs_digest_on"
    DIGEST_OFF = "prefs_digest_off"
    # The introducer's "I've passed it on" on a handed-back decline (value: party id).
    RELAYED = "promise_relayed"
    # A promise nudge's buttons (value: promise id; the snooze menu's options: "<promise id>:<snooze>").
    MAKE_INTRO = "nudge_make_intro"
    SNOOZE = "nudge_snooze"
    CLOSE_INSTEAD = "nudge_close_instead"
    DONE = "nudge_done"
    # Double opt-in (value: the request id).
    OPTIN_YES = "optin_yes"
    OPTIN_NOT_NOW = "optin_not_now"
    OPTIN_NO = "optin_no"
    OPTIN_STEP_BACK = "optin_step_back"
    # An intro request's buttons for the introducer (value: the ask id).
    ASK_FORWARD = "ask_forward"
    ASK_DECLINE = "ask_decline"
    ASK_SUGGEST = "ask_suggest"
    EDIT_PREFS = "prefs_edit"
    DELETE_MY_DATA = "prefs_delete_my_data"  # the Home tab's button that opens the settings form
    # A prompt's one-click decline citing the person's intro policy (value: party id).
    DECLINE_BY_POLICY = "intro_decline_by_policy"


class MetadataEvent(StrEnum):
    """Message metadata event types the bot marks its own posts with, so a retry can find an earlier attempt's."""

    CLOSE = "intro_close"  # a close (payload: close_id)
    CONNECT = "intro_connect"  # the intro posted in a double opt-in's group DM (payload: request_id)
    STEP_BACK = "intro_step_back"  # the introducer's goodbye in that group DM (payload: request_id)


class Field(StrEnum):
    """Block and action ids of the close modal's inputs."""

    REASON = "reason"
    AFTER = "after"
    WHO = "who"
    WHO_NAME = "who_name"
    WHO_CONTACT = "who_contact"
    BY = "by"
    BUSY_UNTIL = "busy_until"
    DRAFT = "draft"
    CHECK_FIRST = "check_first"
    REDIRECT_OPTIONS = "redirect_options"  # a redirect's checkboxes: the better person already agreed; ask now
    LANGUAGE = "draft_language"  # the draft's language: the intro's by default


# Inputs whose change rewrites the draft (they dispatch block_actions from the modal).
DRAFT_SHAPING_FIELDS = (Field.REASON, Field.AFTER, Field.WHO, Field.WHO_NAME, Field.BY, Field.BUSY_UNTIL,
                        Field.REDIRECT_OPTIONS, Field.LANGUAGE)

# Each settings button: which setting it changes, and to what.
SETTING_ACTIONS = {
    Action.PROMPTS_ON: (Setting.PROMPTS, True),
    Action.PROMPTS_OFF: (Setting.PROMPTS, False),
    Action.DIGEST_ON: (Setting.DIGEST, True),
    Action.DIGEST_OFF: (Setting.DIGEST, False),
}

CLOSE_MODAL = "close_modal"
OPTIN_MODAL = "optin_modal"
OPTIN_NO_MODAL = "optin_no_modal"
OPTIN_NOT_NOW_MODAL = "optin_not_now_modal"  # "Not now" with a date to ask again after
YES_MODAL = "yes_modal"  # "Happy to connect": an optional yes to post in the intro's thread
NEW_DATE_MODAL = "new_date_modal"  # a slipped "get back to you by" date, posted in the thread with the new one
PREFS_MODAL = "prefs_modal"
ASK_DECLINE_MODAL = "ask_decline_modal"
ASK_SUGGEST_MODAL = "ask_suggest_modal"
# The "Close this intro" message shortcut (manifest.yml), and the modals it opens.
CLOSE_THIS_INTRO = "close_this_intro"
SHORTCUT_CHOOSER = "shortcut_chooser"  # the ways to close, as on a prompt (its buttons are the prompt's actions)
SHORTCUT_WHO_MODAL = "shortcut_who_modal"  # who was introduced, when the message does not say
SHORTCUT_NOTICE = "shortcut_notice"  # a message in a modal, nothing to submit
SHORTCUT_WHO = "shortcut_who"  # the who-modal's block and action id


class AskField(StrEnum):
    TEXT = "ask_text"
    SOMEONE = "ask_someone"


class PrefsField(StrEnum):
    POLICY = "prefs_policy"
    BUSY_UNTIL = "prefs_busy_until"
    TOPICS = "prefs_topics"
    NOTE = "prefs_note"
    NOTIFY = "prefs_notify"
    LANGUAGE = "prefs_language"


class OptInField(StrEnum):
    """Block and action ids of the /intro modal and the no-thanks note."""

    FIRST = "optin_first"
    SECOND = "optin_second"
    KIND = "optin_kind"
    WHY = "optin_why"
    NOTE = "optin_note"
    ASK_AGAIN_AFTER = "optin_ask_again_after"


class NewDateField(StrEnum):
    """The slipped-date modal's input: the new "get back to you by" day."""

    BY = "new_date_by"


PROMPT_MENU_OFF = "prompts_off"
DIGEST_BLOCK_PREFIX = "digest:"  # block ids of a message listing several items: the digest and `/intro list`

SLACK_ID = re.compile(r"[A-Z0-9]{2,32}")
SLACK_TS = re.compile(r"\d{1,12}\.\d{1,8}")
# Subtypes that are still a person posting: a reply also sent to the channel, a file share with a comment.
PERSON_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})


def is_slack_id(value: Any) -> TypeGuard[str]:
    """A user, channel or team id as Slack writes them (U123…, C123…, D123…)."""
    return isinstance(value, str) and SLACK_ID.fullmatch(value) is not None


def is_slack_ts(value: Any) -> TypeGuard[str]:
    """A message timestamp as Slack writes them ("1763800000.000100")."""
    return isinstance(value, str) and SLACK_TS.fullmatch(value) is not None


def is_direct_message(channel_id: str) -> bool:
    """A 1:1 direct message (Slack's ids for them start with D)."""
    return channel_id.startswith("D")


def posted_by_person(message: dict[str, Any]) -> bool:
    """A message a person wrote: not a bot's or an app's, not an edit, deletion, join or other housekeeping."""
    subtype = message.get("subtype")
    return (isinstance(subtype, str | None) and subtype in PERSON_SUBTYPES and not message.get("bot_id")
            and not message.get("bot_profile") and is_slack_id(message.get("user")))


# The largest id a stored row can have (a signed 64-bit integer, on PostgreSQL and SQLite alike).
MAX_ROW_ID = 2**63 - 1


def row_id(raw: Any) -> int:
    """A stored row's id as a button's value or a form's metadata carries it. Anything else ("abc", "1e3", a
    number no row can have, nothing at all) names nothing stored: NotFound, a kind reply, never a stack trace."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    elif isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= 19:
        number = int(raw)
    else:
        raise NotFound()
    if not 0 < number <= MAX_ROW_ID:
        raise NotFound()
    return number


def button_row_id(body: dict[str, Any]) -> int:
    """The row id a pressed button carries as its value."""
    actions = body.get("actions") or [{}]
    return row_id(actions[0].get("value"))


def json_object(raw: Any) -> dict[str, Any] | None:
    """`raw` parsed as a JSON object (the form Slack hands back metadata in), or None for anything else."""
    try:
        data = json.loads(raw) if isinstance(raw, str) else None
    except (ValueError, RecursionError):  # RecursionError: JSON nested thousands deep
        return None
    return data if isinstance(data, dict) else None


def private_metadata(body: dict[str, Any]) -> dict[str, Any]:
    """What a form was opened with: an object, or NotFound (a form the app never wrote)."""
    meta = json_object(body["view"].get("private_metadata") or "{}")
    if meta is None:
        raise NotFound()
    return meta
