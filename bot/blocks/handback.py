"""Block Kit, pure: messages that hand something to a person privately: a decline passed to its introducer, a
double opt-in request that expired, a close Slack would not take handed back to its author."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.ids import Action
from bot.blocks.kit import Message, actions, button, context, section
from bot.blocks.mrkdwn import chunks, escape, quote
from bot.blocks.prompt import mentions
from bot.services.optin_view import OptInView


def private_answer(*, author_id: str, author_name: str, other_ids: Sequence[str], channel_id: str, party_id: int,
                   text: str, note: str | None = None) -> Message:
    """A decline for the introducer's DM only, quoted, with the button that says it was passed on. `note`: a line
    for the introducer alone (asking to check first next time), shown apart from what they are to pass on."""
    header = (
        f"<@{author_id}> asked me to hand you a private answer about your intro to {mentions(other_ids)} "
        f"in <#{channel_id}>. It was not posted anywhere else."
    )
    return f"A private answer from {escape(author_name)} about your intro", [
        section(header),
        *(section(piece, verbatim=True) for piece in chunks(quote(text))),
        *([section(f"And a note for you, not to pass on:\n{quote(note)}", verbatim=True)] if note else []),
        actions([button("I've passed it on", Action.RELAYED, str(party_id))]),
        context("Please pass this on kindly within two days. Asking both people before introducing "
                "them next time saves everyone this step."),
    ]


def request_expired(people: tuple[str, str], silent_ids: Sequence[str]) -> Message:
    """For the introducer: a double opt-in request a week old that not everyone answered."""
    silent = " and ".join(f"<@{uid}>" for uid in silent_ids)
    first, second = people
    text = (f"Your intro request for <@{first}> and <@{second}> has expired: {silent} didn't answer within a week. "
            "No one was connected; you could ask them directly whether they'd welcome it.")
    return text, [section(text)]


def request_expired_for_yes(view: OptInView, user_id: str) -> Message:
    """For someone who said yes to a double opt-in request that expired: it did not go ahead, and why."""
    other = view.other_than(user_id)
    text = (f"The intro <@{view.introducer_id}> proposed between you and <@{other}> didn't go ahead: <@{other}> didn't "
            "answer within a week. Nothing more will happen with it; you're welcome to reach out directly.")
    return text, [section(text)]


def close_handed_back(*, channel_id: str, text: str) -> str:
    """For a close's author, when Slack would not take it after all the retries: their words, so none are lost."""
    return (f"I couldn't post your close about <#{channel_id}> after trying for a day. "
            f"Here it is, so it isn't lost; you can send it yourself:\n{quote(text)}")
