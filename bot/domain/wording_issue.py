"""Domain, pure: what the wording check reports (its kinds and its issue value)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IssueKind(StrEnum):
    OVER_APOLOGIZING = "over_apologizing"
    VAGUE_DEFERRAL = "vague_deferral"


@dataclass(frozen=True, slots=True)
class WordingIssue:
    kind: IssueKind
    phrase: str  # exactly as typed, so the UI can quote it back
    suggestion: str  # one kind, concrete sentence (≤ 200 characters)


# The corpus labels (tests/domain/wording_corpus/) name the kinds this way.
LABELS: dict[IssueKind, str] = {
    IssueKind.OVER_APOLOGIZING: "over_apology",
    IssueKind.VAGUE_DEFERRAL: "vague_deferral",
}
