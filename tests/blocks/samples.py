"""Sample renderings of every Block Kit builder in bot/blocks, for the kit's checks (tests/blocks/test_kit.py).

Each sample is a message (a list of blocks) or a view (a modal or the Home tab), keyed by a name that says which
builder and which branch made it, so a failure names what to fix. Each is rendered with everyday values (SHORT)
and with long ones (LONG, LONGEST: names, topics, notes and answers as long as people and the forms make them),
so a label that holds a name fits Slack's limits whoever is named.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from bot.blocks import (
    asks,
    close_modal,
    closes,
    digest,
    handback,
    home,
    my_data,
    nudges,
    optin,
    prefs,
    prompt,
    redirect,
    shortcut,
    wording_warnings,
    yes_modal,
)
from bot.blocks.close_form import CloseForm, ModalMeta
from bot.blocks.ids import MAX_ROW_ID
from bot.domain.closes import CloseWay, DeclineReason, DirectReason
from bot.domain.detection import MAX_PARTIES
from bot.domain.drafts import DraftVoice, Register
from bot.domain.optin import Answer, AskState, IntroKind, IntroPolicy, Policy, RequestState
from bot.domain.shortcut import Role
from bot.domain.states import PartyState, PromiseKind, PromiseState
from bot.domain.wording import IssueKind, WordingIssue
from bot.services.ask_view import OPEN_ASKS, AskView, OpenAsks
from bot.services.digest import DIGEST_ITEMS, Digest
from bot.services.intros import IntroView
from bot.services.nudges import PromiseView
from bot.services.optin_view import OptInView, PersonAnswer
from bot.services.overview import IntrosMade, Overview
from bot.services.prefs import Prefs

Block = dict[str, Any]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = NOW.date()
WHY = "Ana is hiring a <b>data</b> lead & Ben built one @channel\nsecond line"


@dataclass(frozen=True, slots=True)
class Values:
    """What people type or are called, which the builders put into their words."""

    name: str  # a person's name: outside Slack as typed, or as Slack spells a member
    contact: str  # how to reach someone outside Slack
    topics: str  # the topics of an intro policy
    note: str  # a person's short note (their policy's, a "not now" answer's)
    why: str  # why an intro, as its asker typed it
    answer: str  # an introducer's answer to a request
    phrase: str  # a phrase quoted from a person's own draft by the wording check


SHORT = Values(name="Eve", contact="eve@x.org", topics="maps <b>", note="Busy <now>", why=WHY,
               answer="Not now, sorry", phrase="so sorry <3")
# A 30-character name, an 80-character topic: what the forms see every day in some workspaces.
LONG = Values(name="Maximiliana Wolfeschlegelstein", contact="maximiliana.wolfeschlegelstein@example.org",
              topics="hiring data leads, pricing for marketplaces, and maps of anything, everything <b>",
              note="Mornings are best, and please say what each side gains <3 " * 2, why=WHY * 5,
              answer="I'd rather not, sorry: I barely know them. " * 10, phrase="so so sorry " * 8)
# The most each form takes (bot/blocks/close_form.py MAX_NAME_CHARS, bot/domain/optin.py), with emoji, marks and
# flags, which a cut must not split.
LONGEST = Values(name="Zoë Ōkubo-Ñúñez 👩🏽‍💻🇯🇵 " * 4 + "E\u0301" * 2, contact="eve@x.org" * 11,
                 topics="hiring 👩🏽‍💻 & <pricing> " * 6 + "x" * 6, note="Mornings <3 🇯🇵 " * 20,
                 why="Both love maps & data <b>bold</b> 👩🏽‍💻 " * 25, answer="I'd rather not <@U1> & ... " * 37,
                 phrase="so sorry 🇯🇵 " * 20)
VALUES = {"short": SHORT, "long": LONG, "longest": LONGEST}


def day(when: datetime) -> str:
    return when.strftime("%A %d %B")


def intro(party_id: int = 7, others: tuple[str, ...] = ("U2", "U3")) -> IntroView:
    return IntroView(intro_id=1, party_id=party_id, team_id="T1", user_id="U1", state=PartyState.OPEN,
                     channel_id="C1", message_ts="1.1", thread_ts="1.1", introducer_id="U9", other_ids=others,
                     prompt_channel_id="D1", prompt_ts="2.2", introduced_at=datetime(2026, 3, 2, 15, tzinfo=UTC))


def promise(kind: PromiseKind, *, user: str | None = "U4", name: str | None = None,
            contact: str | None = None) -> PromiseView:
    return PromiseView(promise_id=11, kind=kind, state=PromiseState.OPEN, owner_id="U1", target_user_id=user,
                       target_name=name, target_contact=contact, due_at=NOW, created_at=NOW)


def request(first: Answer = Answer.PENDING, second: Answer = Answer.YES, note: str | None = None,
            why: str = WHY) -> OptInView:
    return OptInView(5, "T1", "U9", IntroKind.REFERRAL, why, RequestState.ASKING,
                     (PersonAnswer("U1", first, note, "D1", "3.3"), PersonAnswer("U2", second, None, None, None)),
                     None)


def ask_view(state: AskState = AskState.WAITING, answer: str | None = None, suggested: str | None = None,
             why: str = WHY) -> AskView:
    return AskView(3, "T1", "U1", "U9", "U2", why, state, answer, suggested,
                   created_at=datetime(2026, 11, 23, tzinfo=UTC))


def messages(v: Values = SHORT) -> Iterator[tuple[str, list[Block]]]:
    """Every message builder, with each branch that changes the blocks."""
    policy = Policy(IntroPolicy.TOPICS, topics=v.topics, note=v.note).summary(TODAY)
    yield "prompt", prompt.build_prompt(party_id=7, introducer_id="U9", other_ids=["U2", "U3"], channel_id="C1",
                                        permalink="https://x.slack.com/archives/C1/p1", policy=policy)
    # The most a message can name (bot/domain/detection MAX_PARTIES), with Slack's longest ids and a long policy.
    longest = [f"U{n:031d}" for n in range(MAX_PARTIES)]
    yield "prompt.fullest", prompt.build_prompt(party_id=MAX_ROW_ID, introducer_id="W" + "9" * 31,
                                                other_ids=longest[1:], channel_id="C" + "1" * 31,
                                                permalink="https://x.slack.com/archives/C1/p" + "1" * 200,
                                                policy="only taking intros about hiring " * 5)
    yield "prompt.by_dm", prompt.build_prompt(party_id=7, introducer_id="U9", other_ids=["U2"], channel_id="C1",
                                              permalink=None, by_dm=True)
    yield "prompt.confirmation", prompt.confirmation("Done: you closed it directly.")
    for note in (None, "One small ask: next time, please check with me first."):
        yield f"handback.private_answer.{bool(note)}", handback.private_answer(
            author_id="U1", author_name=v.name, other_ids=["U2"], channel_id="C1", party_id=7,
            text="Hi Carla, thanks for thinking of me. " * 200, note=note)[1]
    yield "handback.request_expired", handback.request_expired(("U1", "U2"), ["U2"])[1]
    yield "handback.request_expired_for_yes", handback.request_expired_for_yes(request(), "U2")[1]
    yield "asks.ask_message", asks.ask_message(ask_view(why=v.why), f"\n_Their policy: {policy}._")[1]
    yield "asks.answer.declined", asks.answer_message(ask_view(AskState.DECLINED, v.answer))[1]
    yield "asks.answer.suggested", asks.answer_message(ask_view(AskState.SUGGESTED, v.answer, "U5"))[1]
    yield "asks.answer.suggested.nobody", asks.answer_message(ask_view(AskState.SUGGESTED, v.answer))[1]
    yield "asks.reminder", asks.ask_message(ask_view(why=v.why), "", expires_day="Monday, 30 November")[1]
    yield "asks.expired", asks.expired_message(ask_view(AskState.EXPIRED))[1]
    yield "closes.posted_close", closes.posted_close("word " * 1000, f"{v.name} <Lee>")
    for kind in PromiseKind:
        for number in (1, 3):
            yield f"nudges.promise.{kind}.{number}", nudges.promise_nudge(
                promise(kind), intro(), number=number, day="Monday", permalink="https://x/p")[1]
    yield "nudges.promise.outside", nudges.promise_nudge(
        promise(PromiseKind.MAKE_REDIRECT, user=None, name=f"{v.name} <E>", contact=v.contact), intro(), number=2,
        day="Monday", permalink=None)[1]
    outside = promise(PromiseKind.MAKE_REDIRECT, user=None, name=f"{v.name} <E>", contact=v.contact)
    for contact in (v.contact, None):
        yield f"redirect.contact_passed_on.{bool(contact)}", redirect.contact_passed_on(
            "U1", promise(PromiseKind.MAKE_REDIRECT, user=None, name=f"{v.name} <E>", contact=contact), intro())[1]
    for number in (1, 3):
        yield f"redirect.not_going_ahead_nudge.{number}", redirect.not_going_ahead_nudge(
            outside, intro(), number=number)[1]
    yield "nudges.open_intro", nudges.open_intro_nudge(intro(), "https://x/p", when="on Tuesday")[1]
    items = [(promise(kind, name=v.name), intro()) for kind in PromiseKind]
    yield "digest", digest.build_digest(Digest(waiting=[intro(8), intro(9)], promises=items, more=2), day)[1]
    yield "digest.one", digest.build_digest(Digest(waiting=[intro()], promises=[], more=0), day)[1]
    yield "digest.asks", digest.build_digest(Digest([], [], 0, OpenAsks([ask_view(why=v.why)], [ask_view()])), day)[1]
    # Every list full, with more left out of each: the most a digest holds, and what it says of the rest.
    fullest = OpenAsks([ask_view(why=v.why)] * OPEN_ASKS, [ask_view()] * OPEN_ASKS, more_to_answer=3, more_mine=1)
    yield "digest.fullest", digest.build_digest(
        Digest([intro(8)] * (DIGEST_ITEMS - len(items)), items, 12, fullest), day)[1]
    yield "optin.ask", optin.ask(request(why=v.why), "U1")[1]
    yield "optin.ask.reminder", optin.ask(request(why=v.why), "U1", reminder=True)[1]
    for answer in (Answer.NOT_NOW, Answer.NO):
        for uid, (_, blocks) in optin.declined(request(answer, note=v.note)).items():
            yield f"optin.declined.{answer}.{uid}", blocks
    dated = replace(request(Answer.NOT_NOW), answers=(PersonAnswer("U1", Answer.NOT_NOW, None, "D1", "3.3",
                                                                   date(2026, 4, 1)), request().answers[1]))
    for uid, (_, blocks) in optin.declined(dated).items():
        yield f"optin.declined.not_now_dated.{uid}", blocks
    yield "optin.group_intro", optin.group_intro(request(Answer.YES))[1]
    yield "home.open_blocks.empty", home.open_blocks(overview(v, empty=True), day, prefix="digest:")
    yield "home.open_blocks", home.open_blocks(overview(v), day, prefix="digest:")
    yield "home.made_blocks", home.made_blocks(overview(v))
    yield "my_data.export", my_data.export_blocks({"prefs": {"note": "<!channel> & ```"}, "intros": []})
    yield "my_data.export.long", my_data.export_blocks({"rows": ["x" * 99] * 2000})
    yield "my_data.delete_offer", my_data.delete_offer()


def overview(v: Values = SHORT, *, empty: bool = False) -> Overview:
    if empty:
        return Overview(Digest([], [], 0), [], [], IntrosMade({}, []))
    items = [(promise(kind, name=v.name), intro()) for kind in PromiseKind]
    asks = OpenAsks([ask_view(why=v.why)] * OPEN_ASKS, [ask_view()], more_to_answer=2)
    return Overview(Digest([intro(8)], items, 3, asks), [request(why=v.why)], [request(Answer.YES, Answer.PENDING)],
                    IntrosMade({"closed kindly": 3, "silent": 1}, ["U7", "U8"]))


def views(v: Values = SHORT) -> Iterator[tuple[str, Block]]:
    """Every modal and Home view builder, with each branch that changes the blocks."""
    issues = [WordingIssue(IssueKind.OVER_APOLOGIZING, v.phrase, "One thank-you is enough.")]
    forms = {
        CloseWay.DIRECT: CloseForm(reason=DirectReason.NOT_A_FIT, after=date(2026, 4, 1), draft="Hi"),
        CloseWay.REDIRECT: CloseForm(who="U4", who_name=v.name, who_contact=v.contact, by=date(2026, 3, 9),
                                     draft="Hi [name]"),
        CloseWay.NEED_TIME: CloseForm(by=date(2026, 3, 9), draft="Soon"),
        CloseWay.DECLINE: CloseForm(reason=DeclineReason.NOT_MY_AREA, busy_until=date(2026, 5, 1), draft="No",
                                    check_first="Ask me first next time"),
    }
    for way, form in forms.items():
        meta = ModalMeta(party_id=7, way=way, response_url="https://hooks/r", draft_version=2)
        yield f"close_modal.{way}", close_modal.build_close_modal(meta=meta, form=form, introducer_id="U9")
        yield f"close_modal.{way}.empty", close_modal.build_close_modal(meta=meta, form=CloseForm(),
                                                                        introducer_id="U9", issues=issues)
        yield f"close_modal.{way}.shortcut", close_modal.build_close_modal(
            meta=ModalMeta(party_id=7, way=way, via_shortcut=True), form=form, introducer_id="U9")
        yield f"close_modal.{way}.far", close_modal.build_close_modal(  # a date months off: the practice's hint
            meta=meta, form=form, introducer_id="U9", today=date(2025, 1, 1))
    # A redirect's choices, naming the better-placed person (someone outside Slack, or a member the bot can ask
    # now), ticked either way.
    redirecting = ModalMeta(party_id=7, way=CloseWay.REDIRECT, agreed=True)
    for agreed, ask_now in ((True, False), (False, True)):
        yield f"close_modal.redirect.agreed.{agreed}", close_modal.build_close_modal(
            meta=redirecting, introducer_id="U9", better_name=v.name,
            form=CloseForm(who_name=v.name, by=date(2026, 3, 9), draft="Hi", agreed=agreed, ask_now=ask_now))
        yield f"close_modal.redirect.member.{agreed}", close_modal.build_close_modal(
            meta=redirecting, introducer_id="U9", better_name=v.name,
            form=CloseForm(who="U4", by=date(2026, 3, 9), draft="Hi", agreed=agreed, ask_now=ask_now))
    declining = asks.decline_modal(ask_view(why=v.why), v.answer, "https://hooks/r")
    yield "asks.decline_modal", declining
    # The form again as Slack sent it back (with its id, state and hash), now with its wording warnings.
    submitted = {**declining, "id": "V1", "hash": "h1", "state": {"values": {}}, "team_id": "T1"}
    yield "wording_warnings.warned_view", wording_warnings.warned_view(
        submitted, issues=issues, texts={"ask_text": v.answer}, metadata='{"ask_id": 3}')
    yield "asks.suggest_modal", asks.suggest_modal(ask_view(why=v.why), None)
    yield "optin.optin_modal", optin.optin_modal()
    yield "optin.optin_modal.filled", optin.optin_modal(first="U1", second="U2", why=v.why, promise_id=4,
                                                        ask_id=3, response_url="https://hooks/r")
    yield "optin.no_thanks_modal", optin.no_thanks_modal(request(why=v.why))
    yield "optin.not_now_modal", optin.not_now_modal(request(why=v.why), "U1", ask_again_after=date(2026, 4, 1))
    yield "prefs.default", prefs.prefs_modal(Prefs())
    yield "prefs.filled", prefs.prefs_modal(Prefs(False, True, Policy(IntroPolicy.BUSY, date(2026, 4, 1), v.topics,
                                                                      v.note), language="ja"))
    yield "shortcut.chooser", shortcut.chooser_modal(party_id=7, introducer_id="U9", other_ids=["U2"], metadata="{}")
    for role in Role:
        yield f"shortcut.who.{role}", shortcut.who_modal(role=role, suggested=["U2", "U3"], metadata="{}")
    yield "shortcut.who.problem", shortcut.who_modal(role=Role.PARTY, suggested=[], metadata="{}",
                                                     problem="<@U2> can't be asked.")
    yield "nudges.new_date_modal", nudges.new_date_modal(meta=nudges.NewDateMeta(11, "https://hooks/r"),
                                                         other_ids=("U2", "U3"), day=date(2026, 3, 5),
                                                         voice=DraftVoice("es", Register.INFORMAL))
    yield "yes_modal", yes_modal.yes_modal(meta=yes_modal.YesMeta(party_id=7, response_url="https://hooks/r"),
                                           draft="Hi Ben, thanks. Happy to talk: Thursday?", introducer_id="U9")
    yield "yes_modal.warned", yes_modal.yes_modal(meta=yes_modal.YesMeta(party_id=7, via_shortcut=True),
                                                  draft="Let's circle back", introducer_id="U9", issues=issues)
    yield "shortcut.notice", shortcut.notice_modal("That message isn't an intro I can close.")
    for prompts_on, digest_on in ((True, True), (False, False)):
        yield f"home.{prompts_on}.{digest_on}", home.build_home(Prefs(prompts_on, digest_on), overview(v), day, TODAY)
    yield "home.empty", home.build_home(Prefs(policy=Policy(IntroPolicy.TOPICS, topics=v.topics, note=v.note)),
                                        overview(v, empty=True), day, TODAY)
