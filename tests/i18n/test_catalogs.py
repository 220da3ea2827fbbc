"""The message catalogs (bot/locales/): the template lists every string the code marks, every language translates
each of them (no gap, nothing fuzzy), keeps each {placeholder} as the code names it, and is compiled.

These fail until the translators have filled a catalog after a change of wording: `make catalogs` brings the
template and the catalogs up to date, the translators fill the new entries, and `make` compiles them.
"""

from __future__ import annotations

import string
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.domain.i18n import ENGLISH, LOCALES_DIR
from bot.domain.languages import LANGS

ROOT = LOCALES_DIR.parent.parent
TEMPLATE = LOCALES_DIR / "messages.pot"
TRANSLATED = [lang for lang in LANGS if lang != ENGLISH]  # English is the msgids themselves


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


MsgId = str | tuple[str, ...]


def _entries(catalog: Catalog) -> dict[MsgId, Message]:
    return {_id(message.id): message for message in catalog if message.id}


def _id(msgid: object) -> MsgId:
    """A msgid as a key: a plural's (singular, plural) as a tuple."""
    return tuple(msgid) if isinstance(msgid, list | tuple) else str(msgid)


def _forms(message: Message) -> tuple[str, ...]:
    """A translation's forms: one, or one per plural form."""
    return tuple(message.string) if isinstance(message.string, list | tuple) else (str(message.string or ""),)


def _po(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"


def _filled(message: Message) -> bool:
    return all(_forms(message))


def placeholders(text: str) -> set[str]:
    """The {names} a text fills in (a literal {{brace}} is none)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _all(texts: Iterable[str]) -> set[str]:
    return set().union(*(placeholders(t) for t in texts))


def test_the_template_lists_every_string_the_code_marks(tmp_path: Path) -> None:
    extracted = tmp_path / "messages.pot"
    # The same extraction as `make catalogs`.
    subprocess.run([sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q", "extract",
                    "-F", "babel.cfg", "-k", "_n:1,2", "--add-comments=Translators:", "--sort-by-file",
                    "--project=Intro Etiquette", "-w", "120", "-o", str(extracted), "bot"],
                   cwd=ROOT, check=True)
    current, shipped = set(_entries(_read(extracted))), set(_entries(_read(TEMPLATE)))
    assert sorted(map(str, current - shipped)) == [], "new strings: run `make catalogs`"
    assert sorted(map(str, shipped - current)) == [], "strings the code no longer has: run `make catalogs`"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_is_translated(lang: str) -> None:
    template, catalog = _entries(_read(TEMPLATE)), _entries(_read(_po(lang)))
    missing = [str(msgid) for msgid in template if msgid not in catalog]
    assert missing == [], f"{lang}: not in the catalog (run `make catalogs`)"
    empty = [str(msgid) for msgid, m in catalog.items() if msgid in template and not _filled(m)]
    assert empty == [], f"{lang}: not translated"
    fuzzy = [str(msgid) for msgid, m in catalog.items() if m.fuzzy]
    assert fuzzy == [], f"{lang}: marked fuzzy (a guess to check, then unmark)"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders(lang: str) -> None:
    wrong = []
    for msgid, message in _entries(_read(_po(lang))).items():
        if isinstance(msgid, tuple):  # plural: any form may drop {count} ("one intro"), but no other name
            named = _all(msgid)
            wrong += [f"{msgid[0]!r} form {i}: {sorted(placeholders(form))}" for i, form in enumerate(_forms(message))
                      if form and not (named - {"count"} <= placeholders(form) <= named)]
        else:
            [text] = _forms(message)
            if text and placeholders(text) != placeholders(msgid):
                wrong.append(f"{msgid!r}: {sorted(placeholders(text))} != {sorted(placeholders(msgid))}")
    assert wrong == [], f"{lang}: placeholders differ from the English"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_each_catalog_is_compiled(lang: str) -> None:
    po, mo = _po(lang), _po(lang).with_suffix(".mo")
    assert mo.exists(), f"{mo.relative_to(ROOT)} is missing: run `make` (the README's setup) or `make run`"
    assert mo.stat().st_mtime >= po.stat().st_mtime, f"{mo.relative_to(ROOT)} is older than its .po: run `make`"


def test_the_placeholder_reader_sees_names_only() -> None:
    assert placeholders("On {day} I'll remind {who}; {{not one}}") == {"day", "who"}
    assert placeholders("no fields") == set()
