"""Domain: the three ways to close an intro, and a first draft for each.

Drafts follow the etiquette: written in the closer's voice, one thank-you (naming
the introducer when a third party made the intro), the decision stated plainly,
goodwill, a sentence or two, and no vaguely open door: when the door stays open it
comes with a date. They are starting points the person edits, so they stay plain.
Drafts never contain `<`, `>` or `&`; escaping names for Slack is the caller's job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.domain.i18n import format_day, join_names

MAX_CLOSE_CHARS = 1500  # a close is a sentence or two; this is a hard cap with room for edits


class CloseWay(StrEnum):
    DIRECT = "direct"
    REDIRECT = "redirect"
    DECLINE = "decline"
    # Not a close but an honest holding reply ("I'll get back to you by <date>"); the date becomes a promise.
    NEED_TIME = "need_time"


class DirectReason(StrEnum):
    NOT_A_FIT = "not_a_fit"
    NO_CAPACITY = "no_capacity"
    ALREADY_COVERED = "already_covered"
    OTHER = "other"


class DeclineReason(StrEnum):
    NOT_MY_AREA = "not_my_area"
    TOO_BUSY = "too_busy"
    OTHER = "other"


# Both OTHER members equal the string "other", so they share one key (and one label).
REASON_LABELS: dict[DirectReason | DeclineReason, str] = {
    DirectReason.NOT_A_FIT: "Not the right fit",
    DirectReason.NO_CAPACITY: "No capacity right now",
    DirectReason.ALREADY_COVERED: "Already covered",
    DirectReason.OTHER: "Something else",
    DeclineReason.NOT_MY_AREA: "Not my area",
    DeclineReason.TOO_BUSY: "Too busy until a date",
    DeclineReason.OTHER: "Something else",
}


@dataclass(frozen=True, slots=True)
class People:
    me: str  # first name of the person closing
    introducer: str  # first name of who made the intro
    others: tuple[str, ...]  # first names of the other introduced people (1 or more)


def _others(people: People) -> str:
    return join_names(people.others)


def _greeting(names: str) -> str:
    return f"Hi {names}," if names else "Hi there,"


def _third_party(people: People) -> str | None:
    """The introducer to thank, unless they are one of the people in the intro themselves."""
    introducer = people.introducer.strip()
    if not introducer or introducer in {people.me.strip(), *(o.strip() for o in people.others)}:
        return None
    return introducer


def _opening(people: People) -> str:
    # Gratitude once: a single thank-you covers the others and, by name, the introducer.
    introducer = _third_party(people)
    thanks = f"thanks to you and {introducer} for thinking of me." if introducer else "thanks for thinking of me."
    return f"{_greeting(_others(people))} {thanks}"


_GOODWILL = "Best of luck with it!"

_DIRECT_DECISIONS: dict[DirectReason, str] = {
    DirectReason.NOT_A_FIT: "This isn't the right fit for me, so I'll pass",
    DirectReason.NO_CAPACITY: "I don't have the capacity to take this on, so I'll pass",
    DirectReason.ALREADY_COVERED: "This is already covered on my side, so I'll pass",
    DirectReason.OTHER: "I've decided to pass on this one",
}


def draft_direct(people: People, reason: DirectReason, *, reach_out_after: date | None = None) -> str:
    decision = _DIRECT_DECISIONS[reason]
    if reach_out_after is not None:
        # The only open door a draft offers is one with a date on it.
        decision += f"; feel free to reach out again after {format_day(reach_out_after)}"
    return f"{_opening(people)} {decision}. {_GOODWILL}"


def draft_redirect(people: People, *, connect_by: date, better_person: str | None = None) -> str:
    """A redirect is a promise, so the draft says by when. It names the better-placed person only when they
    already agreed (`better_person`): until then the intro is double opt-in, asked in private."""
    if better_person is None:
        return (f"{_opening(people)} I'm not the best person for this, but I know someone who may be; "
                f"I'll check with them and connect you by {format_day(connect_by)}. {_GOODWILL}")
    return (f"{_opening(people)} I'm not the best person for this, but {better_person.strip()} is; "
            f"I'll connect you by {format_day(connect_by)}. {_GOODWILL}")


def draft_yes(people: People) -> str:
    """Saying yes closes the loop too: thanks, the yes, and a concrete next step the person can edit."""
    return f"{_opening(people)} I'd be glad to talk. Does a short call next week work for you?"


def draft_instead_of_redirect(people: People, *, better_person: str) -> str:
    """A redirect that cannot be kept: close directly rather than go quiet (a late close beats silence)."""
    return (f"{_greeting(_others(people))} thank you for your patience. I said I'd connect you with "
            f"{better_person.strip()}, but I can't make that happen, so I'm closing this here rather than leave you "
            f"waiting. {_GOODWILL}")


def draft_need_time(people: People, *, get_back_by: date) -> str:
    """Buying time honestly, with a date that becomes a reminder, instead of fading out."""
    return (f"{_opening(people)} I need a few days to give this proper thought; "
            f"I'll get back to you by {format_day(get_back_by)}.")


def draft_decline(people: People, reason: DeclineReason, *, busy_until: date | None = None) -> str:
    """A private note to the introducer, who passes it on: a decline is never posted in public."""
    others = _others(people) or "them"
    if reason is DeclineReason.NOT_MY_AREA:
        decision = "This one is outside my area, so I'll decline."
    elif reason is DeclineReason.TOO_BUSY and busy_until is not None:
        verb = "is" if len([o for o in people.others if o.strip()]) <= 1 else "are"
        decision = (f"I'm fully booked until {format_day(busy_until)}, so I'll decline; "
                    f"{others} {verb} welcome to get in touch after that.")
    elif reason is DeclineReason.TOO_BUSY:
        # No date given: a clear no beats an invented date or a vague "later".
        decision = "I'm fully booked for the foreseeable future, so I'll decline."
    else:
        decision = "I'll decline this one."
    return (f"{_greeting(people.introducer.strip())} thanks for thinking of me. {decision} "
            f"Could you please pass this on to {others}, with my best wishes?")


def draft_decline_by_policy(people: People, *, policy: str) -> str:
    """A decline that points to the person's published intro policy, for the introducer to pass on."""
    others = _others(people) or "them"
    return (f"{_greeting(people.introducer.strip())} thanks for thinking of me. At the moment I'm {policy.strip()}, "
            f"so I'll decline this one. Could you please pass this on to {others}, with my best wishes?")


def draft_check_first_line(people: People) -> str:
    """The editable line under a decline that asks, kindly, for double opt-in next time."""
    introducer = people.introducer.strip()
    ask = f"One small ask, {introducer}: next time" if introducer else "One small ask: next time"
    return (f"{ask}, please check with me before making an intro, so we can both say yes first "
            "and nobody is left waiting.")
