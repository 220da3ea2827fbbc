"""Unit tests of bot/blocks/mrkdwn.py: what people type is posted as they typed it, and never pings or links."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.blocks.mrkdwn import SECTION_LIMIT, chunks, escape, quote

ZWSP = "\u200b"
# Slack's special syntax, which only <...> forms: mentions of people, groups and channels, broadcasts, links.
SPECIAL = re.compile(r"<[@#!]|<https?:|<mailto:")
# A typed broadcast Slack would act on: @channel, @here or @everyone as a whole word, in any case.
TYPED_BROADCAST = re.compile(r"@(channel|here|everyone)(?!\w)", re.IGNORECASE)
ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")  # an ampersand that does not start one of Slack's three entities

# Text people type, rich in what Slack reads as markup. The zero-width space is left out: escape() adds it.
PIECES = ["<!channel>", "<!here>", "<!everyone>", "<@U0ANA0001>", "<#C1GENERAL|general>", "<!subteam^S0TEAM|team>",
          "<https://evil.example|click>", "@channel", "@Here", "@EVERYONE", "&", "&amp;", "&lt;", "<", ">", " ", "\n"]
TYPED = st.lists(st.one_of(st.sampled_from(PIECES), st.text(alphabet=st.characters(exclude_characters=ZWSP),
                                                              max_size=8)), max_size=30).map("".join)


def unescape(text: str) -> str:
    """What a reader sees: Slack shows the entities as the characters, and the zero-width space as nothing."""
    return text.replace(ZWSP, "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@pytest.mark.parametrize("typed", ["<!channel> please read", "<!here>", "<!everyone|everyone>", "<@U0ANA0001>",
                                   "<!subteam^S0TEAM|eng>", "<#C1GENERAL>", "<https://evil.example|your bank>"])
def test_typed_markup_is_shown_as_text_not_acted_on(typed: str) -> None:
    escaped = escape(typed)
    assert SPECIAL.search(escaped) is None
    assert "<" not in escaped and ">" not in escaped
    assert unescape(escaped) == typed


@pytest.mark.parametrize("typed", ["@channel", "hey @here!", "@Everyone, lunch", "cc @CHANNEL.", "(@here)"])
def test_a_typed_broadcast_word_can_never_ping(typed: str) -> None:
    escaped = escape(typed)
    assert TYPED_BROADCAST.search(escaped) is None
    assert unescape(escaped) == typed  # the reader still sees exactly what was typed


@pytest.mark.parametrize("typed", ["@channels", "@hereby", "email me@heretic.example", "@channel_ops"])
def test_words_that_only_start_like_a_broadcast_are_left_alone(typed: str) -> None:
    assert escape(typed) == typed


def test_ampersands_are_escaped_once() -> None:
    assert escape("R&D <3 & more") == "R&amp;D &lt;3 &amp; more"
    assert escape("&amp;") == "&amp;amp;"  # typed entities are shown as typed, not decoded


@given(TYPED)
def test_no_typed_text_can_ping_mention_or_link(typed: str) -> None:
    escaped = escape(typed)
    assert SPECIAL.search(escaped) is None and "<" not in escaped and ">" not in escaped
    assert TYPED_BROADCAST.search(escaped) is None
    assert ENTITY.search(escaped) is None
    assert unescape(escaped) == typed


def test_short_text_is_one_piece() -> None:
    assert chunks("hello there") == ["hello there"]
    assert chunks("x" * SECTION_LIMIT) == ["x" * SECTION_LIMIT]
    assert chunks("") == []


def test_long_text_splits_at_spaces_within_the_section_limit() -> None:
    words = " ".join(f"word{i}" for i in range(2000))
    pieces = chunks(words)
    assert len(pieces) > 1 and all(len(p) <= SECTION_LIMIT for p in pieces)
    assert " ".join(pieces) == words  # cut at spaces only: no word is broken
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in pieces[1:-1])


def test_an_entity_is_never_cut_in_two() -> None:
    text = escape("R" + "&" * 2000)  # no spaces, and 3,000 characters in is the middle of an "&amp;"
    pieces = chunks(text)
    assert all(len(p) <= SECTION_LIMIT for p in pieces)
    assert all(ENTITY.search(p) is None and not re.search(r"&[a-z]*$", p) for p in pieces)
    assert "".join(pieces) == text


@given(TYPED, st.integers(min_value=5, max_value=60))
def test_pieces_fit_lose_only_spaces_and_keep_entities_whole(typed: str, limit: int) -> None:
    text = escape(typed * 3)
    pieces = chunks(text, limit)
    assert all(0 < len(p) <= limit for p in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")
    for piece in pieces:
        assert ENTITY.search(piece) is None, piece
        assert re.search(r"&[a-z]*$", piece) is None, piece


def test_a_quote_marks_every_line_and_escapes_it() -> None:
    assert quote("Thanks!\n<!channel> see you\n") == "&gt; Thanks!\n&gt; &lt;!channel&gt; see you\n&gt; "


@given(TYPED)
def test_no_typed_line_escapes_the_quote(typed: str) -> None:
    quoted = quote(typed)
    assert all(line.startswith("&gt; ") for line in quoted.split("\n"))
    assert unescape("\n".join(line.removeprefix("&gt; ") for line in quoted.split("\n"))) == typed
    assert SPECIAL.search(quoted) is None and TYPED_BROADCAST.search(quoted) is None
