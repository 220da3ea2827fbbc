"""Intro detection: the labelled corpus, the shipped model against it, and focused examples.

`corpus/writers/` holds one file per independent writer (trained on; measured leave-one-writer-out
by `python -m bot.train_detector --report`), `corpus/blind/` writers that no training or choice
ever used, `corpus/project/` the project's own examples (trained on, never measured).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot import train_detector
from bot.domain.detection import MAX_PARTIES, Introduction, detect_introduction, mentioned_user_ids
from bot.domain.detection.learning import Counts, Scored, counts, fit, pick_threshold, prepare, score
from bot.domain.detection.model import WEIGHTS_FILE, packaged_model

CORPUS_DIR = Path(__file__).parent / "corpus"
LANGS = set(train_detector.LANGS)

ANA, BEN, CARLA, DIEGO, EVA = "U0ANA0001", "U0BEN0001", "U0CARLA01", "U0DIEGO01", "W0EVA0001"
AUTHOR = "U0QUINN01"


def m(uid: str, name: str | None = None) -> str:
    return f"<@{uid}|{name}>" if name else f"<@{uid}>"


A, B, C, D, E = m(ANA), m(BEN), m(CARLA), m(DIEGO), m(EVA)


def load(folder: str) -> list[dict[str, Any]]:
    return [json.loads(line) for path in sorted((CORPUS_DIR / folder).glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def writers() -> list[dict[str, Any]]:
    return load("writers")


@pytest.fixture(scope="module")
def blind() -> list[dict[str, Any]]:
    return load("blind")


# --- the corpus ------------------------------------------------------------------------


@pytest.mark.parametrize("folder", ["writers", "blind", "project"])
def test_corpus_rows_are_well_formed(folder: str) -> None:
    for row in load(folder):
        assert set(row) - {"note"} == {"id", "writer", "lang", "label", "kind", "author", "parties", "text"}, row
        assert row["lang"] in LANGS and row["label"] in {"intro", "not_intro"}, row
        assert row["kind"] in ({"intro"} if row["label"] == "intro" else {"hard_negative", "chatter"}), row
        assert re.fullmatch(r"[UW][A-Z0-9]+", row["author"]), row
        assert (row["label"] == "intro") == (len(row["parties"]) >= 2), row
        assert row["author"] not in row["parties"], row
        assert set(row["parties"]) <= set(mentioned_user_ids(row["text"])), row


def test_corpus_represents_independent_writers(writers: list[dict[str, Any]], blind: list[dict[str, Any]]) -> None:
    """At least 2,000 messages by at least 6 writers, 2 of them blind, every language, 40% hard negatives."""
    rows = writers + blind
    assert len(rows) >= 2000
    assert len({r["writer"] for r in rows}) >= 6 and len({r["writer"] for r in blind}) >= 2
    assert not {r["writer"] for r in writers} & {r["writer"] for r in blind}
    assert not {r["text"] for r in writers} & {r["text"] for r in blind}
    assert sum(r["kind"] == "hard_negative" for r in rows) >= 0.4 * len(rows)
    per_lang = Counter(r["lang"] for r in rows)
    assert all(per_lang[lang] >= 100 for lang in LANGS), per_lang


def test_the_weights_file_is_trained_on_the_corpus_as_it_is() -> None:
    """Training on the corpus gives the shipped weights exactly: no hand-edited weight, no corpus change left
    untrained. (The threshold's own choice, a leave-one-writer-out, is rerun by `make detector`.)"""
    shipped = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert shipped["version"] == train_detector.corpus_version(["writers", "project"])
    rows = prepare(train_detector.load("writers") + train_detector.load("project"))
    assert fit(rows, threshold=shipped["threshold"], version=shipped["version"]).to_json() == shipped


def test_the_blind_writers_are_detected(blind: list[dict[str, Any]]) -> None:
    """The issue's bar, on writers no training, setting or threshold ever looked at: precision 0.97 and recall
    0.93 overall, and no writer below recall 0.85. (The README's figures are `make detector-report`'s.)"""
    model = packaged_model()
    scored = score(model, prepare(blind))
    overall = counts(scored, model.threshold)
    assert overall.precision >= 0.97 and overall.recall >= 0.93, overall
    for writer in {s.writer for s in scored}:
        assert counts([s for s in scored if s.writer == writer], model.threshold).recall >= 0.85, writer


def test_a_detection_naming_other_people_is_a_false_alarm_and_a_miss() -> None:
    def row(wanted: set[str], probability: float, parties: set[str]) -> Scored:
        return Scored("en", "w", frozenset(wanted), probability, frozenset(parties))

    scored = [row({ANA, BEN}, 0.9, {ANA, BEN}), row({ANA, BEN}, 0.9, {ANA, BEN, CARLA}), row(set(), 0.9, {ANA, BEN}),
              row({ANA, BEN}, 0.2, {ANA, BEN}), row(set(), 0.2, {ANA, BEN})]
    assert counts(scored, 0.5) == Counts(tp=1, fp=2, fn=2)
    # The threshold is the lowest that reaches the precision asked for: here only one above the false alarms.
    assert pick_threshold(scored, target=1.0) > 0.9 and pick_threshold(scored, target=0.3) <= 0.9


def test_benchmark_chatter_rarely_prompts() -> None:
    """The benchmark's generated chatter: none of it is an intro, and at most one in a thousand prompts."""
    from bench.detection import chatter, false_alarms, two_mention_chatter

    mixed = chatter(2000)
    with_mentions = Counter(min(len(mentioned_user_ids(t)), 2) for t in mixed)
    assert with_mentions[0] > with_mentions[1] > with_mentions[2] > 0  # the ~60/30/10 mix
    assert all(20 <= len(t) <= 400 for t in mixed)
    texts = chatter() + two_mention_chatter()
    assert false_alarms(texts) <= len(texts) // 1000


# --- mentions --------------------------------------------------------------------------


def test_mentions_in_both_forms_in_order_without_duplicates() -> None:
    text = f"{m(BEN, 'ben')} hi {A}, {m(EVA, 'Eva Müller')} and {B} again; <#C0GENERAL|general> <!here>"
    assert mentioned_user_ids(text) == [BEN, ANA, EVA]


def test_no_mentions() -> None:
    assert mentioned_user_ids("email ana@example.com or @ana, <https://x.example|link>") == []


# --- any text --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([A, B, C, m(AUTHOR), m(EVA, "eva"), "meet", "intro", "&lt;&gt;", ", ", ": ", "!", "\n",
                         "te presento", "`", "```", "&gt; ", "cc", "'s", "this is", "connecting you", "?", "ü"])
        | st.text(max_size=8),
        max_size=14,
    ).map("".join)
)
def test_any_text_gives_a_well_formed_answer(text: str) -> None:
    found = detect_introduction(text, author_id=AUTHOR)
    if found is not None:
        assert len(found.parties) >= 2 and len(set(found.parties)) == len(found.parties)
        assert AUTHOR not in found.parties
        assert set(found.parties) <= set(mentioned_user_ids(text))


# --- parties ---------------------------------------------------------------------------


def test_both_mention_forms_are_parties() -> None:
    assert detect_introduction(f"{m(ANA, 'ana')} meet {B}!", author_id=AUTHOR) == Introduction((ANA, BEN))


def test_parties_in_order_of_first_mention_without_duplicates() -> None:
    found = detect_introduction(f"{C} meet {A}. {A} meet {C}.", author_id=AUTHOR)
    assert found == Introduction((CARLA, ANA))


def test_the_author_is_never_a_party() -> None:
    found = detect_introduction(f"{A} meet {B}! I worked with you both. {m(AUTHOR)}", author_id=AUTHOR)
    assert found == Introduction((ANA, BEN))


def test_introducing_someone_to_yourself_is_not_an_intro() -> None:
    assert detect_introduction(f"{A} meet {m(AUTHOR)} :wave:", author_id=AUTHOR) is None
    assert detect_introduction(f"Hi {A}, this is me, {m(AUTHOR)}!", author_id=AUTHOR) is None


def test_three_people() -> None:
    found = detect_introduction(f"Connecting {A}, {B} and {C} for the offsite", author_id=AUTHOR)
    assert found == Introduction((ANA, BEN, CARLA))


def test_people_copied_in_are_not_parties() -> None:
    found = detect_introduction(f"{A} meet {B}. cc {C} who suggested it", author_id=AUTHOR)
    assert found == Introduction((ANA, BEN))


def test_people_thanked_are_not_parties() -> None:
    found = detect_introduction(f"{A} meet {B}! Thanks {C} for suggesting it.", author_id=AUTHOR)
    assert found == Introduction((ANA, BEN))


def test_a_message_naming_more_than_eight_people_is_an_announcement() -> None:
    people = " ".join(m(f"U0P{i:07d}") for i in range(MAX_PARTIES + 1))
    assert detect_introduction(f"Introducing you all to each other: {people}", author_id=AUTHOR) is None


def test_enterprise_grid_ids() -> None:
    assert detect_introduction(f"{E} meet {A}", author_id=AUTHOR) == Introduction((EVA, ANA))


# --- form ------------------------------------------------------------------------------


@pytest.mark.parametrize("arrow", ["&lt;&gt;", "<>"])
def test_the_angle_brackets_intro_escaped_or_not(arrow: str) -> None:
    assert detect_introduction(f"{A} {arrow} {B}", author_id=AUTHOR) == Introduction((ANA, BEN))


@pytest.mark.parametrize(
    "text",
    [
        f"```{A} meet {B}```",
        f"the format is `{A} &lt;&gt; {B}`",
        f"&gt; {A} meet {B}\nthis is how intros used to look",
        f"> {A} meet {B}\nquoting from memory",
        f"{A} {B} ```intro template:\nX meet Y```",
    ],
)
def test_code_and_quotes_are_ignored(text: str) -> None:
    assert detect_introduction(text, author_id=AUTHOR) is None


def test_an_intro_with_a_quote_below_is_still_an_intro() -> None:
    text = f"{A} meet {B}\n&gt; the original question: who knows about tax law?"
    assert detect_introduction(text, author_id=AUTHOR) == Introduction((ANA, BEN))


@pytest.mark.parametrize(
    "text",
    ["", "meet me at the lobby", f"{A} meet me at the lobby", f"{A} meet {A}", f"{A}, meet our intern Sam!"],
)
def test_fewer_than_two_people_is_never_an_intro(text: str) -> None:
    assert detect_introduction(text, author_id=AUTHOR) is None


# --- examples per category -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        f"{A} meet {B}, you both work on pricing",
        f"{A}, meet {B}!",
        f"Introducing {A} to {B} :wave:",
        f"{A} <> {B}",
        f"Connecting you two: {A} {B}",
        f"Putting you in touch: {A} and {B}.",
        f"{A} {B} you two should talk.",
        f"Looping in {B}: {A} is the person I mentioned who is hiring",
        f"{A}, this is {B}; he ran growth at two fintechs",
        f"{A}, I want to introduce you to {B}",
        f"{A}, I'd like you to meet {B}.",
        f"{A} – {B}, intro!",
    ],
)
def test_english_intros(text: str) -> None:
    found = detect_introduction(text, author_id=AUTHOR)
    assert found is not None and set(found.parties) == {ANA, BEN}


@pytest.mark.parametrize(
    "text",
    [
        f"{A}, te presento a {B}.",
        f"{A} y {B}, les presento :handshake:",
        f"Os presento: {A} y {B}.",
        f"{A} {B} conózcanse!",
        f"{A}, je te présente {B}.",
        f"Je vous mets en relation, {A} et {B}.",
        f"{A}, darf ich vorstellen: {B}.",
        f"{A} und {B}, ich möchte euch einander vorstellen.",
        f"Ich vernetze euch: {A} und {B}.",
        f"{A}, ti presento {B}.",
        f"Vi metto in contatto: {A} {B}.",
        f"{A}, apresento {B}.",
        f"{A} e {B}, conheçam-se!",
        f"Vou conectar vocês, {A} e {B}.",
        f"{A}, mag ik je voorstellen aan {B}? Zij weet alles van subsidies.",
        f"{A} en {B}, ik breng jullie graag met elkaar in contact.",
        f"{A}さん、{B}さんをご紹介します。",
        f"{A}さん、こちらは{B}さんです。",
    ],
)
def test_intros_in_other_languages(text: str) -> None:
    assert detect_introduction(text, author_id=AUTHOR) == Introduction((ANA, BEN))


@pytest.mark.parametrize(
    "category, text",
    [
        ("scheduling", f"{A} and {B} will meet the customer Thursday"),
        ("scheduling", f"{A}, {B}: let's meet at 3"),
        ("scheduling", f"{A} meet {B} in room 3 after standup"),
        ("handoff", f"looping in {B} to take this ticket, {A} is out"),
        ("handoff", f"cc {A} {B}"),
        ("review", f"{A} can you review {B}'s PR?"),
        ("past", f"thanks {A} for introducing me to {B} last week!"),
        ("past", f"{A} introduced me to {B} last year"),
        ("request", f"{A} could you introduce me to {B}?"),
        ("request", f"can someone connect me with {A}? cc {B}"),
        ("future", f"I'll introduce {A} to {B} next week"),
        ("future", f"will connect you two tomorrow, {A} {B}"),
        ("future", f"I should introduce {A} to {B}"),
        ("thing", f"{A} {B} introducing the new on-call schedule"),
        ("thing", f"{A} {B} I introduced a bug, sorry all"),
        ("thing", f"{A} {B} meeting notes are in the doc"),
        ("thing", f"{A} {B} the team will meet in the cafeteria"),
        ("question", f"Should I introduce {A} to {B}?"),
        ("negation", f"{A} {B} no need to meet, I'll send notes"),
        ("negation", f"Don't connect {A} and {B} yet"),
        ("thing", f"{A} {B} je vous présente le nouveau planning"),
        ("request", f"{A} ¿me presentas a {B}?"),
        ("past", f"{A} hat mir letztes Jahr {B} vorgestellt"),
        ("future", f"Ti presenterò {A} domani, {B}"),
        ("future", f"Vou te apresentar o {A} semana que vem, {B}"),
    ],
)
def test_everyday_chatter_is_not_an_intro(category: str, text: str) -> None:
    assert detect_introduction(text, author_id=AUTHOR) is None, category
