"""The kit's cut (bot/blocks/kit.py `fit`, `fit_mrkdwn`, `fit_name`): text over a Block Kit limit ends in an
ellipsis within the limit, and a person sees whole letters, emoji, flags, mentions and escapes, never half of one."""

from __future__ import annotations

import pytest

from bot.blocks.kit import ELLIPSIS, fit, fit_mrkdwn, fit_name

FAMILY = "👩🏽\u200d💻"  # a woman technologist, medium skin tone: four code points
JAPAN = "🇯🇵"  # two regional indicators


def test_text_that_fits_is_left_as_it_is() -> None:
    assert fit("x" * 75, 75) == "x" * 75
    assert fit_mrkdwn("<@U1> " * 10, 60) == "<@U1> " * 10


def test_longer_text_is_cut_to_the_limit_with_an_ellipsis() -> None:
    cut = fit("Demander maintenant à Maximiliana Wolfeschlegelstein si ça l'intéresse", 40)
    assert cut == "Demander maintenant à Maximiliana Wolfe" + ELLIPSIS and len(cut) == 40


def test_a_cut_drops_the_space_before_the_ellipsis() -> None:
    assert fit("abcd efgh", 6) == "abcd" + ELLIPSIS


def test_characters_are_counted_as_slack_sdk_counts_them() -> None:
    assert fit("😀" * 75, 75) == "😀" * 75
    assert fit("😀" * 76, 75) == "😀" * 74 + ELLIPSIS


MIXED = f"Zoe\u0301 {FAMILY}{JAPAN}{JAPAN} Ōkubo{FAMILY} e\u0301\u0301x"


@pytest.mark.parametrize("limit", range(2, len(MIXED)))
def test_a_cut_never_splits_an_emoji_a_flag_or_a_letter_and_its_accent(limit: int) -> None:
    text = MIXED
    cut = fit(text, limit)
    assert len(cut) <= limit and cut.endswith(ELLIPSIS)
    kept = cut[:-1]
    assert text.startswith(kept)
    rest = text[len(kept):].lstrip()
    assert not rest or rest[0] not in "\u0301\u200d\U0001f3fd\U0001f4bb", (kept, rest)
    assert kept.count(JAPAN[0]) == kept.count(JAPAN[1])  # whole flags only


def test_a_lone_surrogate_pair_is_not_split() -> None:
    """Text that came in with surrogates as separate code points (as some JSON decoders leave it)."""
    text = "ab\ud83d\ude00cd"
    assert fit(text, 4) == "ab" + ELLIPSIS


@pytest.mark.parametrize(("text", "kept"), [
    ("Ask <@U012345678> now", "Ask"),
    ("See <https://example.org/a/long/path|the intro>", "See"),
    ("Tom &amp; Jerry", "Tom"),
])
def test_a_mrkdwn_cut_leaves_no_half_mention_link_or_escape(text: str, kept: str) -> None:
    assert fit_mrkdwn(text, 8) == kept + ELLIPSIS


def test_a_name_in_a_label_is_shortened_before_the_words() -> None:
    def words(name: str) -> str:
        return f"Demander maintenant à {name} si ça l'intéresse"

    assert fit_name(words, "Eve", 75) == words("Eve")
    label = fit_name(words, "Maximiliana Wolfeschlegelstein-Ōkubo", 60)
    assert label == words("Maximiliana Wolfesc" + ELLIPSIS) and len(label) == 60


def test_a_label_with_no_room_for_a_name_is_none() -> None:
    """The caller then says it without the name ("Ask them now...")."""
    assert fit_name(lambda name: f"{'x' * 70} {name}", "Maximiliana", 75) is None
    assert fit_name(lambda name: f"{name} and {name} again", "Maximiliana Wolfeschlegelstein", 40) is None
