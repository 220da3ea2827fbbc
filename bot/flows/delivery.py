"""Flows: the one way stored work reaches Slack: prompts, closes, nudges, held DMs and opt-in questions.

The caller has stored the work first, with a retry record (bot/db/models.py RetryRecord) held as a lease.
`deliver` then sends it, records the outcome in one transaction, and on failure records the next try on the
retry schedule (bot/domain/retry.py), or marks it failed for good when Slack refused for good or the tries ran
out; only then is anyone told. Nothing is lost to a 429, a Slack outage or a restart: the due-work loop sends
whatever is due again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Generic, TypeVar

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.kit import Message
from bot.flows.deps import Deps
from bot.flows.posting import send_dm
from bot.flows.slack_errors import describe, is_final
from bot.services.nudges import mark_sent_now
from bot.services.retries import Retried, nudge_retried, record_failed_try

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class Failed(StrEnum):
    """A try Slack did not take, as recorded."""

    RETRYING = "retrying"  # due again on the retry schedule
    FOR_GOOD = "for_good"  # Slack refused for good, or the tries ran out: kept with its error


@dataclass(frozen=True, slots=True)
class Delivered(Generic[R]):
    """Slack took it; `recorded`: what the caller's `record` returned."""

    recorded: R


def deliver(d: Deps, item: Retried | None, send: Callable[[], T | None], *, record: Callable[[Session, T], R],
            now: datetime, what: str, rescue: Callable[[Exception], T | None] | None = None,
            tell_author: Callable[[], None] | None = None,
            gave_up_level: int = logging.WARNING) -> Delivered[R] | Failed | None:
    """Send stored work and record what became of it.

    `item`: its retry record (None: there is none to keep, so a failure is only logged). `send`: talks to
    Slack and returns what `record` needs, or None when it decided there is nothing to send (it has recorded
    that itself); then nothing else happens and None is returned. `record`: in one transaction, what a send
    that Slack took changes. `rescue`: another way to send it after a failure (None: there is none). On a
    failure that is final, `tell_author` is called and the log line is at `gave_up_level`; `what` names the
    work in logs (ids only, never message text).
    """
    try:
        sent = send()
    except Exception as error:  # noqa: BLE001 - recorded with its next try, or as failed with its error
        sent = rescue(error) if rescue is not None else None
        if sent is None:
            return _record_failure(d, item, error, now=now, what=what, tell_author=tell_author,
                                   gave_up_level=gave_up_level)
    if sent is None:
        return None
    with d.sessions.begin() as session:
        return Delivered(record(session, sent))


def _record_failure(d: Deps, item: Retried | None, error: Exception, *, now: datetime, what: str,
                    tell_author: Callable[[], None] | None, gave_up_level: int) -> Failed:
    again = False
    if item is not None:
        with d.sessions.begin() as session:
            again = record_failed_try(session, item, error=describe(error), final=is_final(error), now=now)
    log.log(logging.WARNING if again else gave_up_level, "%s not delivered (%s); %s", what, describe(error),
            "will retry" if again else "failed for good")
    if again:
        return Failed.RETRYING
    if tell_author is not None:
        tell_author()
    return Failed.FOR_GOOD


def send_held(d: Deps, client: WebClient, nudge_id: int | None, *, user_id: str, message: Message,
              now: datetime) -> bool:
    """Send right away a DM that its sender stored as a nudge held for itself (due once the hold runs out, so the
    due-work loop sends it if the sender dies). False when it was not sent now: the nudge is then due again on
    the retry schedule (or failed for good, with Slack's error), or `nudge_id` is None (someone else holds it)."""
    if nudge_id is None:
        return False
    done = deliver(d, nudge_retried(nudge_id), lambda: send_dm(client, user_id, message),
                   record=lambda session, _sent: mark_sent_now(session, nudge_id=nudge_id, now=now),
                   now=now, what=f"nudge {nudge_id}, sent right away,")
    return isinstance(done, Delivered)
