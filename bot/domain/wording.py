"""Domain: gentle checks on a close's wording, before it is sent.

The etiquette asks for one thank-you, a plain decision and no vaguely open
door. These checks find the two habits that undo that (over-apologizing and
vague deferrals) and quote them back with a concrete alternative. They are
hints, not rules: the person can still send their text as it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class IssueKind(StrEnum):
    OVER_APOLOGIZING = "over_apologizing"
    VAGUE_DEFERRAL = "vague_deferral"


@dataclass(frozen=True, slots=True)
class WordingIssue:
    kind: IssueKind
    phrase: str  # exactly as typed, so the UI can quote it back
    suggestion: str  # one kind, concrete sentence (≤ 200 characters)


# --- Turning readable phrases into tolerant regexes ---------------------------------

_COMBINING = "\u0300-\u036f"
_APOSTROPHES = "'\u2019\u2018\u02bc"


def _letter_variants() -> dict[str, str]:
    """Each ASCII letter with its precomposed accented forms, so "mas" also finds "más"."""
    variants: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if base.isascii() and base.isalpha() and marks and all(unicodedata.combining(m) for m in marks):
            variants.setdefault(base.lower(), set()).add(char)
    return {letter: "".join(sorted(chars)) for letter, chars in variants.items()}


_VARIANTS = _letter_variants()


def _tolerant(source: str) -> str:
    """Rewrite a lowercase regex so letters match with or without accents (precomposed or
    combining), spaces match any run of whitespace and apostrophes match curly ones too.
    Escapes and character classes are copied as written."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
        elif char.isascii() and char.isalpha():
            out.append(f"(?:[{char}{_VARIANTS.get(char, '')}][{_COMBINING}]*)")
        elif char == " ":
            out.append(r"\s+")
        elif char == "'":
            out.append(f"[{_APOSTROPHES}]")
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _compile(source: str) -> re.Pattern[str]:
    # Whole words only: "sometime" must not fire inside "sometimes".
    word = rf"\w{_COMBINING}"
    return re.compile(rf"(?<![{word}])(?:{_tolerant(source)})(?![{word}])", re.IGNORECASE)


def _words(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# --- Rules -----------------------------------------------------------------------------

_NAME_WHEN = "If the door is open, name when, e.g. 'reach out after 15 January'; if it isn't, close it kindly."
_GIVE_A_DATE = "Give it a date you will keep, e.g. 'I'll get back to you by Friday, 4 December'."
_SAY_DECISION = "Say what you've decided, even if it's 'not now'; if you need time, say by when you'll answer."
_CONDITION_AS_DATE = "Turn the condition into a date, e.g. 'I'm booked until March; reach out after 1 March.'"
_ONE_THANKS = ("One thank-you and your decision are enough, e.g. 'Thanks for thinking of me; it's not a fit, "
               "so I'll pass.'")
_NOT_YOUR_FEELINGS = ("Leave out how bad you feel: a thank-you and a clear decision read kinder and don't ask them "
                      "to comfort you.")


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: IssueKind
    pattern: re.Pattern[str]
    suggestion: str
    # Words right before the match that make it concrete ("spent some time", "in one day").
    not_after: re.Pattern[str] | None = None


def _rule(kind: IssueKind, source: str, suggestion: str, *, not_after: Iterable[str] = ()) -> _Rule:
    before = re.compile(rf"(?<!\w)(?:{_words(not_after)})\s+\Z", re.IGNORECASE) if not_after else None
    return _Rule(kind, _compile(source), suggestion, before)


_DEFER, _APOLOGY = IssueKind.VAGUE_DEFERRAL, IssueKind.OVER_APOLOGIZING
_WEEKDAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# "circle back by Friday" is a commitment, not a vague door.
_DATED = (r"(?! (?:to (?:you|this|it) )?"
          r"(?:by|on|before|after|next|this|in|tomorrow|today|later (?:today|tonight|this|on))(?!\w))")
# "we'll see you at the launch" is a plan, not a shrug.
_SEEING_SOMEONE = r"(?! (?:you|them|him|her|each|everyone|the|a|an|your)(?!\w))"

_RULES: tuple[_Rule, ...] = (
    # Vague deferrals, English.
    _rule(_DEFER, "maybe (?:later|another time|some other time|next time|down the (?:road|line))", _NAME_WHEN),
    _rule(_DEFER, "(?:some other|another) time", _NAME_WHEN),
    _rule(_DEFER, f"(?:circle back|touch base|get back to you){_DATED}", _GIVE_A_DATE),
    _rule(_DEFER, "(?:reach out|ping me|touch base|circle back|talk|chat|reconnect|catch up|follow up"
          "|revisit(?: (?:this|it|that))?) later(?! (?:today|tonight|this|on|in)(?!\\w))", _NAME_WHEN),
    _rule(_DEFER, f"later on(?! (?:{_WEEKDAYS}|the|that|this|today|\\d)(?!\\w))", _NAME_WHEN),
    _rule(_DEFER, "sometime", _NAME_WHEN),
    _rule(_DEFER, "some time", _NAME_WHEN,
          not_after=("spend", "spent", "spending", "take", "takes", "took", "taking", "need", "needs", "needed",
                     "have", "has", "had", "been", "quite", "save", "saves", "saved", "waste", "wasted")),
    _rule(_DEFER, "at some point|one of these days|down the (?:road|line)", _NAME_WHEN),
    _rule(_DEFER, "one day(?! (?:a|per|of|left|before|after|late|early|ago|off)(?!\\w))", _NAME_WHEN,
          not_after=("in", "within", "for", "take", "takes", "took", "taking", "only", "just", "than", "a",
                     "per", "every", "at", "by", "on", "of", "the", "that", "same")),
    # "In the future, please check with me first" asks for a change; it isn't an open door.
    _rule(_DEFER, "in the (?:near |not too distant |distant )?future(?!,? (?:please|could|can|would|ask|check)(?!\\w))",
          _NAME_WHEN),
    _rule(_DEFER, f"(?:let's|we'll|we will) see{_SEEING_SOMEONE}", _SAY_DECISION),
    _rule(_DEFER, "(?:when|once) things (?:calm|settle|quiet) down"
          "|(?:when|once) i (?:have|get|find) (?:more |some )?time", _CONDITION_AS_DATE),
    # Vague deferrals, a few common ones in Spanish, French and German.
    _rule(_DEFER, "mas adelante|en otro momento|algun dia|ya veremos", _NAME_WHEN),
    _rule(_DEFER, "plus tard|un de ces jours|une autre fois|on verra", _NAME_WHEN, not_after=("au",)),
    _rule(_DEFER, "spater mal|irgendwann|ein andermal|mal sehen", _NAME_WHEN),
    # Over-apologizing: intensified apologies and apologizing for one's own feelings.
    _rule(_APOLOGY, "(?:so+|really|terribly|deeply|truly|very|awfully|extremely|incredibly|super)"
          "(?: (?:so+|very|really|truly))* sorry", _ONE_THANKS),
    _rule(_APOLOGY, "my (?:sincerest|sincere|deepest|deep|humblest|humble) apologies|a (?:thousand|million) apologies"
          "|i (?:deeply|sincerely|truly|really) apologi[sz]e|i apologi[sz]e (?:profusely|deeply|sincerely|so much)",
          _ONE_THANKS),
    _rule(_APOLOGY, "please forgive me", _ONE_THANKS),
    _rule(_APOLOGY, "i feel (?:so |really |very |just )?(?:terrible|awful|bad|horrible|dreadful)|i hate to",
          _NOT_YOUR_FEELINGS),
)

_APOLOGY_WORD = _compile("sorry|apolog(?:y|ies|i[sz]e[sd]?|i[sz]ing)")


def _repeated(count: int) -> str:
    # Worded without "sorry" so the advice itself passes the check.
    return f"That's {count} apologies; keep one at most, then a thank-you and your decision read kinder."


# --- Checks ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    issue: WordingIssue


def _rule_hits(text: str) -> list[_Hit]:
    hits: list[_Hit] = []
    for rule in _RULES:
        for match in rule.pattern.finditer(text):
            if rule.not_after and rule.not_after.search(text, 0, match.start()):
                continue
            hits.append(_Hit(match.start(), match.end(), WordingIssue(rule.kind, match.group(), rule.suggestion)))
    # Overlapping rules ("maybe later on"): the earliest, then longest, match speaks for the span.
    hits.sort(key=lambda h: (h.start, -h.end))
    kept: list[_Hit] = []
    for hit in hits:
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _repeat_hit(text: str, flagged: list[_Hit]) -> _Hit | None:
    """One plain "sorry for the delay" is endorsed; a second apology is one too many.
    Flagged at the second apology, unless an intensified-apology issue already covers it."""
    apologies = list(_APOLOGY_WORD.finditer(text))
    if len(apologies) < 2:
        return None
    second = apologies[1]
    if any(h.start <= second.start() < h.end for h in flagged if h.issue.kind is _APOLOGY):
        return None
    issue = WordingIssue(_APOLOGY, second.group(), _repeated(len(apologies)))
    return _Hit(second.start(), second.end(), issue)


def _key(phrase: str) -> str:
    folded = unicodedata.normalize("NFKD", phrase).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(folded.translate({ord(a): "'" for a in _APOSTROPHES}).split())


def check_wording(text: str) -> list[WordingIssue]:
    """Issues in order of appearance, one per distinct phrase (the first time it appears)."""
    hits = _rule_hits(text)
    repeat = _repeat_hit(text, hits)
    if repeat is not None:
        hits.append(repeat)
    hits.sort(key=lambda h: h.start)
    seen: set[tuple[IssueKind, str]] = set()
    issues: list[WordingIssue] = []
    for hit in hits:
        key = (hit.issue.kind, _key(hit.issue.phrase))
        if key not in seen:
            seen.add(key)
            issues.append(hit.issue)
    return issues


def length_problem(text: str, *, limit: int) -> str | None:
    """None when the text can be sent; otherwise one sentence saying how to fix it."""
    if not text.strip():
        return "Write a short note before sending."
    if len(text) <= limit:
        return None
    over = len(text) - limit
    return (f"That's {len(text):,} characters; please keep it under {limit:,} "
            f"({over:,} too many).")
