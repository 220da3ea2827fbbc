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
from bot.flows.home import refresh_home
from bot.slack.context import deps, team_of, user_of
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
            refresh_home(deps(context), context.client, team_id=team_of(context), user_id=user_id, now=utcnow())

    return run  # type: ignore[return-value]


def with_home(listener: F, home: Home, *, why: str) -> F:
    """`listener` as Bolt should run it; `why` is the one-line reason for the choice, read where it is made."""
    if not why.strip():
        raise ValueError("say why the Home tab is or is not refreshed after this listener")
    return refreshing_home(listener) if home is Home.REFRESH else listener


def interaction(listener: F, home: Home, *, why: str) -> F:
    """An interaction's listener: its errors become a kind reply (bot/slack/errors.py), then the Home choice."""
    return with_home(guarded(listener), home, why=why)
