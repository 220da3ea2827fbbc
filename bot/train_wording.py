"""Train the wording check's models from tests/domain/wording_corpus/ and measure them.

    python -m bot.train_wording            # writes bot/domain/wording_weights.json
    python -m bot.train_wording --report   # ... and docs/wording.md

Deterministic: the same corpus gives the same weights file. The blind writers (`BLIND`) train
nothing and choose nothing; they are scored once, by the shipped model, in the report.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from bot.domain import closes
from bot.domain.drafts import DraftVoice, Register
from bot.domain.languages import LANGS
from bot.domain.wording import GENERIC_SUGGESTIONS, repeated_suggestion
from bot.domain.wording_issue import LABELS, IssueKind
from bot.domain.wording_learning import (
    TARGET_FALSE_FLAGS,
    Prepared,
    Scored,
    leave_one_writer_out,
    prepare,
    score,
    train_packaged,
)
from bot.domain.wording_model import UNPHRASED, WEIGHTS_FILE, WordingModel
from bot.domain.wording_rules import RULES

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "domain" / "wording_corpus"
REPORT = ROOT / "docs" / "wording.md"
BLIND = ("academic", "terse")
# The behavioural cases of tests/domain/test_wording.py: always trained on, never scored.
PROJECT = "project"
Thresholds = dict[IssueKind, float]


def load(writers: Sequence[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in writers:
        text = (CORPUS / f"{name}.jsonl").read_text(encoding="utf-8")
        rows.extend(json.loads(line) for line in text.splitlines() if line.strip())
    return rows


def tuning_writers() -> list[str]:
    return sorted(p.stem for p in CORPUS.glob("*.jsonl") if p.stem not in BLIND and p.stem != PROJECT)


def blind_writers() -> list[str]:
    return [w for w in BLIND if (CORPUS / f"{w}.jsonl").exists()]


def advice_rows() -> list[dict[str, Any]]:
    """The check's own suggestions, as clean drafts: the advice must not make the mistake it warns about."""
    texts = sorted({r.suggestion for r in RULES} | set(GENERIC_SUGGESTIONS.values())
                   | {repeated_suggestion(n) for n in range(2, 6)})
    return [{"id": f"advice-{i:02}", "writer": PROJECT, "lang": "en", "issues": [], "text": t}
            for i, t in enumerate(texts, 1)]


def bot_draft_rows() -> list[dict[str, Any]]:
    """The bot's own English first drafts (bot/domain/closes.py) as clean drafts: the etiquette they follow is the
    one the check enforces. Only English: the other seven languages' drafts, added here too, outnumbered the
    writers' clean drafts in those languages and shifted the model's prior towards flagging (a bias of 1.18 against
    0.31), so short clean English texts were flagged. tests/domain/test_drafts_sets.py checks that no draft in any
    language is flagged, so a person who sends one unchanged is never warned."""
    people = [closes.People("Ana", "Carla", ("Ben",)), closes.People("Ana", "", ("Ben", "Diego"))]
    day = date(2026, 3, 9)
    rows: list[dict[str, Any]] = []
    for lang in ("en",):
        texts: set[str] = set()
        for voice in {DraftVoice(lang, register) for register in Register}:
            texts |= _drafts_in(voice, people, day)
        # Ids per language ("bot-01" English, "bot-es-01"), so adding a language leaves the others' rows as they were.
        # The policy phrase stays English until optin.Policy speaks the draft's language (it is the bot's words).
        prefix = "bot" if lang == "en" else f"bot-{lang}"
        rows += [{"id": f"{prefix}-{i:02}", "writer": PROJECT, "lang": lang, "issues": [], "text": t}
                 for i, t in enumerate(sorted(texts), 1)]
    return rows


def _drafts_in(voice: DraftVoice, people: list[closes.People], day: date) -> set[str]:
    texts: set[str] = set()
    for p in people:
        texts |= {closes.draft_direct(p, r, reach_out_after=a, voice=voice)
                  for r in closes.DirectReason for a in (None, day)}
        texts |= {closes.draft_decline(p, r, busy_until=b, voice=voice)
                  for r in closes.DeclineReason for b in (None, day)}
        texts |= {closes.draft_redirect(p, better_person="Diego", connect_by=day, voice=voice),
                  closes.draft_redirect(p, connect_by=day, voice=voice),
                  closes.draft_yes(p, voice=voice),
                  closes.draft_instead_of_redirect(p, better_person="Diego", voice=voice),
                  closes.draft_need_time(p, get_back_by=day, voice=voice),
                  closes.draft_decline_by_policy(p, policy="only taking intros about hiring", voice=voice),
                  closes.draft_check_first_line(p, voice=voice)}
    texts.add(closes.draft_decline_ask(requester="Ana", target="Ben", voice=voice))
    return texts


def corpus_version(writers: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for name in writers:
        digest.update((CORPUS / f"{name}.jsonl").read_bytes())
    return digest.hexdigest()[:12]


def train_shipped() -> tuple[list[Prepared], list[Prepared], WordingModel]:
    writers = tuning_writers()
    tuning, project = prepare(load(writers)), prepare(load([PROJECT]) + advice_rows() + bot_draft_rows())
    return tuning, project, train_packaged(tuning, project, corpus_version([*writers, PROJECT]))


def write_weights(model: WordingModel) -> None:
    WEIGHTS_FILE.write_text(json.dumps(model.to_json(), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
                            + "\n", encoding="utf-8")


# --- The report --------------------------------------------------------------------------

def _share(hit: int, total: int) -> str:
    return f"{hit / total:.2f} ({hit}/{total})" if total else "–"


def figures(scored: Sequence[tuple[Thresholds, Scored]]) -> tuple[str, str, str]:
    """Over-apology recall, vague-deferral recall, clean drafts flagged (by either kind)."""
    out = []
    for kind in IssueKind:
        pos = [(t, s) for t, s in scored if kind in s.labels]
        out.append(_share(sum(s.flagged(kind, t[kind]) for t, s in pos), len(pos)))
    clean = [(t, s) for t, s in scored if not s.labels]
    out.append(_share(sum(any(s.flagged(k, t[k]) for k in IssueKind) for t, s in clean), len(clean)))
    return out[0], out[1], out[2]


def tables(scored: Sequence[tuple[Thresholds, Scored]]) -> list[str]:
    head = ["| {} | drafts | over-apology recall | vague-deferral recall | clean flagged |", "|---|---|---|---|---|"]
    lines = [head[0].format("writer"), head[1]]
    for w in sorted({s.writer for _, s in scored}):
        part = [x for x in scored if x[1].writer == w]
        lines.append(f"| {w} | {len(part)} | " + " | ".join(figures(part)) + " |")
    lines.append(f"| **all** | {len(scored)} | " + " | ".join(figures(scored)) + " |")
    lines += ["", head[0].format("language"), head[1]]
    for lang in LANGS:
        part = [x for x in scored if x[1].lang == lang]
        lines.append(f"| {lang} | {len(part)} | " + " | ".join(figures(part)) + " |")
    return lines


def report(tuning: list[Prepared], project: list[Prepared], blind: list[Prepared], model: WordingModel) -> str:
    folds = [(t, s) for t, scored in leave_one_writer_out(tuning, always=project) for s in scored]
    shipped = [(model.thresholds, s) for s in score(model, blind)]
    limits = ", ".join(f"{LABELS[k]} {t:.4f}" for k, t in model.thresholds.items())
    return "\n".join([
        "# The wording check: how well it generalizes",
        "",
        "Written by `make wording-report` (`python -m bot.train_wording --report`). Every figure is on writers",
        "whose drafts trained neither the models that scored them nor the choice of their thresholds. Recall is",
        "the share of drafts with that issue which the check flags for it; clean flagged is the share of drafts",
        "without any issue which it flags for either kind. The goal (issue 11): recall >= 0.90 for each kind,",
        "clean flagged <= 5%, on the blind writers.",
        "",
        f"Shipped model `{model.version}`, thresholds {limits}:",
        f"per kind, the lowest that flags at most {TARGET_FALSE_FLAGS:.0%} of the clean drafts of the tuning",
        "writers, each scored by models trained without them.",
        "",
        "How it decides: quoted text (a `>` line, a phrase in quotation marks) is blanked out; phrase rules in",
        "the eight languages (`bot/domain/wording_rules.py`) find candidate phrases; one logistic regression per",
        "kind (the intro detector's trainer, `bot/domain/detection/linear.py`) reads the words, word pairs,",
        "character 4-grams, which rules hit and whether a date sits beside them, and how many apologies the",
        "writer makes, and decides. Rule phrases are quoted back only when the model says yes; when it says",
        f"yes and no rule phrase explains why (then it must say so above {UNPHRASED}), the sentence it scores",
        "highest is quoted.",
        "",
        "## Leave one writer out (the tuning writers)",
        "",
        "Each tuning writer in turn is left out; models are trained on the others (and on the behavioural cases",
        "of tests/domain/test_wording.py), thresholds chosen out of fold among those others only, then the",
        "writer is scored once. These figures guided the choice of features, phrases and settings, and the",
        "phrase table was extended from these writers' misses, so they are optimistic. The first run, before",
        "any phrase was added from exec's, sales' or community's drafts: community 0.94 / 0.97 / 0.08 clean",
        "flagged, exec 1.00 / 1.00 / 0.07, sales 0.91 / 0.97 / 0.02. The blind writers below are the honest test.",
        "",
        *tables(folds),
        "",
        "## Blind writers",
        "",
        f"{', '.join(blind_writers())}: kept out of every training run and every choice, scored once by the",
        "shipped model.",
        "",
        *tables(shipped),
        "",
        "The blind writers were scored twice, and the reader should know it. The first reading (1.00 / 1.00 /",
        "0.11 clean flagged) came before the rule that a draft with no phrase to quote is flagged only above",
        f"{UNPHRASED}; that rule was added because the project's own end-to-end drafts (\"Thanks!\", \"I'll connect",
        "you.\") were flagged, not because of the blind figures, and nothing else changed between the readings.",
        "",
        "For comparison, the hand-written phrase table this check replaced (commit 26c8239), on the same blind",
        "writers: over-apology recall 0.42 (25/59), vague-deferral recall 0.37 (22/59), clean flagged 0.14",
        "(16/111); academic 0.16 (9/58), terse 0.13 (7/53).",
        "",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", action="store_true", help=f"also measure and write {REPORT.relative_to(ROOT)}")
    parser.add_argument("--tuning-only", action="store_true",
                        help="print the leave-one-writer-out tables of the tuning writers; write nothing")
    args = parser.parse_args()
    tuning, project, model = train_shipped()
    if args.tuning_only:
        folds = [(t, s) for t, scored in leave_one_writer_out(tuning, always=project) for s in scored]
        print("\n".join(tables(folds)))
        return
    write_weights(model)
    print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}: thresholds {model.thresholds}")
    if args.report:
        REPORT.write_text(report(tuning, project, prepare(load(blind_writers())), model), encoding="utf-8")
        print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
