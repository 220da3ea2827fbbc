"""Flows: the questions of double opt-in requests withdrawn because the redirect they were to keep ended another
way (closed directly, marked done, or its owner left). Each question's buttons give way to a short note, in its
reader's language, so nobody says yes to an intro that will not happen.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk import WebClient

from bot.domain.i18n import _, speaking
from bot.flows.deps import Deps
from bot.flows.language import language_or_english
from bot.flows.replies import replace_buttons
from bot.services.optin_view import OptInView


def retire_questions(d: Deps, client: WebClient, withdrawn: Sequence[OptInView]) -> None:
    """Cosmetic, never raises (replace_buttons logs what Slack refused): the requests are withdrawn already, and a
    stale button, pressed, says so. A question never sent has nothing to retire (its reminder ends by itself)."""
    for view in withdrawn:
        for asked in view.answers:
            if not (asked.ask_channel_id and asked.ask_ts):
                continue
            with speaking(language_or_english(d, client, view.team_id, asked.user_id)):
                note = _(":information_source: <@{introducer}> withdrew this intro request, so it won't go ahead. "
                         "Nothing more to do.", introducer=view.introducer_id)
            replace_buttons(client, note, channel_id=asked.ask_channel_id, ts=asked.ask_ts)
