"""Use-case errors: typed, so one handler in the Slack layer can turn each into a kind reply."""

from __future__ import annotations

from bot.domain.closes import CloseWay
from bot.domain.states import PartyState, PromiseState


class ServiceError(Exception):
    """Something the person should hear about in plain words; `message` is that reply."""

    message = "Something went wrong on my side. Nothing was lost; please try again in a moment."


class NotFound(ServiceError):
    message = "I can't find that intro any more. It may have been removed."


class NotYours(ServiceError):
    message = "This was meant for someone else, so I've left it as it was."


# How an earlier answer reads back to the person: what the party became, or that they asked for time.
ANSWERED_AS: dict[str, str] = {
    PartyState.CLOSED_DIRECT: "you closed it directly",
    PartyState.REDIRECTED: "you redirected it",
    PartyState.DECLINED: "you declined it privately",
    PartyState.CONNECTED: "you're happy to connect",
    PartyState.DISMISSED: "you said it wasn't an intro",
    PartyState.QUIET: "you had intro prompts turned off",
    CloseWay.NEED_TIME: "you said when you'll get back to them",
    PartyState.REMOVED: "its message was removed",
}


class Settled(ServiceError):
    """The thing acted on is no longer open; `state` is what it became, for the reply to name."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


class AlreadyHandled(Settled):
    @property
    def message(self) -> str:  # type: ignore[override]
        how = ANSWERED_AS.get(self.state, "it's done")
        return f"You've already answered this intro: {how}. Nothing more to do."


class AlreadyDone(Settled):
    """A promise that is no longer open: kept, or closed another way."""

    @property
    def message(self) -> str:  # type: ignore[override]
        done = "kept" if self.state == PromiseState.KEPT else "closed"
        return f"That one is already {done}. Nothing more to do, thank you!"


class IntroRemoved(Settled):
    """The intro's message was deleted, or edited into something that is not an intro."""

    message = ("This intro was removed (its message was deleted or edited), so there's nothing to close. "
               "I've left everything as it was.")

    def __init__(self) -> None:
        super().__init__(PartyState.REMOVED)


class AlreadyOffered(ServiceError):
    message = ("Everyone in this intro has already been offered a private way to close it (or has turned intro "
               "prompts off), so I won't ask anyone twice.")
