"""The shared words (error replies, when something happened, a person's stance on intros, wording advice, the
shortcut's modals) read in the language being spoken; weekdays and numbers come from CLDR, whatever the catalog
holds. A small stand-in catalog plays the translator, so these tests need no compiled .mo file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from gettext import NullTranslations

import pytest

from bot.blocks.handback import request_expired
from bot.blocks.shortcut import notice_modal, who_modal
from bot.blocks.wording_warnings import warning_blocks
from bot.domain import i18n
from bot.domain.i18n import N_, speaking
from bot.domain.optin import IntroPolicy, Policy
from bot.domain.shortcut import Role
from bot.domain.states import PartyState
from bot.domain.timing import when_it_was
from bot.domain.wording import check_wording, length_problem
from bot.domain.wording_rules import NAME_WHEN
from bot.services.errors import AlreadyHandled, IntroRemoved, NotYours, ServiceError

SPANISH = {
    "yesterday": "ayer",
    "EEEE, d MMMM": "EEEE, d 'de' MMMM",
    "on {weekday}": "el {weekday}",
    "This was meant for someone else, so I've left it as it was.": "Esto era para otra persona; lo he dejado igual.",
    "Something went wrong on my side. Nothing was lost; please try again in a moment.": "Algo falló por mi parte.",
    "A late answer.": "Una respuesta tardía.",
    "You've already answered this intro: you redirected it. Nothing more to do.":
        "Ya respondiste a esta presentación: la redirigiste. No hay nada más que hacer.",
    "not taking intros until {day} ({note})": "no acepta presentaciones hasta el {day} ({note})",
    NAME_WHEN: "Si la puerta está abierta, di cuándo.",
    ":bulb: *Before you send*\n{lines}\nEdit it, or press *{submit}* again to send it as it is.":
        ":bulb: *Antes de enviar*\n{lines}\nEdítalo, o pulsa *{submit}* otra vez para enviarlo tal cual.",
    "Close this intro": "Cerrar esta presentación",
    "OK": "Vale",
    "Who were you introduced to?": "¿A quién te presentaron?",
}


class StandInCatalog(NullTranslations):
    def gettext(self, message: str) -> str:
        return SPANISH.get(message, message)


@pytest.fixture
def spanish(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(i18n, "_catalog", lambda lang: StandInCatalog() if lang == "es" else NullTranslations())
    with speaking("es"):
        yield


MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def test_when_it_was_names_the_weekday_in_the_language_spoken(spanish: None) -> None:
    assert when_it_was(datetime(2026, 11, 22, 9, 0, tzinfo=UTC), MONDAY_NOON, "Europe/Madrid") == "ayer"
    assert when_it_was(datetime(2026, 11, 19, 9, 0, tzinfo=UTC), MONDAY_NOON, "Europe/Madrid") == "el jueves"


def test_an_error_reply_is_translated_when_read_on_the_error_or_its_class(spanish: None) -> None:
    assert NotYours.message == "Esto era para otra persona; lo he dejado igual."
    assert NotYours().message == "Esto era para otra persona; lo he dejado igual."
    assert ServiceError().message == "Algo falló por mi parte."
    assert AlreadyHandled(PartyState.REDIRECTED).message == (
        "Ya respondiste a esta presentación: la redirigiste. No hay nada más que hacer.")


def test_an_error_written_as_a_plain_marked_string_is_translated_too(spanish: None) -> None:
    class Late(ServiceError):
        message = N_("A late answer.")

    assert Late().message == Late.message == "Una respuesta tardía."


def test_error_replies_stay_english_outside_any_language() -> None:
    assert IntroRemoved().message.startswith("This intro was removed")
    assert AlreadyHandled("no such state").message == "You've already answered this intro: it's done. Nothing more " \
                                                      "to do."


def test_a_stance_on_intros_reads_whole_in_the_language_spoken(spanish: None) -> None:
    policy = Policy(IntroPolicy.BUSY, busy_until=date(2026, 12, 4), note="de baja")
    assert policy.summary(date(2026, 11, 23)) == "no acepta presentaciones hasta el viernes, 4 de diciembre (de baja)"


def test_a_stance_in_english_is_unchanged() -> None:
    assert Policy(IntroPolicy.TOPICS, topics=" hiring ", note="mornings").summary(date(2026, 11, 23)) == (
        "only taking intros about hiring (mornings)")
    assert Policy(note="ask first").summary(date(2026, 11, 23)) == "open to intros (ask first)"
    assert Policy().summary(date(2026, 11, 23)) is None


def test_wording_advice_is_shown_in_the_language_spoken_and_the_phrase_as_typed(spanish: None) -> None:
    issues = check_wording("Thanks for thinking of me. Maybe later!")
    assert [i.suggestion for i in issues] == [NAME_WHEN]  # the check itself keeps its English msgids
    shown = warning_blocks(issues, "Enviar")[0]["text"]["text"]
    assert shown == (":bulb: *Antes de enviar*\n• “Maybe later”: Si la puerta está abierta, di cuándo.\n"
                     "Edítalo, o pulsa *Enviar* otra vez para enviarlo tal cual.")


def test_counts_are_grouped_as_the_language_groups_them() -> None:
    with speaking("de"):
        problem = length_problem("x" * 1501, limit=1500)
    assert problem is not None and "1.501" in problem and "1.500" in problem  # German groups thousands with "."


def test_the_shortcuts_modals_are_in_the_language_spoken(spanish: None) -> None:
    notice = notice_modal("Hecho.")
    assert (notice["title"]["text"], notice["close"]["text"]) == ("Cerrar esta presentación", "Vale")
    who = who_modal(role=Role.PARTY, suggested=[], metadata="{}")
    assert who["blocks"][1]["label"]["text"] == "¿A quién te presentaron?"


def test_an_expired_request_names_who_did_not_answer() -> None:
    text, _blocks = request_expired(("U1", "U2"), ["U1", "U2"])
    assert text.startswith("Your intro request for <@U1> and <@U2> has expired: <@U1> and <@U2> didn't answer")
