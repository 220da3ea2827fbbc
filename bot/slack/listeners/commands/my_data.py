"""Slack layer: `/intro export` and `/intro delete`: a person's own data, shown to them or deleted."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, BoltContext, Respond

from bot.services.erasure import delete_person, export_person
from bot.slack.context import deps
from bot.blocks.ids import Action
from bot.blocks.mrkdwn import chunks
from bot.flows.replies import reply_in_place

MAX_EXPORT_BLOCKS = 40  # a message holds 50 blocks


def export_blocks(context: BoltContext, user_id: str) -> list[dict[str, Any]]:
    with deps(context).sessions.begin() as session:
        data = export_person(session, team_id=context.team_id or "", user_id=user_id)
    text = json.dumps(data, indent=1, ensure_ascii=False)
    # Code blocks cannot contain ``` and are escaped like any text: the export can never ping anyone.
    pieces = chunks(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("```", "'''"),
                    limit=2900)
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": f"```{piece}```"}}
              for piece in pieces[:MAX_EXPORT_BLOCKS]]
    if len(pieces) > MAX_EXPORT_BLOCKS:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text":
            "That's the first part; there is more than one message can hold. Ask your workspace admin for the rest."}]})
    return blocks


def delete_offer() -> list[dict[str, Any]]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text":
            "This deletes everything I store about you: your settings, your prompts and closes, your promises and "
            "reminders, and intro requests you made or answered. Intros that involve other people stay for them, "
            "without your name or words. It can't be undone."}},
        {"type": "actions", "elements": [{
            "type": "button", "action_id": Action.DELETE_MY_DATA, "style": "danger",
            "text": {"type": "plain_text", "text": "Delete my data"},
            "confirm": {"title": {"type": "plain_text", "text": "Delete your data?"},
                        "text": {"type": "plain_text", "text": "Everything I store about you will be deleted."},
                        "confirm": {"type": "plain_text", "text": "Delete"},
                        "deny": {"type": "plain_text", "text": "Keep it"}, "style": "danger"},
        }]},
    ]


def delete_my_data(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    with deps(context).sessions.begin() as session:
        delete_person(session, team_id=context.team_id or "", user_id=body["user"]["id"])
    # Done whatever the reply meets: pressed again (the reply was lost), it deletes nothing more and says so again.
    reply_in_place(respond, body, ":wastebasket: Done: everything I stored about you is deleted.")
