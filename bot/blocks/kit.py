"""Block Kit, pure: the one kit every builder makes its blocks, elements and views from.

Plain dicts, not slack_sdk.models objects: the Web API takes dicts, listeners read the views they get back as
dicts, and tests compare dicts, so a kit of small typed functions returning exactly those dicts changes nothing
on the wire. tests/blocks/test_kit.py parses every builder's output through slack_sdk.models and checks the
limits below, so a label that outgrows them fails a test, not a person's click.

Optional keys are written only when they say something (an `optional` input, a `multiline` text field), never
as their default: what Slack assumes when a key is absent.
"""

from __future__ import annotations

from collections.abc import Sequence
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


# --- Text ----------------------------------------------------------------------------------------------------

def plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str, *, verbatim: bool = False) -> Block:
    """`verbatim`: Slack leaves the text as it is (no auto-linked names or channels): for text people wrote."""
    return {"type": "mrkdwn", "text": text, **({"verbatim": True} if verbatim else {})}


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
    return {"type": "context", "elements": [mrkdwn(text, verbatim=verbatim)]}


def actions(elements: Sequence[Block], *, block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text)}


def divider() -> Block:
    return {"type": "divider"}


def input_block(block_id: str, label: str, element: Block, *, action_id: str | None = None,
                optional: bool = False, dispatch_action: bool = False, hint: str | None = None) -> Block:
    """An input; its element's action id is `action_id`, or the block id when the two are the same field."""
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label),
                    "element": {**element, "action_id": action_id or block_id}}
    if optional:
        block["optional"] = True
    if dispatch_action:  # a change sends block_actions at once (e.g. to rewrite a draft), not only on submit
        block["dispatch_action"] = True
    if hint:
        block["hint"] = plain(hint)
    return block


# --- Elements ------------------------------------------------------------------------------------------------

def confirm_dialog(title: str, text: str, *, confirm: str, deny: str, style: Style | None = None) -> Block:
    dialog: Block = {"title": plain(title), "text": plain(text), "confirm": plain(confirm), "deny": plain(deny)}
    if style:
        dialog["style"] = style
    return dialog


def button(text: str, action_id: str, value: str | None = None, style: Style | None = None, *,
           confirm: Block | None = None) -> Block:
    element: Block = {"type": "button", "text": plain(text), "action_id": action_id}
    if value is not None:
        element["value"] = value
    if style:
        element["style"] = style
    if confirm:
        element["confirm"] = confirm
    return element


def option(text: str, value: str) -> Block:
    return {"text": plain(text), "value": value}


def overflow(action_id: str, options: Sequence[Block]) -> Block:
    return {"type": "overflow", "action_id": action_id, "options": list(options)}


def static_select(options: Sequence[Block], *, action_id: str | None = None, initial: Block | None = None,
                  placeholder: str | None = None) -> Block:
    """`action_id` may be left for input_block to set; `initial` is one of `options`."""
    element: Block = {"type": "static_select", **_action(action_id), "options": list(options)}
    if initial:
        element["initial_option"] = initial
    if placeholder:
        element["placeholder"] = plain(placeholder)
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
        element["placeholder"] = plain(placeholder)
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
        element["placeholder"] = plain(placeholder)
    if dispatch_on_enter:
        element["dispatch_action_config"] = {"trigger_actions_on": ["on_enter_pressed"]}
    return element


def _action(action_id: str | None) -> Block:
    return {"action_id": action_id} if action_id else {}


# --- Views ---------------------------------------------------------------------------------------------------

def modal(callback_id: str, title: str, blocks: Sequence[Block], *, submit: str | None = None,
          close: str | None = None, private_metadata: str | None = None) -> Block:
    """A modal; without `submit` it only shows something (its close button says e.g. "OK")."""
    view: Block = {"type": "modal", "callback_id": callback_id, "title": plain(title)}
    if submit:
        view["submit"] = plain(submit)
    if close:
        view["close"] = plain(close)
    if private_metadata is not None:
        view["private_metadata"] = private_metadata
    view["blocks"] = list(blocks)
    return view


def home_tab(blocks: Sequence[Block]) -> Block:
    return {"type": "home", "blocks": list(blocks)}
