"""The draft sets, one file per language: each follows the spec, and every draft in every language and register
reads as one short, finished message that passes our own wording check. A new language only adds a file."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from datetime import date

import pytest

from bot.domain import closes
from bot.domain.closes import DeclineReason, DirectReason, People
from bot.domain.drafts import DRAFTS_DIR, DraftVoice, Register, available_languages, join_pieces, problems
from bot.domain.i18n import format_day, speaking
from bot.domain.languages import LANGS
from bot.domain.placeholders import leftover_placeholder
from bot.domain.wording import check_wording

VOICES = [DraftVoice(lang, register) for lang in available_languages() for register in Register]
VOICE_IDS = [f"{v.lang}-{v.register}" for v in VOICES]

ONE = People(me="Dana", introducer="Carla", others=("Ben",))
TWO = People(me="Dana", introducer="Carla", others=("Ben", "Eve"))
SELF_INTRO = People(me="Dana", introducer="Ben", others=("Ben",))
NOBODY = People(me="Dana", introducer="", others=())
JAN_15 = date(2027, 1, 15)
POLICY = "only taking intros about hiring"

Draft = Callable[[DraftVoice], str]


def frameworks(people: People) -> dict[str, Draft]:
    """Every kind of draft the bot writes, for one set of people."""
    def direct(reason: DirectReason, after: date | None) -> Draft:
        return lambda v: closes.draft_direct(people, reason, reach_out_after=after, voice=v)

    def decline(reason: DeclineReason) -> Draft:
        return lambda v: closes.draft_decline(people, reason, voice=v)

    drafts: dict[str, Draft] = {}
    for reason in DirectReason:
        drafts[f"direct-{reason}"] = direct(reason, None)
        drafts[f"direct-{reason}-after"] = direct(reason, JAN_15)
    for reason_ in DeclineReason:
        drafts[f"decline-{reason_}"] = decline(reason_)
    drafts["decline-too_busy-until"] = lambda v: closes.draft_decline(
        people, DeclineReason.TOO_BUSY, busy_until=JAN_15, voice=v)
    drafts["decline-policy"] = lambda v: closes.draft_decline_by_policy(people, policy=POLICY, voice=v)
    drafts["redirect"] = lambda v: closes.draft_redirect(people, connect_by=JAN_15, voice=v)
    drafts["redirect-named"] = lambda v: closes.draft_redirect(people, connect_by=JAN_15, better_person="Gus",
                                                               voice=v)
    drafts["instead-of-redirect"] = lambda v: closes.draft_instead_of_redirect(people, better_person="Gus", voice=v)
    drafts["instead-of-redirect-unnamed"] = lambda v: closes.draft_instead_of_redirect(people, voice=v)
    drafts["need-time"] = lambda v: closes.draft_need_time(people, get_back_by=JAN_15, voice=v)
    drafts["need-time-again"] = lambda v: closes.draft_need_time_again(get_back_by=JAN_15, voice=v)
    drafts["yes"] = lambda v: closes.draft_yes(people, voice=v)
    drafts["check-first"] = lambda v: closes.draft_check_first_line(people, voice=v)
    drafts["ask-decline"] = lambda v: closes.draft_decline_ask(requester="Ana", target="Ben", voice=v)
    return drafts


CASES = [(voice, f"{label}-{name}", draft)
         for voice in VOICES
         for label, people in (("one", ONE), ("two", TWO), ("self", SELF_INTRO), ("nobody", NOBODY))
         for name, draft in frameworks(people).items()]
CASE_IDS = [f"{v.lang}-{v.register}-{name}" for v, name, _ in CASES]
# Sentence ends in every language we write ("。" in Japanese), for "two or three short sentences".
SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*(?=\S)")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def test_there_is_a_draft_set_per_language_we_read_intros_in() -> None:
    langs = available_languages()
    assert langs[0] == "en"
    assert set(langs) <= set(LANGS)


@pytest.mark.parametrize("path", sorted(DRAFTS_DIR.glob("*.toml")), ids=lambda p: p.stem)
def test_every_draft_set_has_every_key_in_both_registers_with_its_placeholders(path: object) -> None:
    assert isinstance(path, type(DRAFTS_DIR))
    with path.open("rb") as file:
        assert problems(tomllib.load(file)) == []


def test_a_draft_set_that_misses_a_key_or_a_placeholder_is_refused() -> None:
    with (DRAFTS_DIR / "en.toml").open("rb") as file:
        data = tomllib.load(file)
    del data["informal"]["yes"]
    data["formal"]["need_time"] = "I'll get back to you soon."
    data["formal"]["pass_on"] = "Please pass this on to {others} and {someone}."
    assert problems(data) == [
        "[formal] need_time: placeholders [] should be ['date']",
        "[formal] pass_on: placeholders ['others', 'someone'] should be ['others']",
        "[informal] lacks yes",
    ]


@pytest.mark.parametrize(("voice", "name", "draft"), CASES, ids=CASE_IDS)
def test_every_draft_is_a_short_finished_message_the_wording_check_accepts(
        voice: DraftVoice, name: str, draft: Draft) -> None:
    text = draft(voice)
    assert text == text.strip() and "  " not in text
    assert "{" not in text and "}" not in text and leftover_placeholder(text) is None
    assert not set(text) & set("<>&")
    assert 0 < len(text) <= 400
    assert 1 <= len(sentences(text)) <= 5  # at most a greeting, a thank-you, then two or three short sentences
    assert check_wording(text) == []


@pytest.mark.parametrize("voice", VOICES, ids=VOICE_IDS)
def test_names_and_dates_come_out_in_the_drafts_language(voice: DraftVoice) -> None:
    with speaking(voice.lang):
        day = format_day(JAN_15)
    redirect = closes.draft_redirect(TWO, connect_by=JAN_15, better_person="Gus", voice=voice)
    assert day in redirect and "Gus" in redirect and "Ben" in redirect and "Eve" in redirect
    assert "Carla" in redirect  # the introducer is thanked by name
    decline = closes.draft_decline(TWO, DeclineReason.TOO_BUSY, busy_until=JAN_15, voice=voice)
    assert day in decline and "Carla" in decline and "Ben" in decline and "Eve" in decline
    assert day in closes.draft_direct(ONE, DirectReason.NOT_A_FIT, reach_out_after=JAN_15, voice=voice)
    assert day in closes.draft_need_time(ONE, get_back_by=JAN_15, voice=voice)
    assert day in closes.draft_need_time_again(get_back_by=JAN_15, voice=voice)


@pytest.mark.parametrize("voice", VOICES, ids=VOICE_IDS)
def test_a_close_instead_of_a_redirect_names_nobody_unless_given_a_name(voice: DraftVoice) -> None:
    unnamed = closes.draft_instead_of_redirect(ONE, voice=voice)
    named = closes.draft_instead_of_redirect(ONE, better_person="Gus", voice=voice)
    assert "Gus" not in unnamed and "Gus" in named and unnamed != named


@pytest.mark.parametrize("voice", VOICES, ids=VOICE_IDS)
def test_a_redirect_names_nobody_until_they_agreed(voice: DraftVoice) -> None:
    unnamed = closes.draft_redirect(ONE, connect_by=JAN_15, voice=voice)
    named = closes.draft_redirect(ONE, connect_by=JAN_15, better_person="Gus", voice=voice)
    assert "Gus" not in unnamed and "Gus" in named and unnamed != named


@pytest.mark.parametrize("voice", VOICES, ids=VOICE_IDS)
def test_the_introducer_who_introduced_themselves_is_not_thanked_twice(voice: DraftVoice) -> None:
    assert closes.draft_yes(SELF_INTRO, voice=voice).count("Ben") == 1


@pytest.mark.parametrize("voice", VOICES, ids=VOICE_IDS)
def test_reasons_give_different_drafts(voice: DraftVoice) -> None:
    assert len({closes.draft_direct(ONE, r, voice=voice) for r in DirectReason}) == len(DirectReason)
    assert len({closes.draft_decline(ONE, r, voice=voice) for r in DeclineReason}) == len(DeclineReason)


@pytest.mark.parametrize("lang", [lang for lang in available_languages() if lang not in {"en", "ja"}])
def test_languages_with_two_forms_of_address_write_both(lang: str) -> None:
    formal, informal = DraftVoice(lang, Register.FORMAL), DraftVoice(lang, Register.INFORMAL)
    assert closes.draft_yes(ONE, voice=formal) != closes.draft_yes(ONE, voice=informal)


def test_a_language_without_a_draft_set_yet_gets_the_english_drafts_dates_included(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert closes.draft_yes(ONE, voice=DraftVoice("xx")) == closes.draft_yes(ONE)
    monkeypatch.setattr(closes, "has_draft_set", lambda lang: lang == "en")
    assert closes.draft_need_time(ONE, get_back_by=JAN_15, voice=DraftVoice("es", Register.INFORMAL)) \
        == closes.draft_need_time(ONE, get_back_by=JAN_15)


def test_pieces_join_with_a_space_except_in_japanese_and_a_semicolon_continues_the_sentence() -> None:
    assert join_pieces(DraftVoice(), ["Hi Ben,", "thanks.", "; more."]) == "Hi Ben, thanks; more."
    assert join_pieces(DraftVoice("ja"), ["ベンさん、", "ありがとうございます。"]) == "ベンさん、ありがとうございます。"


def test_english_drafts_read_as_before() -> None:
    assert closes.draft_direct(ONE, DirectReason.NOT_A_FIT, reach_out_after=JAN_15) == (
        "Hi Ben, thanks to you and Carla for thinking of me. This isn't the right fit for me, so I'll pass; "
        "feel free to reach out again after Friday, 15 January. Best of luck with it!")
    assert closes.draft_redirect(ONE, connect_by=JAN_15) == (
        "Hi Ben, thanks to you and Carla for thinking of me. I'm not the best person for this, but I know someone "
        "who may be; I'll check with them and connect you by Friday, 15 January. Best of luck with it!")
    assert closes.draft_yes(SELF_INTRO) == (
        "Hi Ben, thanks for thinking of me. I'd be glad to talk. Does a short call next week work for you?")
    assert closes.draft_decline(TWO, DeclineReason.TOO_BUSY, busy_until=JAN_15) == (
        "Hi Carla, thanks for thinking of me. I'm fully booked until Friday, 15 January, so I'll decline; "
        "Ben and Eve are welcome to get in touch after that. Could you please pass this on to Ben and Eve, "
        "with my best wishes?")
    assert closes.draft_decline_by_policy(NOBODY, policy=POLICY) == (
        "Hi there, thanks for thinking of me. At the moment I'm only taking intros about hiring, so I'll decline "
        "this one. Could you please pass this on to them, with my best wishes?")
    assert closes.draft_instead_of_redirect(ONE) == (
        "Hi Ben, thank you for your patience. I said I'd connect you with the person I had in mind, but I can't make "
        "that happen, so I'm closing this here rather than leave you waiting. Best of luck with it!")
    assert closes.draft_need_time_again(get_back_by=JAN_15) == (
        "I need a little longer; I'll get back to you by Friday, 15 January.")
    assert closes.draft_decline_ask(requester="Ana", target="Ben") == (
        "Hi Ana, thanks for asking me. I'll pass on introducing you to Ben this time. Let's stay in touch!")


def test_japanese_puts_the_honorific_after_every_name() -> None:
    if "ja" not in available_languages():
        pytest.skip("no Japanese draft set yet")
    assert closes.draft_yes(TWO, voice=DraftVoice("ja")).startswith("Benさん、Eveさん、")
    assert "Benさん、Eveさんに" in closes.draft_decline(TWO, DeclineReason.OTHER, voice=DraftVoice("ja"))
