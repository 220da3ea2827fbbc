"""A template nobody finished is refused before it is sent; Slack's own markup and ordinary brackets are not."""

from __future__ import annotations

import pytest

from bot.domain.optin import redirect_why, why_problem
from bot.domain.placeholders import leftover_placeholder, placeholder_problem


@pytest.mark.parametrize(("text", "gap"), [
    ("Hi Carla, [name] is better placed than me.", "[name]"),
    ("Let's meet on {date}.", "{date}"),
    ("Thanks! <name> knows this best.", "<name>"),
    ("Ana needs a designer. (Add a line on what each of you gains.)", "(Add a line on what each of you gains.)"),
    ("Ana needs a designer. (write your reason here)", "(write your reason here)"),
])
def test_a_placeholder_or_a_hint_to_the_writer_is_found(text: str, gap: str) -> None:
    assert leftover_placeholder(text) == gap
    assert placeholder_problem(text) == f"Replace {gap} with your own words before sending."


@pytest.mark.parametrize("text", [
    "Thanks <@U0ANA0001>! See <#C0GENERAL|general> and <https://example.com|the doc>.",
    "Happy to help (add me to the thread when you start).",
    "Sounds good :) see you Thursday.",
    "",
])
def test_slack_markup_and_ordinary_brackets_are_not_placeholders(text: str) -> None:
    assert leftover_placeholder(text) is None


def test_the_prefilled_why_of_a_kept_redirect_can_be_sent_as_it_is() -> None:
    why = redirect_why("Ana", "Diego")
    assert leftover_placeholder(why) is None and why_problem(why) is None


def test_a_why_that_still_holds_a_hint_is_refused() -> None:
    assert why_problem("Ana and Diego both work on pricing. (Add a line on what each of you gains.)") is not None
