"""Train the intro detector from the labelled corpus and write its weights file; optionally measure it.

    python -m bot.train_detector            # writes bot/domain/detection/weights.json
    python -m bot.train_detector --report   # also writes docs/detection.md: leave-one-writer-out and blind figures

The corpus is in tests/domain/corpus/: `writers/` (one file per independent writer: trained on,
and measured leave-one-writer-out), `project/` (the project's own examples: trained on, never
measured) and `blind/` (writers kept out of every training and every choice: measured only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.domain.detection.learning import (
    TARGET_PRECISION,
    Counts,
    Prepared,
    Scored,
    counts,
    fit,
    leave_one_writer_out,
    out_of_fold,
    pick_threshold,
    prepare,
    score,
)
from bot.domain.detection.model import WEIGHTS_FILE, IntroModel
from bot.domain.languages import LANGS

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "domain" / "corpus"
REPORT = ROOT / "docs" / "detection.md"


def load(folder: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in sorted((CORPUS / folder).glob("*.jsonl")):
        rows.extend(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return rows


def corpus_version(folders: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((CORPUS / folder).glob("*.jsonl")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def train_packaged(writers: list[Prepared], project: list[Prepared]) -> IntroModel:
    names = sorted({p.writer for p in writers})
    threshold = pick_threshold(out_of_fold(writers, names, always=project))
    return fit(writers + project, threshold=threshold, version=corpus_version(["writers", "project"]))


def write_weights(model: IntroModel) -> None:
    WEIGHTS_FILE.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                            encoding="utf-8")


def _fraction(c: Counts) -> str:
    return f"{c.precision:.3f} ({c.tp}/{c.tp + c.fp}) | {c.recall:.3f} ({c.tp}/{c.tp + c.fn})"


def _sum(parts: Sequence[Counts]) -> Counts:
    return Counts(sum(c.tp for c in parts), sum(c.fp for c in parts), sum(c.fn for c in parts))


def tables(per_writer: dict[str, tuple[float, list[Scored]]]) -> list[str]:
    """Each writer scored at their own threshold; then each language, with its mean and worst writer."""
    by_writer = {w: counts(scored, t) for w, (t, scored) in per_writer.items()}
    recalls = {w: c.recall for w, c in by_writer.items()}
    worst = min(recalls, key=recalls.__getitem__)
    lines = ["| writer | messages (intros) | precision | recall |", "|---|---|---|---|"]
    for w, (_, scored) in per_writer.items():
        lines.append(f"| {w} | {len(scored)} ({sum(bool(s.wanted) for s in scored)}) | {_fraction(by_writer[w])} |")
    lines += [
        f"| **all** | {sum(len(s) for _, s in per_writer.values())} | {_fraction(_sum(list(by_writer.values())))} |",
        "",
        f"Mean over writers: precision {sum(c.precision for c in by_writer.values()) / len(by_writer):.3f}, "
        f"recall {sum(recalls.values()) / len(recalls):.3f}. Worst writer: {worst}, recall {recalls[worst]:.3f}.",
        "",
        "| language | precision | recall | mean recall over writers | worst writer (recall) |",
        "|---|---|---|---|---|",
    ]
    for lang in LANGS:
        parts = {w: counts([s for s in scored if s.lang == lang], t) for w, (t, scored) in per_writer.items()}
        lang_recalls = {w: c.recall for w, c in parts.items() if c.tp + c.fn}
        low = min(lang_recalls, key=lang_recalls.__getitem__)
        lines.append(f"| {lang} | {_fraction(_sum(list(parts.values())))} | "
                     f"{sum(lang_recalls.values()) / len(lang_recalls):.3f} | {low} ({lang_recalls[low]:.3f}) |")
    return lines


def report(writers: list[Prepared], project: list[Prepared], blind: list[Prepared], model: IntroModel) -> str:
    folds = leave_one_writer_out(writers, always=project)
    blind_scored = score(model, blind)
    blind_writers = {w: (model.threshold, [s for s in blind_scored if s.writer == w])
                     for w in sorted({s.writer for s in blind_scored})}
    return "\n".join([
        "# Intro detection: how well it generalizes",
        "",
        "Written by `make detector-report` (`python -m bot.train_detector --report`). Every figure is on",
        "writers whose messages trained neither the model that scored them nor the choice of its threshold.",
        "A detection counts as right only when it names exactly the labelled people; one that names others",
        "counts as a false alarm and a miss. Precision is the share of prompts that were right; recall the",
        "share of intros prompted to the right people.",
        "",
        f"Shipped model `{model.version}`: threshold {model.threshold:.4f}, the lowest whose precision reached "
        f"{TARGET_PRECISION} over the tuning writers, each scored by a model trained without them.",
        "",
        "## Leave one writer out (the tuning writers)",
        "",
        "Each tuning writer in turn is left out. A model is trained on the other writers and the project's own",
        "examples; its threshold is chosen out of fold inside those other writers only (four groups of writers,",
        "each scored by a model trained without its group); then the left-out writer is scored once. These",
        "writers' scores guided the choice of features and settings; the blind writers below did not.",
        "",
        *tables({scored[0].writer: (t, scored) for t, scored in folds}),
        "",
        "## Blind holdout",
        "",
        "Writers kept out of every training run and every choice (features, settings, threshold), scored once",
        "by the shipped model.",
        "",
        *tables(blind_writers),
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", action="store_true", help=f"also measure and write {REPORT.relative_to(ROOT)}")
    args = parser.parse_args()
    writers, project = prepare(load("writers")), prepare(load("project"))
    model = train_packaged(writers, project)
    write_weights(model)
    print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}: {model.message.size()} + {model.party.size()} "
          f"weights, threshold {model.threshold:.4f}")
    if args.report:
        REPORT.write_text(report(writers, project, prepare(load("blind")), model), encoding="utf-8")
        print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
