"""Domain, pure: what the intro models see of a message, as named features.

Two models read a message. The message model asks "is this an intro, now?" from its words,
its character n-grams (which carry over to inflected forms and to languages written without
spaces), its shape (how many people, where the mentions sit, a closing question mark) and
the hand-written cue and blocker table. The party model asks, for each mentioned person,
"is this person one of those introduced?" from the words around that mention, so people
copied in, thanked or credited are left out.
"""

from __future__ import annotations

import math
import re
from itertools import pairwise

from bot.domain.detection.cues import blocker_names, cue_names
from bot.domain.detection.linear import Features
from bot.domain.detection.text import Normalised

# Words, mention tokens, and any other visible sign as a token of its own ("<>", "+", "➡").
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"@u|@p|@me|[{_CJK}]+|[^\W_{_CJK}]+(?:'[^\W_{_CJK}]+)?|<>|<->|->|=>|[^\w\s]")
_SENTENCE_END = frozenset(".!?\n。！？")
MENTION = "@u"
# Character 4-grams, read over at most this much text (the start of a long message says what it is).
# Longer and shorter n-grams as well scored no better on writers left out, at three times the cost.
_CHAR_SPAN = 600
_CHAR_N = 4
# How many tokens either side of a mention the party model reads.
_WINDOW = 3
# The first words of a message: where an intro usually says what it is.
_HEAD = 12


# Japanese is written without spaces: a run of kana and kanji is read as its overlapping character pairs.
_CJK_RUN = re.compile(rf"[{_CJK}]{{2,}}")


def tokens(n: Normalised) -> list[str]:
    out: list[str] = []
    for t in _TOKEN.findall(n.text):
        if len(t) > 2 and _CJK_RUN.fullmatch(t):
            out.extend(t[i:i + 2] for i in range(len(t) - 1))
        else:
            out.append(t)
    return out


def message_features(n: Normalised, toks: list[str]) -> Features:
    """Words, word pairs and character n-grams each weigh as a group of unit length, so a long message
    does not outvote a short one; the shape of the message and the cue table are plain yes/no features."""
    people = len(set(n.addressed))
    flags = [
        "bias",
        f"people:{min(people, 5)}",
        f"mentions:{min(len(n.addressed), 6)}",
        f"first:{toks[0] if toks else ''}",
        f"last:{_last_word(toks)}",
    ]
    if n.quoted:
        flags.append("quoted")
    if "@me" in toks:
        flags.append("author mentioned")
    if "?" in toks[-3:]:
        flags.append("ends with ?")
    flags.extend(f"shape:{s}" for s in _mention_shapes(toks))
    cues, blockers = cue_names(n.text), blocker_names(n.text)
    flags.extend(f"cue:{name}" for name in cues)
    flags.extend(f"blocker:{name}" for name in blockers)
    if cues and not blockers:
        flags.append("rules say intro")
    return {
        "traits": (1.0, flags),
        **_group("words", set(toks)),
        **_group("pairs", {f"{a} {b}" for a, b in pairwise(toks)}),
        **_group("chars", _char_ngrams(n.text)),
        **_group("around", _around_mentions(toks)),
        **_group("head", set(toks[:_HEAD])),
    }


def party_features(toks: list[str]) -> list[tuple[int, Features]]:
    """(index into the message's `@u` mentions, features) for every `@u` in the tokens."""
    out: list[tuple[int, Features]] = []
    positions = [i for i, t in enumerate(toks) if t == MENTION]
    for k, i in enumerate(positions):
        before = toks[max(0, i - _WINDOW):i]
        after = toks[i + 1:i + 1 + _WINDOW]
        start = _sentence_start(toks, i)
        clause = toks[start:i]
        features = ["bias", f"order:{min(k, 4)}", f"from end:{min(len(positions) - 1 - k, 4)}"]
        if k == 0:
            features.append("first mention")
        if start == i:
            features.append("opens sentence")
        features.extend(f"before{len(before) - j}:{t}" for j, t in enumerate(before))
        features.extend(f"after{j + 1}:{t}" for j, t in enumerate(after))
        if before:
            features.append(f"before:{' '.join(before[-2:])}")
        if after:
            features.append(f"after:{' '.join(after[:2])}")
        features.extend(f"clause:{t}" for t in set(clause) if t != MENTION)
        out.append((k, {"context": (1.0, features)}))
    return out


def _group(name: str, members: set[str]) -> Features:
    return {name: (1.0 / math.sqrt(len(members)), members)} if members else {}


def _around_mentions(toks: list[str]) -> set[str]:
    """The words next to each mention ("introducing @u", "@u to", "@u さん"): where the act of introducing
    is, whatever the length of the message around it."""
    out: set[str] = set()
    for i, t in enumerate(toks):
        if t == MENTION:
            if i > 0 and toks[i - 1] != MENTION:
                out.add(f"{toks[i - 1]} @u")
            if i + 1 < len(toks) and toks[i + 1] != MENTION:
                out.add(f"@u {toks[i + 1]}")
    return out


def _last_word(toks: list[str]) -> str:
    for t in reversed(toks):
        if t.isalnum() or t == MENTION:
            return t
    return ""


def _sentence_start(toks: list[str], i: int) -> int:
    while i > 0 and toks[i - 1] not in _SENTENCE_END:
        i -= 1
    return i


def _mention_shapes(toks: list[str]) -> set[str]:
    """What joins two mentions three tokens apart at most ("@u <> @u", "@u and @u", "@u , meet @u")."""
    shapes: set[str] = set()
    last = -1
    for i, t in enumerate(toks):
        if t != MENTION:
            continue
        if last >= 0 and i - last <= 3:
            shapes.add("@u " + " ".join(toks[last + 1:i]) + " @u")
        last = i
    return shapes


def _char_ngrams(text: str) -> set[str]:
    text = text[:_CHAR_SPAN]
    return {text[i:i + _CHAR_N] for i in range(len(text) - _CHAR_N + 1)}
