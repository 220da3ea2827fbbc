"""Slack layer: the /intro command: double opt-in intros, help and a person's own settings."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.clock import utcnow
from bot.domain.optin import CommandProblem, IntroKind, parse_intro_command
from bot.domain.timing import local_day
from bot.services.overview import overview
from bot.services.prefs import Setting, prefs_of
from bot.blocks.prefs import prefs_modal
from bot.flows.asks import request_intro
from bot.blocks.home import made_blocks, open_blocks
from bot.blocks.optin import optin_modal
from bot.slack.context import deps
from bot.slack.listeners.actions.prefs import change_setting
from bot.blocks.my_data import delete_offer
from bot.slack.listeners.commands.my_data import export_blocks
from bot.blocks.mrkdwn import escape
from bot.flows.optin import check_people, start_optin
from bot.blocks.ids import DIGEST_BLOCK_PREFIX
from bot.flows.replies import tell

COMMAND = "/intro"

HELP = """*Intro Etiquette* helps introductions end kindly instead of fizzling.
• `/intro @ana @ben why this intro helps both`: ask both of them privately first; I connect you all in a \
group DM only if both say yes, and tell you privately if not.
• `/intro`: the same, in a form.
• `/intro ask @introducer @person why`: ask someone to introduce you; they can ask both of you first, \
decline kindly, or suggest someone else.
When someone introduces you in a channel or group DM I'm in, I'll privately offer you ways to close it: \
*Direct* (a clear, kind decision), *Redirect* (point to someone better placed), *Decline* (a private note to the \
introducer only) or *Need time* (say by when you'll answer). I draft it in your voice and you edit it before \
anything is sent, and I remind you of the promises you make.
• `/intro prefs`: my intro policy (open, busy until a date, only certain topics) and notifications
• `/intro list`: what's open for me (intros, promises, requests), privately
• `/intro prompts off` or `on`: stop or start prompting me about intros
• `/intro digest off` or `on`: stop or start the Monday digest of my open intros and promises
• `/intro export`: everything I store about you; `/intro delete`: delete it
• `/intro help`: this message"""

SETTINGS = {"prompts": Setting.PROMPTS, "digest": Setting.DIGEST}


def handle_intro(ack: Ack, command: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient,
                 respond: Respond) -> None:
    text = (command.get("text") or "").strip()
    words = text.lower().split()
    if not words:
        ack()
        client.views_open(trigger_id=command["trigger_id"], view=optin_modal())
        return
    if words == ["help"]:
        ack(text=HELP)
        return
    if words == ["prefs"]:
        ack()
        with deps(context).sessions.begin() as session:
            prefs = prefs_of(session, team_id=context.team_id or "", user_id=command["user_id"])
        client.views_open(trigger_id=command["trigger_id"], view=prefs_modal(prefs))
        return
    if words[0] == "ask":
        ack()
        reply = request_intro(deps(context), client, team_id=context.team_id or "", bot_user_id=context.bot_user_id,
                              requester_id=command["user_id"], text=text[3:].strip(), now=utcnow())
        tell(client, respond, command["user_id"], reply)
        return
    if words == ["export"]:
        ack()
        tell(client, respond, command["user_id"], "Everything I store about you",
             export_blocks(context, command["user_id"]))
        return
    if words == ["delete"]:
        ack(text="Delete your data?", blocks=delete_offer())
        return
    if words == ["list"]:
        ack()
        tell(client, respond, command["user_id"], "Your open intros, promises and requests",
             _list(context, client, command["user_id"]))
        return
    if len(words) == 2 and words[0] in SETTINGS and words[1] in ("on", "off"):
        ack()
        reply = change_setting(context, client, user_id=command["user_id"], setting=SETTINGS[words[0]],
                               enabled=words[1] == "on")
        tell(client, respond, command["user_id"], reply)
        return
    if "<@" in text or "@" in words[0] or "<!" in text:
        ack()
        tell(client, respond, command["user_id"], _introduce(context, client, command, text))
        return
    ack(text=f"I don't know `/intro {escape(text[:80])}`. Here's what I can do:\n\n{HELP}")


def _list(context: BoltContext, client: WebClient, user_id: str) -> list[dict[str, Any]]:
    """A private summary: what is open for the person, with its buttons, and how their intros went."""
    d, team_id = deps(context), context.team_id or ""
    tz = d.people.get(client, team_id, user_id).tz
    with d.sessions.begin() as session:
        ov = overview(session, team_id=team_id, user_id=user_id)
    return [*open_blocks(ov, lambda moment: local_day(moment, tz), prefix=DIGEST_BLOCK_PREFIX), *made_blocks(ov)]


def _introduce(context: BoltContext, client: WebClient, command: dict[str, Any], text: str) -> str:
    """`/intro @a @b why`: ask both first. Anything malformed gets what was wrong and the right form."""
    d, team_id, user_id = deps(context), context.team_id or "", command["user_id"]
    try:
        parsed = parse_intro_command(text, author_id=user_id)
        check_people(d, client, team_id=team_id, bot_user_id=context.bot_user_id, people=parsed.people)
    except CommandProblem as problem:
        return f"{problem}\nThe form is: `/intro @person @person why this intro helps both of them`."
    return start_optin(d, client, team_id=team_id, introducer_id=user_id, people=parsed.people,
                       kind=IntroKind.CONNECTION, why=parsed.why, now=utcnow())
