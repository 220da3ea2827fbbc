"""Slack layer: answering a button in place, without wiping a digest that lists other items."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.blocks.ids import DIGEST_BLOCK_PREFIX
from bot.blocks.prompt import confirmation
from bot.flows.delivery import describe, open_dm

log = logging.getLogger(__name__)

def from_digest(body: dict[str, Any]) -> bool:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("block_id", "")).startswith(DIGEST_BLOCK_PREFIX)


def from_home(body: dict[str, Any]) -> bool:
    """A click on the Home tab: there is no message to reply to; the refreshed tab is the answer."""
    return (body.get("view") or {}).get("type") == "home"


def reply_in_place(respond: Respond, body: dict[str, Any], text: str, *, keep_text: bool = False) -> None:
    """Replace the message's buttons with `text`; a list keeps its other items and gets a reply below.
    `keep_text`: the message's own text (its sections) stays readable above the reply.

    Cosmetic: what the button did is already stored, so a reply Slack does not take is only logged (telling
    the person to try again would be wrong; a stale button, pressed again, says it is done)."""
    if from_home(body):
        return
    try:
        if from_digest(body):
            answer = respond(text=text, response_type="ephemeral", replace_original=False)
        else:
            kept = [b for b in (body.get("message") or {}).get("blocks", []) if b.get("type") == "section"]
            answer = respond(text=text, blocks=[*(kept if keep_text else ()), *confirmation(text)],
                             replace_original=True)
        if answer.status_code != 200:
            log.warning("could not reply in place: the response_url answered %s", answer.status_code)
    except Exception as error:  # noqa: BLE001 - see above
        log.warning("could not reply in place: %s", describe(error))


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
