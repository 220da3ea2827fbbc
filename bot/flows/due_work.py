"""Flows: one tick of the due-work loop: retry undelivered prompts and closes, then send due nudges."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TypeVar

from bot.db.lease import DueWork
from bot.domain.nudging import WorkingHours
from bot.flows.closing.sending import deliver_close
from bot.flows.deps import ClientFor, Deps
from bot.flows.follow_through import send_due_nudges
from bot.flows.noticing import deliver_prompt, permalink, store_backlog
from bot.flows.optin import reconnect
from bot.services.closes import PENDING_CLOSES, claim_pending_closes
from bot.services.intros import UNPROMPTED, claim_unprompted
from bot.services.optin import CONNECTING, claim_connecting


def run_due_work(d: Deps, clients: ClientFor, clock: Callable[[], datetime], hours: WorkingHours) -> None:
    """The clock is read as the work goes: a long tick must not hand out leases that already ran out."""
    store_backlog(d, clients, clock)
    redeliver_due(d, clients, clock)
    send_due_nudges(d, clients, clock, hours)


def redeliver_due(d: Deps, clients: ClientFor, clock: Callable[[], datetime]) -> None:
    """Retry what is due: undelivered prompts, pending closes and unfinished connections. Safe to run in
    several processes: each item is claimed with a lease, renewed right before it is sent."""
    for party in _still_ours(d, clock, claim_unprompted, UNPROMPTED, lambda p: p.party_id):
        client = clients(party.team_id)
        deliver_prompt(d, client, party, now=clock(), link=permalink(client, party.channel_id, party.message_ts))
    for close in _still_ours(d, clock, claim_pending_closes, PENDING_CLOSES, lambda c: c.close_id):
        client = clients(close.intro.team_id)
        deliver_close(d, client, close, now=clock(), look_first=True, hand_back=True)
    for request in _still_ours(d, clock, claim_connecting, CONNECTING, lambda r: r.request_id):
        reconnect(d, clients(request.team_id), request)


T = TypeVar("T")


def _still_ours(d: Deps, clock: Callable[[], datetime], claim: Callable[..., list[T]], work: DueWork,
                row_id: Callable[[T], int]) -> Iterator[T]:
    """Claim a batch, then yield each item only after renewing its lease, so none outlives it."""
    claimed_at = clock()
    with d.sessions.begin() as session:
        items = claim(session, now=claimed_at)
    for item in items:
        with d.sessions.begin() as session:
            ours = work.keep(session, row_id(item), claimed_at=claimed_at, now=clock())
        if ours:
            yield item
