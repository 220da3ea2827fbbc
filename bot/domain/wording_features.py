"""Domain, pure: what the wording models see of a draft (or of one of its sentences), as named features.

The draft is read with quoted passages blanked out (`wording_text.mask_quotes`). Features come in
groups, as for the intro detector (`detection/linear.py`): its words, word pairs and character
4-grams (which carry over to inflected forms and to Japanese, written without spaces), each weighing
as a group of unit length, and plain yes/no traits: which phrase rules hit (and whether a date sits
in the same sentence, which turns "circle back" into a commitment), and how many apologies it makes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from itertools import pairwise

from bot.domain.detection.linear import Features
from bot.domain.wording_issue import IssueKind, WordingIssue
from bot.domain.wording_rules import DATED, NOT_AN_APOLOGY, RULES, apologies
from bot.domain.wording_text import fold, sentences

_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+(?:'[^\W_{_CJK}]+)?|[?!]")
_CHAR_N = 4
_CHAR_SPAN = 800


@dataclass(frozen=True, slots=True)
class Hit:
    start: int
    end: int
    rule: str
    dated: bool  # a date, weekday or clock time in the same sentence
    issue: WordingIssue


def rule_hits(masked: str) -> list[Hit]:
    """Every rule match in the (quote-masked) text, overlapping ones included."""
    spans = sentences(masked)
    hits: list[Hit] = []
    for rule in RULES:
        for match in rule.pattern.finditer(masked):
            if rule.not_after and rule.not_after.search(masked, 0, match.start()):
                continue
            if not match.group().strip():
                continue
            start, end = next(((s, e) for s, e in spans if s <= match.start() < e), (0, len(masked)))
            sentence = masked[start:match.start()] + " " + masked[match.end():end]
            hits.append(Hit(match.start(), match.end(), rule.name, bool(DATED.search(sentence)),
                            WordingIssue(rule.kind, match.group(), rule.suggestion)))
    return hits


def phrased_kinds(masked: str, hits: list[Hit]) -> frozenset[IssueKind]:
    """The kinds the check has a phrase to quote for: an open (undated) rule hit, or a second apology."""
    kinds = {h.issue.kind for h in hits if not h.dated}
    if len(apologies(masked)) >= 2:
        kinds.add(IssueKind.OVER_APOLOGIZING)
    return frozenset(kinds)


def _tokens(folded: str) -> list[str]:
    out: list[str] = []
    for t in _TOKEN.findall(folded):
        if len(t) > 2 and "\u3040" <= t[0] <= "\ufaff":
            out.extend(t[i:i + 2] for i in range(len(t) - 1))
        else:
            out.append(t)
    return out


def _group(name: str, members: set[str]) -> Features:
    return {name: (1.0 / math.sqrt(len(members)), members)} if members else {}


def features(masked: str, hits: list[Hit]) -> Features:
    """The features of a quote-masked text, given the rule hits inside it."""
    folded = " ".join(fold(masked).split())
    toks = _tokens(folded)
    traits = ["bias", f"apologies:{min(len(apologies(masked)), 3)}"]
    if NOT_AN_APOLOGY.search(masked):
        traits.append("sympathy or reassurance")
    for hit in hits:
        traits.append(f"rule:{hit.rule}")
        traits.append(f"kind:{hit.issue.kind}:{'dated' if hit.dated else 'open'}")
    if DATED.search(masked):
        traits.append("dated")
    if "?" in toks[-2:]:
        traits.append("ends with ?")
    chars = {folded[i:i + _CHAR_N] for i in range(min(len(folded), _CHAR_SPAN) - _CHAR_N + 1)}
    return {
        "traits": (1.0, sorted(set(traits))),
        **_group("words", set(toks)),
        **_group("pairs", {f"{a} {b}" for a, b in pairwise(toks)}),
        **_group("chars", chars),
    }


def sentence_features(masked: str, hits: list[Hit]) -> list[tuple[int, int, Features]]:
    """(start, end, features) of each sentence: the one the model scores highest is quoted back when
    no rule phrase explains why it flagged the draft."""
    out = []
    for start, end in sentences(masked):
        inside = [h for h in hits if start <= h.start < end]
        out.append((start, end, features(masked[start:end], inside)))
    return out
