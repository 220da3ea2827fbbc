"""Domain, pure: train the intro detector on labelled rows and measure it on writers it never saw.

A row is one labelled Slack message: `text`, `author`, `parties` (the people introduced, empty
for a non-intro), `lang` and `writer`. Every figure this module reports comes from writers
left out of training: leave-one-writer-out, with the decision threshold itself chosen without
the writer being scored (nested), so no number here is a fit to the data it is reported on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain.detection.features import message_features, party_features, tokens
from bot.domain.detection.linear import Example, Features, train
from bot.domain.detection.model import IntroModel
from bot.domain.detection.text import Normalised, normalise

# The threshold is the lowest one whose out-of-fold precision reaches this: a wrong prompt costs
# more goodwill than a missed intro, which the message shortcut still catches.
TARGET_PRECISION = 0.98


@dataclass(frozen=True, slots=True)
class Prepared:
    """A row with its features computed once, however many models are trained on it."""

    row: dict[str, Any]
    normalised: Normalised
    message: Features
    mentions: list[tuple[int, Features]]

    @property
    def writer(self) -> str:
        return str(self.row["writer"])

    @property
    def wanted(self) -> frozenset[str]:
        return frozenset(self.row["parties"])


@dataclass(frozen=True, slots=True)
class Scored:
    lang: str
    writer: str
    wanted: frozenset[str]
    probability: float
    parties: frozenset[str]


@dataclass(frozen=True, slots=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def prepare(rows: Iterable[dict[str, Any]]) -> list[Prepared]:
    out = []
    for row in rows:
        n = normalise(row["text"], row["author"])
        toks = tokens(n)
        out.append(Prepared(row, n, message_features(n, toks), party_features(toks)))
    return out


def fit(prepared: Sequence[Prepared], *, threshold: float, version: str = "") -> IntroModel:
    messages: list[Example] = [(p.message, int(bool(p.wanted))) for p in prepared]
    mentions: list[Example] = [
        (features, int(p.normalised.addressed[k] in p.wanted))
        for p in prepared if p.wanted for k, features in p.mentions
    ]
    return IntroModel(train(messages), train(mentions), threshold, version)


def score(model: IntroModel, prepared: Iterable[Prepared]) -> list[Scored]:
    """Each row read exactly as the bot reads a message."""
    out = []
    for p in prepared:
        reading = model.read(p.normalised)
        out.append(Scored(p.row["lang"], p.writer, p.wanted, reading.probability, frozenset(reading.parties)))
    return out


def counts(scored: Iterable[Scored], threshold: float) -> Counts:
    """A detection is right only with exactly the labelled people; one with others is a miss and a false alarm."""
    tp = fp = fn = 0
    for s in scored:
        found = s.probability >= threshold
        if found and s.parties == s.wanted:
            tp += 1
        else:
            fp += found
            fn += bool(s.wanted)
    return Counts(tp, fp, fn)


def pick_threshold(scored: Sequence[Scored], target: float = TARGET_PRECISION) -> float:
    """The lowest threshold whose precision on these scores reaches the target (the highest recall)."""
    for t in sorted({round(s.probability, 4) for s in scored if s.probability > 0} | {0.5}):
        if t >= 0.05 and counts(scored, t).precision >= target:
            return t
    return 0.99


def out_of_fold(prepared: Sequence[Prepared], writers: Sequence[str], *, always: Sequence[Prepared] = (),
                folds: int | None = None) -> list[Scored]:
    """Each writer's rows scored by a model trained without them (plus `always`), threshold unset.

    One model per writer, or per group of writers when `folds` is given (writers dealt round-robin into
    that many groups): the same idea, at a fraction of the cost.
    """
    names = sorted(writers)
    groups = [names[i::folds] for i in range(folds)] if folds else [[w] for w in names]
    scored: list[Scored] = []
    for group in groups:
        model = fit([p for p in prepared if p.writer not in group] + list(always), threshold=0.5)
        scored.extend(score(model, [p for p in prepared if p.writer in group]))
    return scored


def leave_one_writer_out(prepared: Sequence[Prepared], *, always: Sequence[Prepared] = (),
                         inner_folds: int = 4) -> list[tuple[float, list[Scored]]]:
    """For each writer: (the threshold chosen without them, their rows scored by a model trained without them).

    The threshold comes from an inner out-of-fold pass over the other writers only (in `inner_folds` groups).
    """
    writers = sorted({p.writer for p in prepared})
    results = []
    for w in writers:
        rest = [p for p in prepared if p.writer != w]
        others = [x for x in writers if x != w]
        threshold = pick_threshold(out_of_fold(rest, others, always=always, folds=inner_folds))
        model = fit(rest + list(always), threshold=threshold)
        results.append((threshold, score(model, [p for p in prepared if p.writer == w])))
    return results
