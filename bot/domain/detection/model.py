"""Domain, pure: the intro detector as data: two linear models and a decision threshold.

`weights.json` beside this file is written by `python -m bot.train_detector` from the labelled
corpus and read once, at first use. Nothing is fetched at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.domain.detection.features import message_features, party_features, tokens
from bot.domain.detection.linear import LinearModel, sigmoid
from bot.domain.detection.text import Normalised

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
FORMAT = 1
# A message that names more people than this is an announcement, not an intro.
MAX_PARTIES = 8


@dataclass(frozen=True, slots=True)
class Reading:
    """How the models read one message: how likely it is an intro, and who would be introduced."""

    probability: float
    parties: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IntroModel:
    message: LinearModel
    party: LinearModel
    # The lowest intro probability that prompts anyone: picked for precision when training.
    threshold: float
    version: str = ""

    def read(self, n: Normalised) -> Reading:
        if not 2 <= len(set(n.addressed)) <= MAX_PARTIES:
            return Reading(0.0, ())
        toks = tokens(n)
        probability = self.message.probability(message_features(n, toks))
        return Reading(probability, self.parties(n, toks))

    def parties(self, n: Normalised, toks: list[str]) -> tuple[str, ...]:
        """The people introduced: each person's best-scored mention; at least the two most likely."""
        best: dict[str, float] = {}
        for k, features in party_features(toks):
            uid = n.addressed[k]
            best[uid] = max(best.get(uid, -1e9), self.party.logit(features))
        ranked = sorted(best, key=lambda uid: -best[uid])
        chosen = set(ranked[:2]) | {uid for uid in ranked if sigmoid(best[uid]) >= 0.5}
        return tuple(uid for uid in best if uid in chosen)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": self.version, "threshold": self.threshold,
            "message": self.message.weights, "party": self.party.weights,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IntroModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"weights file format {data.get('format')!r}, expected {FORMAT}")
        return cls(LinearModel(data["message"]), LinearModel(data["party"]), float(data["threshold"]),
                   str(data.get("version", "")))


@cache
def packaged_model() -> IntroModel:
    return IntroModel.from_json(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))
