"""Slack failing at each step of each flow: a 429, a 500, a dropped connection, a timeout, a lost answer.

One table of steps (a flow and a Slack method it calls) runs against every kind of failure. Each case
drives the real app over HTTP, makes Slack fail that call (as many times as the client tries it, so the
failure outlasts the client's own retries), and checks what the person sees right away, that the
database still holds the work, and that the retry (a due-work tick, or the person pressing again where
the product asks them to) delivers it exactly once.

"Lost answer" is Slack doing what was asked while its answer never arrives, so the client times out.
Where the retry then shows something twice, the case expects two copies: a post that cannot be looked up
(Slack has no idempotency key for a post): an ephemeral prompt, a DM (the app may not read DMs: a prompt, a
decline, a nudge, an opt-in question or its news, an intro request or its answer, a redirect's outside contact
passed on), a command's reply (shown, and sent by DM as well), and a group intro posted again when the second
person presses Yes again. A close in a thread and Step back's goodbye in the group DM are looked up (by their
metadata) before they are posted again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import FrozenDateTimeFactory
from slack_sdk.http_retry import builtin_handlers
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.webhook import WebhookClient
from sqlalchemy import select

from bot.blocks.ids import OPTIN_MODAL, PROMPT_MENU_OFF, YES_MODAL, Action
from bot.config import load_settings
from bot.db.engine import SessionFactory
from bot.db.models import Close, Intro, IntroAsk, Nudge, OptInAnswer, OptInRequest, Party, Promise, UserPrefs
from bot.domain.nudging import WorkingHours
from bot.domain.optin import Answer, AskState, IntroPolicy, RequestState
from bot.domain.states import CloseStatus, NudgeKind, PartyState, PromiseState
from bot.flows.deps import Deps
from bot.flows.due_work import run_due_work
from bot.flows.language import Lookup, language_or_english
from bot.flows.people import PeopleDirectory
from bot.scheduler.loop import DueWorkLoop
from bot.slack.app import SLACK_RETRIES, make_client
from tests.e2e.conftest import ANA, BEN, CARLA, CHANNEL, DIEGO, SIGNING_SECRET, STRANGER, TEAM, TOKEN, Bot, serving
from tests.e2e.modal import state_of
from tests.e2e.steps import prefs_values
from tests.support import slack_requests as req
from tests.support.fake_slack import Call, FakeSlack, Hang
from tests.support.slack_requests import Response, SignedPoster

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, where everyone lives
NEXT_MONDAY = date(2026, 11, 30)
RETRY = timedelta(minutes=2)  # the due-work loop's first retry comes a minute after a failure
INTRO_TS = "1763800000.000100"
WHY = "Ana is hiring a pricing lead and Ben ran pricing at Acme for five years"
TIMEOUT = 0.2  # seconds the clients wait for an answer while a case makes Slack hang (10 s in production)
PATIENT = 10.0  # ... and otherwise, so that a busy machine never turns a slow answer into a failure


# ---- the failures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    name: str
    status: int = 200
    drop: bool = False
    hang: Hang | None = None

    @property
    def slack_did_it(self) -> bool:
        """Slack carried the call out; only its answer was lost."""
        return self.hang == "after"

    def tries(self, method: str) -> int:
        """How many calls the app makes before it sees the failure: the Web API client retries 429s, 5xx and
        dropped connections twice; a response_url's client retries only a dropped connection, once; nobody
        retries a timeout (Slack may have acted), nor opening a modal (its trigger lives 3 s)."""
        if self.hang or method == "views.open":
            return 1
        if method.startswith("response_url:"):
            return 2 if self.drop else 1
        return SLACK_RETRIES + 1


FAULTS = [
    Fault("429", status=429),
    Fault("500", status=500),
    Fault("drop", drop=True),
    Fault("timeout", hang="before"),
    Fault("lost_answer", hang="after"),
]
# A lost answer is just a timeout where doing it twice changes nothing: a read, opening a DM, an edit.
IDEMPOTENT = {"users.info", "chat.getPermalink", "conversations.replies", "conversations.history",
              "conversations.open", "chat.update", "views.publish"}
READS = {"users.info", "chat.getPermalink", "conversations.replies", "conversations.history"}
POSTS = {"chat.postMessage", "chat.postEphemeral"}  # what a person sees twice when it is sent again


def twice(method: str, fault: Fault) -> bool:
    """Slack posted it but its answer was lost, so the retry posts it again."""
    return fault.slack_did_it and method in POSTS


Flow = Callable[["World", str, Fault], None]  # drives one flow with Slack failing `method` the `Fault` way
Setup = Callable[["World"], tuple[str, Action, str, str]]  # makes a button: who presses it, its value, replies where


# ---- the running app, with a short timeout ---------------------------------------------------------------


class _NoJitter:
    @staticmethod
    def random() -> float:
        return 0.0


def known_language(d: Deps, client: Any, team_id: str, user_id: str, *, lookup: Lookup = Lookup.PATIENT) -> str:
    return language_or_english(d, client, team_id, user_id, lookup=Lookup.KNOWN_ONLY)


@pytest.fixture
def bot(fake: FakeSlack, db_url: str, sessions: SessionFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Bot]:
    """The app as in production, but its clients retry at once (Retry-After 0, no backoff) and wait for an
    answer as long as its client's `timeout` says (World.fail shortens it for a hang), and it looks every
    person up in Slack each time (no cache), so a failing users.info meets every step that needs one."""
    settings = load_settings(_env_file=None, slack_bot_token=TOKEN, slack_signing_secret=SIGNING_SECRET,
                             slack_api_url=fake.api_url, database_url=db_url)
    client = make_client(settings, timeout=PATIENT)  # Bolt copies it, timeout and all, for each request
    at_once = FixedValueRetryIntervalCalculator(0.0)
    for handler in client.retry_handlers:
        handler.interval_calculator = at_once
    monkeypatch.setattr(builtin_handlers, "random", _NoJitter)

    def webhook(*args: Any, **kwargs: Any) -> WebhookClient:  # response_url replies: one retry, at once
        retry = builtin_handlers.ConnectionErrorRetryHandler(interval_calculator=at_once)
        return WebhookClient(*args, **{**kwargs, "timeout": client.timeout, "retry_handlers": [retry]})

    for module in ("slack_bolt.context.respond.respond", "bot.flows.response_urls"):
        monkeypatch.setattr(f"{module}.WebhookClient", webhook)
    # The steps' own lookups are what a failing users.info is to meet here. The language to answer each request in
    # is looked up before its step and, failing, is English (tests/e2e/test_languages.py): it would take the
    # failures first, so it is read from what is known without asking Slack.
    monkeypatch.setattr("bot.slack.context.language_or_english", known_language)
    deps = Deps(sessions=sessions, people=PeopleDirectory(ttl_seconds=0))
    with serving(settings, sessions, deps=deps, client=client) as (base, executor, app):
        fake.reset_calls()
        yield Bot(fake=fake, poster=SignedPoster(f"{base}/slack/events", SIGNING_SECRET), executor=executor,
                  sessions=sessions, settings=settings, app=app)


@pytest.fixture
def clock() -> Iterator[FrozenDateTimeFactory]:
    with freeze_time(MONDAY) as frozen:
        yield cast(FrozenDateTimeFactory, frozen)  # freezegun types every factory alike; without tick it is this one


def dm(user_id: str) -> str:
    return "D" + user_id[1:]


@dataclass
class World:
    """The app and its clock, with every call Slack got during the case (ticks reset the fake's list)."""

    bot: Bot
    clock: FrozenDateTimeFactory
    _earlier: list[Call] = field(default_factory=list)
    state: Any = None  # what a case's setup hands on (a digest button's block id)

    @property
    def fake(self) -> FakeSlack:
        return self.bot.fake

    def now(self) -> datetime:
        return datetime.now(UTC)

    def calls(self, method: str) -> list[Call]:
        return [c for c in [*self._earlier, *self.fake.calls] if c.method == method]

    def done(self, method: str, **params: Any) -> list[Call]:
        """Calls Slack carried out (whether or not its answer arrived) whose params include `params`."""
        return [c for c in self.calls(method) if c.response is not None and c.response.get("ok") is True
                and all(c.params.get(k) == v for k, v in params.items())]

    def replies(self, name: str) -> list[str]:
        return [c.params.get("text", "") for c in self.done(f"response_url:{name}")]

    def fail(self, method: str, fault: Fault, *, times: int | None = None) -> None:
        self.fake.fail_next(method, status=fault.status, retry_after=0 if fault.status == 429 else None,
                            drop_connection=fault.drop, hang=fault.hang, times=times or fault.tries(method))
        if fault.hang:
            self.bot.app.client.timeout = TIMEOUT  # type: ignore[assignment]  # slack_sdk says int; urllib takes float

    def met(self, method: str) -> None:
        """Every failure injected into `method` met a call: the step really made it. Slack is patient again."""
        assert self.fake.pending_failures(method) == 0, f"the flow made fewer calls to {method} than expected"
        self.bot.app.client.timeout = PATIENT  # type: ignore[assignment]  # slack_sdk says int; urllib takes float

    def tick(self, when: datetime) -> None:
        """One tick of the due-work loop at `when`, as the running bot has it: a tick that fails is logged and
        the next one tries again."""
        self._earlier += self.fake.calls
        self.fake.reset_calls()
        self.clock.move_to(when)
        d = Deps(sessions=self.bot.sessions, people=PeopleDirectory())
        DueWorkLoop(lambda clock: run_due_work(d, lambda team: self.bot.app.client, clock, WorkingHours()),
                    clock=lambda: when).run_once()

    # ---- what people do --------------------------------------------------------------------------------

    def say(self, text: str, *, ts: str = INTRO_TS) -> None:
        self.fake.add_message(CHANNEL, ts=ts, user=CARLA, text=text)  # in Slack, as the event says
        assert self.bot.say(text, ts=ts).status == 200

    def click(self, user: str, action: Action | str, value: str | None, *, reply: str = "prompt",
              **extra: Any) -> Response:
        response = self.bot.click(user=user, action_id=action, value=value,
                                  response_url=self.fake.response_url(reply), **extra)
        assert response.status == 200
        return response

    def submit(self, user: str, view: dict[str, Any], *, values: dict[str, Any] | None = None,
               **changes: Any) -> Response:
        response = self.bot.submit(user=user, callback_id=view["callback_id"],
                                   private_metadata=view.get("private_metadata", ""),
                                   values=values or state_of(view, **changes), view_extra={"blocks": view["blocks"]})
        assert response.status == 200
        return response

    def command(self, text: str, *, user: str = CARLA) -> None:
        assert self.bot.command(text, user=user, response_url=self.fake.response_url("command")).status == 200

    def open_home(self, user: str) -> None:
        assert self.bot.poster.post_event(req.app_home_opened(user=user, team_id=TEAM)).status == 200
        self.bot.settle()

    def party(self, user: str, intro_ts: str = INTRO_TS) -> Party:
        with self.bot.session() as session:
            return session.scalars(select(Party).join(Intro).where(Party.user_id == user,
                                                                   Intro.message_ts == intro_ts)).one()

    def opened_view(self) -> dict[str, Any]:
        return self.done("views.open")[-1].params["view"]

    def by_dm(self, user: str, marker: str) -> list[Call]:
        return [c for c in self.done("chat.postMessage", channel=dm(user)) if marker in c.params["text"]]

    def shown(self, user: str, marker: str, reply: str = "command") -> tuple[int, int]:
        """How often a reply saying `marker` reached `user`: (under what they did, by DM instead)."""
        return len([t for t in self.replies(reply) if marker in t]), len(self.by_dm(user, marker))


# ---- noticing an intro and prompting each person ------------------------------------------------------------

THREE = f"<@{ANA}> meet <@{BEN}> and <@{STRANGER}>, you all work on pricing"  # Sam is not in the channel: by DM


def prompts_to(w: World, user: str) -> list[Call]:
    return w.done("chat.postEphemeral", user=user) + w.done("chat.postMessage", channel=dm(user))


def notice(w: World, method: str, fault: Fault) -> None:
    by_dm = method in ("conversations.open", "chat.postMessage")  # the DM that replaces an ephemeral
    target = STRANGER if by_dm else ANA  # whose prompt meets the failure (Ana is prompted first)
    w.fail(method, fault)
    w.say(THREE)
    w.met(method)

    parties = {p.user_id: p for p in w.bot.rows(Party)}
    assert set(parties) == {ANA, BEN, STRANGER}  # recorded, whatever Slack answered
    if method in READS:  # a name or a link Slack would not give: everyone is prompted now all the same
        assert all(p.prompted_at is not None for p in parties.values())
        if method == "chat.getPermalink":
            assert all("https://fake.slack.com/archives/" not in str(c.params["blocks"])
                       for u in parties for c in prompts_to(w, u))
    else:  # nobody sees anything yet; the prompt waits for the due-work loop
        late = parties[target]
        assert (late.prompted_at, late.attempts) == (None, 1) and late.due_at is not None
        assert late.due_at > w.now()
        assert len(prompts_to(w, target)) == (1 if twice(method, fault) else 0)
    for user in {ANA, BEN, STRANGER} - {target}:
        assert len(prompts_to(w, user)) == 1

    w.tick(MONDAY + RETRY)

    for user in (ANA, BEN, STRANGER):
        again = user == target and twice(method, fault)  # a lost answer: the prompt is sent again
        assert len(prompts_to(w, user)) == (2 if again else 1), user
    assert all(p.prompted_at is not None and p.due_at is None for p in w.bot.rows(Party))


# ---- opening the close modal ------------------------------------------------------------------------------


def introduce(w: World) -> int:
    """Carla introduces Ana to Ben (Slack working); returns Ana's party id."""
    w.say(f"<@{ANA}> meet <@{BEN}>, you both work on pricing")
    return w.party(ANA).id


SLACK_DIDNT_ANSWER = "Slack didn't answer me"


def opens_form(setup: Setup) -> Flow:
    """A button that only opens a form (`setup` makes it: who presses what, with which value, replies where):
    nothing is stored, so Slack failing gets a private "try again", and trying again opens the form once."""

    def run(w: World, method: str, fault: Fault) -> None:
        user, action, value, reply = setup(w)
        before = len(w.done("views.open"))

        def opened() -> int:
            return len(w.done("views.open")) - before

        w.fail(method, fault)
        w.click(user, action, value, reply=reply)
        w.met(method)

        [told] = w.replies(reply)  # a private reply under the button
        assert SLACK_DIDNT_ANSWER in told and "try again" in told
        if fault.slack_did_it:  # only views.open gets a lost answer: the form did open; the reply says it may not have
            assert opened() == 1
            return
        assert opened() == 0
        w.click(user, action, value, reply=reply)  # the person tries again, as asked
        assert opened() == 1

    return run


# ---- submitting the close modal, each way ---------------------------------------------------------------


@dataclass(frozen=True)
class Way:
    action: Action
    changes: dict[str, Any]
    where: Callable[[World], list[Call]]  # the close as Slack carried it out
    saved: PartyState
    findable: bool = True  # a retry can look for an earlier attempt first (a thread: yes; a DM: no im:history)


def in_thread(w: World) -> list[Call]:
    return w.done("chat.postMessage", channel=CHANNEL, thread_ts=INTRO_TS)


WAYS = {
    "direct": Way(Action.DIRECT, {}, in_thread, PartyState.CLOSED_DIRECT),
    "redirect": Way(Action.REDIRECT, {"who": DIEGO, "draft": "Ben, Diego is the one to talk to; I'll connect you.",
                                      "redirect_options": []},
                    in_thread, PartyState.REDIRECTED),
    "decline": Way(Action.DECLINE, {}, lambda w: w.done("chat.postMessage", channel=dm(CARLA)), PartyState.DECLINED,
                   findable=False),
    "need_time": Way(Action.NEED_TIME, {}, in_thread, PartyState.OPEN),
}


def close(way_name: str) -> Callable[[World, str, Fault], None]:
    way = WAYS[way_name]

    def run(w: World, method: str, fault: Fault) -> None:
        party_id = introduce(w)
        w.click(ANA, way.action, str(party_id))
        view = w.opened_view()
        w.fail(method, fault)
        answer = w.submit(ANA, view, **way.changes)
        w.met(method)

        if method == "users.info":  # before anything is stored: the form stays open, with the text in it
            errors = answer.json()
            assert errors["response_action"] == "errors"
            assert any(SLACK_DIDNT_ANSWER in e and "again" in e for e in errors["errors"].values())
            assert w.bot.rows(Close) == [] and way.where(w) == []
            assert w.submit(ANA, view, **way.changes).body in ("", "{}")  # the person presses Send again
            assert len(way.where(w)) == 1
        else:
            assert answer.body in ("", "{}")  # the form closes: the close is saved
            [saved] = w.bot.rows(Close)
            assert w.party(ANA).state is way.saved
            if method == "response_url:prompt":  # posted; only the prompt's confirmation is missing
                assert saved.status is CloseStatus.POSTED and len(way.where(w)) == 1
                confirmed = [t for t in w.replies("prompt") if t.startswith(":white_check_mark:")]
                assert confirmed == w.replies("prompt") and len(confirmed) == (1 if fault.slack_did_it else 0)
            else:
                assert (saved.status, saved.attempts) == (CloseStatus.PENDING, 1) and saved.due_at is not None
                [told] = w.replies("prompt")
                assert "It's saved, and I'll send it" in told
                assert len(way.where(w)) == (1 if twice(method, fault) else 0)

        w.tick(MONDAY + RETRY)

        [sent] = w.bot.rows(Close)
        assert sent.status is CloseStatus.POSTED and sent.due_at is None
        again = twice(method, fault) and not way.findable  # a lost answer, posted again where it can't be found
        assert len(way.where(w)) == (2 if again else 1)

    return run


def close_retry(w: World, method: str, fault: Fault) -> None:
    """A close Slack did not take is retried by the due-work loop, and Slack fails that retry too."""
    party_id = introduce(w)
    w.click(ANA, Action.DIRECT, str(party_id))
    view = w.opened_view()
    w.fail("chat.postMessage", Fault("500", status=500))
    w.submit(ANA, view)
    w.fail(method, fault)
    w.tick(MONDAY + RETRY)
    w.met(method)

    [pending] = w.bot.rows(Close)
    assert pending.status is CloseStatus.PENDING and pending.due_at is not None  # kept for the next try
    assert len(in_thread(w)) == (1 if twice(method, fault) else 0)

    w.tick(MONDAY + timedelta(minutes=10))  # past any lease a failed tick left behind

    [sent] = w.bot.rows(Close)
    assert sent.status is CloseStatus.POSTED and len(in_thread(w)) == 1  # found in its thread, not posted again


# ---- the due-work loop's nudges --------------------------------------------------------------------------

DUE = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # next Monday, 09:00 in New York


def every_nudge_due(w: World) -> list[tuple[NudgeKind, str]]:
    """Something of every kind falls due at DUE; returns the nudges (kind, person) owed then.

    Ana redirects an intro to Diego (a promise due DUE), Ben leaves it open (an open-intro nudge);
    on a second intro Diego needs time until DUE and Ben declines (Carla owes passing it on);
    Carla asks Ana and Diego to be introduced, and neither answers (a reminder each); and everyone
    with something open gets the weekly digest at DUE.
    """
    w.say(f"<@{ANA}> meet <@{BEN}>, you both work on pricing")
    w.click(ANA, Action.REDIRECT, str(w.party(ANA).id))
    w.submit(ANA, w.opened_view(), **WAYS["redirect"].changes)
    second = "1763800000.000200"
    w.say(f"<@{DIEGO}> meet <@{BEN}>, you both know billing", ts=second)
    w.click(DIEGO, Action.NEED_TIME, str(w.party(DIEGO, second).id))
    w.submit(DIEGO, w.opened_view(), by=NEXT_MONDAY.isoformat())
    w.click(BEN, Action.DECLINE, str(w.party(BEN, second).id))
    w.submit(BEN, w.opened_view())
    w.command(f"<@{ANA}> <@{DIEGO}> {WHY}")
    promises = [(NudgeKind.PROMISE, ANA), (NudgeKind.PROMISE, DIEGO), (NudgeKind.PROMISE, CARLA)]
    return sorted([*promises, (NudgeKind.OPEN_INTRO, BEN), (NudgeKind.OPTIN_REMINDER, ANA),
                   (NudgeKind.OPTIN_REMINDER, DIEGO), *((NudgeKind.DIGEST, u) for u in (ANA, BEN, DIEGO, CARLA))])


def nudges(w: World, method: str, fault: Fault) -> None:
    owed = every_nudge_due(w)
    dms_before = len(w.done("chat.postMessage"))
    # Slack failing throughout the tick (every call fails, however many), or one call hanging.
    w.fail(method, fault, times=None if fault.hang else 1000)
    w.tick(DUE)
    w.fake.clear_failures()
    w.met(method)

    def sent() -> list[tuple[NudgeKind, str]]:
        return sorted((n.kind, n.user_id) for n in w.bot.rows(Nudge) if n.last_sent_at and n.last_sent_at >= DUE)

    failed = [n for n in w.bot.rows(Nudge) if n.attempts]
    if method == "chat.getPermalink":  # the nudges go without a link to the intro; nothing is held back
        assert failed == [] and sent() == owed
        assert [c for c in w.calls("chat.getPermalink") if not (c.response or {}).get("ok")]
    else:  # what was not sent is kept, due again a minute on
        assert all(n.due_at == DUE + timedelta(minutes=1) and n.last_error for n in failed)
        assert len(failed) == (1 if fault.hang else len(owed))  # the one call that hung, or all of them
        assert sorted([*sent(), *((n.kind, n.user_id) for n in failed)]) == owed

    w.tick(DUE + RETRY)

    assert sent() == owed and not [n for n in w.bot.rows(Nudge) if n.attempts]
    dms = w.done("chat.postMessage")[dms_before:]
    assert len(dms) == len(owed) + (1 if twice(method, fault) else 0)  # each once; a lost answer's twice
    assert sorted({c.params["channel"] for c in dms}) == sorted({dm(u) for _, u in owed})


# ---- the /intro double opt-in --------------------------------------------------------------------------------


def asked(w: World, user: str) -> list[Call]:
    return [c for c in w.done("chat.postMessage", channel=dm(user))
            if "would like to introduce you" in c.params["text"]]


def optin_ask(w: World, method: str, fault: Fault) -> None:
    w.fail(method, fault)
    w.command(f"<@{ANA}> <@{BEN}> {WHY}")
    w.met(method)

    if method == "users.info":  # checked before anything is stored: asked to send it again, with the text
        [told] = w.replies("command")
        assert SLACK_DIDNT_ANSWER in told and WHY in told
        assert w.bot.rows(OptInRequest) == []
        w.command(f"<@{ANA}> <@{BEN}> {WHY}")
        assert len(asked(w, ANA)) == len(asked(w, BEN)) == 1
        return

    [_request] = w.bot.rows(OptInRequest)
    if method == "response_url:command":  # the request went out; the reply Slack did not take comes by DM
        by_dm = [c for c in w.done("chat.postMessage", channel=dm(CARLA)) if "I've asked" in c.params["text"]]
        assert len(by_dm) == 1 and len(w.replies("command")) == (1 if fault.slack_did_it else 0)
        assert len(asked(w, ANA)) == len(asked(w, BEN)) == 1
        return
    [told] = w.replies("command")
    assert "I've asked" in told and f"couldn't reach <@{ANA}>" in told
    ana = next(a for a in w.bot.rows(OptInAnswer) if a.user_id == ANA)
    assert ana.ask_ts is None  # not asked yet; the request and its reminder are stored
    assert len(asked(w, ANA)) == (1 if twice(method, fault) else 0)

    w.tick(MONDAY + RETRY)

    [first, *again] = asked(w, ANA)  # again: a lost answer, asked again
    assert len(again) == (1 if twice(method, fault) else 0) and not first.params["text"].startswith("A gentle")
    assert len(asked(w, BEN)) == 1
    assert next(a for a in w.bot.rows(OptInAnswer) if a.user_id == ANA).ask_ts is not None


def optin_request(w: World) -> int:
    w.command(f"<@{ANA}> <@{BEN}> {WHY}")
    [request] = w.bot.rows(OptInRequest)
    w.click(ANA, Action.OPTIN_YES, str(request.id), reply="ana", channel=dm(ANA))
    return request.id


def group_intros(w: World) -> list[Call]:
    return [c for c in w.done("chat.postMessage") if c.params["channel"].startswith("G")]


def optin_connect(w: World, method: str, fault: Fault) -> None:
    request_id = optin_request(w)
    w.fail(method, fault)
    w.click(BEN, Action.OPTIN_YES, str(request_id), reply="ben", channel=dm(BEN))
    w.met(method)

    [request] = w.bot.rows(OptInRequest)
    if method in ("conversations.open", "chat.postMessage"):  # not connected: Ben is asked to press Yes again
        assert request.state is RequestState.ASKING
        assert {a.user_id: a.answer for a in w.bot.rows(OptInAnswer)} == {ANA: Answer.YES, BEN: Answer.PENDING}
        [told] = w.replies("ben")
        assert SLACK_DIDNT_ANSWER in told and "try again" in told
        assert len(group_intros(w)) == (1 if twice(method, fault) else 0)
        w.click(BEN, Action.OPTIN_YES, str(request_id), reply="ben", channel=dm(BEN))
        [request] = w.bot.rows(OptInRequest)  # read again: the second Yes connects them
    else:  # connected; only Ben's reply, or the courtesy edit of Ana's question, is missing: no "try again"
        shown = 0 if method == "response_url:ben" and not fault.slack_did_it else 1
        assert [t for t in w.replies("ben") if "You both said yes" in t] == w.replies("ben")
        assert len(w.replies("ben")) == shown
    assert request.state is RequestState.CONNECTED and request.group_channel_id
    assert len(group_intros(w)) == (2 if twice(method, fault) else 1)  # 2: a lost answer, and Ben pressed again


def optin_no(w: World, method: str, fault: Fault) -> None:
    """Ben's Not now, sent with its date to ask again after: recorded before the form closes; the news is held as
    nudges, so Slack failing it is the due-work loop's to retry."""
    request_id = optin_request(w)
    w.click(BEN, Action.OPTIN_NOT_NOW, str(request_id), reply="ben", channel=dm(BEN))
    view = w.opened_view()
    w.fail(method, fault)
    answer = w.submit(BEN, view)
    w.met(method)

    assert answer.body in ("", "{}")  # the form closes: Ben's answer is taken; the introducer hears it, now or later
    assert w.bot.rows(OptInRequest)[0].state is RequestState.DECLINED

    def told_carla() -> list[Call]:
        return [c for c in w.done("chat.postMessage", channel=dm(CARLA)) if "said not now" in c.params["text"]]

    def told_ana() -> list[Call]:
        return [c for c in w.done("chat.postMessage", channel=dm(ANA)) if "isn't going ahead" in c.params["text"]]

    assert len(told_carla()) == (1 if twice(method, fault) else 0)
    assert len(told_ana()) == 1
    [relay] = [n for n in w.bot.rows(Nudge) if n.user_id == CARLA and n.last_error]
    assert relay.due_at is not None and relay.sent == 0  # kept, to be told again

    w.tick(MONDAY + RETRY)

    assert len(told_carla()) == (2 if twice(method, fault) else 1) and len(told_ana()) == 1  # 2: a lost answer


def optin_form(w: World, method: str, fault: Fault) -> None:
    if method == "views.open":
        w.fail(method, fault)
        w.command("")
        w.met(method)
        [told] = w.replies("command")
        assert SLACK_DIDNT_ANSWER in told
        if not (fault.slack_did_it and method == "views.open"):
            assert w.done("views.open") == []
            w.command("")  # tried again, as asked
        assert len(w.done("views.open")) == 1
        return
    w.command("")
    view = w.opened_view()
    assert view["callback_id"] == OPTIN_MODAL
    w.fail(method, fault)
    answer = w.submit(CARLA, view, optin_first=ANA, optin_second=BEN, optin_why=WHY).json()
    w.met(method)
    assert answer["response_action"] == "errors"
    assert any(SLACK_DIDNT_ANSWER in e for e in answer["errors"].values())
    assert w.bot.rows(OptInRequest) == []
    assert w.submit(CARLA, view, optin_first=ANA, optin_second=BEN, optin_why=WHY).body in ("", "{}")
    assert len(asked(w, ANA)) == len(asked(w, BEN)) == 1


# ---- the Home tab, and replies in place of a prompt ------------------------------------------------------


def home(w: World, method: str, fault: Fault) -> None:
    w.fail(method, fault)
    w.open_home(ANA)
    w.met(method)
    published = w.done("views.publish", user_id=ANA)
    assert len(published) == (1 if fault.slack_did_it and method == "views.publish" else 0)
    w.open_home(ANA)  # the next time Ana opens it (derived from the database: nothing to keep)
    assert len(w.done("views.publish", user_id=ANA)) == len(published) + 1


def connect_reply(w: World, method: str, fault: Fault) -> None:
    """"Happy to connect" is stored; only the yes form (optional), or the prompt's replacement, is lost. The prompt
    says whether the form opened; pressing again says it's done."""
    party_id = introduce(w)
    w.fail(method, fault)
    w.click(ANA, Action.CONNECT, str(party_id))
    w.met(method)
    assert w.party(ANA).state is PartyState.CONNECTED
    offered = len(w.done("views.open"))
    if method == "views.open":
        assert offered == (1 if fault.slack_did_it else 0)
        [marked] = w.replies("prompt")  # no "try again": the yes is optional, and the intro is marked
        assert "enjoy the conversation" in marked and "the form I opened" not in marked
    else:
        assert offered == 1 and w.opened_view()["callback_id"] == YES_MODAL
    w.click(ANA, Action.DIRECT, str(party_id))
    assert "You've already answered this intro" in w.replies("prompt")[-1]
    assert len(w.done("views.open")) == offered  # the Direct close's form does not open


# ---- asking for an intro: /intro ask, and the introducer's three answers ---------------------------------

ASK = f"ask <@{CARLA}> <@{BEN}> I'm hiring a pricing lead and Ben ran pricing at Acme for years"


def requests_to_carla(w: World) -> list[Call]:
    return w.by_dm(CARLA, "would like you to introduce them")


def ask_for_intro(w: World, method: str, fault: Fault) -> None:
    w.fail(method, fault)
    w.command(ASK, user=ANA)
    w.met(method)

    if method == "users.info":  # checked before anything is stored: asked to send it again, with the text
        [told] = w.replies("command")
        assert SLACK_DIDNT_ANSWER in told and "I'm hiring a pricing lead" in told
        assert w.bot.rows(IntroAsk) == []
        w.command(ASK, user=ANA)
        assert len(requests_to_carla(w)) == 1
        return
    [ask] = w.bot.rows(IntroAsk)  # stored, whatever Slack answered
    assert ask.state is AskState.WAITING
    if method == "response_url:command":  # Carla has it; the reply Slack did not take comes by DM
        assert w.shown(ANA, "I've asked") == ((1 if fault.slack_did_it else 0), 1)
        assert len(requests_to_carla(w)) == 1
        return
    [told] = w.replies("command")
    assert f"couldn't reach <@{CARLA}>" in told and "keep trying" in told
    assert len(requests_to_carla(w)) == (1 if twice(method, fault) else 0)

    w.tick(MONDAY + RETRY)

    assert len(requests_to_carla(w)) == (2 if twice(method, fault) else 1)  # 2: a lost answer, sent again
    # The request itself, sent once (its 72-hour reminder and the week's expiry are other nudges, still due).
    assert [(n.sent, n.due_at) for n in w.bot.rows(Nudge) if n.user_id == CARLA and n.kind is NudgeKind.ASK] == [
        (1, None)]


def ana_asks(w: World) -> int:
    """Ana asks Carla for an intro to Ben (Slack working); returns the ask's id."""
    w.command(ASK, user=ANA)
    [ask] = w.bot.rows(IntroAsk)
    return ask.id


def asks_both(setup: Setup, people: tuple[str, str], settled: Callable[[World], bool]) -> Flow:
    """A button whose form (prefilled) asks two people first: an intro request's Ask them, a redirect's Make the
    intro now. Once sent, what the button was about is settled, and its buttons give way to the outcome."""

    def run(w: World, method: str, fault: Fault) -> None:
        user, action, value, reply = setup(w)
        w.click(user, action, value, reply=reply)
        view = w.opened_view()
        w.fail(method, fault)
        answer = w.submit(user, view)
        w.met(method)

        if method == "users.info":  # checked before anything is stored: the form stays open
            errors = answer.json()
            assert errors["response_action"] == "errors"
            assert any(SLACK_DIDNT_ANSWER in e for e in errors["errors"].values())
            assert w.bot.rows(OptInRequest) == [] and not settled(w)
            answer = w.submit(user, view)
        assert answer.body in ("", "{}") and settled(w) and len(w.bot.rows(OptInRequest)) == 1
        shown = [t for t in w.replies(reply) if "I've asked" in t]  # in place of the buttons
        assert len(shown) == (0 if method == f"response_url:{reply}" and not fault.slack_did_it else 1)
        if method == "chat.postMessage":  # the first person's question waits for the due-work loop
            assert f"couldn't reach <@{people[0]}>" in shown[0]
            w.tick(MONDAY + RETRY)
        assert len(asked(w, people[0])) == (2 if twice(method, fault) else 1) and len(asked(w, people[1])) == 1

    return run


# The introducer's other two answers: the button, what the form gets, the state, what Ana reads.
ANSWERS: dict[str, tuple[Action, dict[str, Any], AskState, str]] = {
    "decline": (Action.ASK_DECLINE, {"ask_text": "Hi Ana, I barely know Ben, so I'll pass. Stay in touch!"},
                AskState.DECLINED, "I barely know Ben"),
    "suggest": (Action.ASK_SUGGEST, {"ask_someone": DIEGO, "ask_text": "Diego knows the pricing team well."},
                AskState.SUGGESTED, f"suggests asking <@{DIEGO}>"),
}


def ask_answer(name: str) -> Flow:
    action, changes, state, marker = ANSWERS[name]

    def run(w: World, method: str, fault: Fault) -> None:
        w.click(CARLA, action, str(ana_asks(w)), reply="ask")
        view = w.opened_view()
        w.fail(method, fault)
        answer = w.submit(CARLA, view, **changes)
        w.met(method)

        assert answer.body in ("", "{}")  # the form closes: the answer is saved
        assert w.bot.rows(IntroAsk)[0].state is state
        if method == "response_url:ask":  # sent; only the "done" in place of the request's buttons is missing
            assert len(w.by_dm(ANA, marker)) == 1 and len(w.replies("ask")) == (1 if fault.slack_did_it else 0)
            return
        [told] = w.replies("ask")
        assert "saved, and I'll send it" in told
        assert len(w.by_dm(ANA, marker)) == (1 if twice(method, fault) else 0)

        w.tick(MONDAY + RETRY)

        assert len(w.by_dm(ANA, marker)) == (2 if twice(method, fault) else 1)  # 2: a lost answer, sent again

    return run


# ---- a redirect's nudge: its buttons ------------------------------------------------------------------------


def redirect(w: World, **who: str) -> int:
    """Ana redirects Carla's intro, to Diego or (`who`) to someone outside Slack; returns the promise's id."""
    w.say(f"<@{ANA}> meet <@{BEN}>, you both work on pricing")
    w.click(ANA, Action.REDIRECT, str(w.party(ANA).id))
    target: dict[str, Any] = who or {"who": DIEGO}
    w.submit(ANA, w.opened_view(), draft="Ben, they're the one to talk to; I'll connect you.", redirect_options=[],
             **target)
    [promise] = w.bot.rows(Promise)
    return promise.id


def promise_state(w: World) -> PromiseState:
    return w.bot.rows(Promise)[0].state


def make_intro_by_dm(w: World, method: str, fault: Fault) -> None:
    """Make the intro now, for someone outside Slack: their details go to Ben by DM, never into a channel. The
    promise is kept and the DM stored first, so a DM Slack does not take is the due-work loop's to send."""
    promise_id = redirect(w, who_name="Eva Klein", who_contact="eva@example.com")

    def press() -> None:
        w.click(ANA, Action.MAKE_INTRO, str(promise_id), reply="nudge")

    def passed() -> list[Call]:
        return [c for c in w.done("chat.postMessage", channel=dm(BEN)) if "eva@example.com" in c.params["text"]]

    w.fail(method, fault)
    press()
    w.met(method)

    assert promise_state(w) is PromiseState.KEPT  # kept at once: nothing to press again
    if method == "response_url:nudge":  # sent and kept; only the thanks in place of the buttons is missing
        assert len(passed()) == 1
        assert len(w.replies("nudge")) == (1 if fault.slack_did_it else 0)
    else:  # Ana hears it is kept, and that Ben's DM is on its way
        [told] = w.replies("nudge")
        assert "Promise kept" in told and "I'll keep trying" in told
        assert len(passed()) == (1 if twice(method, fault) else 0)
        w.tick(MONDAY + RETRY)
    press()  # the buttons may still be there: it sends nothing again
    assert "already kept" in w.replies("nudge")[-1]
    # A DM whose answer was lost is sent again (the app cannot read its DMs back to look first).
    assert promise_state(w) is PromiseState.KEPT and len(passed()) == (2 if twice(method, fault) else 1)
    assert not [c for c in w.done("chat.postMessage") if c.params["channel"].startswith("C")
                and "eva@example.com" in str(c.params)]


def snooze(w: World, method: str, fault: Fault) -> None:
    promise_id = redirect(w)

    def due() -> datetime | None:
        return next(n.due_at for n in w.bot.rows(Nudge) if n.promise_id == promise_id)

    def press() -> None:
        w.click(ANA, Action.SNOOZE, None, reply="nudge", action_type="static_select",
                selected_option_value=f"{promise_id}:1d")

    before = due()
    w.fail(method, fault)
    press()
    w.met(method)

    snoozed = [t for t in w.replies("nudge") if t.startswith(":zzz: Snoozed")]
    if method == "users.info":  # Ana's time zone comes first: nothing changed, and she is asked to try again
        [told] = w.replies("nudge")
        assert SLACK_DIDNT_ANSWER in told and due() == before
        press()
    else:  # snoozed; only the reply is missing (pressed again, it snoozes to the same day and says so)
        assert due() != before and len(snoozed) == (1 if fault.slack_did_it else 0)
        if not snoozed:
            press()
    assert due() == datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # Tuesday, 09:00 in New York
    assert len([t for t in w.replies("nudge") if t.startswith(":zzz: Snoozed")]) == 1


def already_done(w: World, method: str, fault: Fault) -> None:
    promise_id = redirect(w)
    w.fail(method, fault)
    w.click(ANA, Action.DONE, str(promise_id), reply="nudge")
    w.met(method)

    assert promise_state(w) is PromiseState.KEPT  # kept; only the thanks is missing
    assert len(w.replies("nudge")) == (1 if fault.slack_did_it else 0)
    w.click(ANA, Action.DONE, str(promise_id), reply="nudge")  # the button is still there
    assert "already kept" in w.replies("nudge")[-1]


# ---- the introducer steps back from a connected double opt-in -----------------------------------------------


def step_back(w: World, method: str, fault: Fault) -> None:
    request_id = optin_request(w)
    w.click(BEN, Action.OPTIN_YES, str(request_id), reply="ben", channel=dm(BEN))
    [intro] = group_intros(w)
    group = intro.params["channel"]
    message = {"ts": intro.answered["ts"], "text": intro.params["text"], "blocks": intro.params["blocks"]}

    def press() -> None:
        w.click(CARLA, Action.OPTIN_STEP_BACK, str(request_id), reply="group", channel=group, message=message)

    def goodbyes() -> list[Call]:
        return [c for c in w.done("chat.postMessage", channel=group) if "step back" in c.params["text"]]

    def edited() -> list[Call]:
        return [c for c in w.done("chat.update", channel=group) if "stepped back" in str(c.params["blocks"])]

    w.fail(method, fault)
    press()
    w.met(method)

    if method == "chat.update":  # said in the group; only the button's removal is missing: no "try again"
        assert len(goodbyes()) == 1 and w.replies("group") == []
    else:  # nothing said yet (or said, its answer lost): Carla is asked to press again
        [told] = w.replies("group")
        assert SLACK_DIDNT_ANSWER in told and "try again" in told
        assert len(goodbyes()) == (1 if twice(method, fault) else 0) and edited() == []
    press()  # the button is still there
    assert len(goodbyes()) == 1 and len(edited()) == 1  # a lost answer: found in the group DM, not said again


# ---- preferences, /intro list, export and delete ---------------------------------------------------------------


def command_opens_form(w: World, text: str, fault: Fault) -> None:
    """A command that opens a form, views.open failing: asked to run it again; run again, it opens once."""
    w.fail("views.open", fault)
    w.command(text)
    w.met("views.open")
    [told] = w.replies("command")
    assert SLACK_DIDNT_ANSWER in told
    if not fault.slack_did_it:
        assert w.done("views.open") == []
        w.command(text)  # tried again, as asked
    assert len(w.done("views.open")) == 1


def prefs_form(w: World, method: str, fault: Fault) -> None:
    if method == "views.open":
        command_opens_form(w, "prefs", fault)
        return
    w.command("prefs")
    view = w.opened_view()
    values = prefs_values("busy", busy_until="2027-03-01", note="heads-down on a launch")
    w.fail(method, fault)
    answer = w.submit(CARLA, view, values=values)
    w.met(method)

    if method == "users.info":  # her time zone checks the date before it is saved: the form stays open
        errors = answer.json()
        assert errors["response_action"] == "errors"
        assert any(SLACK_DIDNT_ANSWER in e for e in errors["errors"].values())
        assert w.bot.rows(UserPrefs) == []
        answer = w.submit(CARLA, view, values=values)
    assert answer.body in ("", "{}")  # the form closes: saved, whatever the Home tab's refresh met
    assert w.bot.rows(UserPrefs)[0].policy is IntroPolicy.BUSY
    published = len(w.done("views.publish", user_id=CARLA))
    w.open_home(CARLA)  # the Home tab shows it the next time she opens it
    assert len(w.done("views.publish", user_id=CARLA)) == published + 1


def setting(words: str, column: str, said: str) -> Flow:
    """`/intro prompts off` and the like: saved first; the Home tab's refresh and the reply are only news of it."""

    def run(w: World, method: str, fault: Fault) -> None:
        w.fail(method, fault)
        w.command(words)
        w.met(method)

        assert getattr(w.bot.rows(UserPrefs)[0], column) is False
        assert not [t for t in w.replies("command") if SLACK_DIDNT_ANSWER in t]  # never "try again": it's saved
        by_dm = method == "response_url:command"  # the reply Slack did not take comes by DM
        assert w.shown(CARLA, said) == ((1 if fault.slack_did_it else 0, 1) if by_dm else (1, 0))
        published = len(w.done("views.publish", user_id=CARLA))
        w.open_home(CARLA)
        assert len(w.done("views.publish", user_id=CARLA)) == published + 1

    return run


def prompts_off_from_a_prompt(w: World, method: str, fault: Fault) -> None:
    """The prompt's menu, "Turn off prompts": saved; a reply Slack does not take under the prompt comes by DM."""
    introduce(w)
    w.fail(method, fault)
    w.click(ANA, Action.PROMPT_MENU, None, reply="prompt", action_type="overflow",
            selected_option_value=PROMPT_MENU_OFF)
    w.met(method)

    assert w.bot.rows(UserPrefs)[0].prompts_enabled is False
    assert w.shown(ANA, "Intro prompts are off", "prompt") == (1 if fault.slack_did_it else 0, 1)


def my_data(words: str, said: str) -> Flow:
    """`/intro list`, `/intro export`: a reply is all they do; one Slack does not take comes by DM."""

    def run(w: World, method: str, fault: Fault) -> None:
        introduce(w)  # something to list and export
        w.fail(method, fault)
        w.command(words, user=ANA)
        w.met(method)

        if method == "users.info":  # Ana's time zone, for the dates, comes first: asked to run it again
            [told] = w.replies("command")
            assert SLACK_DIDNT_ANSWER in told and f"/intro {words}" in told
            w.command(words, user=ANA)
        by_dm = method == "response_url:command"
        # Twice when the response_url's answer was lost: shown under the command, and by DM.
        assert w.shown(ANA, said) == ((1 if fault.slack_did_it else 0, 1) if by_dm else (1, 0))

    return run


def delete_data(w: World, method: str, fault: Fault) -> None:
    introduce(w)
    w.fail(method, fault)
    w.click(ANA, Action.DELETE_MY_DATA, None, reply="delete")
    w.met(method)

    assert [p for p in w.bot.rows(Party) if p.user_id == ANA] == []  # deleted; only the reply is missing
    assert len(w.replies("delete")) == (1 if fault.slack_did_it else 0)
    if not fault.slack_did_it:
        w.click(ANA, Action.DELETE_MY_DATA, None, reply="delete")  # the button is still there
    assert [t for t in w.replies("delete") if "is deleted" in t] == w.replies("delete")
    assert len(w.replies("delete")) == 1


def passed_on(w: World, method: str, fault: Fault) -> None:
    """Carla's "I've passed it on" on Ana's private decline."""
    party_id = introduce(w)
    w.click(ANA, Action.DECLINE, str(party_id))
    w.submit(ANA, w.opened_view())
    [note] = w.by_dm(CARLA, "A private answer")

    def press() -> None:
        w.click(CARLA, Action.RELAYED, str(party_id), reply="note", channel=note.params["channel"],
                message={"ts": note.answered["ts"], "blocks": note.params["blocks"]})

    w.fail(method, fault)
    press()
    w.met(method)

    assert promise_state(w) is PromiseState.KEPT  # kept; only the thanks is missing
    assert len(w.replies("note")) == (1 if fault.slack_did_it else 0)
    if not fault.slack_did_it:
        press()  # the button is still there: pressed again, it thanks her
    assert [t for t in w.replies("note") if "You passed it on" in t] == w.replies("note")
    assert len(w.replies("note")) == 1


def redirected(action: Action) -> Setup:
    return lambda w: (ANA, action, str(redirect(w)), "nudge")


def asked_for(action: Action) -> Setup:
    return lambda w: (CARLA, action, str(ana_asks(w)), "ask")


# ---- the Home tab's own buttons --------------------------------------------------------------------------------

HOME_VIEW = {"type": "home", "id": "VHOME"}


def home_toggle(w: World, method: str, fault: Fault) -> None:
    """A settings button on the Home tab: saved first; the refreshed tab is only news of it (no reply to fail)."""
    w.fail(method, fault)
    w.click(ANA, Action.DIGEST_OFF, "off", reply="home", view=HOME_VIEW)
    w.met(method)

    assert w.bot.rows(UserPrefs)[0].digest_enabled is False  # saved, whatever Slack answered
    assert w.replies("home") == []  # never "try again": it's saved
    published = len(w.done("views.publish", user_id=ANA))
    w.open_home(ANA)  # the next time she opens the tab, it shows
    assert len(w.done("views.publish", user_id=ANA)) == published + 1


def home_edit_prefs(w: World, method: str, fault: Fault) -> None:
    """Edit preferences only opens a form: nothing stored; pressed again, it opens once."""
    w.fail(method, fault)
    w.click(ANA, Action.EDIT_PREFS, "edit", reply="home", view=HOME_VIEW)
    w.met(method)
    if not fault.slack_did_it:
        assert w.done("views.open") == []
        w.click(ANA, Action.EDIT_PREFS, "edit", reply="home", view=HOME_VIEW)
    assert len(w.done("views.open")) == 1
    answer = w.submit(ANA, w.opened_view(), values=prefs_values("busy", busy_until="2027-03-01"))
    assert answer.body in ("", "{}") and w.bot.rows(UserPrefs)[0].policy is IntroPolicy.BUSY


# ---- the weekly digest's buttons ------------------------------------------------------------------------------


def digest_button(w: World, user: str, action: Action) -> tuple[str, str]:
    """The weekly digest `user` got at DUE: the value and block id of its `action` button."""
    w.tick(DUE)
    [digest] = [c for c in w.done("chat.postMessage", channel=dm(user)) if "Your week in intros" in c.params["text"]]
    for block in digest.params["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == action:
                return element["value"], block["block_id"]
    raise LookupError(f"no {action} in the digest")


def from_digest(action: Action, user: str, prepare: Callable[[World], Any]) -> Setup:
    """A digest's button that opens a form: the same handler as the prompt's or nudge's, pressed in a digest."""
    def setup(w: World) -> tuple[str, Action, str, str]:
        prepare(w)
        value, block_id = digest_button(w, user, action)
        w.state = block_id
        return user, action, value, "digest"
    return setup


def digest_opens_form(action: Action, user: str, prepare: Callable[[World], Any]) -> Flow:
    setup = from_digest(action, user, prepare)

    def run(w: World, method: str, fault: Fault) -> None:
        who, act, value, reply = setup(w)
        block_id, before = w.state, len(w.done("views.open"))
        w.fail(method, fault)
        w.click(who, act, value, reply=reply, block_id=block_id)
        w.met(method)
        [told] = w.replies(reply)  # below the digest, which stays as it is
        assert SLACK_DIDNT_ANSWER in told
        assert not [c for c in w.done("response_url:digest") if c.params.get("replace_original")]
        if not fault.slack_did_it:
            assert len(w.done("views.open")) == before
            w.click(who, act, value, reply=reply, block_id=block_id)
        assert len(w.done("views.open")) == before + 1

    return run


def digest_done(w: World, method: str, fault: Fault) -> None:
    """Already done, from the digest: kept; only the thanks below the digest is missing. Pressed again, it says
    it's already kept, and the digest is never replaced."""
    value, block_id = digest_button(w, ANA, Action.DONE) if redirect(w) else ("", "")
    w.fail(method, fault)
    w.click(ANA, Action.DONE, value, reply="digest", block_id=block_id)
    w.met(method)

    assert promise_state(w) is PromiseState.KEPT
    assert len(w.replies("digest")) == (1 if fault.slack_did_it else 0)
    w.click(ANA, Action.DONE, value, reply="digest", block_id=block_id)  # the button is still there
    assert "already kept" in w.replies("digest")[-1]
    assert not [c for c in w.done("response_url:digest") if c.params.get("replace_original")]


# ---- the No thanks form: opening it, and sending it ------------------------------------------------------------


def no_thanks_send(w: World, method: str, fault: Fault) -> None:
    """Ben's No thanks, with a note: recorded before the form closes; the news is held as nudges, so Slack
    failing it is the due-work loop's to retry."""
    request_id = optin_request(w)
    w.click(BEN, Action.OPTIN_NO, str(request_id), reply="ben", channel=dm(BEN))
    view = w.opened_view()
    w.fail(method, fault)
    answer = w.submit(BEN, view, optin_note="Thanks for thinking of me, but I'll pass on this one.")
    w.met(method)

    assert answer.body in ("", "{}")  # the form closes: the answer is saved
    assert w.bot.rows(OptInRequest)[0].state is RequestState.DECLINED

    def told_carla() -> list[Call]:
        return [c for c in w.done("chat.postMessage", channel=dm(CARLA)) if "said no" in c.params["text"]]

    def told_ana() -> list[Call]:
        return [c for c in w.done("chat.postMessage", channel=dm(ANA)) if "isn't going ahead" in c.params["text"]]

    if method == "chat.update":  # only the questions' buttons are left: both were told
        assert len(told_carla()) == len(told_ana()) == 1
        return
    assert len(told_carla()) == (1 if twice(method, fault) else 0)  # Carla is told first
    assert len(told_ana()) == 1

    w.tick(MONDAY + RETRY)

    assert len(told_carla()) == (2 if twice(method, fault) else 1) and len(told_ana()) == 1  # 2: a lost answer


# ---- the close form's live draft -------------------------------------------------------------------------------


def live_draft(w: World, method: str, fault: Fault) -> None:
    """Picking who to redirect to rewrites the draft (views.update): Slack failing that leaves the form as it
    was, still usable; sent, the close goes out once."""
    w.click(ANA, Action.REDIRECT, str(introduce(w)))
    view = w.opened_view()
    w.fail(method, fault)
    # An action inside a modal has no response_url: nothing can be said, and the form stays as it was.
    assert w.bot.click(user=ANA, action_id="who", action_type="users_select", selected_user=DIEGO,
                       view={**view, "id": "V1", "hash": "h1", "state": {"values": state_of(view, who=DIEGO)}}
                       ).status == 200
    w.met(method)

    assert w.bot.rows(Close) == []
    answer = w.submit(ANA, view, who=DIEGO, draft="Ben, Diego is the one to talk to; I'll connect you.")
    assert answer.body in ("", "{}")
    [close] = w.bot.rows(Close)
    assert close.status is CloseStatus.POSTED and len(in_thread(w)) == 1


# ---- the table ----------------------------------------------------------------------------------------------

FLOWS: dict[str, tuple[Flow, tuple[str, ...]]] = {
    "notice": (notice, ("users.info", "chat.getPermalink", "chat.postEphemeral", "conversations.open",
                        "chat.postMessage")),
    "open_close": (opens_form(lambda w: (ANA, Action.DIRECT, str(introduce(w)), "prompt")),
                   ("users.info", "views.open")),
    "close_direct": (close("direct"), ("users.info", "chat.postMessage", "response_url:prompt")),
    "close_redirect": (close("redirect"), ("users.info", "chat.postMessage", "response_url:prompt")),
    "close_decline": (close("decline"), ("users.info", "conversations.open", "chat.postMessage",
                                         "response_url:prompt")),
    "close_need_time": (close("need_time"), ("users.info", "chat.postMessage", "response_url:prompt")),
    "close_retry": (close_retry, ("users.info", "conversations.replies", "chat.postMessage")),
    "nudges": (nudges, ("users.info", "chat.getPermalink", "conversations.open", "chat.postMessage")),
    "optin_ask": (optin_ask, ("users.info", "conversations.open", "chat.postMessage", "response_url:command")),
    "optin_connect": (optin_connect, ("conversations.open", "chat.postMessage", "chat.update", "response_url:ben")),
    "optin_no": (optin_no, ("conversations.open", "chat.postMessage")),
    "optin_form": (optin_form, ("views.open", "users.info")),
    "home": (home, ("users.info", "views.publish")),
    "connect_reply": (connect_reply, ("response_url:prompt", "views.open")),
    "ask": (ask_for_intro, ("users.info", "conversations.open", "chat.postMessage", "response_url:command")),
    "ask_forward_open": (opens_form(asked_for(Action.ASK_FORWARD)), ("views.open",)),
    "ask_forward": (asks_both(asked_for(Action.ASK_FORWARD), (ANA, BEN),
                              lambda w: w.bot.rows(IntroAsk)[0].state is AskState.ASKED),
                    ("users.info", "chat.postMessage", "response_url:ask")),
    "ask_decline_open": (opens_form(asked_for(Action.ASK_DECLINE)), ("users.info", "views.open")),
    "ask_decline": (ask_answer("decline"), ("conversations.open", "chat.postMessage", "response_url:ask")),
    "ask_suggest_open": (opens_form(asked_for(Action.ASK_SUGGEST)), ("views.open",)),
    "ask_suggest": (ask_answer("suggest"), ("conversations.open", "chat.postMessage", "response_url:ask")),
    "make_intro_open": (opens_form(redirected(Action.MAKE_INTRO)), ("users.info", "views.open")),
    "make_intro": (asks_both(redirected(Action.MAKE_INTRO), (BEN, DIEGO),  # kept once they connect
                             lambda w: promise_state(w) is PromiseState.OPEN and bool(w.bot.rows(OptInRequest))),
                   ("users.info", "chat.postMessage", "response_url:nudge")),
    "make_intro_by_dm": (make_intro_by_dm, ("conversations.open", "chat.postMessage", "response_url:nudge")),
    "snooze": (snooze, ("users.info", "response_url:nudge")),
    "close_instead_open": (opens_form(redirected(Action.CLOSE_INSTEAD)), ("users.info", "views.open")),
    "already_done": (already_done, ("response_url:nudge",)),
    "step_back": (step_back, ("users.info", "conversations.history", "chat.postMessage", "chat.update")),
    "prefs": (prefs_form, ("views.open", "users.info", "views.publish")),
    "prompts_off": (setting("prompts off", "prompts_enabled", "Intro prompts are off"),
                    ("users.info", "views.publish", "response_url:command")),
    "digest_off": (setting("digest off", "digest_enabled", "The weekly digest is off"),
                   ("users.info", "views.publish", "response_url:command")),
    "prompts_off_from_a_prompt": (prompts_off_from_a_prompt, ("response_url:prompt",)),
    "list": (my_data("list", "Your open intros"), ("users.info", "response_url:command")),
    "export": (my_data("export", "Everything I store about you"), ("response_url:command",)),
    "delete": (delete_data, ("response_url:delete",)),
    "passed_on": (passed_on, ("response_url:note",)),
    "home_toggle": (home_toggle, ("users.info", "views.publish")),
    "home_edit_prefs": (home_edit_prefs, ("views.open",)),
    "digest_done": (digest_done, ("response_url:digest",)),
    "digest_make_intro_open": (digest_opens_form(Action.MAKE_INTRO, ANA, redirect), ("users.info", "views.open")),
    "digest_close_open": (digest_opens_form(Action.DIRECT, BEN, redirect), ("users.info", "views.open")),
    "no_thanks_open": (opens_form(lambda w: (BEN, Action.OPTIN_NO, str(optin_request(w)), "ben")), ("views.open",)),
    "not_now_open": (opens_form(lambda w: (BEN, Action.OPTIN_NOT_NOW, str(optin_request(w)), "ben")),
                     ("users.info", "views.open")),
    "no_thanks_send": (no_thanks_send, ("conversations.open", "chat.postMessage", "chat.update")),
    "live_draft": (live_draft, ("users.info", "views.update")),
}
CASES = [pytest.param(flow, method, fault, id=f"{flow}-{method}-{fault.name}")
         for flow, (_, methods) in FLOWS.items() for method in methods for fault in FAULTS
         if not (method in IDEMPOTENT and fault.slack_did_it)]


@pytest.mark.matrix  # every case, new flows and faults too: `make test` runs them, `make test-fast` does not
@pytest.mark.parametrize(("flow", "method", "fault"), CASES)
def test_slack_failing_at_each_step(bot: Bot, clock: FrozenDateTimeFactory, flow: str, method: str,
                                    fault: Fault) -> None:
    run, _ = FLOWS[flow]
    run(World(bot, clock), method, fault)
