"""Who acted, in which workspace: read one way for every interaction and command."""

from __future__ import annotations

from typing import Any

import pytest
from slack_bolt import BoltContext

from bot.services.errors import NotFound
from bot.slack.context import Actor, actor, chosen_value, user_of


def context(team_id: str | None) -> BoltContext:
    return BoltContext({"team_id": team_id} if team_id else {})


def test_an_interaction_names_its_user_and_the_context_its_workspace() -> None:
    assert actor({"user": {"id": "U1ANA", "team_id": "T1"}}, context("T1")) == Actor(team_id="T1", user_id="U1ANA")


def test_a_slash_command_names_its_user_as_user_id() -> None:
    assert actor({"user_id": "U1ANA", "command": "/intro"}, context("T1")) == Actor("T1", "U1ANA")


def test_an_unknown_workspace_is_the_empty_id_which_names_nothing_stored() -> None:
    assert actor({"user": {"id": "U1ANA"}}, context(None)).team_id == ""


@pytest.mark.parametrize("body", [{}, {"user": {}}, {"user": {"id": ""}}, {"user": {"id": 5}}, {"user_id": None},
                                  {"user": None}])
def test_a_request_that_names_no_one_is_not_found(body: dict[str, Any]) -> None:
    assert user_of(body) is None
    with pytest.raises(NotFound):
        actor(body, context("T1"))


@pytest.mark.parametrize("team_id", [["T1"], {"id": "T1"}, 5])
def test_a_workspace_id_that_is_not_text_names_nothing(team_id: object) -> None:
    assert actor({"user": {"id": "U1ANA"}}, BoltContext({"team_id": team_id})).team_id == ""


@pytest.mark.parametrize(("actions", "value"), [
    ([{"selected_option": {"value": "7:tomorrow"}}], "7:tomorrow"),
    ([{"selected_option": None}], None), ([{"selected_option": ["x"]}], None),
    ([{"selected_option": {"value": 7}}], None), ([], None), (None, None), ("x", None),
])
def test_the_chosen_option_of_a_menu(actions: object, value: str | None) -> None:
    assert chosen_value({"actions": actions}) == value
