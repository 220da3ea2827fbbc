"""The form reader: a submitted view's inputs read one way, each as its own type, and nothing Slack never sends
read as anything but empty."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.blocks.close_form import CloseForm, read_form, submitted
from bot.blocks.forms import FormValues
from bot.blocks.ids import Field
from bot.services.errors import NotFound
from tests.support import slack_requests as req


def values(**inputs: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """view.state.values with each input in a block of its own name."""
    return {name: {name: element} for name, element in inputs.items()}


def test_each_element_type_reads_as_its_own_value() -> None:
    form = FormValues.from_state(values(
        note=req.text_value("  a note  "), who=req.user_value("U1ANA"), kind=req.select_value("referral"),
        by=req.date_value("2026-12-01"),
        many={"type": "multi_users_select", "selected_users": ["U1ANA", "U2BEN"]},
        ticks={"type": "checkboxes", "selected_options": [{"value": "prompts"}, {"value": "digest"}]},
    ))
    assert form.text("note") == "a note"
    assert form.user("who") == "U1ANA"
    assert form.option("kind") == "referral"
    assert form.day("by") == date(2026, 12, 1)
    assert form.users("many") == ["U1ANA", "U2BEN"]
    assert form.options("ticks") == {"prompts", "digest"}


def test_empty_and_missing_inputs_read_as_none() -> None:
    form = FormValues.from_state(values(note=req.text_value("   "), who=req.user_value(None),
                                        kind=req.select_value(None), by=req.date_value(None)))
    assert (form.text("note"), form.user("who"), form.option("kind"), form.day("by")) == (None, None, None, None)
    assert (form.text("absent"), form.users("absent"), form.options("absent")) == (None, [], set())


def test_inputs_are_found_by_action_id_whatever_their_block() -> None:
    form = FormValues.from_state({f"{Field.DRAFT}_v3": {Field.DRAFT: req.text_value("Hi both")}})
    assert form.text(Field.DRAFT) == "Hi both"


@pytest.mark.parametrize("state", [None, 5, "values", [], {"b": 5}, {"b": {"a": "x"}}, {"b": []}])
def test_state_of_any_other_shape_holds_no_inputs(state: Any) -> None:
    assert FormValues.from_state(state).elements == {}


@pytest.mark.parametrize("element", [
    {"type": "plain_text_input", "value": 5},
    {"type": "users_select", "selected_user": ["U1ANA"]},
    {"type": "static_select", "selected_option": "referral"},
    {"type": "static_select", "selected_option": {"value": 7}},
    {"type": "datepicker", "selected_date": "tomorrow"},
    {"type": "datepicker", "selected_date": 20261201},
    {"type": "checkboxes", "selected_options": [{"value": 1}, "digest", None]},
    {"type": "multi_users_select", "selected_users": "U1ANA"},
])
def test_values_slack_never_sends_read_as_empty(element: dict[str, Any]) -> None:
    form = FormValues.from_state(values(x=element))
    assert (form.text("x"), form.user("x"), form.option("x"), form.day("x")) == (None, None, None, None)
    assert (form.users("x"), form.options("x")) == ([], set())


@pytest.mark.parametrize("body", [{}, {"view": None}, {"view": {}}, {"view": {"state": 5}},
                                  {"view": {"state": {"values": []}}}])
def test_a_request_without_a_form_names_nothing(body: dict[str, Any]) -> None:
    with pytest.raises(NotFound):
        FormValues.of(body)


def test_the_close_form_reads_through_the_same_reader() -> None:
    state = {Field.REASON: {Field.REASON: req.select_value("timing")},
             Field.BY: {Field.BY: req.date_value("2026-12-01")},
             Field.WHO: {Field.WHO: req.user_value("U2BEN")},
             f"{Field.DRAFT}_v1": {Field.DRAFT: req.text_value(" Hello ")},
             Field.AFTER: {Field.AFTER: req.date_value("not a date")}}
    assert read_form(state) == CloseForm(reason="timing", by=date(2026, 12, 1), who="U2BEN", draft="Hello")
    assert read_form({}) == CloseForm()


def test_a_close_request_gives_its_metadata_and_its_form() -> None:
    body = {"view": {"private_metadata": '{"party_id": 7, "way": "direct"}',
                     "state": {"values": {"draft_v0": {Field.DRAFT: req.text_value("Hi")}}}}}
    meta, form = submitted(body)
    assert (meta.party_id, meta.way.value, form.draft) == (7, "direct", "Hi")
    for broken in ({"view": {"private_metadata": "{}", "state": {"values": {}}}},
                   {"view": {"private_metadata": '{"party_id": 7, "way": "direct"}'}}):
        with pytest.raises(NotFound):
            submitted(broken)
