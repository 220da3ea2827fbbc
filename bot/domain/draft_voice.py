"""Domain: which language and register a close's draft is written in, read from the intro itself.

Issue 14: a close's draft follows the intro's language, and its form of address (tu/vous, du/Sie, tú/usted, ...)
follows the intro's own register when it shows one, else formal. The person can still switch both in the modal.

Language identification is py3langid (a maintained naive Bayes model over byte n-grams) restricted to our eight
languages, after Slack markup is removed so user ids and URLs do not vote. When the text is too short or the model
is unsure, the closer's own language (`fallback_lang`) is used: a wrong guess costs the person more than no guess.
Measured on tests/domain/corpus/ (7,645 labelled Slack messages in eight languages): alone, restricted to our
languages, it is right on 98.8-100% of each language's messages. The two thresholds below were chosen on writers/
and project/ only (never blind/): with them it is wrong on 4 of 6,985 messages and unsure (so: the closer's
language) on 3%; on blind/ wrong on 1 of 660.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Protocol

from bot.domain.drafts import DraftVoice, Register
from bot.domain.i18n import language_of
from bot.domain.languages import LANGS

__all__ = ["DraftVoice", "IntroVoice", "Register", "detect_register", "identify_language", "intro_voice",
           "strip_markup"]

# Slack markup: <@U1>, <#C1|name>, <!here>, <https://x|label>, and bare URLs; then the HTML escapes Slack sends.
_MARKUP = re.compile(r"<[^<>\n]*>|https?://\S+|:[a-z0-9_+'-]+:")
_ESCAPES = {"&lt;": "<", "&gt;": ">", "&amp;": "&"}
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)

# Below these, a guess is too often wrong: fall back to the closer's language (chosen on the corpus).
MIN_LETTERS = 6
MIN_CONFIDENCE = 0.8


def strip_markup(text: str) -> str:
    """The words of a Slack message: mentions, channel links, URLs and :emoji: removed, escapes undone."""
    plain = _MARKUP.sub(" ", text)
    for escaped, char in _ESCAPES.items():
        plain = plain.replace(escaped, char)
    return " ".join(plain.split())


class _Identifier(Protocol):
    def classify(self, text: str) -> tuple[str, float]: ...


@functools.cache
def _identifier() -> _Identifier:
    # Imported here: loading the model takes a moment, and most of the bot never needs it.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGS))
    return identifier


def identify_language(text: str) -> str | None:
    """One of LANGS when the message's own words say so clearly, else None (too short, or unsure)."""
    words = strip_markup(text)
    if len(_LETTERS.findall(words)) < MIN_LETTERS:
        return None
    lang, confidence = _identifier().classify(words)
    return lang if lang in LANGS and confidence >= MIN_CONFIDENCE else None


@dataclass(frozen=True, slots=True)
class _Markers:
    informal: re.Pattern[str]
    formal: re.Pattern[str]
    # French "vous" and Portuguese "vocês" are also plural "you": an intro to two people says vous to friends.
    # In those languages any informal marker wins; elsewhere the register with more markers wins, ties formal.
    informal_wins: bool = False


def _words(*words: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'’])(?:" + "|".join(words) + r")(?![\w])", flags)


def _capitalised_mid_sentence(*words: str) -> re.Pattern[str]:
    # "Sie", "Lei", "La": capitalised inside a sentence is the polite form; at its start it may be "she"/"the".
    return re.compile(r"(?<=[\w,;)] )(?:" + "|".join(words) + r")(?![\w])")


_REGISTER_MARKERS: dict[str, _Markers] = {
    "es": _Markers(
        informal=_words("tú", "te", "ti", "contigo", "tu", "tus", "os", "vosotros", "vosotras",
                        "vuestro", "vuestra", "vuestros", "vuestras"),
        # "le"/"les" alone is often "him/her": only count it before a verb of addressing.
        formal=_words("usted", "ustedes", r"(?:le|les) (?:presento|escribo|comento|cuento|agradezco|pongo)"),
    ),
    "fr": _Markers(
        informal=_words("tu", "te", "t'", "t’", "toi", "ton", "ta", "tes"),
        formal=_words("vous", "votre", "vos"),
        informal_wins=True,
    ),
    "de": _Markers(
        # "ihr" alone may be "her"; before a verb in the second person plural it is "you all".
        informal=_words("du", "dich", "dir", "dein", "deine", "deinen", "deinem", "deiner", "euch", "euer", "eure",
                        "euren", "eurem", r"ihr (?:seid|habt|wollt|könnt|solltet|müsst|werdet|kennt|arbeitet|braucht)"),
        formal=re.compile(_capitalised_mid_sentence("Sie", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer").pattern
                          + r"|(?<![\w])Ihnen(?![\w])"),
    ),
    "pt": _Markers(
        # Decision: "você"/"vocês" read as informal, as in everyday Brazilian usage (the formal address there is
        # "o senhor"/"a senhora"); "o senhor" or a "Prezado(a)" salutation anywhere makes the intro formal.
        informal=_words("tu", "te", "ti", "contigo", "teu", "tua", "teus", "tuas", "você", "vocês", "vc", "vcs"),
        formal=_words(r"(?:o|a|os|as|ao|à|aos|às|do|da|dos|das|pelo|pela) (?:senhor|senhora|senhores|senhoras)",
                      "vossa", "vossas", "prezado", "prezada", "prezados", "prezadas"),
    ),
    "it": _Markers(
        # "vi"/"voi" is also the everyday plural "you", in business too: it says nothing about register.
        informal=_words("tu", "ti", "te", "tuo", "tua", "tuoi", "tue"),
        formal=_capitalised_mid_sentence("Lei", "La", "Le", "Suo", "Sua", "Suoi", "Sue"),
    ),
    "nl": _Markers(
        informal=_words("je", "jij", "jou", "jouw", "jullie"),
        formal=_words("u", "uw"),
    ),
}


def detect_register(text: str, lang: str) -> Register:
    """The intro's own form of address in `lang`; formal when it shows none (or the language has one form)."""
    markers = _REGISTER_MARKERS.get(lang)
    if markers is None:
        return Register.FORMAL
    words = strip_markup(text)
    if lang == "pt" and markers.formal.search(words):
        return Register.FORMAL  # "o senhor" is unambiguous, "você" is not
    informal, formal = len(markers.informal.findall(words)), len(markers.formal.findall(words))
    if informal and (markers.informal_wins or informal > formal):
        return Register.INFORMAL
    return Register.FORMAL


@dataclass(frozen=True, slots=True)
class IntroVoice:
    """What an intro's own words say about its language and register: read when it is noticed and stored in place
    of the text (which the bot does not keep)."""

    lang: str | None = None  # None: too short or unsure
    register: Register = Register.FORMAL

    @classmethod
    def stored(cls, lang: str | None, register: str | None) -> IntroVoice:
        """As read back from a row or the backlog file: anything unknown reads as unsure, formal."""
        known = lang if lang in LANGS else None
        return cls(known, Register(register) if known and register in set(Register) else Register.FORMAL)

    def for_closer(self, closer_lang: str) -> DraftVoice:
        """The draft's voice: the intro's, else the closer's own language, formal."""
        if self.lang is None:
            return DraftVoice(language_of(closer_lang), Register.FORMAL)
        return DraftVoice(self.lang, self.register)


UNSURE = IntroVoice()


def intro_voice(intro_text: str) -> IntroVoice:
    lang = identify_language(intro_text)
    return IntroVoice(lang, detect_register(intro_text, lang)) if lang else IntroVoice()

