"""Slack layer: sending the nudges that are due, in each person's working hours, once each.

Each due nudge is claimed with a lease, checked against the current state (kept or
closed meanwhile: it ends quietly), held back until the person's working hours,
then sent by DM. A send that fails is retried on the retry schedule, then kept as
failed with its error; it is never dropped silently.
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient

from bot.db.models import NudgeKind, PromiseKind
from bot.domain.closes import format_day
from bot.domain.nudging import WorkingHours, next_nudge_after, next_working_moment
from bot.domain.timing import zone
from bot.services.nudges import DueNudge, claim_due_nudges, defer_nudge, end_nudge, mark_nudge_failed, mark_nudge_sent
from bot.services.promises import cancel_promise
from bot.slack.blocks.nudges import open_intro_nudge, promise_nudge, target_mention
from bot.slack.blocks.prompt import mentions
from bot.slack.delivery import describe, is_final, open_dm
from bot.slack.deps import Deps
from bot.slack.outbox import permalink

log = logging.getLogger(__name__)


def send_due_nudges(d: Deps, client: WebClient, now: datetime, hours: WorkingHours) -> int:
    """Send every nudge due at `now`; returns how many went out."""
    sent = 0
    while True:
        with d.sessions.begin() as session:
            batch = claim_due_nudges(session, now=now)
        if not batch:
            return sent
        sent += sum(_send(d, client, nudge, now, hours) for nudge in batch)


def _send(d: Deps, client: WebClient, nudge: DueNudge, now: datetime, hours: WorkingHours) -> bool:
    if not nudge.still_wanted:
        with d.sessions.begin() as session:
            end_nudge(session, nudge_id=nudge.nudge_id)
        return False
    try:
        person = d.people.get(client, nudge.intro.team_id, nudge.user_id)
        if not person.is_active_human:
            _end_for_someone_gone(d, client, nudge, now)
            return False
        when = next_working_moment(now, person.tz, hours)
        if when > now:
            with d.sessions.begin() as session:
                defer_nudge(session, nudge_id=nudge.nudge_id, until=when)
            return False
        text, blocks = _message(client, nudge, person.tz)
        client.chat_postMessage(channel=open_dm(client, nudge.user_id), text=text, blocks=blocks,
                                unfurl_links=False)
    except Exception as error:  # noqa: BLE001 - kept with its next try, or as failed with its error
        with d.sessions.begin() as session:
            again = mark_nudge_failed(session, nudge_id=nudge.nudge_id, error=describe(error),
                                      final=is_final(error), now=now)
        log.log(logging.WARNING if again else logging.ERROR, "nudge %s not sent (%s); %s", nudge.nudge_id,
                describe(error), "will retry" if again else "marked failed")
        return False
    number = nudge.sent + 1
    with d.sessions.begin() as session:
        mark_nudge_sent(session, nudge_id=nudge.nudge_id, now=now,
                        next_due=next_nudge_after(number, now) if nudge.promise else None)
    return True


def _message(client: WebClient, nudge: DueNudge, tz: str | None) -> tuple[str, list[dict]]:
    link = permalink(client, nudge.intro.channel_id, nudge.intro.message_ts)
    if nudge.kind is NudgeKind.OPEN_INTRO or nudge.promise is None:
        return open_intro_nudge(nudge.intro, link)
    day = format_day(nudge.promise.due_at.astimezone(zone(tz)).date())
    return promise_nudge(nudge.promise, nudge.intro, number=nudge.sent + 1, day=day, permalink=link)


def _end_for_someone_gone(d: Deps, client: WebClient, nudge: DueNudge, now: datetime) -> None:
    """The person to nudge left the workspace: end what they owed, and tell whoever was waiting on it."""
    promise = nudge.promise
    with d.sessions.begin() as session:
        end_nudge(session, nudge_id=nudge.nudge_id)
        if promise is not None:
            cancel_promise(session, promise_id=promise.promise_id, now=now)
    if promise is None:
        return
    intro = nudge.intro
    if promise.kind is PromiseKind.MAKE_REDIRECT:
        waiting = list(intro.other_ids)
        text = (f"<@{promise.owner_id}> had offered to connect you with {target_mention(promise)} about the intro "
                f"in <#{intro.channel_id}>, but is no longer in this workspace. You may want to reach out directly.")
    else:
        waiting = [intro.user_id]
        text = (f"<@{promise.owner_id}>, who was to pass your answer on to {mentions(intro.other_ids)}, is no "
                f"longer in this workspace, so it may not have reached them. You may want to tell them yourself.")
    for user_id in waiting:
        try:
            client.chat_postMessage(channel=open_dm(client, user_id), text=text)
        except Exception as error:  # noqa: BLE001 - a courtesy note; the promise is already ended
            log.warning("could not tell %s that a promise ended: %s", user_id, describe(error))
