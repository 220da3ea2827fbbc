"""Flows: a person replying in an intro's thread is engaging with it, so that person gets no open-intro nudge."""

from __future__ import annotations

from bot.flows.deps import Deps
from bot.services.nudges import end_open_intro_nudges_in_thread


def note_thread_reply(d: Deps, *, team_id: str, channel_id: str, thread_ts: str, user_id: str) -> None:
    with d.sessions.begin() as session:
        end_open_intro_nudges_in_thread(session, team_id=team_id, channel_id=channel_id, thread_ts=thread_ts,
                                        user_id=user_id)
