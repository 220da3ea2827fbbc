"""Domain, pure: reading a draft for the wording check: tolerant phrase regexes, quotes, sentences.

Rules match the text as typed (so the close modal can quote a phrase back exactly), whatever its
accents (precomposed or combining) and apostrophes. Quoted text is someone else's wording, and Slack
markup and code nobody's: they are blanked out, keeping every offset, before any rule or model reads it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_COMBINING = "\u0300-\u036f"
APOSTROPHES = "'\u2019\u2018\u02bc"


def _letter_variants() -> dict[str, str]:
    """Each ASCII letter with its precomposed accented forms, so "mas" also finds "más"."""
    variants: dict[str, set[str]] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        if base.isascii() and base.isalpha() and marks and all(unicodedata.combining(m) for m in marks):
            variants.setdefault(base.lower(), set()).add(char)
    return {letter: "".join(sorted(chars)) for letter, chars in variants.items()}


_VARIANTS = _letter_variants()


def tolerant(source: str) -> str:
    """Rewrite a lowercase regex so letters match with or without accents (precomposed or
    combining), spaces match any run of whitespace and apostrophes match curly ones too.
    Escapes and character classes are copied as written."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
        elif char.isascii() and char.isalpha():
            out.append(f"(?:[{char}{_VARIANTS.get(char, '')}][{_COMBINING}]*)")
        elif char == " ":
            out.append(r"\s+")
        elif char == "'":
            out.append(f"[{APOSTROPHES}]")
        else:
            out.append(char)
        i += 1
    return "".join(out)


def compile_phrase(source: str, *, whole_words: bool = True) -> re.Pattern[str]:
    """Whole words only ("sometime" must not fire inside "sometimes"), except for Japanese,
    which is written without spaces."""
    if not whole_words:
        return re.compile(tolerant(source), re.IGNORECASE)
    word = rf"\w{_COMBINING}"
    return re.compile(rf"(?<![{word}])(?:{tolerant(source)})(?![{word}])", re.IGNORECASE)


def alternatives(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


# A `>` line, or a phrase between quotation marks (straight double, curly, guillemets, German low
# quotes, Japanese brackets). A single straight quote opens a quotation only after a space or a bracket
# and before a letter, and closes it only before one that isn't: "I'm" and "James'" stay apostrophes.
_QUOTED = re.compile(
    r"^[ \t]*>[^\n]*"
    r"|(?<![\w'])'(?=\w)[^\n]{1,120}?(?<=[\w.!?,…])'(?![\w'])"
    r"|\"[^\"\n]{1,200}\""
    r"|\u201c[^\u201c\u201d\n]{1,200}[\u201d\u201c]"
    r"|\u201e[^\u201c\u201d\u201e\n]{1,200}[\u201c\u201d]"
    r"|\u00ab[^\u00bb\n]{1,200}\u00bb"
    r"|\u2018[^\u2018\u2019\n]{1,200}\u2019(?!\w)"
    r"|\u300c[^\u300d]{1,200}\u300d|\u300e[^\u300f]{1,200}\u300f",
    re.MULTILINE,
)


# Slack markup (mentions, channel pings, links) and code are nobody's wording.
_MARKUP = re.compile(r"<[@#!][^<>\n]{0,200}>|<(?:https?|mailto):[^<>\n]{0,2000}>|```.*?```|`[^`\n]{1,500}`", re.DOTALL)


def mask_quotes(text: str) -> str:
    """The text with quoted passages, Slack markup and code replaced by spaces of the same length
    (offsets are kept, so a phrase found in it is quoted back from the text as typed)."""
    blank = _MARKUP.sub(lambda m: " " * len(m.group()), text)
    return _QUOTED.sub(lambda m: " " * len(m.group()), blank)


_SENTENCE = re.compile(r"[^.!?\n。！？…]+[.!?。！？…]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line that has a letter in it."""
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if any(c.isalnum() for c in m.group())]


def fold(text: str) -> str:
    """Lowercase, without accents, apostrophes made straight: what the learned model reads."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return folded.translate({ord(a): "'" for a in APOSTROPHES})


def phrase_key(phrase: str) -> str:
    return " ".join(fold(phrase).split())
