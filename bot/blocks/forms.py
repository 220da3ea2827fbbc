"""Block Kit, pure: one reader for a submitted view's inputs (Slack's `view.state.values`).

Inputs are found by their action id, whatever block holds them (the close modal's draft block carries a version
in its id). Each accessor returns a value of its own type or None: a field missing, of another element type or
holding something Slack never sends reads as empty, never as an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.services.errors import NotFound


@dataclass(frozen=True, slots=True)
class FormValues:
    """The inputs of a submitted (or changing) view, by action id."""

    elements: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_state(cls, values: Any) -> FormValues:
        """`view.state.values` ({block id: {action id: element}}); anything else holds no inputs."""
        found: dict[str, Mapping[str, Any]] = {}
        for actions in values.values() if isinstance(values, dict) else ():
            for action_id, element in actions.items() if isinstance(actions, dict) else ():
                if isinstance(element, dict):
                    found[action_id] = element
        return cls(found)

    @classmethod
    def of(cls, body: Mapping[str, Any]) -> FormValues:
        """The inputs of the view a request came from; a view without state is no form the app wrote: NotFound."""
        view = body.get("view")
        state = view.get("state") if isinstance(view, dict) else None
        values = state.get("values") if isinstance(state, dict) else None
        if not isinstance(values, dict):
            raise NotFound()
        return cls.from_state(values)

    def _get(self, action_id: str, key: str) -> Any:
        return self.elements.get(action_id, {}).get(key)

    def text(self, action_id: str) -> str | None:
        """A text input, without surrounding space; None when empty."""
        value = self._get(action_id, "value")
        return value.strip() or None if isinstance(value, str) else None

    def user(self, action_id: str) -> str | None:
        """A users_select's pick."""
        value = self._get(action_id, "selected_user")
        return value if isinstance(value, str) and value else None

    def users(self, action_id: str) -> list[str]:
        """A multi_users_select's picks, as sent (only strings)."""
        value = self._get(action_id, "selected_users")
        return [uid for uid in value if isinstance(uid, str)] if isinstance(value, list) else []

    def option(self, action_id: str) -> str | None:
        """A static_select's or radio buttons' chosen value."""
        option = self._get(action_id, "selected_option")
        value = option.get("value") if isinstance(option, dict) else None
        return value if isinstance(value, str) and value else None

    def options(self, action_id: str) -> set[str]:
        """Checkboxes' (or a multi-select's) chosen values."""
        chosen = self._get(action_id, "selected_options")
        values = (o.get("value") for o in chosen if isinstance(o, dict)) if isinstance(chosen, list) else ()
        return {value for value in values if isinstance(value, str)}

    def day(self, action_id: str) -> date | None:
        """A datepicker's date; None when empty or not a date."""
        raw = self._get(action_id, "selected_date")
        try:
            return date.fromisoformat(raw) if isinstance(raw, str) and raw else None
        except ValueError:
            return None
