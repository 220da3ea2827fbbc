"""Slack layer: the flows' dependencies, carried to every listener in the Bolt context."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import BoltContext

from bot.flows.deps import Deps


def deps(context: BoltContext) -> Deps:
    return context["deps"]


def middleware(d: Deps) -> Callable[..., None]:
    def inject_deps(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002 - Bolt's name
        context["deps"] = d
        next()

    return inject_deps
