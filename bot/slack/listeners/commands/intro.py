"""Slack layer: the /intro command: double opt-in intros, help and a person's own settings."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.blocks.mrkdwn import escape
from bot.blocks.my_data import delete_offer
from bot.blocks.optin import optin_modal
from bot.clock import utcnow
from bot.domain.i18n import N_, _
from bot.domain.optin import CommandProblem, IntroKind, parse_intro_command
from bot.flows.asks import request_intro
from bot.flows.deps import Deps
from bot.flows.home import open_list
from bot.flows.my_data import export_message
from bot.flows.optin import check_people, start_optin
from bot.flows.replies import tell
from bot.flows.settings import change_setting, prefs_form
from bot.flows.slack_client import open_modal
from bot.services.prefs import Setting
from bot.slack.context import Actor, actor, deps

COMMAND = "/intro"

HELP = N_("""*Intro Etiquette* helps introductions end kindly instead of fizzling.
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
• `/intro help`: this message""")

SETTINGS = {"prompts": Setting.PROMPTS, "digest": Setting.DIGEST}


def handle_intro(ack: Ack, command: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient,
                 respond: Respond) -> None:
    text = (command.get("text") or "").strip()
    words = text.lower().split()
    d, who = deps(context), actor(body, context)
    if not words:
        ack()
        open_modal(client, command["trigger_id"], optin_modal())
        return
    if words == ["help"]:
        ack(text=_(HELP))
        return
    if words == ["prefs"]:
        ack()
        open_modal(client, command["trigger_id"],
                          prefs_form(d, team_id=who.team_id, user_id=who.user_id))
        return
    if words[0] == "ask":
        ack()
        reply = request_intro(d, client, team_id=who.team_id, bot_user_id=context.bot_user_id,
                              requester_id=who.user_id, text=text[3:].strip(), now=utcnow())
        tell(client, respond, who.user_id, reply)
        return
    if words == ["export"]:
        ack()
        tell(client, respond, who.user_id, _("Everything I store about you"),
             export_message(d, team_id=who.team_id, user_id=who.user_id))
        return
    if words == ["delete"]:
        ack(text=_("Delete your data?"), blocks=delete_offer())
        return
    if words == ["list"]:
        ack()
        tell(client, respond, who.user_id, _("Your open intros, promises and intro requests"),
             open_list(d, client, team_id=who.team_id, user_id=who.user_id))
        return
    if len(words) == 2 and words[0] in SETTINGS and words[1] in ("on", "off"):
        ack()
        reply = change_setting(d, client, team_id=who.team_id, user_id=who.user_id, setting=SETTINGS[words[0]],
                               enabled=words[1] == "on", now=utcnow())
        tell(client, respond, who.user_id, reply)
        return
    if "<@" in text or "@" in words[0] or "<!" in text:
        ack()
        tell(client, respond, who.user_id, _introduce(d, client, who, text, bot_user_id=context.bot_user_id))
        return
    ack(text=_("I don't know `/intro {command}`. Here's what I can do:\n\n{help}", command=escape(text[:80]),
               help=_(HELP)))


def _introduce(d: Deps, client: WebClient, who: Actor, text: str, *, bot_user_id: str | None) -> str:
    """`/intro @a @b why`: ask both first. Anything malformed gets what was wrong and the right form."""
    try:
        parsed = parse_intro_command(text, author_id=who.user_id)
        check_people(d, client, team_id=who.team_id, bot_user_id=bot_user_id, people=parsed.people)
    except CommandProblem as problem:
        return f"{problem}\n" + _("The form is: `/intro @person @person why this intro helps both of them`.")
    return start_optin(d, client, team_id=who.team_id, introducer_id=who.user_id, people=parsed.people,
                       kind=IntroKind.CONNECTION, why=parsed.why, now=utcnow())
