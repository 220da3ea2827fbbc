"""Flows, Slack I/O: replacing a message's buttons with a confirmation once what they ask is done, and a
command's private reply.

Replacing buttons is cosmetic: what the button did is already stored, so a replacement Slack does not take is
logged at WARNING and never raised (telling the person to try again would be wrong; a stale button, pressed
again, says it is done). Bolt's `respond` is taken as a plain callable, so flows need not import Bolt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from slack_sdk import WebClient

from bot.blocks.ids import DIGEST_BLOCK_PREFIX
from bot.blocks.prompt import confirmation
from bot.flows.posting import open_dm
from bot.flows.response_urls import post
from bot.flows.slack_errors import describe

log = logging.getLogger(__name__)

Respond = Callable[..., Any]  # Bolt's `respond`: posts to the interaction's response_url, returns its answer
Block = dict[str, Any]


def from_digest(body: dict[str, Any]) -> bool:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("block_id", "")).startswith(DIGEST_BLOCK_PREFIX)


def message_response_url(body: dict[str, Any]) -> str | None:
    """The response_url of the message a click's outcome replaces later (after a form, say): the nudge, prompt
    or request itself. A click from a digest (or `/intro list`) has none to use, so the list keeps its other items
    and the outcome goes elsewhere; a Home click has none at all."""
    return None if from_digest(body) else body.get("response_url")


def from_home(body: dict[str, Any]) -> bool:
    """A click on the Home tab: there is no message to reply to; the refreshed tab is the answer."""
    return (body.get("view") or {}).get("type") == "home"


def replace_buttons(client: WebClient | None, text: str, *, respond: Respond | None = None,
                    response_url: str | None = None, channel_id: str | None = None, ts: str | None = None,
                    kept: Sequence[Block] = (), message_text: str | None = None) -> bool:
    """Replace a message's buttons with `text` (below the `kept` blocks), through the first way given: Bolt's
    `respond`, a `response_url` (checked by bot/flows/response_urls.py; needs `client`), or updating the message
    at `channel_id`/`ts` (`message_text`: its new fallback text, `text` if None). True when Slack took it;
    never raises."""
    blocks = [*kept, *confirmation(text)]
    try:
        if respond is not None:
            answer = respond(text=text, blocks=blocks, replace_original=True)
            if answer.status_code != 200:
                log.warning("could not replace a message's buttons: the response_url answered %s", answer.status_code)
                return False
            return True
        if response_url is not None and client is not None:
            if not post(client, response_url, {"text": text, "blocks": blocks, "replace_original": True}):
                log.warning("could not replace a message's buttons through its response_url")
                return False
            return True
        if client is not None and channel_id and ts:
            client.chat_update(channel=channel_id, ts=ts, text=text if message_text is None else message_text,
                               blocks=blocks)
            return True
    except Exception as error:  # noqa: BLE001 - cosmetic, see above
        log.warning("could not replace a message's buttons: %s", describe(error))
    return False


def reply_in_place(respond: Respond, body: dict[str, Any], text: str, *, keep_text: bool = False) -> None:
    """Replace the message's buttons with `text`; a list keeps its other items and gets a reply below.
    `keep_text`: the message's own text (its sections) stays readable above the reply."""
    if from_home(body):
        return
    if not from_digest(body):
        kept = [b for b in (body.get("message") or {}).get("blocks", []) if b.get("type") == "section"]
        replace_buttons(None, text, respond=respond, kept=kept if keep_text else ())
        return
    try:
        answer = respond(text=text, response_type="ephemeral", replace_original=False)
        if answer.status_code != 200:
            log.warning("could not reply in place: the response_url answered %s", answer.status_code)
    except Exception as error:  # noqa: BLE001 - cosmetic, see above
        log.warning("could not reply in place: %s", describe(error))


def replace_prompt(client: WebClient, *, response_url: str | None, prompt_channel_id: str | None,
                   prompt_ts: str | None, text: str) -> None:
    """Swap the prompt's buttons for a short confirmation: through the click's response_url, or (a prompt that
    came by DM) by updating its message."""
    if response_url:
        replace_buttons(client, text, response_url=response_url)
    else:
        replace_buttons(client, text, channel_id=prompt_channel_id, ts=prompt_ts)


def tell(client: WebClient, respond: Respond, user_id: str, text: str,
         blocks: list[dict[str, Any]] | None = None) -> None:
    """A command's private reply. When its response_url does not take it, the reply comes by DM instead:
    the command's work is done, and a person who saw nothing would run it again. Never raises."""
    try:
        answer = respond(text=text, blocks=blocks, response_type="ephemeral")
        if answer.status_code == 200:
            return
        why = f"the response_url answered {answer.status_code}"
    except Exception as error:  # noqa: BLE001 - a timeout, a dropped connection, no response_url at all
        why = describe(error)
    log.warning("a command's reply goes by DM: %s", why)
    try:
        client.chat_postMessage(channel=open_dm(client, user_id), text=text, blocks=blocks)
    except Exception as error:  # noqa: BLE001 - the work is done and stored; only the news is missing
        log.warning("could not send a command's reply by DM either: %s", describe(error))
