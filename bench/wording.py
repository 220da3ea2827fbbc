"""Benchmark: how long the wording check takes on one draft, on one core.

Run with `.venv/bin/python -m bench.wording`. The drafts are the tuning writers' drafts of
tests/domain/wording_corpus/ (1 to 4 sentences each), then the same drafts joined up to the close
modal's 1,500-character limit, the longest text a person can send through the check. The check runs
once per submit of the close modal, so the goal is a few milliseconds at the limit, not throughput.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from bot.domain.wording import check_wording

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "domain" / "wording_corpus"
TUNING = ("community", "exec", "global", "sales", "warm")
LIMIT = 1500
RUNS = 5


def drafts() -> list[str]:
    texts: list[str] = []
    for name in TUNING:
        path = CORPUS / f"{name}.jsonl"
        texts.extend(json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line)
    return texts


def longest(texts: list[str]) -> list[str]:
    """Drafts joined into texts of just under the limit."""
    out, current = [], ""
    for text in texts:
        if len(current) + len(text) + 1 > LIMIT:
            out.append(current)
            current = ""
        current = f"{current}\n{text}" if current else text
    return out


def per_call_ms(texts: list[str]) -> list[float]:
    timings = []
    for text in texts:
        start = time.perf_counter()
        check_wording(text)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    check_wording("warm-up: loads the weights once")
    for label, texts in (("drafts", drafts()), (f"texts of ~{LIMIT} characters", longest(drafts()))):
        best: list[float] = []
        for _ in range(RUNS):
            run = per_call_ms(texts)
            best = run if not best or sum(run) < sum(best) else best
        ordered = sorted(best)
        p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
        print(f"{label}: {len(texts)} texts, median {statistics.median(best):.2f} ms, p99 {p99:.2f} ms, "
              f"max {ordered[-1]:.2f} ms per check")


if __name__ == "__main__":
    main()
