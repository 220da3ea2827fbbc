"""Domain, pure: the wording check's learned half as data: one linear model and threshold per kind.

`wording_weights.json` beside this file is written by `python -m bot.train_wording` from the labelled
corpus (tests/domain/wording_corpus/) and read once, at first use. Nothing is fetched at run time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from bot.domain.detection.linear import Features, LinearModel
from bot.domain.wording_issue import IssueKind

WEIGHTS_FILE = Path(__file__).with_name("wording_weights.json")
FORMAT = 1
# Without a phrase to quote back, the model alone flags a draft only when it is more sure than not:
# on a few words ("Thanks!") its probability sits near its prior, which a low threshold would flag.
UNPHRASED = 0.5


def decides(probability: float, threshold: float, *, phrased: bool) -> bool:
    return probability >= (threshold if phrased else max(threshold, UNPHRASED))


@dataclass(frozen=True, slots=True)
class WordingModel:
    models: dict[IssueKind, LinearModel]
    # The lowest probability that flags a draft, per kind: picked out of fold for few false flags.
    thresholds: dict[IssueKind, float]
    version: str = ""

    def probability(self, kind: IssueKind, features: Features) -> float:
        return self.models[kind].probability(features)

    def flags(self, kind: IssueKind, features: Features, *, phrased: bool) -> bool:
        return decides(self.probability(kind, features), self.thresholds[kind], phrased=phrased)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT, "version": self.version,
            "thresholds": {str(k): t for k, t in self.thresholds.items()},
            "models": {str(k): m.weights for k, m in self.models.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WordingModel:
        if data.get("format") != FORMAT:
            raise ValueError(f"weights file format {data.get('format')!r}, expected {FORMAT}")
        return cls({IssueKind(k): LinearModel(w) for k, w in data["models"].items()},
                   {IssueKind(k): float(t) for k, t in data["thresholds"].items()}, str(data.get("version", "")))


@cache
def packaged_model() -> WordingModel:
    return WordingModel.from_json(json.loads(WEIGHTS_FILE.read_text(encoding="utf-8")))
