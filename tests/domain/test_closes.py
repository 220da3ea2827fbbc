"""The three closes' drafts: who they address, what they promise, and that they pass our own checks."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.closes import (
    MAX_CLOSE_CHARS,
    REASON_LABELS,
    DeclineReason,
    DirectReason,
    People,
    draft_check_first_line,
    draft_decline,
    draft_decline_by_policy,
    draft_direct,
    draft_instead_of_redirect,
    draft_redirect,
)
from bot.domain.i18n import format_day, join_names
from bot.domain.wording import check_wording

ONE = People(me="Dana", introducer="Carla", others=("Ben",))
TWO = People(me="Dana", introducer="Carla", others=("Ben", "Eve"))
THREE = People(me="Dana", introducer="Carla", others=("Ben", "Eve", "Finn"))
SELF_INTRO = People(me="Dana", introducer="Ben", others=("Ben",))  # Ben introduced himself
GREETINGS = [(ONE, "Hi Ben,"), (TWO, "Hi Ben and Eve,"), (THREE, "Hi Ben, Eve and Finn,")]

JAN_15 = date(2027, 1, 15)  # a Friday
NOV_27 = date(2026, 11, 27)  # a Friday
DRAFT_LIMIT = 400  # "a sentence or two"; far below the hard cap


def every_draft() -> list[tuple[str, str]]:
    drafts: list[tuple[str, str]] = []
    for label, people in (("one", ONE), ("two", TWO), ("three", THREE), ("self", SELF_INTRO)):
        for direct in DirectReason:
            for after in (None, JAN_15):
                drafts.append((f"direct-{direct}-{after}-{label}", draft_direct(people, direct, reach_out_after=after)))
        drafts.append((f"redirect-{label}", draft_redirect(people, better_person="Gus", connect_by=NOV_27)))
        for decline in DeclineReason:
            for until in (None, JAN_15):
                text = draft_decline(people, decline, busy_until=until)
                drafts.append((f"decline-{decline}-{until}-{label}", text))
                # What is actually sent: the note plus the line about asking first.
                drafts.append((f"decline+check-{decline}-{until}-{label}",
                               f"{text}\n\n{draft_check_first_line(people)}"))
    return drafts


DRAFTS = every_draft()


@pytest.mark.parametrize(("names", "joined"), [
    ((), ""),
    (("Ana",), "Ana"),
    (("Ana", "Ben"), "Ana and Ben"),
    (("Ana", "Ben", "Carla"), "Ana, Ben and Carla"),
    (["Ana", "Ben", "Carla", "Dev"], "Ana, Ben, Carla and Dev"),
    (("Ana", " ", "Ben"), "Ana and Ben"),
])
def test_join_names(names: tuple[str, ...], joined: str) -> None:
    assert join_names(names) == joined


@pytest.mark.parametrize(("day", "text"), [
    (NOV_27, "Friday, 27 November"),
    (JAN_15, "Friday, 15 January"),
    (date(2024, 2, 29), "Thursday, 29 February"),
    (date(2026, 5, 3), "Sunday, 3 May"),
    (date(2026, 12, 21), "Monday, 21 December"),
])
def test_format_day(day: date, text: str) -> None:
    assert format_day(day) == text


@pytest.mark.parametrize(("draft_id", "text"), DRAFTS, ids=[d for d, _ in DRAFTS])
def test_every_draft_passes_the_wording_check(draft_id: str, text: str) -> None:
    assert check_wording(text) == []


@pytest.mark.parametrize(("draft_id", "text"), DRAFTS, ids=[d for d, _ in DRAFTS])
def test_every_draft_is_short_and_free_of_mrkdwn_specials(draft_id: str, text: str) -> None:
    assert 0 < len(text) <= DRAFT_LIMIT < MAX_CLOSE_CHARS
    assert not set(text) & set("<>&")


@pytest.mark.parametrize(("people", "greeting"), GREETINGS)
@pytest.mark.parametrize("reason", list(DirectReason))
def test_direct_addresses_the_others_and_thanks_the_introducer_once(
        people: People, greeting: str, reason: DirectReason) -> None:
    text = draft_direct(people, reason)
    assert text.startswith(greeting)
    assert "Carla" in text
    assert text.lower().count("thank") == 1  # gratitude once, covering the introducer too
    assert "Dana" not in text  # written in the closer's voice


def test_direct_does_not_thank_an_introducer_who_is_the_other_person() -> None:
    text = draft_direct(SELF_INTRO, DirectReason.NOT_A_FIT)
    assert text.startswith("Hi Ben, thanks for thinking of me.")
    assert text.count("Ben") == 1


@pytest.mark.parametrize("reason", list(DirectReason))
def test_direct_door_is_open_only_with_a_date(reason: DirectReason) -> None:
    closed = draft_direct(ONE, reason)
    opened = draft_direct(ONE, reason, reach_out_after=JAN_15)
    assert "reach out" not in closed
    assert "reach out again after Friday, 15 January" in opened


def test_direct_reasons_give_different_drafts() -> None:
    drafts = {draft_direct(ONE, reason) for reason in DirectReason}
    assert len(drafts) == len(DirectReason)


@pytest.mark.parametrize(("people", "greeting"), GREETINGS)
def test_redirect_names_the_better_person_and_the_day(people: People, greeting: str) -> None:
    text = draft_redirect(people, better_person="Gus", connect_by=NOV_27)
    assert text.startswith(greeting)
    assert "I'm not the best person for this, but Gus is" in text
    assert "I'll connect you by Friday, 27 November." in text
    assert "Carla" in text and text.lower().count("thank") == 1


@pytest.mark.parametrize(("people", "others"), [(ONE, "Ben"), (TWO, "Ben and Eve"), (THREE, "Ben, Eve and Finn")])
@pytest.mark.parametrize("reason", list(DeclineReason))
def test_decline_is_a_note_to_the_introducer_to_pass_on(people: People, others: str, reason: DeclineReason) -> None:
    text = draft_decline(people, reason)
    assert text.startswith("Hi Carla,")
    assert f"pass this on to {others}" in text
    assert text.lower().count("thank") == 1


@pytest.mark.parametrize(("people", "sentence"), [
    (ONE, "Ben is welcome to get in touch after that."),
    (TWO, "Ben and Eve are welcome to get in touch after that."),
])
def test_decline_too_busy_names_the_date(people: People, sentence: str) -> None:
    text = draft_decline(people, DeclineReason.TOO_BUSY, busy_until=JAN_15)
    assert "until Friday, 15 January" in text
    assert sentence in text


def test_decline_too_busy_without_a_date_is_still_a_clear_no() -> None:
    text = draft_decline(ONE, DeclineReason.TOO_BUSY)
    assert "foreseeable future" in text and "decline" in text
    assert not any(char.isdigit() for char in text)  # no invented date


def test_decline_reasons_give_different_drafts() -> None:
    drafts = {draft_decline(ONE, reason) for reason in DeclineReason}
    assert len(drafts) == len(DeclineReason)


@pytest.mark.parametrize("people", [ONE, THREE])
def test_check_first_line_asks_the_introducer_kindly(people: People) -> None:
    line = draft_check_first_line(people)
    assert "Carla" in line
    assert "next time" in line and "check with me" in line
    assert len(line) <= 300  # the modal's limit for this field
    assert check_wording(line) == []


def test_reason_labels_cover_every_reason_and_fit_a_select_menu() -> None:
    for reason in [*DirectReason, *DeclineReason]:
        assert 0 < len(REASON_LABELS[reason]) <= 75
    assert REASON_LABELS[DeclineReason.TOO_BUSY] == "Too busy until a date"
    assert REASON_LABELS[DirectReason.NOT_A_FIT] == "Not the right fit"


def test_a_redirect_that_cannot_be_kept_closes_plainly_without_a_wording_warning() -> None:
    draft = draft_instead_of_redirect(People(me="Ana", introducer="Carla", others=("Ben",)), better_person="Diego")
    assert draft.startswith("Hi Ben,") and "connect you with Diego" in draft and "can't make that happen" in draft
    assert check_wording(draft) == []
    assert "sorry" not in draft.lower() and "thank" in draft.lower()  # thanks and explains; no stock apology


def test_a_decline_can_cite_the_persons_intro_policy() -> None:
    draft = draft_decline_by_policy(People(me="Ben", introducer="Carla", others=("Ana",)),
                                    policy="only taking intros about hiring")
    assert draft.startswith("Hi Carla,") and "only taking intros about hiring" in draft
    assert "pass this on to Ana" in draft
    assert check_wording(draft) == []
