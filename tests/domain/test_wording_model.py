"""The learned half of the wording check: it reproduces from the corpus, and how it does on blind writers."""

from __future__ import annotations

import json

import pytest

from bot.domain.wording import IssueKind, check_wording
from bot.domain.wording_learning import Scored, score
from bot.domain.wording_model import WEIGHTS_FILE, packaged_model
from bot.train_wording import BLIND, PROJECT, blind_writers, load, prepare, train_shipped, tuning_writers

APOLOGY, DEFERRAL = IssueKind.OVER_APOLOGIZING, IssueKind.VAGUE_DEFERRAL


def test_the_weights_file_reproduces_from_the_corpus() -> None:
    _, _, model = train_shipped()
    assert model.to_json() == json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))


def test_blind_writers_train_nothing() -> None:
    assert set(BLIND) == {"academic", "terse"}
    assert set(blind_writers()) == set(BLIND)
    assert not set(tuning_writers()) & {*BLIND, PROJECT}
    assert len(tuning_writers()) >= 5


def _figures(scored: list[Scored]) -> tuple[int, int, int, int, int, int]:
    t = packaged_model().thresholds
    apologies = [s for s in scored if APOLOGY in s.labels]
    deferrals = [s for s in scored if DEFERRAL in s.labels]
    clean = [s for s in scored if not s.labels]
    return (sum(s.flagged(APOLOGY, t[APOLOGY]) for s in apologies), len(apologies),
            sum(s.flagged(DEFERRAL, t[DEFERRAL]) for s in deferrals), len(deferrals),
            sum(any(s.flagged(k, t[k]) for k in IssueKind) for s in clean), len(clean))


def test_on_blind_writers_the_figures_meet_the_bar() -> None:
    """Issue 11's bar, on writers never tuned on: recall >= 0.90 per kind and clean drafts flagged <= 5%.
    Measured: 58/59, 56/59 and 5/111 (docs/wording.md; the phrase table this replaced: 25/59, 22/59, 16/111)."""
    apologies, n_apologies, deferrals, n_deferrals, flagged, n_clean = _figures(
        score(packaged_model(), prepare(load(blind_writers()))))
    assert apologies / n_apologies >= 0.90
    assert deferrals / n_deferrals >= 0.90
    assert flagged / n_clean <= 0.05


def kinds(text: str) -> list[tuple[IssueKind, str]]:
    return [(issue.kind, issue.phrase) for issue in check_wording(text)]


@pytest.mark.parametrize(("text", "phrase"), [
    ("Thanks! I will look at it when I get a chance.", "when I get a chance"),
    ("Not now, but ping me in a few months.", "in a few months"),
    ("Who knows, maybe it works out.", "Who knows"),
    ("Let's play it by ear.", "play it by ear"),
    ("Let's pick it up later.", "pick it up later"),
])
def test_the_issues_examples_of_vague_deferrals(text: str, phrase: str) -> None:
    assert kinds(text) == [(DEFERRAL, phrase)]


@pytest.mark.parametrize(("text", "phrase"), [
    ("I'm the worst, I know. It's a no.", "I'm the worst"),
    ("I feel guilty saying no, but no.", "I feel guilty"),
])
def test_self_reproach_without_sorry(text: str, phrase: str) -> None:
    assert kinds(text) == [(APOLOGY, phrase)]


@pytest.mark.parametrize("text", [
    "I'll send the deck within 48 hours.",
    "I'll answer by Thursday.",
    "Can we talk next Tuesday at 10?",
    "> maybe later\nThat is what you said last time; this time it is a clear no, thanks.",
    'You wrote "maybe later" last time; this time it is a no.',
    "You quoted me saying 'let's pick it up later'; to be clear, it's a no.",
    "Let us meet at the café down the road from yours on Friday at 9.",
    "At some point in the call you mentioned pricing; it is not a fit for us.",
    "Sorry for the slow reply! Happy to meet on Monday at 3.",
    "Thanks!",
    "Ben, Carla is the one to talk to; I'll connect you.",
    "So sorry to hear about the venue. Dolores can help; I'll connect you by tomorrow.",
])
def test_dated_quoted_placed_and_polite_drafts_pass(text: str) -> None:
    assert check_wording(text) == []


def test_every_phrase_is_quoted_as_typed() -> None:
    for text in ["Gracias, Luis. Por ahora no podemos, pero ya lo retomaremos cuando sea.",
                 "Merci ! Je te redis ça quand ça se calme un peu de mon côté."]:
        for issue in check_wording(text):
            assert issue.phrase in text
            assert 0 < len(issue.suggestion) <= 200
