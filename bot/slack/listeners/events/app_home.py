"""Slack layer: the Home tab, published when a person opens it or changes a setting."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.timing import local_day, local_today
from bot.services.overview import overview
from bot.services.prefs import prefs_of
from bot.blocks.home import build_home
from bot.flows.slack_errors import describe
from bot.flows.deps import Deps
from bot.slack.context import deps

log = logging.getLogger(__name__)


def publish_home(d: Deps, client: WebClient, *, team_id: str, user_id: str) -> None:
    tz = d.people.get(client, team_id, user_id).tz
    with d.sessions.begin() as session:
        prefs = prefs_of(session, team_id=team_id, user_id=user_id)
        ov = overview(session, team_id=team_id, user_id=user_id)
    view = build_home(prefs, ov, lambda moment: local_day(moment, tz), local_today(utcnow(), tz))
    client.views_publish(user_id=user_id, view=view)


def refresh_home(d: Deps, client: WebClient, *, team_id: str, user_id: str) -> None:
    """Show a stored change on the person's Home tab. Cosmetic: the tab is published again whenever it is
    opened, so a refresh Slack does not take is only logged (the change itself is never reported as failed)."""
    try:
        publish_home(d, client, team_id=team_id, user_id=user_id)
    except Exception as error:  # noqa: BLE001 - see above
        log.info("could not refresh the Home tab: %s", describe(error))


F = TypeVar("F", bound=Callable[..., None])


def refreshing_home(listener: F) -> F:
    """After an interaction, the person's Home tab shows what changed (Bolt reads the wrapped signature,
    so the listener takes `body` and `context`)."""

    @functools.wraps(listener)
    def run(*args: Any, **kwargs: Any) -> None:
        listener(*args, **kwargs)
        context: BoltContext = kwargs["context"]
        body = kwargs["body"]
        user_id = (body.get("user") or {}).get("id") or body.get("user_id")
        if user_id and context.client is not None:
            refresh_home(deps(context), context.client, team_id=context.team_id or "", user_id=user_id)

    return run  # type: ignore[return-value]


def show_home(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    if event.get("tab", "home") != "home" or not isinstance(event.get("user"), str):
        return  # not the Home tab, or no one to show it to
    publish_home(deps(context), client, team_id=context.team_id or "", user_id=event["user"])
