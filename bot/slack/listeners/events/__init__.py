"""Slack layer: event listeners. Each registration says whether a Home tab is published again after it
(bot/slack/home_refresh.py), and why. Events are acknowledged before their listener runs, so none is guarded
like an interaction: Bolt's error handler (bot/slack/app.py) logs what fails."""

from __future__ import annotations

from slack_bolt import App

from bot.slack.context import in_actors_language
from bot.slack.home_refresh import Home, with_home
from bot.slack.listeners.events.app_home import show_home
from bot.slack.listeners.events.lifecycle import forget_workspace
from bot.slack.listeners.events.message import (
    ignore,
    is_in_supported_conversation,
    is_person_posting,
    keep_intro_before_ack,
    notice_introduction,
)
from bot.slack.listeners.events.message_life import (
    follow_intro_life,
    is_edit_or_deletion,
    keep_edited_intro_before_ack,
)

EVENTS = ("message", "app_home_opened", "app_uninstalled", "tokens_revoked")
NO_ONE_CLICKED = "no one clicked: those it concerns hear by private message and see it when Home is opened"


def register(app: App) -> None:
    # An intro is kept durably by a listener middleware, in the request, before Slack gets its 200; the listener
    # (storing it, prompting) runs after the acknowledgement.
    app.event("message", matchers=[is_person_posting, is_in_supported_conversation],
              middleware=[keep_intro_before_ack])(with_home(notice_introduction, Home.AS_IS, why=NO_ONE_CLICKED))
    app.event("message", matchers=[is_edit_or_deletion, is_in_supported_conversation],
              middleware=[keep_edited_intro_before_ack])(with_home(follow_intro_life, Home.AS_IS, why=NO_ONE_CLICKED))
    # Bolt answers 404 to an event no listener takes, and Slack would then retry it.
    app.event("message")(with_home(ignore, Home.AS_IS, why="nothing is stored or changed"))
    app.event("app_home_opened")(with_home(in_actors_language(show_home), Home.AS_IS,
                                           why="it publishes the tab itself"))
    app.event("app_uninstalled")(with_home(forget_workspace, Home.AS_IS, why="the workspace and its tabs are gone"))
    app.event("tokens_revoked")(with_home(forget_workspace, Home.AS_IS, why="the workspace and its tabs are gone"))
