"""Flows: one tick of the due-work loop: retry undelivered prompts and closes, then send due nudges."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.domain.nudging import WorkingHours
from bot.flows.deps import ClientFor, Deps
from bot.flows.follow_through import send_due_nudges
from bot.flows.noticing import redeliver_due, store_backlog


def run_due_work(d: Deps, clients: ClientFor, clock: Callable[[], datetime], hours: WorkingHours) -> None:
    """The clock is read as the work goes: a long tick must not hand out leases that already ran out."""
    store_backlog(d, clients, clock)
    redeliver_due(d, clients, clock)
    send_due_nudges(d, clients, clock, hours)
