"""Domain, pure: decide whether a Slack message introduces people to each other, and whom.

Every message in every channel the bot sits in passes through here and almost all of them are
ordinary chatter, so the cheapest test comes first: an intro names at least two people other
than the author, and at most eight (a message that names more is an announcement). What is
left is read by two small learned models (`model.py`), trained by `python -m bot.train_detector`
on messages from independent writers: one decides whether the message is an intro made now,
the other which of the people named are introduced (not those copied in, thanked or credited).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.detection.model import MAX_PARTIES, packaged_model
from bot.domain.detection.text import mentioned_user_ids, normalise

__all__ = ["MAX_PARTIES", "Introduction", "detect_introduction", "mentioned_user_ids"]


@dataclass(frozen=True, slots=True)
class Introduction:
    # The people introduced to each other: in order of first mention, never the author, without
    # duplicates, always at least two.
    parties: tuple[str, ...]


def detect_introduction(text: str, *, author_id: str) -> Introduction | None:
    """The introduction this message makes, or None when it makes none."""
    if text.count("<@") < 2:  # nearly every message stops here
        return None
    model = packaged_model()
    reading = model.read(normalise(text, author_id))
    return Introduction(reading.parties) if reading.probability >= model.threshold else None
