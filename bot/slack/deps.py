"""Slack layer: what listeners need besides Bolt's own arguments, carried in the Bolt context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from slack_bolt import BoltContext
from slack_sdk import WebClient

from bot.db.engine import SessionFactory
from bot.slack.backlog import Backlog
from bot.slack.people import PeopleDirectory


ClientFor = Callable[[str], WebClient]  # a workspace's id -> a client with that workspace's bot token


@dataclass(frozen=True, slots=True)
class Deps:
    sessions: SessionFactory
    people: PeopleDirectory
    backlog: Backlog = field(default_factory=Backlog)


def deps(context: BoltContext) -> Deps:
    return context["deps"]


def middleware(d: Deps) -> Callable[..., None]:
    def inject_deps(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002 - Bolt's name
        context["deps"] = d
        next()

    return inject_deps
