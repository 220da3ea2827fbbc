"""Flows: the Home tab and the `/intro list` summary: a person's settings and what is open for them."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from slack_sdk import WebClient

from bot.blocks.home import build_home, made_blocks, open_blocks
from bot.blocks.ids import DIGEST_BLOCK_PREFIX
from bot.blocks.kit import context
from bot.domain.i18n import _
from bot.domain.timing import local_day, local_today
from bot.flows.deps import Deps
from bot.flows.slack_errors import describe
from bot.services.overview import overview
from bot.services.prefs import prefs_of

log = logging.getLogger(__name__)

MESSAGE_BLOCKS = 50  # Slack refuses a message with more


def publish_home(d: Deps, client: WebClient, *, team_id: str, user_id: str, now: datetime) -> None:
    tz = d.people.get(client, team_id, user_id).tz
    with d.sessions.begin() as session:
        prefs = prefs_of(session, team_id=team_id, user_id=user_id)
        ov = overview(session, team_id=team_id, user_id=user_id)
    view = build_home(prefs, ov, lambda moment: local_day(moment, tz), local_today(now, tz))
    client.views_publish(user_id=user_id, view=view)


def refresh_home(d: Deps, client: WebClient, *, team_id: str, user_id: str, now: datetime) -> None:
    """Show a stored change on the person's Home tab. Cosmetic: the tab is published again whenever it is
    opened, so a refresh Slack does not take is only logged (the change itself is never reported as failed)."""
    try:
        publish_home(d, client, team_id=team_id, user_id=user_id, now=now)
    except Exception as error:  # noqa: BLE001 - see above
        log.info("could not refresh the Home tab: %s", describe(error))


def open_list(d: Deps, client: WebClient, *, team_id: str, user_id: str) -> list[dict[str, Any]]:
    """`/intro list`: what is open for the person, with its buttons, and how their intros went."""
    tz = d.people.get(client, team_id, user_id).tz
    with d.sessions.begin() as session:
        ov = overview(session, team_id=team_id, user_id=user_id)
    blocks = [*open_blocks(ov, lambda moment: local_day(moment, tz), prefix=DIGEST_BLOCK_PREFIX), *made_blocks(ov)]
    if len(blocks) > MESSAGE_BLOCKS:  # a very full list: the rest is on Home, which holds twice as many
        blocks = [*blocks[:MESSAGE_BLOCKS - 1], context(_("There's more on my Home tab."))]
    return blocks
