"""What Slack sends back for a modal: `view.state.values` built from the view the app opened."""

from __future__ import annotations

from typing import Any


def element_state(element: dict[str, Any], value: Any = None) -> dict[str, Any]:
    kind = element["type"]
    if kind == "static_select":
        option = element.get("initial_option")
        if value is not None:
            option = next(o for o in element["options"] if o["value"] == value)
        return {"type": kind, "selected_option": option}
    if kind == "datepicker":
        return {"type": kind, "selected_date": value if value is not None else element.get("initial_date")}
    if kind == "checkboxes":  # `value`: the values ticked
        ticked = element.get("initial_options", []) if value is None else [
            o for o in element["options"] if o["value"] in value]
        return {"type": kind, "selected_options": ticked}
    if kind == "users_select":
        return {"type": kind, "selected_user": value if value is not None else element.get("initial_user")}
    return {"type": kind, "value": value if value is not None else element.get("initial_value")}


def as_slack_sends(view: dict[str, Any]) -> dict[str, Any]:
    """What a view_submission carries of the view besides its state: Slack sends the view as it was shown."""
    return {key: view[key] for key in ("type", "title", "submit", "close", "blocks") if key in view}


def state_of(view: dict[str, Any], **changes: Any) -> dict[str, dict[str, dict[str, Any]]]:
    """The state Slack reports when the person submits `view` after changing the fields in `changes`
    (keyed by action id; `draft` finds the versioned draft block)."""
    values: dict[str, dict[str, dict[str, Any]]] = {}
    for block in view["blocks"]:
        if block["type"] != "input":
            continue
        element = block["element"]
        action_id = element["action_id"]
        values[block["block_id"]] = {action_id: element_state(element, changes.get(action_id))}
    return values


def block(view: dict[str, Any], block_id_prefix: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id", "").startswith(block_id_prefix))


def initial(view: dict[str, Any], action_id: str) -> Any:
    """The value a field starts with: the draft text, a date, a user, a selected option's value."""
    for b in view["blocks"]:
        if b["type"] == "input" and b["element"]["action_id"] == action_id:
            state = element_state(b["element"])
            picked = state.get("selected_option")
            if picked is not None:
                return picked["value"]
            if "selected_options" in state:
                return [o["value"] for o in state["selected_options"]]
            return state.get("value") or state.get("selected_date") or state.get("selected_user")
    raise KeyError(action_id)
