"""Block Kit, pure: the close modal's state in and out, its draft and its validation.

The modal carries what it needs in `private_metadata`, so an instance that did
not open it can still handle its submission.

A redirect is double opt-in: its public draft names the better-placed person only when the form says they
already agreed (AGREED); otherwise it says "someone who may be", and the bot can ask both sides privately
(ASK_NOW, for a workspace member).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from bot.blocks.forms import FormValues
from bot.blocks.ids import Field, json_object, row_id
from bot.domain.closes import (
    ENGLISH_FORMAL,
    MAX_CLOSE_CHARS,
    CloseWay,
    DeclineReason,
    DirectReason,
    People,
    draft_decline,
    draft_direct,
    draft_need_time,
    draft_redirect,
)
from bot.domain.drafts import DraftVoice, Register, available_languages
from bot.domain.i18n import _
from bot.domain.placeholders import placeholder_problem
from bot.domain.wording import length_problem
from bot.services.errors import NotFound

R = TypeVar("R", DirectReason, DeclineReason)

NAME_PLACEHOLDER = "[name]"
MAX_CHECK_FIRST_CHARS = 300
MAX_NAME_CHARS = 100

# The values of a redirect's checkboxes (Field.REDIRECT_OPTIONS).
AGREED = "agreed"  # the better-placed person already agreed: the public post may name them
ASK_NOW = "ask_now"  # ask them (a member) and the people waiting now, privately, whether they want the intro


class DraftKind(StrEnum):
    """A draft that is more than its way's usual one, so a rewrite (another language, another reason) writes
    the same kind again rather than the way's plain draft."""

    INSTEAD_OF = "instead_of"  # a direct close replacing a redirect that cannot be kept
    POLICY = "policy"  # a decline citing the person's intro policy


def text_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ModalMeta:
    party_id: int
    way: CloseWay
    response_url: str | None = None
    draft_version: int = 0
    draft_hash: str = ""  # the draft we wrote last: if the field still holds it, it is safe to rewrite
    warned_hash: str | None = None  # text we already warned about: submitting it again sends it
    instead_of_promise: int | None = None  # a direct close replacing a redirect that cannot be kept
    # Opened from the "Close this intro" shortcut: `response_url` is the shortcut's, which can post the close
    # where the bot cannot, and through which the person hears how it went (there is no prompt to replace).
    via_shortcut: bool = False
    agreed: bool = False  # AGREED as the modal last showed it: a change flips ASK_NOW's default (see follow_agreed)
    # The draft's language and register as it opened: the intro's own (bot/domain/draft_voice.py), else the person's.
    lang: str = "en"
    register: str = Register.FORMAL.value
    kind: DraftKind | None = None

    def dump(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def load(cls, raw: Any) -> ModalMeta:
        """The metadata the modal was opened with; any other (a form the app never wrote) names nothing: NotFound."""
        data = json_object(raw)
        if data is None:
            raise NotFound()
        try:
            kind = data.get("kind")
            meta = cls(**{**data, "way": CloseWay(data["way"]), "kind": None if kind is None else DraftKind(kind)})
        except (ValueError, TypeError, KeyError):
            raise NotFound() from None
        return replace(meta, party_id=row_id(meta.party_id))


@dataclass(frozen=True, slots=True)
class CloseForm:
    reason: str | None = None
    after: date | None = None
    who: str | None = None
    who_name: str | None = None
    who_contact: str | None = None
    by: date | None = None
    busy_until: date | None = None
    draft: str = ""
    check_first: str | None = None
    agreed: bool = False
    ask_now: bool = False
    lang: str | None = None  # the draft's language, as picked in the modal

    def voice(self, meta: ModalMeta) -> DraftVoice:
        """The draft's language: the one picked, else the one it opened in; its register is the intro's (a
        register read in one language says nothing of another, so a switch writes formally)."""
        opened = meta.lang if meta.lang in available_languages() else "en"
        lang = self.lang if self.lang in available_languages() else opened
        register = Register(meta.register) if lang == opened and meta.register in set(Register) else Register.FORMAL
        return DraftVoice(lang, register)

    @property
    def asks_now(self) -> bool:
        """Ask the better-placed person (a member; someone outside Slack the person asks themself) right away."""
        return self.ask_now and self.who is not None

    def final_text(self, way: CloseWay) -> str:
        """What is posted, or for a decline what the introducer is asked to pass on."""
        return self.draft.strip()

    def note_for_introducer(self, way: CloseWay) -> str | None:
        """A decline's line for the introducer alone (asking to check first next time), or None."""
        note = (self.check_first or "").strip() if way is CloseWay.DECLINE else ""
        return note or None


def submitted(body: dict[str, Any]) -> tuple[ModalMeta, CloseForm]:
    """The close modal a request came from (a field changed, or the form sent): what it was opened with, and its
    inputs. Any other view, or a field pressed outside its form, names nothing: NotFound."""
    values = FormValues.of(body)
    return ModalMeta.load(body["view"].get("private_metadata")), form_of(values)


def read_form(state_values: Any) -> CloseForm:
    """Slack's `view.state.values` to a form (the draft's block id carries a version; its action id does not)."""
    return form_of(FormValues.from_state(state_values))


def form_of(values: FormValues) -> CloseForm:
    chosen = values.options(Field.REDIRECT_OPTIONS)
    return CloseForm(
        reason=values.option(Field.REASON),
        after=values.day(Field.AFTER),
        who=values.user(Field.WHO),
        who_name=values.text(Field.WHO_NAME),
        who_contact=values.text(Field.WHO_CONTACT),
        by=values.day(Field.BY),
        busy_until=values.day(Field.BUSY_UNTIL),
        draft=values.text(Field.DRAFT) or "",
        check_first=values.text(Field.CHECK_FIRST),
        agreed=AGREED in chosen,
        ask_now=ASK_NOW in chosen,
        lang=values.option(Field.LANGUAGE),
    )


def follow_agreed(meta: ModalMeta, form: CloseForm) -> tuple[ModalMeta, CloseForm]:
    """Ticking "already agreed" unticks "ask them now" (and the other way round): asking is the default only
    for someone who has not agreed yet. Otherwise the person's own choice stands."""
    if form.agreed == meta.agreed:
        return meta, form
    return replace(meta, agreed=form.agreed), replace(form, ask_now=not form.agreed)


def write_draft(way: CloseWay, people: People, form: CloseForm, *, voice: DraftVoice = ENGLISH_FORMAL,
                better_name: str | None = None) -> str:
    if way is CloseWay.DIRECT:
        return draft_direct(people, _reason(DirectReason, form.reason, DirectReason.NOT_A_FIT),
                            reach_out_after=form.after, voice=voice)
    if way is CloseWay.REDIRECT:
        assert form.by is not None, "a redirect form always has a date"
        # Named in public only once they agreed (double opt-in); "[name]" stands in until someone is picked.
        named = (better_name or NAME_PLACEHOLDER) if form.agreed else None
        return draft_redirect(people, better_person=named, connect_by=form.by, voice=voice)
    if way is CloseWay.NEED_TIME:
        assert form.by is not None, "a need-time form always has a date"
        return draft_need_time(people, get_back_by=form.by, voice=voice)
    return draft_decline(people, _reason(DeclineReason, form.reason, DeclineReason.NOT_MY_AREA),
                         busy_until=form.busy_until, voice=voice)


def _reason(kind: type[R], raw: str | None, default: R) -> R:
    try:
        return kind(raw) if raw else default
    except ValueError:
        return default


def with_new_draft(meta: ModalMeta, form: CloseForm, draft: str) -> tuple[ModalMeta, CloseForm]:
    """Rewrite the draft only if the person has not edited it; their words always win."""
    if form.draft and text_hash(form.draft) != meta.draft_hash:
        return meta, form
    meta = replace(meta, draft_version=meta.draft_version + 1, draft_hash=text_hash(draft))
    return meta, replace(form, draft=draft)


def validate(way: CloseWay, form: CloseForm, *, user_id: str, today: date) -> dict[str, str]:
    """Problems keyed by block id, in words that say how to fix them."""
    errors: dict[str, str] = {}
    problem = length_problem("\n\n".join(t for t in (form.final_text(way), form.note_for_introducer(way)) if t),
                             limit=MAX_CLOSE_CHARS)
    if problem:
        errors[Field.DRAFT] = problem
    if way is CloseWay.NEED_TIME and (form.by is None or form.by <= today):
        errors[Field.BY] = _("Pick a day after today: it's when I'll remind you to close this.")
    if way is CloseWay.REDIRECT:
        if not form.who and not form.who_name:
            errors[Field.WHO] = _("Pick who is better placed, or type the name of someone outside Slack below.")
        elif form.who == user_id:
            errors[Field.WHO] = _("That's you. Pick the person who is better placed than you.")
        if form.by is None or form.by < today:
            errors[Field.BY] = _("Pick a date from today on: it's when I'll remind you to make the intro.")
        if NAME_PLACEHOLDER in form.draft:
            errors.setdefault(Field.DRAFT, _("Replace {placeholder} with the name of who is better placed.",
                                             placeholder=NAME_PLACEHOLDER))
        for field, value in ((Field.WHO_NAME, form.who_name), (Field.WHO_CONTACT, form.who_contact)):
            if value and len(value) > MAX_NAME_CHARS:
                errors[field] = _("Keep this under {limit} characters.", limit=MAX_NAME_CHARS)
    for field, day in ((Field.AFTER, form.after), (Field.BUSY_UNTIL, form.busy_until)):
        if day is not None and day <= today:
            errors[field] = _("Pick a date in the future, or leave it empty.")
    if form.check_first and len(form.check_first) > MAX_CHECK_FIRST_CHARS:
        errors[Field.CHECK_FIRST] = _("Keep this line under {limit} characters.", limit=MAX_CHECK_FIRST_CHARS)
    for field, text in ((Field.DRAFT, form.draft), (Field.CHECK_FIRST, form.check_first)):
        gap = placeholder_problem(text)
        if gap:
            errors.setdefault(field, gap)  # a template nobody finished is never sent
    return errors
