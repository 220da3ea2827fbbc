"""Flows, Slack I/O: posting through a response_url, the one way to reach a conversation the bot is not in
(replacing a message's buttons through one: bot/flows/replies.py).

A response_url arrives inside a signed request, and modals carry it on in their metadata; still, every
response_url the bot calls goes through `post`, which calls only Slack's response_url hosts on the default port
(plus the configured Web API's host, which is where a proxy or the tests' stand-in for Slack lives), so a
crafted URL can never make the bot call somewhere else.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.blocks.closes import posted_close
from bot.blocks.mrkdwn import escape
from bot.blocks.prompt import confirmation
from bot.flows.posting import open_dm
from bot.flows.slack_client import SDK_LOG
from bot.flows.slack_errors import describe

log = logging.getLogger(__name__)

TIMEOUT = 10  # seconds
# Where Slack's response_urls point: its commercial and its GovSlack hooks hosts.
RESPONSE_URL_HOSTS = frozenset({"hooks.slack.com", "hooks.slack-gov.com"})


def trusted(url: object, client: WebClient) -> str | None:
    """`url` when it is a Slack response_url (https, a hooks host, the default port, no credentials) or on the
    configured Web API's host and port; else None."""
    if not isinstance(url, str) or len(url) > 2000:
        return None
    try:
        parts, api = urlsplit(url), urlsplit(client.base_url)
        port = parts.port
    except ValueError:
        return None
    if parts.username is not None or parts.password is not None:
        return None
    if parts.scheme == "https" and (parts.hostname or "").lower() in RESPONSE_URL_HOSTS and port in (None, 443):
        return url
    if (parts.scheme, parts.netloc.lower()) == (api.scheme, api.netloc.lower()) and parts.netloc:
        return url
    return None


def post(client: WebClient, url: str | None, body: dict[str, Any]) -> bool:
    """True when the response_url took it. Never raises: the caller has another way."""
    safe = trusted(url, client)
    if safe is None:
        return False
    try:
        answer = WebhookClient(safe, timeout=TIMEOUT, logger=SDK_LOG).send_dict(body)
    except Exception as error:  # noqa: BLE001 - a timeout or a dropped connection: the caller falls back
        log.warning("a response_url did not answer: %s", describe(error))
        return False
    if answer.status_code != 200:
        log.warning("a response_url answered %s", answer.status_code)
        return False
    return True


def post_close_in_conversation(client: WebClient, url: str | None, *, text: str, author_name: str) -> bool:
    """A close posted where the shortcut was used, in the app's name with a note naming its author."""
    safe_text = escape(text)
    return post(client, url, {"response_type": "in_channel", "replace_original": False, "text": safe_text,
                              "blocks": posted_close(safe_text, author_name), "unfurl_links": False,
                              "unfurl_media": False})


def tell_privately(client: WebClient, url: str | None, *, user_id: str, text: str) -> None:
    """A private reply where the shortcut was used; by DM when the response_url does not take it. Never raises."""
    if post(client, url, {"response_type": "ephemeral", "replace_original": False, "text": text,
                          "blocks": confirmation(text)}):
        return
    try:
        client.chat_postMessage(channel=open_dm(client, user_id), text=text, blocks=confirmation(text))
    except Exception as error:  # noqa: BLE001 - the work is stored; only the news is missing
        log.warning("could not tell someone privately, by response_url or DM: %s", describe(error))
