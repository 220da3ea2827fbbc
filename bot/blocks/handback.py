"""Block Kit, pure: messages that hand something to a person privately: a decline passed to its introducer, a
double opt-in request that expired, a close Slack would not take handed back to its author."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.ids import Action
from bot.blocks.kit import Message, actions, button, context, section
from bot.blocks.mrkdwn import chunks, escape, quote
from bot.blocks.prompt import mentions
from bot.domain.i18n import _, _n
from bot.services.optin_view import OptInView


def private_answer(*, author_id: str, author_name: str, other_ids: Sequence[str], channel_id: str, party_id: int,
                   text: str, note: str | None = None) -> Message:
    """A decline for the introducer's DM only, quoted, with the button that says it was passed on. `note`: a line
    for the introducer alone (asking to check first next time), shown apart from what they are to pass on."""
    header = _("{author} asked me to hand you a private answer about your intro to {others} in {channel}. "
               "It was not posted anywhere else.",
               author=f"<@{author_id}>", others=mentions(other_ids), channel=f"<#{channel_id}>")
    return _("A private answer from {author} about your intro", author=escape(author_name)), [
        section(header),
        *(section(piece, verbatim=True) for piece in chunks(quote(text))),
        *([section(_("And a note for you, not to pass on:\n{note}", note=quote(note)), verbatim=True)] if note
          else []),
        actions([button(_("I've passed it on"), Action.RELAYED, str(party_id))]),
        context(_("Please pass this on kindly within two days. Asking both people before introducing "
                  "them next time saves everyone this step.")),
    ]


def request_expired(people: tuple[str, str], silent_ids: Sequence[str]) -> Message:
    """For the introducer: a double opt-in request a week old that not everyone answered."""
    first, second = people
    text = _n("Your intro request for {first} and {second} has expired: {silent} didn't answer within a week. "
              "No one was connected; you could ask them directly whether they'd welcome it.",
              "Your intro request for {first} and {second} has expired: {silent} didn't answer within a week. "
              "No one was connected; you could ask them directly whether they'd welcome it.",
              len(silent_ids), first=f"<@{first}>", second=f"<@{second}>", silent=mentions(silent_ids))
    return text, [section(text)]


def request_expired_for_yes(view: OptInView, user_id: str) -> Message:
    """For someone who said yes to a double opt-in request that expired: it did not go ahead, and why."""
    other = view.other_than(user_id)
    text = _("The intro {introducer} proposed between you and {other} didn't go ahead: {other} didn't answer within "
             "a week. Nothing more will happen with it; you're welcome to reach out directly.",
             introducer=f"<@{view.introducer_id}>", other=f"<@{other}>")
    return text, [section(text)]


def close_handed_back(*, channel_id: str, text: str) -> str:
    """For a close's author, when Slack would not take it after all the retries: their words, so none are lost."""
    return _("I couldn't post your close about {channel} after trying for a day. "
             "Here it is, so it isn't lost; you can send it yourself:\n{close}",
             channel=f"<#{channel_id}>", close=quote(text))
