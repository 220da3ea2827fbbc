"""Domain: double opt-in introductions: reading `/intro @a @b why`, and where a request stands.

Ask both people first; connect them only when both say yes; a no ends it quietly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.domain.closes import ENGLISH_FORMAL, DraftVoice
from bot.domain.closes import draft_decline_ask as _draft_decline_ask
from bot.domain.i18n import N_, _, _n, format_day
from bot.domain.placeholders import placeholder_problem
from bot.domain.timing import working_days_after

ANSWER_WINDOW = timedelta(hours=72)  # one reminder if someone has not answered by then
EXPIRES_AFTER = timedelta(days=7)
MIN_WHY_CHARS = 20  # "you should meet" is not a reason; a vague reason draws a no
MAX_WHY_CHARS = 1000
# "Not now" names when to ask again: by default about four weeks on (twenty working days, never a weekend).
ASK_AGAIN_WORKING_DAYS = 20


class IntroKind(StrEnum):
    CONNECTION = "connection"  # two people likely to enjoy meeting
    REFERRAL = "referral"  # sending someone business, already vetted
    FAVOR = "favor"  # one side asks the other for advice, time or help


KIND_LABELS = {  # translated where shown: _(KIND_LABELS[kind])
    IntroKind.CONNECTION: N_("Connection: you'd enjoy meeting"),
    IntroKind.REFERRAL: N_("Referral: business for one of you"),
    IntroKind.FAVOR: N_("Favor: advice, time or help"),
}


class Answer(StrEnum):
    PENDING = "pending"
    YES = "yes"
    NOT_NOW = "not_now"
    NO = "no"


class RequestState(StrEnum):
    ASKING = "asking"
    CONNECTED = "connected"
    DECLINED = "declined"  # one said not now or no
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"  # the redirect it was to keep was closed another way, marked done, or its owner left


def outcome(answers: list[Answer]) -> RequestState:
    """Connected only when everyone said yes; any not-now or no ends it; otherwise still asking."""
    if any(a in (Answer.NO, Answer.NOT_NOW) for a in answers):
        return RequestState.DECLINED
    if answers and all(a is Answer.YES for a in answers):
        return RequestState.CONNECTED
    return RequestState.ASKING


def default_ask_again_after(today: date) -> date:
    """The date a "Not now" offers to be asked again after: a working day about four weeks on."""
    return working_days_after(today, ASK_AGAIN_WORKING_DAYS)


_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_BROADCAST = re.compile(r"<!(channel|here|everyone)(?:\|[^>]*)?>|(?<![\w<])@(channel|here|everyone)\b", re.I)
_GROUP = re.compile(r"<!subteam\^[A-Z0-9]+(?:\|[^>]*)?>")
_PLAIN_AT = re.compile(r"(?<![\w<])@[\w.\-]+")


@dataclass(frozen=True, slots=True)
class IntroCommand:
    people: tuple[str, str]
    why: str


class CommandProblem(Exception):
    """What was wrong with what the person typed, in words that say how to fix it."""


SELF_AS_INTRODUCER = N_("You're the introducer, so name the two other people you'd like to introduce.")


def parse_intro_command(text: str, *, author_id: str, naming_yourself: str = SELF_AS_INTRODUCER) -> IntroCommand:
    """`@a @b why` (mentions as Slack escapes them: `<@U1|name>`) to the two people and the reason;
    `naming_yourself` is what to say when the author named themselves (a catalog msgid, translated here)."""
    if _BROADCAST.search(text):
        raise CommandProblem(_("Intros are between two people, so `@channel`, `@here` and `@everyone` can't be "
                               "used."))
    if _GROUP.search(text):
        raise CommandProblem(_("That's a user group. Name the two people you'd like to introduce."))
    mentioned = _USER.findall(text)
    if not mentioned and _PLAIN_AT.search(text):
        raise CommandProblem(_("I couldn't tell who you meant. Pick people from Slack's @ menu as you type."))
    if author_id in mentioned:
        raise CommandProblem(_(naming_yourself))
    if len(mentioned) == 2 and mentioned[0] == mentioned[1]:
        raise CommandProblem(_("That's the same person twice. Name two different people."))
    if len(mentioned) != 2:
        raise CommandProblem(_n("An intro is between two people, and I found {count}. Name exactly two, then say "
                                "why.", "An intro is between two people, and I found {count}. Name exactly two, "
                                "then say why.", len(mentioned)))
    why = " ".join(_USER.sub("", text).split())
    problem = why_problem(why)
    if problem:
        raise CommandProblem(problem)
    return IntroCommand((mentioned[0], mentioned[1]), why)


def redirect_why(waiting: str, better: str) -> str:
    """The reason prefilled in the form when a redirect promise is kept by asking both people first (the owner
    reads it, may edit it, and sends it as their own words)."""
    return _("{waiting} came to me for help that {better} is better placed to give, so I'd like to connect you.",
             waiting=waiting, better=better)


# A request's stored why when the redirect's own reason is meant (pairs asked at once, without the form): it is
# written when read (`generated_why`), in the reader's language and from where they stand. A typed why is never
# empty (MIN_WHY_CHARS), so this one cannot be mistaken for a person's words.
GENERATED_WHY = ""


def generated_why(people: tuple[str, str], reader: str | None = None) -> str:
    """A redirect's own reason, as `reader` reads it (None: neither of the two, as in the group intro), mrkdwn
    naming the two by mention. `people`: (who is waiting, who is better placed), the order the redirect asks in."""
    waiting, better = people
    if reader == waiting:
        return _("You came to me for help that <@{better}> is better placed to give, so I'd like to connect you.",
                 better=better)
    if reader == better:
        return _("<@{waiting}> came to me for help that you're better placed to give, so I'd like to connect you.",
                 waiting=waiting)
    return redirect_why(f"<@{waiting}>", f"<@{better}>")


def why_problem(why: str) -> str | None:
    why = why.strip()
    if len(why) < MIN_WHY_CHARS:
        return _("Say why this intro would help both of them, in a sentence; a vague reason usually draws a no. "
                 "For example: `/intro @ana @ben Ana is hiring a pricing lead and Ben ran pricing at Acme`.")
    if len(why) > MAX_WHY_CHARS:
        return _("Keep the reason under {limit} characters; a sentence or two is best.", limit=f"{MAX_WHY_CHARS:,}")
    return placeholder_problem(why)


class AskState(StrEnum):
    """Someone asked an introducer for an intro: what the introducer did with it."""

    WAITING = "waiting"
    ASKED = "asked"  # the introducer asked both people (double opt-in)
    DECLINED = "declined"
    SUGGESTED = "suggested"  # the introducer pointed to someone else
    EXPIRED = "expired"  # no answer within a week: released, and the requester was told


def draft_decline_ask(*, requester: str, target: str, voice: DraftVoice = ENGLISH_FORMAL) -> str:
    """Saying no to an intro request, in the etiquette's spirit: thanks, a clear no, goodwill; two or three
    sentences, and no reason the person did not give (they can add their own). Written per language and
    register in bot/domain/drafts/ (the draft sets), next to the closes' drafts."""
    return _draft_decline_ask(requester=requester, target=target, voice=voice)


class IntroPolicy(StrEnum):
    """A person's published stance on intros, shown to whoever proposes or asks for one."""

    OPEN = "open"
    BUSY = "busy"  # busy until a date
    TOPICS = "topics"  # only about certain topics


# Marked for the catalog; translated where shown, with `_()`.
POLICY_LABELS = {
    IntroPolicy.OPEN: N_("Open to intros"),
    IntroPolicy.BUSY: N_("Busy until a date"),
    IntroPolicy.TOPICS: N_("Only about certain topics"),
}
MAX_TOPICS_CHARS = 150
MAX_POLICY_NOTE_CHARS = 300


@dataclass(frozen=True, slots=True)
class Policy:
    kind: IntroPolicy = IntroPolicy.OPEN
    busy_until: date | None = None
    topics: str | None = None
    note: str | None = None

    def in_force(self, today: date) -> IntroPolicy:
        """A busy policy whose date has passed reads as open again."""
        if self.kind is IntroPolicy.BUSY and (self.busy_until is None or self.busy_until < today):
            return IntroPolicy.OPEN
        return self.kind

    def summary(self, today: date) -> str | None:
        """One plain sentence for others to read, or None when there is nothing to say."""
        # Each stance is one whole phrase, with or without the person's note, so a translation words it whole.
        kind, note = self.in_force(today), (self.note or "").strip()
        if kind is IntroPolicy.BUSY and self.busy_until is not None:
            day = format_day(self.busy_until)
            return (_("not taking intros until {day} ({note})", day=day, note=note) if note
                    else _("not taking intros until {day}", day=day))
        if kind is IntroPolicy.TOPICS and self.topics:
            topics = self.topics.strip()
            return (_("only taking intros about {topics} ({note})", topics=topics, note=note) if note
                    else _("only taking intros about {topics}", topics=topics))
        return _("open to intros ({note})", note=note) if note else None

    def declines(self, today: date) -> str | None:
        """The policy as a reason to decline an intro, when it is one (busy, or only certain topics)."""
        return self.summary(today) if self.in_force(today) is not IntroPolicy.OPEN else None

    def problems(self, today: date) -> dict[str, str]:
        """What is missing or wrong, by field name, in words that say how to fix it."""
        problems = {}
        if self.kind is IntroPolicy.BUSY and (self.busy_until is None or self.busy_until <= today):
            problems["busy_until"] = _("Pick the day you'll be open to intros again (after today).")
        if self.kind is IntroPolicy.TOPICS and not (self.topics or "").strip():
            problems["topics"] = _("Name the topics you welcome intros about, e.g. hiring, pricing.")
        return problems
