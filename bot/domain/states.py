"""Domain, pure: the states and kinds the bot's records move through, named once.

The tables store these values (bot/db/models.py); builders, services and error replies use the same names,
so none of them needs the ORM to say "redirected" or "make_redirect".
"""

from __future__ import annotations

from enum import StrEnum


class PartyState(StrEnum):
    OPEN = "open"
    CLOSED_DIRECT = "closed_direct"
    REDIRECTED = "redirected"
    DECLINED = "declined"
    CONNECTED = "connected"
    DISMISSED = "dismissed"
    QUIET = "quiet"  # had turned prompts off when introduced (or was named in a shortcut someone else used)
    REMOVED = "removed"  # the intro's message was deleted, or edited into something that is not an intro


class IntroSource(StrEnum):
    DETECTED = "detected"  # noticed in a message by the detector
    SHORTCUT = "shortcut"  # someone used the "Close this intro" message shortcut on it


class Feedback(StrEnum):
    """What the live feedback counters count (per workspace; numbers only, never text)."""

    DISMISSED = "dismissed"  # a detected intro's prompt answered "Not an intro": a likely false alarm
    # The shortcut marked a message the detector did not read as an intro, or someone it left out joined one.
    SHORTCUT_MISSED = "shortcut_missed"


class CloseStatus(StrEnum):
    PENDING = "pending"  # stored, not yet accepted by Slack
    POSTED = "posted"
    FAILED = "failed"  # Slack refused it for good; the person was told


class PromiseKind(StrEnum):
    MAKE_REDIRECT = "make_redirect"  # connect the others with the better-placed person
    RELAY_DECLINE = "relay_decline"  # introducer passes a decline on
    GET_BACK = "get_back"  # "I'll get back to you by <date>": close the intro by then


class NudgeKind(StrEnum):
    PROMISE = "promise"  # a promise fell due: remind its owner (up to three times)
    OPEN_INTRO = "open_intro"  # an introduced person neither closed nor replied within 48 hours
    DIGEST = "digest"  # the weekly summary of a person's open intros and promises
    OPTIN_REMINDER = "optin_reminder"  # one reminder to answer a double opt-in request
    OPTIN_EXPIRY = "optin_expiry"  # a request nobody finished answering expires; the introducer hears
    OPTIN_DECLINED = "optin_declined"  # someone declined: the introducer and the other person must hear it
    OPTIN_EXPIRED = "optin_expired"  # a request expired: whoever said yes hears that it did not go ahead
    ASK = "ask"  # an intro request (`/intro ask`) to send its introducer, held while it is sent at once
    ASK_ANSWER = "ask_answer"  # the introducer's decline or suggestion to send the requester, likewise
    ASK_REMINDER = "ask_reminder"  # one reminder to the introducer of an intro request still unanswered at 72 h
    ASK_EXPIRY = "ask_expiry"  # an intro request unanswered for a week expires; the requester hears
    CONTACT = "contact_passed"  # a kept redirect's outside contact, by DM to one person waiting: held while sent


class PromiseState(StrEnum):
    OPEN = "open"
    KEPT = "kept"
    CANCELLED = "cancelled"
