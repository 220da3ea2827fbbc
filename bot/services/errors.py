"""Use-case errors: typed, so one handler in the Slack layer can turn each into a kind reply.

An error's `message` reads in the language being spoken (bot/domain/i18n.py) wherever it is read, also as
`NotYours.message` on the class: it is written once, marked with `N_`, and translated on each read.
"""

from __future__ import annotations

from typing import Any

from bot.domain.closes import CloseWay
from bot.domain.i18n import N_, _
from bot.domain.states import PartyState, PromiseState


class Said:
    """A class attribute holding a msgid; read, it is the text in the language being spoken."""

    def __init__(self, msgid: str) -> None:
        self.msgid = msgid

    def __get__(self, instance: object, owner: type | None = None) -> str:
        return _(self.msgid)


class ServiceError(Exception):
    """Something the person should hear about in plain words; `message` is that reply."""

    message = Said(N_("Something went wrong on my side. Nothing was lost; please try again in a moment."))

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A subclass may write its reply as a plain (N_-marked) string: it is read translated all the same.
        super().__init_subclass__(**kwargs)
        if isinstance(cls.__dict__.get("message"), str):
            cls.message = Said(cls.__dict__["message"])


class NotFound(ServiceError):
    message = Said(N_("I can't find that intro any more. It may have been removed."))


class NotYours(ServiceError):
    message = Said(N_("This was meant for someone else, so I've left it as it was."))


# How an earlier answer reads back to the person: what the party became, or that they asked for time. Each reply
# is a whole sentence, so a translation can word it as its language needs.
ANSWERED_AS: dict[str, str] = {
    PartyState.CLOSED_DIRECT: N_("You've already answered this intro: you closed it directly. Nothing more to do."),
    PartyState.REDIRECTED: N_("You've already answered this intro: you redirected it. Nothing more to do."),
    PartyState.DECLINED: N_("You've already answered this intro: you declined it privately. Nothing more to do."),
    PartyState.CONNECTED: N_("You've already answered this intro: you're happy to connect. Nothing more to do."),
    PartyState.DISMISSED: N_("You've already answered this intro: you said it wasn't an intro. Nothing more to do."),
    PartyState.QUIET: N_("You've already answered this intro: you had intro prompts turned off. "
                         "Nothing more to do."),
    CloseWay.NEED_TIME: N_("You've already answered this intro: you said when you'll get back to them. "
                           "Nothing more to do."),
    PartyState.REMOVED: N_("You've already answered this intro: its message was removed. Nothing more to do."),
}
ANSWERED_SOMEHOW = N_("You've already answered this intro: it's done. Nothing more to do.")


class Settled(ServiceError):
    """The thing acted on is no longer open; `state` is what it became, for the reply to name."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


class AlreadyHandled(Settled):
    @property
    def message(self) -> str:  # type: ignore[override]
        return _(ANSWERED_AS.get(self.state, ANSWERED_SOMEHOW))


class AlreadyDone(Settled):
    """A promise that is no longer open: kept, or closed another way."""

    @property
    def message(self) -> str:  # type: ignore[override]
        if self.state == PromiseState.KEPT:
            return _("That one is already kept. Nothing more to do, thank you!")
        return _("That one is already closed. Nothing more to do, thank you!")


class IntroRemoved(Settled):
    """The intro's message was deleted, or edited into something that is not an intro."""

    message = Said(N_("This intro was removed (its message was deleted or edited), so there's nothing to close. "
                      "I've left everything as it was."))

    def __init__(self) -> None:
        super().__init__(PartyState.REMOVED)


class AlreadyOffered(ServiceError):
    message = Said(N_("Everyone in this intro has already been offered a private way to close it (or has turned "
                      "intro prompts off), so I won't ask anyone twice."))
