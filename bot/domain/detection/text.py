"""Domain, pure: the normalised text that detection reads.

Code and quotes are dropped (Slack does not format inside code, and a quote is someone
else's words); each mention of someone other than the author becomes `@u` (`@p` when
possessive, as in "@u's PR"), the author's own mention `@me`; links keep their label, HTML
entities are unescaped, emoji shortcodes become `·` (they end a phrase much like
punctuation), and everything is lower-case without accents.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

# <@U123> or <@U123|ana>; workspace user ids start with U, Enterprise Grid ones with W. Slack's ids are at most
# a few dozen characters; a longer one is not a mention.
# A trailing 's is captured: "<@U1>'s PR" is about U1's work, not addressed to U1.
_MENTION = re.compile(r"<@([UW][A-Z0-9]{2,20})(?:\|[^<>]{0,100})?>(['’]s\b)?")
_CODE_BLOCK = re.compile(r"```.*?(?:```|\Z)", re.S)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
# Quote lines start with `&gt;` in Slack's escaped text (`>` in unescaped text).
_QUOTE_LINE = re.compile(r"^[ \t]*(?:&gt;|>).*$", re.M)
# Links and channels keep their label; bare links and <!here>-style mentions go.
_LINK = re.compile(r"<[^<>|@]*\|([^<>]*)>|<(?:https?://|mailto:|#|!)[^<>]*>")
# Placeholders for mentions while the text is cleaned: ASCII (folding stays on its fast path) behind a NUL,
# which is dropped from the text first, so nobody can type one.
_ADDRESSED, _POSSESSIVE, _ME = "\x00a", "\x00p", "\x00m"
_EMOJI = re.compile(r":[a-z0-9_+\-']+:")
_SPACES = re.compile(r"[ \t\r\f\v]+")
# Dakuten and handakuten are part of a Japanese letter, not an accent.
_KEEP_MARKS = frozenset("\u3099\u309a")


@dataclass(frozen=True, slots=True)
class Normalised:
    text: str
    # The user id behind each `@u` in `text`, in order.
    addressed: tuple[str, ...]
    # Whether code or a quote was dropped: a message that quotes an intro is often about an old one.
    quoted: bool


def mentioned_user_ids(text: str) -> list[str]:
    """User ids mentioned in Slack text, in order of first mention, without duplicates."""
    return list(dict.fromkeys(m.group(1) for m in _MENTION.finditer(text)))


def visible_text(text: str) -> str:
    """The text without code and quoted lines."""
    if "`" in text:
        text = _INLINE_CODE.sub(" ", _CODE_BLOCK.sub(" ", text))
    if "&gt;" in text or "\n>" in text or text.startswith(">"):
        text = _QUOTE_LINE.sub(" ", text)
    return text


def normalise(text: str, author_id: str) -> Normalised:
    visible = visible_text(text)
    addressed: list[str] = []

    def token(m: re.Match[str]) -> str:
        uid = m.group(1)
        if uid == author_id:
            return _ME
        if m.group(2):
            return _POSSESSIVE
        addressed.append(uid)
        return _ADDRESSED

    # Mentions become placeholders first, so that no "@" typed or escaped in the text ("&#64;u") can pose
    # as one; any "@" left after unescaping is dropped.
    out = _MENTION.sub(token, visible.replace("\x00", ""))
    if "<" in out:
        out = _LINK.sub(lambda m: m.group(1) or " ", out)
    if "&" in out:
        out = html.unescape(out)
    out = fold(out).replace("@", "")
    if ":" in out:
        out = _EMOJI.sub(" · ", out)
    out = out.replace(_ADDRESSED, " @u ").replace(_POSSESSIVE, " @p ").replace(_ME, " @me ")
    # The final newline lets a pattern that wants the end of a line match at the very end too.
    return Normalised(_SPACES.sub(" ", out).strip(" ") + "\n", tuple(addressed), visible != text)


def fold(text: str) -> str:
    """Lower-case without accents, so "Conózcanse" and "conozcanse" read the same."""
    text = text.lower()
    if text.isascii():
        return text
    text = text.replace("’", "'")
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c) or c in _KEEP_MARKS)
    )
