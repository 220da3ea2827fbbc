"""Domain, pure: who a "Close this intro" shortcut is about, from the message's mentions and the detector's
reading of it. The introducer is the message's author; when the message does not say clearly who was
introduced, the person is asked (a form), never guessed for."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.detection import MAX_PARTIES, mentioned_user_ids
from bot.domain.detection.text import visible_text


class Role(StrEnum):
    INTRODUCER = "introducer"  # the author, on their own message: offer closes to the people they introduced
    PARTY = "party"  # someone introduced: close it for themselves


@dataclass(frozen=True, slots=True)
class Meant:
    role: Role
    others: tuple[str, ...]  # introducer: the people introduced; party: the people they were introduced to
    clear: bool  # False: ask, with `others` as the suggestion


def mentioned(text: str) -> tuple[str, ...]:
    """The people the message mentions in its own words (not in code or quoted lines), in order, each once."""
    return tuple(mentioned_user_ids(visible_text(text)))


def who_is_meant(*, text: str, author_id: str, user_id: str, detected: Iterable[str] | None,
                 ignore: Iterable[str] = ()) -> Meant:
    """`detected`: the parties the detector found (None: it found no intro); `ignore`: ids never introduced
    (the bot itself)."""
    skip = {author_id, *ignore}
    found = tuple(uid for uid in detected or () if uid not in skip)
    named = tuple(uid for uid in mentioned(text) if uid not in skip)
    if user_id == author_id:
        if len(found) >= 2:
            return Meant(Role.INTRODUCER, found, clear=True)
        # Exactly two people named: them. More may include people only cc'd or thanked: ask.
        return Meant(Role.INTRODUCER, named[:MAX_PARTIES], clear=len(named) == 2)
    if user_id in found:
        return Meant(Role.PARTY, tuple(uid for uid in found if uid != user_id), clear=True)
    others = tuple(uid for uid in named if uid != user_id)[:MAX_PARTIES]
    return Meant(Role.PARTY, others, clear=user_id in named and len(others) == 1)


def missed(*, role: Role, user_id: str, detected: Iterable[str] | None) -> bool:
    """Whether the detector missed this intro: it found none, or (for a party) did not find them in it."""
    return detected is None or (role is Role.PARTY and user_id not in set(detected))


def enough(role: Role, people: Sequence[str]) -> bool:
    """An introducer names two people or more; someone introduced, the one or more they were introduced to."""
    return len(people) >= (2 if role is Role.INTRODUCER else 1)


def names_asker(*, text: str, author_id: str | None, user_id: str) -> bool:
    """Whether the message names the person using the shortcut (in its own words), and they did not write it:
    on an intro recorded without them, someone the detector left out."""
    return user_id != author_id and user_id in mentioned(text)
