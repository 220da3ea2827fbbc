"""Domain: the bot's words in the reader's language.

Every user-facing string goes through `_()` (or `_n()` for counts): gettext message catalogs in
`bot/locales/<lang>/LC_MESSAGES/messages.po`, compiled to `.mo` by the README's setup and
managed with Babel (`make catalogs`). Dates, weekdays and lists come from Babel's CLDR data.

Which language is spoken is a context, not a parameter: a flow that builds a message for a
person wraps the building in `with speaking(lang):`, so the many small builders need no extra
argument (the same design as Django's `translation.override`). Outside any such block the bot
speaks English.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from gettext import NullTranslations
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import Translations

from bot.domain.languages import LANGS

ENGLISH = "en"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"

_speaking: ContextVar[str] = ContextVar("speaking", default=ENGLISH)


def uncompiled_catalogs() -> list[str]:
    """The languages whose catalog has no compiled `.mo`, or one older than its `.po`: they would read in English."""
    stale = []
    for lang in LANGS:
        po = LOCALES_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo = po.with_suffix(".mo")
        if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
            stale.append(lang)
    return stale


def language_of(locale: str | None) -> str:
    """A Slack locale ("es-ES", "pt-BR", "ja-JP") or a language code as one of ours; anything else is English."""
    code = (locale or "").replace("_", "-").split("-")[0].lower()
    return code if code in LANGS else ENGLISH


@contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    token = _speaking.set(language_of(lang))
    try:
        yield
    finally:
        _speaking.reset(token)


def current_language() -> str:
    return _speaking.get()


@functools.cache
def _catalog(lang: str) -> NullTranslations:
    if lang == ENGLISH:
        return NullTranslations()  # the msgids are the English text
    return Translations.load(str(LOCALES_DIR), [lang], domain=DOMAIN)


@functools.cache
def _locale(lang: str) -> Locale:
    # British English: "Friday, 27 November" and "Ana, Ben and Carla" read the same on every continent.
    return Locale.parse("en_GB" if lang == ENGLISH else lang)


def _(msgid: str, /, **fields: object) -> str:
    """The text in the language being spoken, its {placeholders} filled from `fields`."""
    text = _catalog(_speaking.get()).gettext(msgid)
    return text.format(**fields) if fields else text


def _n(singular: str, plural: str, count: int, /, **fields: object) -> str:
    """As `_`, choosing the plural form CLDR gives the language for `count` (also available as {count})."""
    text = _catalog(_speaking.get()).ngettext(singular, plural, count)
    return text.format(count=count, **fields)


def N_(msgid: str, /) -> str:
    """Marks a module-level constant for the catalog; translate it where it is used, with `_()`."""
    return msgid


def format_day(day: date) -> str:
    """The weekday and the date, no year ("Friday, 27 November", "viernes, 27 de noviembre")."""
    # Translators: a Babel (CLDR) date pattern for a weekday and a date without the year.
    return format_date(day, _("EEEE, d MMMM"), locale=_locale(_speaking.get()))


def format_weekday(day: date) -> str:
    """The weekday alone ("Tuesday", "martes"), as it reads inside a phrase such as "on {weekday}"."""
    return format_date(day, "EEEE", locale=_locale(_speaking.get()))


def format_number(number: int) -> str:
    """A count with the language's digit grouping ("1,500", "1.500", "1 500")."""
    return format_decimal(number, locale=_locale(_speaking.get()))


def join_names(names: Sequence[str]) -> str:
    """ "Ana", "Ana and Ben", "Ana, Ben and Carla" in the language spoken; blank names are skipped."""
    kept = [name.strip() for name in names if name.strip()]
    return format_list(kept, locale=_locale(_speaking.get())) if kept else ""
