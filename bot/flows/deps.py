"""Flows: what every flow needs besides Slack's client: the database, the people directory, the backlog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.db.backlog import Backlog
from bot.db.engine import SessionFactory
from bot.flows.people import PeopleDirectory

ClientFor = Callable[[str], WebClient]  # a workspace's id -> a client with that workspace's bot token


@dataclass(frozen=True, slots=True)
class Deps:
    sessions: SessionFactory
    people: PeopleDirectory
    backlog: Backlog = field(default_factory=Backlog)
