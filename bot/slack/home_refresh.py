"""Slack layer: whether a listener's person sees their Home tab published again after it, chosen per listener.

Every registration says `Home.REFRESH` or `Home.AS_IS` with a one-line reason, so the choice is made where a
listener is registered rather than by which list it happens to be in.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from slack_bolt import BoltContext

from bot.clock import utcnow
from bot.domain.i18n import speaking
from bot.flows.home import refresh_home
from bot.flows.language import Lookup
from bot.slack.context import actors_language, deps, in_actors_language, team_of, user_of
from bot.slack.errors import guarded

F = TypeVar("F", bound=Callable[..., None])


class Home(Enum):
    REFRESH = "refresh"  # published again after the listener, so the tab shows what it changed
    AS_IS = "as_is"  # left alone: the listener publishes it itself, or changes nothing it shows


def refreshing_home(listener: F) -> F:
    """After an interaction, the person's Home tab shows what changed (Bolt reads the wrapped signature,
    so the listener takes `body` and `context`)."""

    @functools.wraps(listener)
    def run(*args: Any, **kwargs: Any) -> None:
        listener(*args, **kwargs)
        context: BoltContext = kwargs["context"]
        user_id = user_of(kwargs["body"])
        if user_id and context.client is not None:
            with speaking(actors_language(context)):  # the listener has returned: its language is no longer set
                refresh_home(deps(context), context.client, team_id=team_of(context), user_id=user_id, now=utcnow())

    return run  # type: ignore[return-value]


def with_home(listener: F, home: Home, *, why: str) -> F:
    """`listener` as Bolt should run it; `why` is the one-line reason for the choice, read where it is made."""
    if not why.strip():
        raise ValueError("say why the Home tab is or is not refreshed after this listener")
    return refreshing_home(listener) if home is Home.REFRESH else listener


def interaction(listener: F, home: Home, *, why: str, trigger_first: bool = False) -> F:
    """An interaction's listener, answering in its actor's language (bot/slack/context.py): its errors become a kind
    reply (bot/slack/errors.py), then the Home choice. The language is learned before the listener acknowledges, so
    Slack is asked for it only briefly (one try within a second) and English answers when that fails.
    `trigger_first`: its first call to Slack opens a modal with the trigger, so Slack is not asked at all before (the
    listener looks the language up after)."""
    lookup = Lookup.KNOWN_ONLY if trigger_first else Lookup.BRIEF
    return with_home(guarded(in_actors_language(listener, lookup=lookup)), home, why=why)
