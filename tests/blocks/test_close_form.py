"""Unit tests of bot/blocks/close_form.py: what the close form reads, the draft it writes, and what it asks a
person to fix before anything is sent."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from bot.blocks.close_form import (
    MAX_CHECK_FIRST_CHARS,
    MAX_NAME_CHARS,
    NAME_PLACEHOLDER,
    CloseForm,
    DraftKind,
    ModalMeta,
    follow_agreed,
    read_form,
    text_hash,
    validate,
    with_new_draft,
    write_draft,
)
from bot.blocks.ids import Field
from bot.domain.closes import MAX_CLOSE_CHARS, CloseWay, People
from bot.services.errors import NotFound
from tests.support.slack_requests import date_value, select_value, text_value, user_value

ANA = "U0ANA0001"
TODAY = date(2026, 11, 23)  # a Monday
TOMORROW, YESTERDAY = TODAY + timedelta(days=1), TODAY - timedelta(days=1)
FRIDAY = date(2026, 11, 27)
PEOPLE = People(me="Ana", introducer="Carla", others=("Ben",))
NOTE = "Thanks Carla! Ben, I'm at capacity this quarter. Good luck with the pricing work."


def problems(way: CloseWay, **fields: Any) -> dict[str, str]:
    return validate(way, CloseForm(**{"draft": NOTE, **fields}), user_id=ANA, today=TODAY)


# ---- what the person is asked to fix -------------------------------------------------------------------


@pytest.mark.parametrize("way", list(CloseWay))
def test_an_empty_note_asks_for_one(way: CloseWay) -> None:
    fields = {"by": TOMORROW, "who": "U0DIEGO01"} if way in (CloseWay.REDIRECT, CloseWay.NEED_TIME) else {}
    assert problems(way, draft="  \n ", **fields)[Field.DRAFT] == "Write a short note before sending."


def test_a_complete_direct_close_has_nothing_to_fix() -> None:
    assert problems(CloseWay.DIRECT, reason="no_capacity", after=FRIDAY) == {}


def test_too_long_a_note_says_by_how_much() -> None:
    said = problems(CloseWay.DIRECT, draft="x" * (MAX_CLOSE_CHARS + 12))[Field.DRAFT]
    assert said == (f"That's {MAX_CLOSE_CHARS + 12:,} characters; please keep it under {MAX_CLOSE_CHARS:,} "
                    "(12 too many).")
    assert Field.DRAFT not in problems(CloseWay.DIRECT, draft="x" * MAX_CLOSE_CHARS)


def test_a_declines_ask_to_check_first_counts_towards_its_length() -> None:
    draft, line = "x" * (MAX_CLOSE_CHARS - 50), "Please check with me first next time."
    assert Field.DRAFT not in problems(CloseWay.DECLINE, draft=draft)
    assert "too many" in problems(CloseWay.DECLINE, draft=draft, check_first=line + " " + "y" * 20)[Field.DRAFT]
    assert Field.DRAFT not in problems(CloseWay.DIRECT, draft=draft, check_first="y" * 100)  # only a decline has it


def test_the_ask_to_check_first_is_kept_short() -> None:
    assert Field.CHECK_FIRST not in problems(CloseWay.DECLINE, check_first="y" * MAX_CHECK_FIRST_CHARS)
    said = problems(CloseWay.DECLINE, check_first="y" * (MAX_CHECK_FIRST_CHARS + 1))[Field.CHECK_FIRST]
    assert said == f"Keep this line under {MAX_CHECK_FIRST_CHARS} characters."


def test_need_time_needs_a_day_after_today() -> None:
    for by in (None, YESTERDAY, TODAY):
        assert problems(CloseWay.NEED_TIME, by=by)[Field.BY] == (
            "Pick a day after today: it's when I'll remind you to close this.")
    assert problems(CloseWay.NEED_TIME, by=TOMORROW) == {}


def test_a_redirect_needs_someone_who_is_not_you() -> None:
    assert problems(CloseWay.REDIRECT, by=TOMORROW)[Field.WHO] == (
        "Pick who is better placed, or type the name of someone outside Slack below.")
    assert problems(CloseWay.REDIRECT, by=TOMORROW, who=ANA)[Field.WHO] == (
        "That's you. Pick the person who is better placed than you.")
    assert problems(CloseWay.REDIRECT, by=TOMORROW, who="U0DIEGO01") == {}
    assert problems(CloseWay.REDIRECT, by=TOMORROW, who_name="Dana from Acme") == {}  # someone outside Slack


def test_a_redirect_can_be_made_from_today_on() -> None:
    for by in (None, YESTERDAY):
        assert problems(CloseWay.REDIRECT, who="U0DIEGO01", by=by)[Field.BY] == (
            "Pick a date from today on: it's when I'll remind you to make the intro.")
    assert problems(CloseWay.REDIRECT, who="U0DIEGO01", by=TODAY) == {}


def test_a_redirect_draft_must_name_who_instead_of_the_placeholder() -> None:
    draft = f"Ben, {NAME_PLACEHOLDER} is the one to talk to."
    assert problems(CloseWay.REDIRECT, who="U0DIEGO01", by=TOMORROW, draft=draft)[Field.DRAFT] == (
        f"Replace {NAME_PLACEHOLDER} with the name of who is better placed.")
    # Too long and a placeholder: the length is what the person hears first.
    long = problems(CloseWay.REDIRECT, who="U0DIEGO01", by=TOMORROW, draft=draft + "x" * MAX_CLOSE_CHARS)
    assert "too many" in long[Field.DRAFT]


@pytest.mark.parametrize("field", ["who_name", "who_contact"])
def test_an_outside_name_and_contact_are_kept_short(field: str) -> None:
    assert problems(CloseWay.REDIRECT, by=TOMORROW, **{"who_name": "Dana", field: "d" * MAX_NAME_CHARS}) == {}
    long = problems(CloseWay.REDIRECT, by=TOMORROW, **{"who_name": "Dana", field: "d" * (MAX_NAME_CHARS + 1)})
    assert long == {Field(field): f"Keep this under {MAX_NAME_CHARS} characters."}


@pytest.mark.parametrize(("way", "field"), [(CloseWay.DIRECT, "after"), (CloseWay.DECLINE, "busy_until")])
def test_an_optional_date_must_be_in_the_future(way: CloseWay, field: str) -> None:
    for day in (YESTERDAY, TODAY):
        assert problems(way, **{field: day}) == {Field(field): "Pick a date in the future, or leave it empty."}
    assert problems(way, **{field: TOMORROW}) == {}


# ---- reading the form ----------------------------------------------------------------------------------


def test_the_form_is_read_from_what_slack_reports() -> None:
    form = read_form({
        "reason": {"reason": select_value("no_capacity")},
        "after": {"after": date_value("2026-12-04")},
        "who": {"who": user_value("U0DIEGO01")},
        "who_name": {"who_name": text_value("  Dana  ")},
        "who_contact": {"who_contact": text_value("")},
        "by": {"by": date_value("2026-11-27")},
        "busy_until": {"busy_until": date_value(None)},
        "draft_v3": {"draft": text_value(f"  {NOTE}\n")},  # the draft's block id carries its version
        "check_first": {"check_first": text_value("   ")},
    })
    assert form == CloseForm(reason="no_capacity", after=date(2026, 12, 4), who="U0DIEGO01", who_name="Dana",
                             who_contact=None, by=FRIDAY, busy_until=None, draft=NOTE, check_first=None)


def test_a_form_missing_fields_or_with_odd_values_reads_as_empty() -> None:
    assert read_form({}) == CloseForm()
    form = read_form({"by": {"by": date_value("2026-02-30")}, "after": {"after": date_value("soon")},
                      "draft_v1": {"draft": {"type": "plain_text_input", "value": 42}},
                      "reason": {"reason": {"type": "static_select", "selected_option": None}},
                      "who": {"who": "not an element"}})
    assert form == CloseForm()


def test_a_decline_keeps_its_ask_to_check_first_apart_from_what_is_passed_on() -> None:
    form = CloseForm(draft=" Not for me, sorry. ", check_first=" Please ask me first next time. ")
    assert form.final_text(CloseWay.DECLINE) == "Not for me, sorry."  # what the introducer passes on
    assert form.note_for_introducer(CloseWay.DECLINE) == "Please ask me first next time."  # for them alone
    assert form.final_text(CloseWay.DIRECT) == "Not for me, sorry."
    assert form.note_for_introducer(CloseWay.DIRECT) is None
    assert CloseForm(draft="Not for me.").note_for_introducer(CloseWay.DECLINE) is None


# ---- the draft ---------------------------------------------------------------------------------------------


def test_a_direct_draft_follows_the_reason_and_the_date() -> None:
    draft = write_draft(CloseWay.DIRECT, PEOPLE, CloseForm(reason="no_capacity", after=date(2026, 12, 4)))
    assert draft.startswith("Hi Ben, thanks to you and Carla for thinking of me.")
    assert "capacity" in draft and "after Friday, 4 December" in draft


def test_an_unknown_reason_writes_the_default_draft_rather_than_failing() -> None:
    assert write_draft(CloseWay.DIRECT, PEOPLE, CloseForm(reason="made-up")) == write_draft(
        CloseWay.DIRECT, PEOPLE, CloseForm(reason="not_a_fit"))
    assert write_draft(CloseWay.DECLINE, PEOPLE, CloseForm(reason="made-up")) == write_draft(
        CloseWay.DECLINE, PEOPLE, CloseForm(reason="not_my_area"))


def test_a_redirect_draft_names_who_only_once_they_agreed() -> None:
    unnamed = write_draft(CloseWay.REDIRECT, PEOPLE, CloseForm(by=FRIDAY), better_name="Diego")
    assert "Diego" not in unnamed and "someone who may be" in unnamed and "by Friday, 27 November" in unnamed
    named = write_draft(CloseWay.REDIRECT, PEOPLE, CloseForm(by=FRIDAY, agreed=True), better_name="Diego")
    assert "Diego is" in named and "by Friday, 27 November" in named
    placeholder = write_draft(CloseWay.REDIRECT, PEOPLE, CloseForm(by=FRIDAY, agreed=True))
    assert NAME_PLACEHOLDER in placeholder  # agreed, but nobody picked yet: the check catches it
    assert Field.DRAFT in problems(CloseWay.REDIRECT, who="U0DIEGO01", by=FRIDAY, draft=placeholder)
    assert problems(CloseWay.REDIRECT, who="U0DIEGO01", by=FRIDAY, draft=unnamed) == {}


def test_ticking_already_agreed_stops_asking_first_and_unticking_asks_again() -> None:
    meta = ModalMeta(party_id=1, way=CloseWay.REDIRECT)
    meta, form = follow_agreed(meta, CloseForm(by=FRIDAY, who="U0DIEGO01", agreed=True, ask_now=True))
    assert (meta.agreed, form.ask_now) == (True, False)
    same = follow_agreed(meta, form)
    assert same == (meta, form)  # the person's own choice stands until "agreed" changes again
    meta, form = follow_agreed(meta, CloseForm(by=FRIDAY, who="U0DIEGO01", agreed=False))
    assert form.ask_now and form.asks_now
    assert not CloseForm(who_name="Eva", ask_now=True).asks_now  # someone outside Slack: the person asks them


def test_a_need_time_draft_says_by_when() -> None:
    assert "get back to you by Friday, 27 November" in write_draft(CloseWay.NEED_TIME, PEOPLE, CloseForm(by=FRIDAY))


def test_a_draft_the_person_edited_is_never_rewritten() -> None:
    ours = write_draft(CloseWay.DIRECT, PEOPLE, CloseForm())
    meta = ModalMeta(party_id=1, way=CloseWay.DIRECT, draft_version=1, draft_hash=text_hash(ours))
    edited = CloseForm(draft=ours + " Let's talk in January.")

    assert with_new_draft(meta, edited, "a new draft") == (meta, edited)


def test_our_own_draft_is_rewritten_under_a_new_version() -> None:
    ours = write_draft(CloseWay.DIRECT, PEOPLE, CloseForm())
    meta = ModalMeta(party_id=1, way=CloseWay.DIRECT, draft_version=1, draft_hash=text_hash(ours))

    new_meta, form = with_new_draft(meta, CloseForm(draft=ours + "\n"), "a new draft")  # Slack may add a newline

    assert form.draft == "a new draft"
    assert (new_meta.draft_version, new_meta.draft_hash) == (2, text_hash("a new draft"))
    emptied_meta, emptied = with_new_draft(new_meta, CloseForm(), "another draft")  # an emptied field is refilled
    assert emptied.draft == "another draft" and emptied_meta.draft_version == 3


# ---- the metadata a modal carries ---------------------------------------------------------------------------


def test_metadata_survives_the_round_trip_through_slack() -> None:
    meta = ModalMeta(party_id=42, way=CloseWay.REDIRECT, response_url="https://hooks.slack.com/x", draft_version=3,
                     draft_hash="abc", warned_hash="def", instead_of_promise=7, via_shortcut=True,
                     kind=DraftKind.INSTEAD_OF)
    assert ModalMeta.load(meta.dump()) == meta
    assert ModalMeta.load(ModalMeta(party_id=1, way=CloseWay.DECLINE).dump()).kind is None
    assert len(meta.dump()) < 3000  # Slack's limit for private_metadata


def test_metadata_with_the_id_as_text_is_read_as_a_number() -> None:
    raw = ModalMeta(party_id=5, way=CloseWay.DIRECT).dump().replace('"party_id":5', '"party_id":"5"')
    assert ModalMeta.load(raw).party_id == 5


@pytest.mark.parametrize("raw", [
    "", "null", "[]", "{}", "not json", '{"party_id": 1}', '{"party_id": 1, "way": "ghost"}',
    '{"party_id": "abc", "way": "direct"}', '{"party_id": 0, "way": "direct"}', '{"party_id": -3, "way": "direct"}',
    '{"party_id": 1.5, "way": "direct"}', '{"party_id": true, "way": "direct"}',
    '{"party_id": 1, "way": "direct", "admin": true}', '{"party_id": 1, "way": "direct", "kind": "ghost"}',
    '{"party_id": 1, "way": "direct", "kind": []}', "[" * 100_000,
])
def test_metadata_the_app_never_wrote_names_nothing(raw: str) -> None:
    with pytest.raises(NotFound):
        ModalMeta.load(raw)
