"""Slack listeners, one kind per package; each package's `register(app)` wires its handlers."""

from slack_bolt import App

from bot.slack.listeners import actions, commands, events, shortcuts, views


def register(app: App) -> None:
    events.register(app)
    actions.register(app)
    views.register(app)
    commands.register(app)
    shortcuts.register(app)
