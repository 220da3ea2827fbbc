"""Flows: sending the nudges that are due, in each person's working hours, once each.

Each due nudge is claimed with a lease, checked against the current state (kept or
closed meanwhile: it ends quietly), held back until the person's working hours,
then sent by DM. A send that fails is retried on the retry schedule, then kept as
failed with its error; it is never dropped silently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.blocks.digest import build_digest
from bot.blocks.handback import request_expired, request_expired_for_yes
from bot.blocks.kit import Message
from bot.blocks.nudges import open_intro_nudge, promise_nudge, target_mention
from bot.blocks.optin import ask, declined
from bot.blocks.prompt import mentions
from bot.blocks.redirect import contact_passed_on, not_going_ahead_nudge
from bot.domain.i18n import N_, _, speaking
from bot.domain.nudging import (
    WorkingHours,
    next_digest_at,
    next_nudge_after,
    next_working_moment,
    this_weeks_digest_at,
)
from bot.domain.optin import ANSWER_WINDOW, Answer, RequestState
from bot.domain.states import NudgeKind, PromiseKind
from bot.domain.timing import local_day, when_it_was
from bot.flows.asks import ask_nudge_message, is_request, record_request_sent
from bot.flows.delivery import Delivered, deliver
from bot.flows.deps import ClientFor, Deps
from bot.flows.language import language_for, language_or_english
from bot.flows.noticing import permalink
from bot.flows.posting import open_dm, send_dm
from bot.flows.replies import replace_buttons
from bot.flows.slack_errors import describe
from bot.flows.withdrawal import retire_questions
from bot.services.digest import open_items
from bot.services.nudges import (
    DueNudge,
    claim_due_nudges,
    defer_nudge,
    end_nudge,
    mark_nudge_sent,
    renew_nudge_lease,
    schedule,
)
from bot.services.optin import expire_request, record_ask
from bot.services.prefs import prefs_of
from bot.services.promises import cancel_promise, redirect_asking, withdraw_requests
from bot.services.retries import nudge_retried

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
# A redirect's reminder waits while its double opt-in is out; just past the expiry it looks again shortly after.
ASKING_RECHECK = timedelta(minutes=5)


def send_due_nudges(d: Deps, clients: ClientFor, clock: Clock, hours: WorkingHours) -> int:
    """Send every nudge that is due; returns how many went out. The clock is read per batch and per send,
    so leases are measured from when the work is done, not from when a long tick began."""
    sent = 0
    while True:
        with d.sessions.begin() as session:
            batch = claim_due_nudges(session, now=clock())
        if not batch:
            return sent
        sent += sum(_send(d, clients, nudge, clock, hours) for nudge in batch)


@dataclass(frozen=True, slots=True)
class _Sent:
    """A nudge Slack took: where it went, when it is next due, and the lease it was sent under."""

    channel_id: str
    ts: str
    next_due: datetime | None
    held_until: datetime


def _send(d: Deps, clients: ClientFor, nudge: DueNudge, clock: Clock, hours: WorkingHours) -> bool:
    now = clock()
    if not nudge.still_wanted:
        with d.sessions.begin() as session:
            end_nudge(session, nudge_id=nudge.nudge_id)
        return False

    def sent(session: Session, it: _Sent) -> bool:
        recorded = mark_nudge_sent(session, nudge_id=nudge.nudge_id, now=now, next_due=it.next_due,
                                   held_until=it.held_until)
        if nudge.kind is NudgeKind.OPTIN_REMINDER and nudge.optin is not None:  # the question to settle later
            record_ask(session, request_id=nudge.optin.request_id, user_id=nudge.user_id, channel_id=it.channel_id,
                       ts=it.ts)
        if nudge.ask is not None and is_request(nudge.kind):  # where its buttons are, to retire them later
            record_request_sent(session, nudge.kind, nudge.ask, channel_id=it.channel_id, ts=it.ts)
        return recorded

    # Looking the person up and composing count as part of the try: trouble there is retried like a failed send.
    done = deliver(d, nudge_retried(nudge.nudge_id), lambda: _send_if_due(d, clients, nudge, clock, hours, now),
                   record=sent, now=now, what=f"nudge {nudge.nudge_id}", gave_up_level=logging.ERROR)
    if not isinstance(done, Delivered):
        return False
    if not done.recorded:
        log.warning("nudge %s: the lease ran out while sending; another worker may send it again", nudge.nudge_id)
    return True


def _send_if_due(d: Deps, clients: ClientFor, nudge: DueNudge, clock: Clock, hours: WorkingHours,
                 now: datetime) -> _Sent | None:
    """Send the nudge if it is due for this person now; None (and it is deferred or ended) when it is not."""
    client = clients(nudge.team_id)
    person = d.people.get(client, nudge.team_id, nudge.user_id)
    if not person.is_active_human:
        _end_for_someone_gone(d, client, nudge, now)
        return None
    earliest = max(now, this_weeks_digest_at(now, person.tz)) if nudge.kind is NudgeKind.DIGEST else now
    when = next_working_moment(earliest, person.tz, hours)
    if when > now:
        with d.sessions.begin() as session:
            defer_nudge(session, nudge_id=nudge.nudge_id, until=when)
        return None
    with speaking(language_for(d, client, nudge.team_id, nudge.user_id)):  # the nudged person's language
        message, next_due = _compose(d, client, nudge, person.tz, now)
    if message is None:  # a digest with nothing in it, or turned off: look again next week
        with d.sessions.begin() as session:
            defer_nudge(session, nudge_id=nudge.nudge_id, until=next_due)  # type: ignore[arg-type]
        return None
    with d.sessions.begin() as session:
        held = renew_nudge_lease(session, nudge, now=clock())
    if held is None:
        log.info("nudge %s was taken over by another worker", nudge.nudge_id)
        return None
    answer = send_dm(client, nudge.user_id, message)
    return _Sent(answer["channel"], answer["ts"], next_due, held)


def _compose(d: Deps, client: WebClient, nudge: DueNudge, tz: str | None,
             now: datetime) -> tuple[Message | None, datetime | None]:
    """The DM to send (None: nothing to say) and when this nudge is next due (None: never)."""
    def day(moment: datetime) -> str:
        return local_day(moment, tz)

    if nudge.kind is NudgeKind.DIGEST:
        with d.sessions.begin() as session:
            wanted = prefs_of(session, team_id=nudge.team_id, user_id=nudge.user_id).digest_enabled
            digest = open_items(session, team_id=nudge.team_id, user_id=nudge.user_id)
        message = build_digest(digest, day) if wanted and not digest.empty else None
        return message, next_digest_at(now, tz)
    if nudge.optin is not None:
        return _optin_message(d, client, nudge, now)
    if nudge.ask is not None:  # an intro request (or its answer) Slack did not take at first, its reminder, expiry
        expires = nudge.ask.expires_at
        return ask_nudge_message(d, client, nudge.kind, nudge.ask, day=day(expires) if expires else "", now=now), None
    assert nudge.intro is not None, "intro and promise nudges always have their intro"
    if nudge.kind is NudgeKind.CONTACT and nudge.promise is not None:  # held when the promise was kept; sent now
        return contact_passed_on(nudge.promise.owner_id, nudge.promise, nudge.intro), None
    link = permalink(client, nudge.intro.channel_id, nudge.intro.message_ts)
    if nudge.promise is None:
        return open_intro_nudge(nudge.intro, link, when=when_it_was(nudge.intro.introduced_at, now, tz)), None
    number = nudge.sent + 1
    if nudge.promise.kind is PromiseKind.MAKE_REDIRECT:
        with d.sessions.begin() as session:
            asking = redirect_asking(session, promise_id=nudge.promise.promise_id)
        if asking is not None and asking.state is RequestState.ASKING:  # no reminder while they are being asked
            return None, max(asking.until or now, now) + ASKING_RECHECK
        if asking is not None:  # the double opt-in did not go ahead: offer the direct close instead
            return not_going_ahead_nudge(nudge.promise, nudge.intro, number=number), next_nudge_after(number, now)
    message = promise_nudge(nudge.promise, nudge.intro, number=number, day=day(nudge.promise.due_at), permalink=link)
    return message, next_nudge_after(number, now)


def _optin_message(d: Deps, client: WebClient, nudge: DueNudge,
                   now: datetime) -> tuple[Message | None, datetime | None]:
    """A reminder to answer, once (or the question itself, if Slack never took it: the reminder comes later);
    a no to relay that Slack did not take at first; or, a week on, the request expires and the introducer hears."""
    view = nudge.optin
    assert view is not None
    if nudge.kind is NudgeKind.OPTIN_REMINDER:
        if view.answer_of(nudge.user_id).ask_ts is None:
            return ask(view, nudge.user_id), now + ANSWER_WINDOW
        return ask(view, nudge.user_id, reminder=True), None
    if nudge.kind is NudgeKind.OPTIN_DECLINED:
        return declined(view)[nudge.user_id], None
    if nudge.kind is NudgeKind.OPTIN_EXPIRED:
        message = request_expired_for_yes(view, nudge.user_id)
        mine = view.answer_of(nudge.user_id)
        if mine.ask_channel_id and mine.ask_ts:  # their answered question said it was waiting: no longer
            replace_buttons(client, message[0], channel_id=mine.ask_channel_id, ts=mine.ask_ts)
        return message, None
    with d.sessions.begin() as session:
        if not expire_request(session, request_id=view.request_id, now=now):
            return None, None  # settled meanwhile
        for yes in (a.user_id for a in view.answers if a.answer is Answer.YES):  # each hears it, in this tick
            schedule(session, team_id=view.team_id, subject=f"optin-expired:{view.request_id}:{yes}",
                     kind=NudgeKind.OPTIN_EXPIRED, user_id=yes, due_at=now, optin_id=view.request_id, now=now)
    return request_expired(view.people, [a.user_id for a in view.answers if a.answer is Answer.PENDING]), None


def _end_for_someone_gone(d: Deps, client: WebClient, nudge: DueNudge, now: datetime) -> None:
    """The person to nudge left the workspace: end what they owed, and tell whoever was waiting on it."""
    promise = nudge.promise if nudge.kind is NudgeKind.PROMISE else None  # a kept promise's news: only ended
    withdrawn = []
    with d.sessions.begin() as session:
        end_nudge(session, nudge_id=nudge.nudge_id)
        if promise is not None:
            cancel_promise(session, promise_id=promise.promise_id, now=now)
            withdrawn = withdraw_requests(session, promise_id=promise.promise_id, now=now)  # nobody connects for them
    if promise is None:
        return
    retire_questions(d, client, withdrawn)
    intro = nudge.intro
    assert intro is not None, "promise nudges always have their intro"
    if promise.kind is PromiseKind.MAKE_REDIRECT:
        waiting = list(intro.other_ids)
        text = N_("<@{owner}> had offered to connect you with {target} about the intro in <#{channel}>, but is no "
                  "longer in this workspace. You may want to reach out directly.")
    else:
        waiting = [intro.user_id]
        text = N_("<@{owner}>, who was to pass your answer on to {others}, is no longer in this workspace, so it may "
                  "not have reached them. You may want to tell them yourself.")
    for user_id in waiting:
        try:
            with speaking(language_or_english(d, client, intro.team_id, user_id)):  # each reads it in their language
                said = _(text, owner=promise.owner_id, target=target_mention(promise), channel=intro.channel_id,
                         others=mentions(intro.other_ids))
            client.chat_postMessage(channel=open_dm(client, user_id), text=said)
        except Exception as error:  # noqa: BLE001 - a courtesy note; the promise is already ended
            log.warning("could not tell %s that a promise ended: %s", user_id, describe(error))
