"""Wording checks: what they flag, how they quote it, and what they leave alone."""

from __future__ import annotations

import unicodedata

import pytest

from bot.domain.wording import IssueKind, WordingIssue, check_wording, length_problem

APOLOGY, DEFERRAL = IssueKind.OVER_APOLOGIZING, IssueKind.VAGUE_DEFERRAL


def found(text: str) -> list[tuple[IssueKind, str]]:
    return [(issue.kind, issue.phrase) for issue in check_wording(text)]


FLAGGED = [
    # Intensified apologies and apologizing for one's feelings.
    ("I'm so sorry, but I can't.", APOLOGY, "so sorry"),
    ("Really sorry, I have to pass.", APOLOGY, "Really sorry"),
    ("I'm terribly sorry about this.", APOLOGY, "terribly sorry"),
    ("I'm deeply sorry.", APOLOGY, "deeply sorry"),
    ("I'm SO SO SORRY!", APOLOGY, "SO SO SORRY"),
    ("Honestly I feel terrible saying no.", APOLOGY, "I feel terrible"),
    ("I feel awful about it.", APOLOGY, "I feel awful"),
    ("I feel bad, but no.", APOLOGY, "I feel bad"),
    ("I hate to say it, but no.", APOLOGY, "I hate to"),
    ("Please forgive me, I can't.", APOLOGY, "Please forgive me"),
    ("My sincerest apologies, I have to pass.", APOLOGY, "My sincerest apologies"),
    ("I apologize profusely for this.", APOLOGY, "I apologize profusely"),
    # Vague deferrals.
    ("Maybe later?", DEFERRAL, "Maybe later"),
    ("Maybe another time.", DEFERRAL, "Maybe another time"),
    ("Let's circle back.", DEFERRAL, "circle back"),
    ("Let's touch base later.", DEFERRAL, "touch base later"),
    ("Let's talk sometime.", DEFERRAL, "sometime"),
    ("We could meet some time.", DEFERRAL, "some time"),
    ("At some point we should talk.", DEFERRAL, "At some point"),
    ("Maybe down the road.", DEFERRAL, "Maybe down the road"),
    ("It could work down the road.", DEFERRAL, "down the road"),
    ("One day we should work together.", DEFERRAL, "One day"),
    ("Happy to help in the future.", DEFERRAL, "in the future"),
    ("Let's see how things go.", DEFERRAL, "Let's see"),
    ("Let\u2019s see how things go.", DEFERRAL, "Let\u2019s see"),
    ("We'll see.", DEFERRAL, "We'll see"),
    ("Let's revisit later.", DEFERRAL, "revisit later"),
    ("Let's revisit this later.", DEFERRAL, "revisit this later"),
    ("Not now, another time.", DEFERRAL, "another time"),
    ("We can talk later on.", DEFERRAL, "later on"),
    ("I'll help when things calm down.", DEFERRAL, "when things calm down"),
    ("I'll look when I have more time.", DEFERRAL, "when I have more time"),
    ("Ping me later!", DEFERRAL, "Ping me later"),
    ("I'll get back to you.", DEFERRAL, "get back to you"),
    # A few common ones in other languages, with or without accents.
    ("Hablamos más adelante.", DEFERRAL, "más adelante"),
    ("Hablamos mas adelante.", DEFERRAL, "mas adelante"),
    ("On en reparle plus tard.", DEFERRAL, "plus tard"),
    ("Lass uns später mal reden.", DEFERRAL, "später mal"),
]


@pytest.mark.parametrize(("text", "kind", "phrase"), FLAGGED)
def test_flags_the_phrase_as_typed(text: str, kind: IssueKind, phrase: str) -> None:
    assert found(text) == [(kind, phrase)]


@pytest.mark.parametrize(("text", "kind", "phrase"), FLAGGED)
def test_suggestions_are_one_short_concrete_sentence(text: str, kind: IssueKind, phrase: str) -> None:
    [issue] = check_wording(text)
    assert 0 < len(issue.suggestion) <= 200
    assert issue.suggestion.endswith((".", ".'"))
    assert check_wording(issue.suggestion) == []  # the advice doesn't make the mistake it warns about


def test_deferral_suggestion_asks_for_a_date_and_apology_suggestion_for_thanks() -> None:
    [deferral] = check_wording("Maybe later.")
    [apology] = check_wording("I'm so sorry.")
    assert "after 15 January" in deferral.suggestion
    assert "thank" in apology.suggestion.lower()


def test_accents_written_with_combining_marks_are_quoted_as_typed() -> None:
    typed = unicodedata.normalize("NFD", "Quizás más adelante.")
    [issue] = check_wording(typed)
    assert issue.phrase == unicodedata.normalize("NFD", "más adelante")


def test_a_second_sorry_is_flagged_where_it_appears() -> None:
    text = "Sorry for the delay. I'm sorry, I can't take this on."
    [issue] = check_wording(text)
    assert (issue.kind, issue.phrase) == (APOLOGY, "sorry")
    assert "2 apologies" in issue.suggestion
    assert check_wording(issue.suggestion) == []


def test_three_apologies_are_one_issue_that_counts_them() -> None:
    [issue] = check_wording("Sorry for the delay. Apologies, and sorry again.")
    assert (issue.kind, issue.phrase) == (APOLOGY, "Apologies")
    assert "3 apologies" in issue.suggestion


def test_a_repeat_inside_an_intensified_apology_is_reported_once() -> None:
    assert found("Sorry for the delay, I'm so sorry.") == [(APOLOGY, "so sorry")]


def test_issues_come_in_order_of_appearance() -> None:
    text = "Maybe later! I feel bad. Let's circle back at some point. I'm really sorry."
    assert found(text) == [
        (DEFERRAL, "Maybe later"),
        (APOLOGY, "I feel bad"),
        (DEFERRAL, "circle back"),
        (DEFERRAL, "at some point"),
        (APOLOGY, "really sorry"),
    ]


def test_one_issue_per_distinct_phrase() -> None:
    assert found("Maybe later. Or maybe later? MAYBE LATER.") == [(DEFERRAL, "Maybe later")]


def test_issues_are_plain_values() -> None:
    issue = check_wording("sometime")[0]
    assert issue == WordingIssue(DEFERRAL, "sometime", issue.suggestion)


@pytest.mark.parametrize("text", [
    "Thanks for thinking of me, Carla. I'm not taking new projects this quarter; reach out in January. "
    "Best of luck with the launch!",
    "Sorry for the delay; I appreciate the intro but must pass.",
    "Sometimes the timing just isn't right; this isn't a fit for me.",
    "Let's stay in touch.",
    "Happy to keep in touch.",
    "Maybe Ana is a better fit.",
    "I spent some time on your deck; it's strong, but not for me.",
    "I'll circle back by Friday, 4 December.",
    "I'll get back to you by Friday.",
    "We'll see you at the launch!",
    "In the future, please check with me before an intro.",
    "I'm fully booked for the foreseeable future, so I'll pass.",
    "It takes one day a week.",
    "Réponse vendredi au plus tard.",
    "",
])
def test_good_closes_are_left_alone(text: str) -> None:
    assert check_wording(text) == []


@pytest.mark.parametrize(("text", "limit", "problem"), [
    ("", 1500, "Write a short note before sending."),
    ("  \n\t ", 1500, "Write a short note before sending."),
    ("Thanks, but I'll pass.", 1500, None),
    ("x" * 1500, 1500, None),
    ("x" * 1501, 1500, "That's 1,501 characters; please keep it under 1,500 (1 too many)."),
    ("x" * 1620, 1500, "That's 1,620 characters; please keep it under 1,500 (120 too many)."),
    ("x" * 301, 300, "That's 301 characters; please keep it under 300 (1 too many)."),
])
def test_length_problem(text: str, limit: int, problem: str | None) -> None:
    assert length_problem(text, limit=limit) == problem
