"""Domain: the three ways to close an intro, and a first draft for each.

Drafts follow the etiquette: written in the closer's voice, one thank-you (naming
the introducer when a third party made the intro), the decision stated plainly,
goodwill, a sentence or two, and no vaguely open door: when the door stays open it
comes with a date. They are starting points the person edits, so they stay plain.
Drafts never contain `<`, `>` or `&`; escaping names for Slack is the caller's job.

Issue 14: each draft is written natively per language and register (bot/domain/drafts/<lang>.toml); every
function takes a `voice` (DraftVoice(lang, register), English formal by default). Dates and lists of names come
out in the draft's language. For a flow:

    voice = intro.voice.for_closer(closers_language)                  # read when noticed: bot.domain.draft_voice
    draft_direct(people, reason, voice=voice)
    DraftVoice(chosen_lang, Register(chosen_register))                 # the person switched it in the modal
    available_languages()                                              # bot.domain.drafts: the choices
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.domain.drafts import DraftVoice, has_draft_set, join_pieces, piece
from bot.domain.i18n import N_, format_day, speaking

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


# Both OTHER members equal the string "other", so they share one key (and one label). Translate at use: _().
REASON_LABELS: dict[DirectReason | DeclineReason, str] = {
    DirectReason.NOT_A_FIT: N_("Not the right fit"),
    DirectReason.NO_CAPACITY: N_("No capacity right now"),
    DirectReason.ALREADY_COVERED: N_("Already covered"),
    DirectReason.OTHER: N_("Something else"),
    DeclineReason.NOT_MY_AREA: N_("Not my area"),
    DeclineReason.TOO_BUSY: N_("Too busy until a date"),
    DeclineReason.OTHER: N_("Something else"),
}


@dataclass(frozen=True, slots=True)
class People:
    me: str  # first name of the person closing
    introducer: str  # first name of who made the intro
    others: tuple[str, ...]  # first names of the other introduced people (1 or more)

    def named_others(self) -> tuple[str, ...]:
        return tuple(name.strip() for name in self.others if name.strip())


ENGLISH_FORMAL = DraftVoice()


@contextmanager
def _writing(voice: DraftVoice) -> Iterator[DraftVoice]:
    """Write in the voice's language, dates and lists included; English until the language has a draft set,
    so a draft never mixes English words with another language's dates."""
    usable = voice if has_draft_set(voice.lang) else ENGLISH_FORMAL
    with speaking(usable.lang):
        yield usable


def _third_party(people: People) -> str | None:
    """The introducer to thank, unless they are one of the people in the intro themselves."""
    introducer = people.introducer.strip()
    if not introducer or introducer in {people.me.strip(), *(o.strip() for o in people.others)}:
        return None
    return introducer


def _greeting(voice: DraftVoice, people: People) -> str:
    names = people.named_others()
    return piece(voice, "greeting", names=names) if names else piece(voice, "greeting_nobody")


def _opening(voice: DraftVoice, people: People) -> list[str]:
    # Gratitude once: a single thank-you covers the others and, by name, the introducer.
    introducer = _third_party(people)
    thanks = piece(voice, "thanks_introducer", introducer=introducer) if introducer else piece(voice, "thanks")
    return [_greeting(voice, people), thanks]


_DIRECT_DECISIONS: dict[DirectReason, str] = {
    DirectReason.NOT_A_FIT: "direct_not_a_fit",
    DirectReason.NO_CAPACITY: "direct_no_capacity",
    DirectReason.ALREADY_COVERED: "direct_already_covered",
    DirectReason.OTHER: "direct_other",
}


def draft_direct(people: People, reason: DirectReason, *, reach_out_after: date | None = None,
                 voice: DraftVoice = ENGLISH_FORMAL) -> str:
    with _writing(voice) as voice:
        pieces = [*_opening(voice, people), piece(voice, _DIRECT_DECISIONS[reason])]
        if reach_out_after is not None:
            # The only open door a draft offers is one with a date on it.
            pieces.append(piece(voice, "door_open_after", date=format_day(reach_out_after)))
        return join_pieces(voice, [*pieces, piece(voice, "goodwill")])


def draft_redirect(people: People, *, connect_by: date, better_person: str | None = None,
                   voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """A redirect is a promise, so the draft says by when. It names the better-placed person only when they
    already agreed (`better_person`): until then the intro is double opt-in, asked in private."""
    with _writing(voice) as voice:
        by = format_day(connect_by)
        promise = piece(voice, "redirect", date=by) if better_person is None \
            else piece(voice, "redirect_named", better=better_person.strip(), date=by)
        return join_pieces(voice, [*_opening(voice, people), promise, piece(voice, "goodwill")])


def draft_yes(people: People, *, voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """Saying yes closes the loop too: thanks, the yes, and a concrete next step the person can edit."""
    with _writing(voice) as voice:
        return join_pieces(voice, [*_opening(voice, people), piece(voice, "yes")])


def draft_instead_of_redirect(people: People, *, better_person: str | None = None,
                              voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """A redirect that cannot be kept: close directly rather than go quiet (a late close beats silence).
    It names the better-placed person only when given (`better_person`); else "the person I had in mind"."""
    with _writing(voice) as voice:
        promise = piece(voice, "instead_of_redirect_unnamed") if better_person is None \
            else piece(voice, "instead_of_redirect", better=better_person.strip())
        return join_pieces(voice, [_greeting(voice, people), promise, piece(voice, "goodwill")])


def draft_need_time(people: People, *, get_back_by: date, voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """Buying time honestly, with a date that becomes a reminder, instead of fading out."""
    with _writing(voice) as voice:
        return join_pieces(voice, [*_opening(voice, people),
                                   piece(voice, "need_time", date=format_day(get_back_by))])


def draft_need_time_again(*, get_back_by: date, voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """A "get back to you by" date that slips: the new date, said in the thread in the person's own words."""
    with _writing(voice) as voice:
        return piece(voice, "need_time_again", date=format_day(get_back_by))


def _to_introducer(voice: DraftVoice, people: People) -> list[str]:
    introducer = people.introducer.strip()
    greeting = piece(voice, "decline_greeting", introducer=introducer) if introducer \
        else piece(voice, "decline_greeting_nobody")
    return [greeting, piece(voice, "decline_thanks")]


def _pass_on(voice: DraftVoice, people: People) -> str:
    others = people.named_others()
    return piece(voice, "pass_on", others=others) if others else piece(voice, "pass_on_nobody")


def _decline_decision(voice: DraftVoice, people: People, reason: DeclineReason, busy_until: date | None) -> str:
    others = people.named_others()
    if reason is DeclineReason.NOT_MY_AREA:
        return piece(voice, "decline_not_my_area")
    if reason is DeclineReason.TOO_BUSY and busy_until is not None and others:
        return piece(voice, "decline_too_busy_until", date=format_day(busy_until), others=others)
    if reason is DeclineReason.TOO_BUSY:
        # No date given (or nobody to name for the date): a clear no beats an invented date or a vague "later".
        return piece(voice, "decline_too_busy")
    return piece(voice, "decline_other")


def draft_decline(people: People, reason: DeclineReason, *, busy_until: date | None = None,
                  voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """A private note to the introducer, who passes it on: a decline is never posted in public."""
    with _writing(voice) as voice:
        return join_pieces(voice, [*_to_introducer(voice, people),
                                   _decline_decision(voice, people, reason, busy_until), _pass_on(voice, people)])


def draft_decline_by_policy(people: People, *, policy: str, voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """A decline that points to the person's published intro policy, for the introducer to pass on.
    `policy` is a phrase in the draft's language ("only taking intros about hiring")."""
    with _writing(voice) as voice:
        return join_pieces(voice, [*_to_introducer(voice, people),
                                   piece(voice, "decline_policy", policy=policy.strip()), _pass_on(voice, people)])


def draft_check_first_line(people: People, *, voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """The editable line under a decline that asks, kindly, for double opt-in next time."""
    introducer = people.introducer.strip()
    with _writing(voice) as voice:
        return piece(voice, "check_first", introducer=introducer) if introducer \
            else piece(voice, "check_first_nobody")


def draft_decline_ask(*, requester: str, target: str, voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """Saying no to an intro request, in the etiquette's spirit: thanks, a clear no, goodwill; two or three
    sentences, and no reason the person did not give (they can add their own)."""
    with _writing(voice) as voice:
        return piece(voice, "ask_decline", requester=requester.strip(), target=target.strip())
