"""Domain, pure: a logistic regression over groups of named binary features, and how to train one.

Small on purpose: a few thousand labelled messages, some tens of thousands of weights, trained
in a minute with the standard library and scored by one dictionary lookup per feature. A
message's features come in groups (its words, its word pairs, its character n-grams, its
yes/no traits); every feature of a group has the group's value, so no feature name is ever
built by joining strings at scoring time. Training is deterministic (a seeded shuffle): the
same corpus gives the same weights file.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

# group -> (the value of each of its features, the names of the features present)
Features = Mapping[str, tuple[float, Collection[str]]]
Example = tuple[Features, int]  # (features, 1 for yes or 0 for no)
Weights = Mapping[str, Mapping[str, float]]  # group -> feature name -> weight


@dataclass(frozen=True, slots=True)
class LinearModel:
    weights: Weights

    def logit(self, features: Features) -> float:
        total = 0.0
        for group, (value, names) in features.items():
            get = self.weights.get(group, {}).get
            total += value * sum([get(name, 0.0) for name in names])
        return total

    def probability(self, features: Features) -> float:
        return sigmoid(self.logit(features))

    def size(self) -> int:
        return sum(len(w) for w in self.weights.values())


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def train(examples: Sequence[Example], *, epochs: int = 6, rate: float = 0.3, l2: float = 1e-4,
          seed: int = 0, min_count: int = 2) -> LinearModel:
    """Logistic regression by AdaGrad; positives and negatives weigh equally whatever their counts.

    A feature seen in fewer than `min_count` examples gets no weight: it cannot generalize, and
    leaving it out keeps the weights file small.
    """
    seen = Counter((group, name) for features, _ in examples for group, (_, names) in features.items()
                   for name in names)
    flat = [([(group, name, value) for group, (value, names) in features.items() for name in names
              if seen[group, name] >= min_count], y) for features, y in examples]
    positives = sum(y for _, y in examples) or 1
    negatives = (len(examples) - positives) or 1
    balance = {1: len(examples) / (2 * positives), 0: len(examples) / (2 * negatives)}
    weights: dict[tuple[str, str], float] = {}
    squared: dict[tuple[str, str], float] = {}
    order = list(range(len(flat)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            features, y = flat[i]
            p = sigmoid(sum(weights.get((g, n), 0.0) * x for g, n, x in features))
            error = (p - y) * balance[y]
            for g, n, x in features:
                key = (g, n)
                w = weights.get(key, 0.0)
                grad = error * x + l2 * w
                s = squared.get(key, 1e-8) + grad * grad
                squared[key] = s
                weights[key] = w - rate * grad / math.sqrt(s)
    grouped: dict[str, dict[str, float]] = {}
    for (group, name), w in sorted(weights.items()):
        if round(w, 4):
            grouped.setdefault(group, {})[name] = round(w, 4)
    return LinearModel(grouped)
