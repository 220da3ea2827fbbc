"""Domain, pure: gentle checks on a close's wording, before it is sent.

The etiquette asks for one thank-you, a plain decision and no vaguely open door. This check finds
the two habits that undo that (over-apologizing and vague deferrals) and quotes them back with a
concrete alternative. They are hints, not rules: the person can still send their text as it is.

How it reads a draft: quoted text (a `>` line, a phrase in quotation marks) is someone else's and
is blanked out first. Phrase rules in eight languages (`wording_rules.py`) find candidate phrases;
a small learned model per kind (`wording_model.py`, trained by `python -m bot.train_wording` on
drafts from independent writers) decides whether the draft has that issue at all. When it says
yes, the rule phrases of that kind are quoted back; when no rule explains it, the sentence it
scores highest is. When it says no, rule hits alone do not flag.
"""

from __future__ import annotations

from bot.domain.i18n import N_, _, _n, format_number
from bot.domain.wording_features import Hit, features, phrased_kinds, rule_hits, sentence_features
from bot.domain.wording_issue import IssueKind, WordingIssue
from bot.domain.wording_model import WordingModel, packaged_model
from bot.domain.wording_rules import apologies
from bot.domain.wording_text import mask_quotes, phrase_key

__all__ = ["IssueKind", "WordingIssue", "check_wording", "length_problem"]

# A suggestion is kept as its English msgid (marked with N_) and translated where it is shown
# (bot/blocks/wording_warnings.py), so the check gives the same issues in any language spoken.
GENERIC_SUGGESTIONS = {
    IssueKind.OVER_APOLOGIZING: N_("One apology at most, then a thank-you and your decision: they read kinder than "
                                   "how bad you feel."),
    IssueKind.VAGUE_DEFERRAL: N_("If the door is open, name when, e.g. 'reach out after 15 January'; if it isn't, "
                                 "close it kindly."),
}


def repeated_suggestion(count: int) -> str:
    # Worded without "sorry" so the advice itself passes the check. Counted, so translated here, not where shown.
    return _n("That's {count} apology; keep one at most, then a thank-you and your decision read kinder.",
              "That's {count} apologies; keep one at most, then a thank-you and your decision read kinder.", count)


def _quotable(hits: list[Hit]) -> list[Hit]:
    """Open (undated) hits; of overlapping ones ("maybe later on") the earliest, then longest, speaks."""
    kept: list[Hit] = []
    for hit in sorted((h for h in hits if not h.dated), key=lambda h: (h.start, -h.end)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _repeat_hit(text: str, flagged: list[Hit]) -> Hit | None:
    """One plain "sorry for the delay" is endorsed; a second apology is one too many.
    Quoted at the second apology, unless a phrase already flagged covers it."""
    found = apologies(text)
    if len(found) < 2:
        return None
    second = found[1]
    if any(h.start <= second.start() < h.end for h in flagged):
        return None
    issue = WordingIssue(IssueKind.OVER_APOLOGIZING, second.group(), repeated_suggestion(len(found)))
    return Hit(second.start(), second.end(), "repeat", False, issue)


def _best_sentence(model: WordingModel, kind: IssueKind, text: str, masked: str, hits: list[Hit]) -> Hit:
    scored = [(model.probability(kind, f), s, e) for s, e, f in sentence_features(masked, hits)]
    _, start, end = max(scored, default=(0.0, 0, len(text)))
    phrase = text[start:end].strip()
    offset = start + text[start:end].index(phrase) if phrase else start
    return Hit(offset, offset + len(phrase), "sentence", False, WordingIssue(kind, phrase, GENERIC_SUGGESTIONS[kind]))


def check_wording(text: str) -> list[WordingIssue]:
    """Issues in order of appearance, one per distinct phrase (the first time it appears)."""
    masked = mask_quotes(text)
    if not masked.strip():
        return []
    model = packaged_model()
    hits = rule_hits(masked)
    draft, phrased = features(masked, hits), phrased_kinds(masked, hits)
    chosen: list[Hit] = []
    for kind in IssueKind:
        if not model.flags(kind, draft, phrased=kind in phrased):
            continue
        found = [h for h in _quotable(hits) if h.issue.kind is kind]
        if kind is IssueKind.OVER_APOLOGIZING:
            repeat = _repeat_hit(masked, found)
            if repeat is not None:
                found.append(repeat)
        chosen.extend(found or [_best_sentence(model, kind, text, masked, hits)])
    chosen.sort(key=lambda h: h.start)
    seen: set[tuple[IssueKind, str]] = set()
    issues: list[WordingIssue] = []
    for hit in chosen:
        issue = WordingIssue(hit.issue.kind, text[hit.start:hit.end], hit.issue.suggestion)
        key = (issue.kind, phrase_key(issue.phrase))
        if key not in seen:
            seen.add(key)
            issues.append(issue)
    return issues


def length_problem(text: str, *, limit: int) -> str | None:
    """None when the text can be sent; otherwise one sentence saying how to fix it."""
    if not text.strip():
        return _("Write a short note before sending.")
    if len(text) <= limit:
        return None
    over = len(text) - limit
    # Translators: {length} and {limit} are numbers of characters; the plural follows {over}, the characters over.
    return _n("That's {length} characters; please keep it under {limit} ({over} too many).",
              "That's {length} characters; please keep it under {limit} ({over} too many).", over,
              length=format_number(len(text)), limit=format_number(limit), over=format_number(over))
