"""Domain: the draft sets, one TOML file per language, written natively (not translated) in both registers.

Each `<lang>.toml` has a [formal] and an [informal] table with exactly the keys of SPEC below, the spec the native
writers followed in its machine-checked form (en.toml shows what each key says). A value is one piece of a draft;
the bot joins pieces in a fixed order (bot/domain/closes.py). Adding a language is adding a file: the tests check
every file here.

Two small conventions keep every language's wording its own:
- A value may be a table of CLDR plural forms ({one = "...", other = "..."}), chosen by how many people the
  draft speaks of ("Ben is welcome" / "Ben and Eve are welcome"). Every form has the same placeholders.
- A piece that begins with ";" or "," continues the previous sentence: the previous piece's full stop goes.
"""

from __future__ import annotations

import functools
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from babel import Locale

from bot.domain.i18n import join_names

DRAFTS_DIR = Path(__file__).resolve().parent
ENGLISH = "en"
# Languages whose writing does not put spaces between sentences.
UNSPACED = frozenset({"ja"})
# An honorific a piece writes after a name ("{names}さん"), repeated after each name of a list.
HONORIFICS = {"ja": "さん"}


class Register(StrEnum):
    """The form of address: vous/tu, Sie/du, usted/tú, o senhor/você, Lei/tu, u/je (English has one)."""

    FORMAL = "formal"
    INFORMAL = "informal"


@dataclass(frozen=True, slots=True)
class DraftVoice:
    """The language and register a draft is written in; `DraftVoice()` is English, formal."""

    lang: str = ENGLISH
    register: Register = Register.FORMAL


# Every key of a draft set and the placeholders it must use (no others).
SPEC: dict[str, frozenset[str]] = {key: frozenset(fields) for key, fields in {
    "greeting": {"names"},
    "greeting_nobody": set(),
    "thanks": set(),
    "thanks_introducer": {"introducer"},
    "goodwill": set(),
    "direct_not_a_fit": set(),
    "direct_no_capacity": set(),
    "direct_already_covered": set(),
    "direct_other": set(),
    "door_open_after": {"date"},
    "redirect": {"date"},
    "redirect_named": {"better", "date"},
    "instead_of_redirect": {"better"},
    "instead_of_redirect_unnamed": set(),  # the same, when the promise named nobody in public
    "need_time": {"date"},
    "need_time_again": {"date"},  # posted alone in the thread when a "get back to you by" date slips
    "yes": set(),
    "decline_greeting": {"introducer"},
    "decline_greeting_nobody": set(),
    "decline_thanks": set(),
    "decline_not_my_area": set(),
    "decline_too_busy_until": {"date", "others"},
    "decline_too_busy": set(),
    "decline_other": set(),
    "decline_policy": {"policy"},
    "pass_on": {"others"},
    "pass_on_nobody": set(),
    "check_first": {"introducer"},
    "check_first_nobody": set(),
    "ask_decline": {"requester", "target"},
}.items()}

PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})

Piece = str | dict[str, str]


class DraftSetError(ValueError):
    """A draft set file that does not follow the spec; the message names the file, table and key."""


def placeholders(text: str) -> set[str]:
    """The {named} fields of a piece; positional fields, format specs and conversions are refused."""
    fields: set[str] = set()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise DraftSetError(f"placeholder {{{name}}} must be a plain {{name}}")
        fields.add(name)
    return fields


def problems(data: Mapping[str, object]) -> list[str]:
    """Everything wrong with a parsed draft set (empty when it follows the spec)."""
    found: list[str] = []
    if set(data) != {r.value for r in Register}:
        found.append(f"tables must be exactly [formal] and [informal], not {sorted(data)}")
    for register in Register:
        table = data.get(register.value)
        if not isinstance(table, dict):
            continue
        missing, extra = set(SPEC) - set(table), set(table) - set(SPEC)
        found += [f"[{register}] lacks {key}" for key in sorted(missing)]
        found += [f"[{register}] has unknown key {key}" for key in sorted(extra)]
        for key in sorted(set(SPEC) & set(table)):
            found += [f"[{register}] {key}: {p}" for p in _piece_problems(table[key], SPEC[key])]
    return found


def _piece_problems(value: object, wanted: frozenset[str]) -> list[str]:
    if isinstance(value, dict):
        if "other" not in value or not set(value) <= PLURAL_FORMS:
            return [f"plural forms must include 'other' and be among {sorted(PLURAL_FORMS)}"]
        return [f"({form}) {p}" for form, text in value.items() for p in _piece_problems(text, wanted)]
    if not isinstance(value, str) or not value.strip():
        return ["must be a non-empty string"]
    try:
        fields = placeholders(value)
    except (DraftSetError, ValueError) as error:
        return [str(error)]
    if fields != wanted:
        return [f"placeholders {sorted(fields)} should be {sorted(wanted)}"]
    return []


def available_languages() -> tuple[str, ...]:
    """The languages with a draft set here, English first."""
    langs = sorted(path.stem for path in DRAFTS_DIR.glob("*.toml"))
    return tuple(sorted(langs, key=lambda lang: lang != ENGLISH))


@functools.cache
def draft_set(lang: str, register: Register) -> Mapping[str, Piece]:
    """One language's pieces in one register, checked against the spec; English when the language has none yet."""
    path = DRAFTS_DIR / f"{lang}.toml"
    if not path.exists():
        path = DRAFTS_DIR / f"{ENGLISH}.toml"
    with path.open("rb") as file:
        data = tomllib.load(file)
    found = problems(data)
    if found:
        raise DraftSetError(f"{path.name}: " + "; ".join(found))
    table: dict[str, Piece] = data[register.value]
    return table


def has_draft_set(lang: str) -> bool:
    return (DRAFTS_DIR / f"{lang}.toml").exists()


def piece(voice: DraftVoice, key: str, /, **fields: str | Sequence[str]) -> str:
    """One piece in the voice's language and register, its placeholders filled. A field given as a sequence of
    names is joined the language's way, and chooses the piece's plural form by how many names it holds."""
    value = draft_set(voice.lang, voice.register)[key]
    names = [tuple(n.strip() for n in v if n.strip()) for v in fields.values() if not isinstance(v, str)]
    if isinstance(value, dict):
        count = len(names[0]) if names else 1
        form = Locale.parse("en" if voice.lang == ENGLISH else voice.lang).plural_form(count)
        value = value.get(form, value["other"])
    return value.format(**{field: v if isinstance(v, str) else _names(voice, value, field, v)
                           for field, v in fields.items()})


def _names(voice: DraftVoice, template: str, field: str, names: Sequence[str]) -> str:
    # "{names}さん": in Japanese the honorific follows every name, not only the last one of the list.
    suffix = HONORIFICS.get(voice.lang, "")
    kept = [n.strip() for n in names if n.strip()]
    if suffix and f"{{{field}}}{suffix}" in template:
        kept = [f"{n}{suffix}" for n in kept[:-1]] + kept[-1:]
    return join_names(kept)


def join_pieces(voice: DraftVoice, pieces: list[str]) -> str:
    """Pieces as one message: a space between them (none in Japanese); ";"/"," continues the sentence before."""
    text = ""
    for part in pieces:
        if text and part[:1] in ";,":
            text = text.removesuffix(".") + part
        elif text:
            text += ("" if voice.lang in UNSPACED else " ") + part
        else:
            text = part
    return text
