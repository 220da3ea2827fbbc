"""Block Kit, pure: the one kit every builder makes its blocks, elements and views from.

Plain dicts, not slack_sdk.models objects: the Web API takes dicts, listeners read the views they get back as
dicts, and tests compare dicts, so a kit of small typed functions returning exactly those dicts changes nothing
on the wire. tests/blocks/test_kit.py parses every builder's output through slack_sdk.models and checks the
limits below, so a label that outgrows them fails a test, not a person's click.

Every text with a limit is fitted to it here (`fit`, `fit_mrkdwn`): a translation or a name longer than anyone
expected is cut with an ellipsis rather than make Slack refuse the whole message or view (invalid_arguments).
Where a name goes into a short label, `fit_name` shortens the name and keeps the words.

Optional keys are written only when they say something (an `optional` input, a `multiline` text field), never
as their default: what Slack assumes when a key is absent.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Literal

Block = dict[str, Any]  # a block, an element, a composition object or a view: Slack's JSON as a dict
Message = tuple[str, list[Block]]  # a message's fallback text (notifications, screen readers) and its blocks
Style = Literal["primary", "danger"]

# Slack's limits that our builders come near (https://api.slack.com/reference/block-kit): checked by the tests.
MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_CONTEXT_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_OPTION_TEXT = 75
MAX_VIEW_TITLE = 24  # also the submit and close buttons of a modal
MAX_PLACEHOLDER = 150
MAX_LABEL = 2000  # an input's label and hint
MAX_VALUE = 2000  # a button's value
MAX_OPTION_VALUE = 150
MAX_ID = 255  # an action_id, block_id or callback_id
MAX_PRIVATE_METADATA = 3000
MAX_CONFIRM_TITLE = 100  # a confirmation dialog's title, text, and its two buttons
MAX_CONFIRM_TEXT = 300
MAX_CONFIRM_BUTTON = 30


# --- Fitting text to a limit ---------------------------------------------------------------------------------
# Lengths are counted as slack_sdk counts them (characters: code points), like bot/blocks/mrkdwn.py `chunks`, so
# a piece it splits off is never cut again. A cut falls between characters as a person sees them: never inside a
# surrogate pair, an emoji sequence, a flag, or a letter and its accents.

ELLIPSIS = "…"
_ZWJ = "\u200d"
_UNCLOSED_MARKUP = re.compile(r"<[^>]*$|&[#0-9A-Za-z]*$")  # half a <@U1>, <url|label> or &amp; at the end


def _joins_previous(ch: str, before: str) -> bool:
    """Whether `ch` belongs to the character before it (a cut between the two would show half a letter or emoji):
    a combining mark, a variation selector, a skin tone, the character after a zero-width joiner, the low half of
    a surrogate pair."""
    code = ord(ch)
    return (unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch == _ZWJ or before == _ZWJ
            or 0xFE00 <= code <= 0xFE0F or 0xE0020 <= code <= 0xE007F or 0x1F3FB <= code <= 0x1F3FF
            or 0xDC00 <= code <= 0xDFFF)


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF  # a flag is two of these


def _cut_at(text: str, room: int) -> int:
    """How many characters of `text` fit in `room` without splitting a letter, an emoji or a flag."""
    end = min(room, len(text))
    while 0 < end < len(text) and _joins_previous(text[end], text[end - 1]):
        end -= 1
    flags = 0
    while flags < end and _is_regional(text[end - 1 - flags]):
        flags += 1
    return end - 1 if flags % 2 and end < len(text) and _is_regional(text[end]) else end


def fit(text: str, limit: int) -> str:
    """`text` if it fits in `limit`, else as much as fits with an ellipsis, cut between whole characters."""
    if len(text) <= limit:
        return text
    return text[:_cut_at(text, limit - len(ELLIPSIS))].rstrip() + ELLIPSIS


def fit_mrkdwn(text: str, limit: int) -> str:
    """As `fit`, for mrkdwn: a cut never leaves half a mention, link or escape (which Slack would show raw)."""
    if len(text) <= limit:
        return text
    kept = text[:_cut_at(text, limit - len(ELLIPSIS))]
    return _UNCLOSED_MARKUP.sub("", kept).rstrip() + ELLIPSIS


def fit_name(words: Callable[[str], str], name: str, limit: int, *, least: int = 8) -> str | None:
    """A label naming someone, within `limit`: `words(name)`, the name shortened rather than the words when it
    is too long; None when the words leave the name fewer than `least` characters (say it without the name)."""
    whole = words(name)
    if len(whole) <= limit:
        return whole
    room = limit - len(words(""))
    if room < least:
        return None
    shortened = words(fit(name, room))
    return shortened if len(shortened) <= limit else None  # a translation that names them twice


# --- Text ----------------------------------------------------------------------------------------------------

def plain(text: str, limit: int) -> Block:
    """Plain text, fitted to the `limit` of where it goes."""
    return {"type": "plain_text", "text": fit(text, limit)}


def mrkdwn(text: str, *, verbatim: bool = False, limit: int = MAX_SECTION_TEXT) -> Block:
    """`verbatim`: Slack leaves the text as it is (no auto-linked names or channels): for text people wrote.
    Long text is split into sections before it comes here (bot/blocks/mrkdwn.py `chunks`); the cut is a last
    resort."""
    return {"type": "mrkdwn", "text": fit_mrkdwn(text, limit), **({"verbatim": True} if verbatim else {})}


# --- Blocks --------------------------------------------------------------------------------------------------

def section(text: str, *, block_id: str | None = None, accessory: Block | None = None,
            verbatim: bool = False) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text, verbatim=verbatim)}
    if block_id:
        block["block_id"] = block_id
    if accessory:
        block["accessory"] = accessory
    return block


def context(text: str, *, verbatim: bool = False) -> Block:
    return {"type": "context", "elements": [mrkdwn(text, verbatim=verbatim, limit=MAX_CONTEXT_TEXT)]}


def actions(elements: Sequence[Block], *, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, MAX_HEADER_TEXT)}


def divider() -> Block:
    return {"type": "divider"}


def input_block(block_id: str, label: str, element: Block, *, action_id: str | None = None,
                optional: bool = False, dispatch_action: bool = False, hint: str | None = None) -> Block:
    """An input; its element's action id is `action_id`, or the block id when the two are the same field."""
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label, MAX_LABEL),
                    "element": {**element, "action_id": action_id or block_id}}
    if optional:
        block["optional"] = True
    if dispatch_action:  # a change sends block_actions at once (e.g. to rewrite a draft), not only on submit
        block["dispatch_action"] = True
    if hint:
        block["hint"] = plain(hint, MAX_LABEL)
    return block


# --- Elements ------------------------------------------------------------------------------------------------

def confirm_dialog(title: str, text: str, *, confirm: str, deny: str, style: Style | None = None) -> Block:
    dialog: Block = {"title": plain(title, MAX_CONFIRM_TITLE), "text": plain(text, MAX_CONFIRM_TEXT),
                     "confirm": plain(confirm, MAX_CONFIRM_BUTTON), "deny": plain(deny, MAX_CONFIRM_BUTTON)}
    if style:
        dialog["style"] = style
    return dialog


def button(text: str, action_id: str, value: str | None = None, style: Style | None = None, *,
           confirm: Block | None = None) -> Block:
    element: Block = {"type": "button", "text": plain(text, MAX_BUTTON_TEXT), "action_id": action_id}
    if value is not None:
        element["value"] = value
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def option(text: str, value: str) -> Block:
    return {"text": plain(text, MAX_OPTION_TEXT), "value": value}


def overflow(action_id: str, options: Sequence[Block]) -> Block:
    return {"type": "overflow", "action_id": action_id, "options": list(options)}


def static_select(options: Sequence[Block], *, action_id: str | None = None, initial: Block | None = None,
                  placeholder: str | None = None) -> Block:
    """`action_id` may be left for input_block to set; `initial` is one of `options`."""
    element: Block = {"type": "static_select", **_action(action_id), "options": list(options)}
    if initial:
        element["initial_option"] = initial
    if placeholder:
        element["placeholder"] = plain(placeholder, MAX_PLACEHOLDER)
    return element


def users_select(*, action_id: str | None = None, initial_user: str | None = None) -> Block:
    element: Block = {"type": "users_select", **_action(action_id)}
    if initial_user:
        element["initial_user"] = initial_user
    return element


def multi_users_select(*, action_id: str | None = None, initial_users: Sequence[str] = (),
                       max_selected_items: int | None = None, placeholder: str | None = None) -> Block:
    element: Block = {"type": "multi_users_select", **_action(action_id)}
    if max_selected_items is not None:
        element["max_selected_items"] = max_selected_items
    if placeholder:
        element["placeholder"] = plain(placeholder, MAX_PLACEHOLDER)
    if initial_users:
        element["initial_users"] = list(initial_users)
    return element


def datepicker(*, action_id: str | None = None, initial_date: date | None = None) -> Block:
    element: Block = {"type": "datepicker", **_action(action_id)}
    if initial_date is not None:
        element["initial_date"] = initial_date.isoformat()
    return element


def checkboxes(options: Sequence[Block], *, action_id: str | None = None, initial: Sequence[Block] = ()) -> Block:
    element: Block = {"type": "checkboxes", **_action(action_id), "options": list(options)}
    if initial:
        element["initial_options"] = list(initial)
    return element


def radio_buttons(options: Sequence[Block], *, action_id: str | None = None, initial: Block | None = None) -> Block:
    element: Block = {"type": "radio_buttons", **_action(action_id), "options": list(options)}
    if initial:
        element["initial_option"] = initial
    return element


def plain_text_input(*, action_id: str | None = None, max_length: int | None = None, multiline: bool = False,
                     initial_value: str | None = None, placeholder: str | None = None,
                     dispatch_on_enter: bool = False) -> Block:
    """`dispatch_on_enter`: with the input's dispatch_action, only Enter sends block_actions, not each keystroke."""
    element: Block = {"type": "plain_text_input", **_action(action_id)}
    if multiline:
        element["multiline"] = True
    if max_length is not None:
        element["max_length"] = max_length
    if initial_value:
        element["initial_value"] = initial_value
    if placeholder:
        element["placeholder"] = plain(placeholder, MAX_PLACEHOLDER)
    if dispatch_on_enter:
        element["dispatch_action_config"] = {"trigger_actions_on": ["on_enter_pressed"]}
    return element


def _action(action_id: str | None) -> Block:
    return {"action_id": action_id} if action_id else {}


# --- Views ---------------------------------------------------------------------------------------------------

def modal(callback_id: str, title: str, blocks: Sequence[Block], *, submit: str | None = None,
          close: str | None = None, private_metadata: str | None = None) -> Block:
    """A modal; without `submit` it only shows something (its close button says e.g. "OK")."""
    view: Block = {"type": "modal", "callback_id": callback_id, "title": plain(title, MAX_VIEW_TITLE)}
    if submit:
        view["submit"] = plain(submit, MAX_VIEW_TITLE)
    if close:
        view["close"] = plain(close, MAX_VIEW_TITLE)
    if private_metadata is not None:
        view["private_metadata"] = private_metadata
    view["blocks"] = list(blocks)
    return view


def home_tab(blocks: Sequence[Block]) -> Block:
    return {"type": "home", "blocks": list(blocks)}
