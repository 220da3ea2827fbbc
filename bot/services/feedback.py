"""Use cases: live feedback on detection, per workspace, as counters only (no text, no people).

"Not an intro" on a prompt of a detected intro hints at a false alarm; the "Close this intro" shortcut marking a
message the detector did not read as an intro, or used by someone it left out of one, is a miss. `python -m bot
status` shows both for each workspace.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.insert import increment
from bot.db.models import FeedbackCount, Intro
from bot.domain.states import Feedback, IntroSource


def count(session: Session, *, team_id: str, counter: Feedback, now: datetime) -> None:
    increment(session, FeedbackCount, {"team_id": team_id, "counter": counter}, column="count",
              extra={"updated_at": now})


def count_dismissed(session: Session, *, intro_id: int, now: datetime) -> None:
    """A prompt answered "Not an intro": a likely false alarm only when the detector flagged the message (an intro
    someone marked with the shortcut was never the detector's call)."""
    intro = session.get_one(Intro, intro_id)
    if intro.source is IntroSource.DETECTED:
        count(session, team_id=intro.team_id, counter=Feedback.DISMISSED, now=now)


def feedback_by_workspace(session: Session) -> dict[str, dict[Feedback, int]]:
    counts: dict[str, dict[Feedback, int]] = defaultdict(dict)
    for row in session.scalars(select(FeedbackCount).order_by(FeedbackCount.team_id, FeedbackCount.counter)):
        counts[row.team_id][row.counter] = row.count
    return dict(counts)
