"""Use-case errors: typed, so one handler in the Slack layer can turn each into a kind reply."""

from __future__ import annotations


class ServiceError(Exception):
    """Something the person should hear about in plain words; `message` is that reply."""

    message = "Something went wrong on my side. Nothing was lost; please try again in a moment."


class NotFound(ServiceError):
    message = "I can't find that intro any more. It may have been removed."


class NotYours(ServiceError):
    message = "This was meant for someone else, so I've left it as it was."


class AlreadyHandled(ServiceError):
    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state

    @property
    def message(self) -> str:  # type: ignore[override]
        return f"You've already answered this intro ({self.state.replace('_', ' ')}). Nothing more to do."
