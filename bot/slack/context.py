"""Slack layer: what every listener reads from Bolt's context: the flows' dependencies, who acted where, and the
language to answer them in."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_bolt import BoltContext

from bot.domain.i18n import speaking
from bot.flows.deps import Deps
from bot.flows.language import Lookup, language_or_english
from bot.services.errors import NotFound

# Where a listener middleware leaves what it kept before the acknowledgement (bot/flows/noticing.py Kept), for
# the listener that runs after it.
KEPT = "kept_intro"
# Where the listener leaves the language it answered its actor in, for what runs after it (the Home refresh).
LANGUAGE = "actor_language"

F = TypeVar("F", bound=Callable[..., None])


@dataclass(frozen=True, slots=True)
class Actor:
    """Who clicked, submitted or typed a command, and in which workspace."""

    team_id: str
    user_id: str


def deps(context: BoltContext) -> Deps:
    return context["deps"]


def team_of(context: BoltContext) -> str:
    """The workspace the request came from ("" when Bolt could not tell, which names nothing stored)."""
    team_id = context.team_id
    return team_id if isinstance(team_id, str) else ""  # a signed request can carry any JSON as its team's id


def team_of_event(context: BoltContext, event: dict[str, Any]) -> str:
    """An event's workspace: Bolt's reading of the request, else the event's own `team`."""
    team_id = event.get("team")
    return team_of(context) or (team_id if isinstance(team_id, str) else "")


def chosen_value(body: dict[str, Any]) -> str | None:
    """The value of the option picked in a block action's menu (the snooze menu, the prompt's menu)."""
    actions = body.get("actions")
    option = actions[0].get("selected_option") if isinstance(actions, list) and actions else None
    value = option.get("value") if isinstance(option, dict) else None
    return value if isinstance(value, str) else None


def user_of(body: dict[str, Any]) -> str | None:
    """The person behind an interaction (`user.id`) or a slash command (`user_id`), if the request says."""
    user = body.get("user")
    user_id = user.get("id") if isinstance(user, dict) else body.get("user_id")
    return user_id if isinstance(user_id, str) and user_id else None


def actor(body: dict[str, Any], context: BoltContext) -> Actor:
    """Who acted, in which workspace. A request that names no one names nothing stored: NotFound, a kind reply."""
    user_id = user_of(body)
    if user_id is None:
        raise NotFound()
    return Actor(team_id=team_of(context), user_id=user_id)


def in_actors_language(listener: F, *, lookup: Lookup = Lookup.PATIENT) -> F:
    """Run a listener speaking the language of whoever acted (clicked, submitted, typed a command, opened Home).

    Set here, around the listener itself, because that is the thread that builds the reply: Bolt runs listeners
    on its executor's threads (bot/slack/executor.py), which do not inherit a context variable that a middleware
    set in the request's thread. Bolt reads the wrapped signature to pick its arguments, so the listener takes
    `context` and `body` or (an event) `event`.

    The language is learned before the listener runs, so before an interaction's ack(): `lookup` says how far it
    may go (bot/flows/language.py). PATIENT only where Slack has its answer already (an event, acknowledged before
    its listener runs); an interaction passes BRIEF, or KNOWN_ONLY when its first call must open a modal
    (bot/slack/home_refresh.py `interaction`). When Slack or the database cannot say in time, they are answered in
    English: the step itself may well not need them (a setting saved, a promise kept), and one that does meets the
    trouble itself and says so kindly."""

    @functools.wraps(listener)
    def run(*args: Any, **kwargs: Any) -> None:
        context: BoltContext = kwargs["context"]
        user_id = user_of(kwargs["body"]) if "body" in kwargs else _event_user(kwargs.get("event"))
        language: str | None = None
        if user_id is not None and context.client is not None:
            language = language_or_english(deps(context), context.client, team_of(context), user_id, lookup=lookup)
            context[LANGUAGE] = language
        with speaking(language):
            listener(*args, **kwargs)

    return run  # type: ignore[return-value]


def actors_language(context: BoltContext) -> str | None:
    """The language the listener answered its actor in (None: it could not tell, so English)."""
    language = context.get(LANGUAGE)
    return language if isinstance(language, str) else None


def _event_user(event: object) -> str | None:
    user_id = event.get("user") if isinstance(event, dict) else None
    return user_id if isinstance(user_id, str) and user_id else None


def middleware(d: Deps) -> Callable[..., None]:
    def inject_deps(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002 - Bolt's name
        context["deps"] = d
        next()

    return inject_deps
