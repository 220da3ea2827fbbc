"""Double opt-in rules: reading `/intro`, settling a request, and intro policies."""

from __future__ import annotations

import re
from datetime import date

import pytest

from bot.domain.optin import (
    GENERATED_WHY,
    Answer,
    CommandProblem,
    IntroPolicy,
    Policy,
    RequestState,
    draft_decline_ask,
    generated_why,
    outcome,
    parse_intro_command,
    why_problem,
)
from bot.domain.placeholders import leftover_placeholder
from bot.domain.wording import check_wording

WHY = "Ana is hiring a pricing lead and Ben ran pricing at Acme"


@pytest.mark.parametrize("text", [f"<@U0ANA0001|ana> <@U0BEN0001|ben> {WHY}", f"<@U0ANA0001> <@U0BEN0001> {WHY}",
                                  f"{WHY[:10]} <@U0ANA0001> and <@U0BEN0001>{WHY[10:]}"])
def test_both_mention_forms_give_the_two_people_and_the_why(text: str) -> None:
    parsed = parse_intro_command(text, author_id="U0CARLA01")
    assert parsed.people == ("U0ANA0001", "U0BEN0001")
    assert "pricing lead" in parsed.why and "<@" not in parsed.why


@pytest.mark.parametrize(("text", "says"), [
    ("<@U0ANA0001> hello there, you two should meet up", "I found 1"),
    ("<@U0ANA0001> <@U0ANA0001> " + WHY, "same person twice"),
    ("<@U0CARLA01> <@U0BEN0001> " + WHY, "introducer"),
    ("<!here> <@U0BEN0001> " + WHY, "@here"),
    ("<!subteam^S1|@eng> <@U0BEN0001> " + WHY, "user group"),
    ("<@U0ANA0001> <@U0BEN0001> meet", "vague reason"),
])
def test_bad_input_says_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(CommandProblem, match=says):
        parse_intro_command(text, author_id="U0CARLA01")


@pytest.mark.parametrize(("answers", "state"), [
    ([Answer.YES, Answer.YES], RequestState.CONNECTED),
    ([Answer.YES, Answer.PENDING], RequestState.ASKING),
    ([Answer.PENDING, Answer.NOT_NOW], RequestState.DECLINED),
    ([Answer.YES, Answer.NO], RequestState.DECLINED),
])
def test_connected_only_when_both_say_yes(answers: list[Answer], state: RequestState) -> None:
    assert outcome(answers) is state


def test_policies_read_plainly_and_expire() -> None:
    today = date(2026, 11, 23)
    busy = Policy(IntroPolicy.BUSY, busy_until=date(2027, 3, 1), note="heads-down on a launch")
    assert busy.summary(today) == "not taking intros until Monday, 1 March (heads-down on a launch)"
    assert busy.declines(today) == busy.summary(today)
    assert busy.declines(date(2027, 3, 2)) is None  # the date passed: open again
    assert Policy(IntroPolicy.TOPICS, topics="hiring").declines(today) == "only taking intros about hiring"
    assert Policy().summary(today) is None and Policy(note="ask me first").declines(today) is None
    assert set(Policy(IntroPolicy.BUSY).problems(today)) == {"busy_until"}
    assert set(Policy(IntroPolicy.TOPICS, topics=" ").problems(today)) == {"topics"}


def test_declining_an_ask_thanks_says_no_and_gives_no_reason_the_person_did_not_choose() -> None:
    draft = draft_decline_ask(requester="Ana", target="Ben")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", draft) if s]
    assert 2 <= len(sentences) <= 3
    assert draft.startswith("Hi Ana") and "thank" in draft.lower() and "pass" in draft and "Ben" in draft
    assert not re.search(r"\b(because|since|don't know|too busy|not well)\b", draft)
    assert check_wording(draft) == [] and leftover_placeholder(draft) is None


def test_a_redirects_own_reason_is_written_from_where_each_reader_stands_and_can_never_be_typed() -> None:
    people = ("U0BEN0001", "U0DIEGO01")  # who is waiting, who is better placed
    assert generated_why(people, "U0BEN0001").startswith("You came to me for help that <@U0DIEGO01> is better")
    assert generated_why(people, "U0DIEGO01").startswith("<@U0BEN0001> came to me for help that you're better")
    assert generated_why(people).startswith("<@U0BEN0001> came to me for help that <@U0DIEGO01> is better")
    assert why_problem(GENERATED_WHY) is not None  # the stored marker is no reason anyone could send
