"""A process killed between any two steps of a flow: after a restart the flow completes, or the person simply
does again what got no answer; Slack and the database agree (no close posted without its record, none
recorded that was never posted, nothing sent twice but the windows the README names).

A step is a Slack call (Web API or response_url), a database commit that wrote something, or a write to the
backlog file where a noticed intro waits until it is stored. Each flow is run once cleanly and its steps
recorded; `test_a_flow_takes_the_steps_listed` keeps them equal to STEPS below, so a new Slack call or commit
cannot go untested. Then, for every point between two steps, on a fresh database
and fake Slack, the flow runs again and its process is killed there: `Crash` is a BaseException, so no
`except Exception` in the app can catch it (none can catch a SIGKILL either), and every later step of the
dead process fails too. A new process (`python app.py` again: its own engine, app and caches, on the same
database and Slack) takes over: its due-work loop catches up on what fell due, the person repeats what got no
answer (a modal that showed an error, a button or command that never replied), and the flow goes on there.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
from freezegun import freeze_time
from freezegun.api import TickingDateTimeFactory
from slack_bolt.context.ack.ack import Ack
from slack_sdk import WebClient
from slack_sdk.web.base_client import BaseClient
from slack_sdk.webhook import WebhookClient
from sqlalchemy import CursorResult, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from bot.__main__ import run
from bot.blocks.ids import CLOSE_MODAL, Action, MetadataEvent
from bot.config import Settings, load_settings
from bot.db.backlog import Backlog, NoticedIntro
from bot.db.engine import SessionFactory, make_engine, make_session_factory
from bot.db.models import Close, Intro, IntroAsk, Nudge, OptInAnswer, OptInRequest, Party, Promise, UserPrefs
from bot.domain.nudging import WorkingHours
from bot.domain.optin import AskState, IntroPolicy, RequestState
from bot.domain.states import CloseStatus, PartyState, PromiseState
from bot.flows import noticing
from bot.flows.deps import ClientFor, Deps
from bot.flows.due_work import run_due_work
from bot.flows.people import PeopleDirectory
from bot.services.nudges import IN_DOUBT_REMINDER_AFTER
from bot.slack.app import BOT_SCOPES, clients_for
from bot.slack.executor import TrackedExecutor
from tests.e2e.conftest import (
    ANA,
    BEN,
    CARLA,
    CHANNEL,
    DIEGO,
    GONE,
    ROBOT,
    SIGNING_SECRET,
    TEAM,
    TOKEN,
    populate,
    serving,
)
from tests.e2e.modal import state_of
from tests.e2e.steps import prefs_values
from tests.support import slack_requests as req
from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import Response, SignedPoster

MONDAY = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10:00 in New York, where everyone lives
INTRO_TS = "1763800000.000100"
REDIRECT_BY = "2026-11-25"  # a Wednesday: the promise falls due at 09:00 in New York, 14:00 UTC
REDIRECT_DUE = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)
CATCH_UP = timedelta(minutes=15)  # past every send lease (5 minutes) and the first retries
WHY = "Ana is hiring a pricing lead and Ben ran pricing at Acme for five years"


class Crash(BaseException):
    """The process is killed here."""


# ---- one process, and killing it ------------------------------------------------------------------------


@dataclass
class Killer:
    """Counts a process's steps and kills it after step `at` (0: before the first); never when `at` is None."""

    at: int | None
    steps: list[str] = field(default_factory=list)
    dead: threading.Event = field(default_factory=threading.Event)
    _on_death: list[Callable[[], None]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def before(self, name: str) -> None:
        with self._lock:
            if self.dead.is_set() or self.at == 0:
                self._die()
                raise Crash(f"killed before {name}")

    def after(self, name: str) -> None:
        with self._lock:
            number = sum(1 for s in self.steps if s.rsplit("#", 1)[0] == name) + 1
            self.steps.append(f"{name}#{number}")
            if len(self.steps) == self.at:
                self._die()
                raise Crash(f"killed after {name}#{number}")

    def on_death(self, then: Callable[[], None]) -> None:
        with self._lock:
            self._on_death.append(then)
            if self.dead.is_set():
                then()

    def _die(self) -> None:
        if not self.dead.is_set():
            self.dead.set()
            for then in self._on_death:
                then()


@dataclass
class Process:
    """One run of the bot: its own engine, sessions, app, HTTP endpoint and caches."""

    sessions: SessionFactory
    deps: Deps
    poster: SignedPoster
    executor: TrackedExecutor
    clients: ClientFor
    stack: ExitStack

    def stop(self) -> None:
        self.executor.wait_idle(timeout=20)
        self.stack.close()


@dataclass
class World:
    """A fake Slack and a database that outlive the processes killed and started on them."""

    fake: FakeSlack
    settings: Settings
    clock: TickingDateTimeFactory
    backlog_file: Path
    killer: Killer | None = None
    process: Process | None = None
    acks: int = 0
    state: dict[str, Any] = field(default_factory=dict)

    def start(self) -> Process:
        stack = ExitStack()
        engine = make_engine(self.settings.database_url)
        stack.callback(engine.dispose)
        sessions = make_session_factory(engine)
        self._count_commits(sessions)
        backlog = Backlog(self.backlog_file)
        stack.callback(backlog.close)
        d = Deps(sessions=sessions, people=PeopleDirectory(), backlog=backlog)
        base, executor, app = stack.enter_context(serving(self.settings, sessions, deps=d))
        self.process = Process(sessions, d, SignedPoster(f"{base}/slack/events", SIGNING_SECRET), executor,
                               clients_for(self.settings, app), stack)
        return self.process

    def _count_commits(self, sessions: SessionFactory) -> None:
        """A commit is a step when its transaction changed a row: one that only read (or claimed nothing)
        leaves nothing to die after."""
        def changed(session: Session) -> bool:
            return bool(session.info.get("changed") or session.new or session.dirty or session.deleted)

        @event.listens_for(sessions, "do_orm_execute")
        def _statement(state: ORMExecuteState) -> Any:
            if not (state.is_insert or state.is_update or state.is_delete):
                return None
            result = state.invoke_statement()
            if isinstance(result, CursorResult) and not result.returns_rows:
                rows = result.rowcount
            else:  # ... RETURNING: the rows it returns are the rows it changed
                frozen = result.freeze()
                rows, result = len(frozen().all()), frozen()
            if rows:
                state.session.info["changed"] = True
            return result

        @event.listens_for(sessions, "after_flush")
        def _flushed(session: Session, _context: Any) -> None:
            session.info["changed"] = True

        @event.listens_for(sessions, "before_commit")
        def _before(session: Session) -> None:
            if self.killer is not None and changed(session):
                self.killer.before("commit")

        @event.listens_for(sessions, "after_commit")
        def _after(session: Session) -> None:
            if session.info.pop("changed", False) and self.killer is not None:
                self.killer.after("commit")

    # ---- what people and the loop do ----

    def post(self, send: Callable[[SignedPoster], Response]) -> Response | None:
        """Send a request to the current process and wait for its work; None if it died before answering."""
        process = self.process
        assert process is not None
        answered: list[Response] = []
        done = threading.Event()

        def go() -> None:
            try:
                answered.append(send(process.poster))
            except OSError:
                pass  # the process died with the request open
            finally:
                done.set()

        if self.killer is not None:
            self.killer.on_death(done.set)  # Bolt would wait 3 s for an acknowledgement that will never come
        threading.Thread(target=go, daemon=True).start()
        assert done.wait(timeout=30), "no answer"
        assert process.executor.wait_idle(timeout=20), "listeners did not finish"
        return answered[0] if answered else None

    def tick(self) -> None:
        process = self.process
        assert process is not None
        run_due_work(process.deps, process.clients, lambda: datetime.now(UTC), WorkingHours())

    def catch_up(self, within: timedelta = CATCH_UP) -> None:
        """The due-work loop from now on: a tick at once, then one whenever something falls due (a send lease
        running out, a retry, a nudge) within `within`."""
        until = datetime.now(UTC) + within
        self.tick()
        for _ in range(20):
            due = self.next_due()
            if due is None or due > until:
                return
            self.clock.move_to(max(due, datetime.now(UTC)))
            self.tick()
        raise AssertionError("the due-work loop never settled")

    def next_due(self) -> datetime | None:
        with self.session() as s:
            times = [
                s.scalar(select(Party.due_at).where(Party.state == PartyState.OPEN)
                         .order_by(Party.due_at).where(Party.due_at.is_not(None)).limit(1)),
                s.scalar(select(Close.due_at).where(Close.status == CloseStatus.PENDING,
                                                      Close.due_at.is_not(None)).order_by(Close.due_at).limit(1)),
                s.scalar(select(Nudge.due_at).where(Nudge.due_at.is_not(None)).order_by(Nudge.due_at).limit(1)),
                s.scalar(select(OptInRequest.due_at).where(OptInRequest.due_at.is_not(None))
                         .order_by(OptInRequest.due_at).limit(1)),
            ]
        return min((t for t in times if t is not None), default=None)

    def session(self) -> Session:
        assert self.process is not None
        return self.process.sessions()

    def rows(self, model: type[Any]) -> list[Any]:
        with self.session() as s:
            return list(s.scalars(select(model).order_by(model.__mapper__.primary_key[0])))


@dataclass(frozen=True)
class Act:
    """One thing a person (or the due-work loop) does. `answered`: whether the person saw an answer, so
    needs no retry; None: nothing to retry (Slack does not resend an acknowledged event; the loop resumes)."""

    name: str
    do: Callable[[World], Any]
    answered: Callable[[World], bool] | None = None
    can: Callable[[World], bool] = lambda w: True  # a person can only press a button they were sent


# ---- the flows ---------------------------------------------------------------------------------------------


def say_intro(w: World) -> None:
    answer = w.post(lambda p: p.post_event(req.message_event(
        text=f"<@{ANA}> meet <@{BEN}>, you both work on pricing", user=CARLA, channel=CHANNEL, ts=INTRO_TS,
        team_id=TEAM, event_id="Ev0INTRO01")))
    w.state["intro acknowledged"] = answer is not None and answer.status == 200


def slack_had_its_200(w: World) -> bool:
    """Slack resends an event that got no 200 (and only then)."""
    return bool(w.state.get("intro acknowledged"))


def party_of(w: World, user: str) -> int:
    with w.session() as s:
        return s.scalars(select(Party.id).where(Party.user_id == user)).one()


def open_close_modal(w: World, action: Action) -> None:
    w.post(lambda p: p.post_interaction(req.block_action(
        user=ANA, action_id=action, value=str(party_of(w, ANA)), team_id=TEAM, channel=CHANNEL,
        response_url=w.fake.response_url("prompt"))))
    w.state["view"] = w.fake.calls_to("views.open")[-1].params["view"]


def submit_close(**changes: Any) -> Callable[[World], None]:
    def submit(w: World) -> None:
        view = w.state["view"]
        before = w.acks
        w.post(lambda p: p.post_interaction(req.view_submission(
            user=ANA, team_id=TEAM, callback_id=CLOSE_MODAL, private_metadata=view["private_metadata"],
            values=state_of(view, **changes))))
        w.state["submit_acked"] = w.acks > before
    return submit


def intro_command(w: World) -> None:
    w.post(lambda p: p.post_command(req.slash_command(
        text=f"<@{ANA}|ana> <@{BEN}|ben> {WHY}", user=CARLA, team_id=TEAM, response_url=w.fake.response_url("intro"))))


def say_yes(user: str) -> Callable[[World], None]:
    def press(w: World) -> None:
        [request] = w.rows(OptInRequest)
        w.post(lambda p: p.post_interaction(req.block_action(
            user=user, action_id=Action.OPTIN_YES, value=str(request.id), team_id=TEAM, channel=dm(user),
            response_url=w.fake.response_url(f"yes-{user}"))))
    return press


def replied(name: str) -> Callable[[World], bool]:
    return lambda w: bool(w.fake.calls_to(f"response_url:{name}"))


def asked(w: World, user: str) -> bool:
    """The person has the question with its buttons (only then can they say yes)."""
    return any(Action.OPTIN_YES in str(m.get("blocks")) for m in w.fake.messages(dm(user)))


def dm(user: str) -> str:
    return "D" + user[1:]


def ben_connects(w: World) -> None:
    """Ben says he's happy to connect, so only Ana's part of the intro is left open."""
    w.post(lambda p: p.post_interaction(req.block_action(
        user=BEN, action_id=Action.CONNECT, value=str(party_of(w, BEN)), team_id=TEAM, channel=CHANNEL,
        response_url=w.fake.response_url("ben-prompt"))))


@dataclass(frozen=True)
class Flow:
    name: str
    setup: tuple[Callable[[World], None], ...]
    acts: tuple[Act, ...]
    check: Callable[[World, str], None]
    # Kill points after which one message is knowingly sent twice (see the README's duplicate windows).
    windows: frozenset[str] = frozenset()


def submitted(w: World) -> bool:
    return bool(w.state.get("submit_acked"))


def at(when: datetime) -> Callable[[World], None]:
    """The due-work loop's tick at `when`."""
    def tick(w: World) -> None:
        w.clock.move_to(when)
        w.tick()
    return tick


def press(user: str, action: Action, channel: Callable[[World], str], reply: str) -> Callable[[World], None]:
    """`user` presses `action`'s button on the latest message of `channel` that has it (what they were sent)."""
    def go(w: World) -> None:
        where = channel(w)
        value, message = button(w, where, action)
        w.state.pop("form", None)
        before = len(w.fake.calls_to("views.open"))
        w.post(lambda p: p.post_interaction(req.block_action(
            user=user, action_id=action, value=value, team_id=TEAM, channel=where,
            response_url=w.fake.response_url(reply),
            message={"type": "message", "ts": message["ts"], "text": message.get("text", ""),
                     "blocks": message.get("blocks", [])})))
        if opened := w.fake.calls_to("views.open")[before:]:
            w.state["form"] = opened[-1].params["view"]
    return go


def button(w: World, channel: str, action: Action) -> tuple[str, dict[str, Any]]:
    """The value of `action`'s button on the latest message in `channel` that has one, and that message."""
    for message in reversed(w.fake.messages(channel)):
        for block in message.get("blocks") or []:
            for element in block.get("elements") or []:
                if element.get("action_id") == action:
                    return element["value"], message
    raise LookupError(f"no {action} button in {channel}")


def has_button(channel: Callable[[World], str], action: Action) -> Callable[[World], bool]:
    def can(w: World) -> bool:
        try:
            button(w, channel(w), action)
        except LookupError:
            return False
        return True
    return can


def form_opened(w: World) -> bool:
    return "form" in w.state


def submit_form(user: str, **changes: Any) -> Callable[[World], None]:
    """`user` submits the form their last press opened."""
    def submit(w: World) -> None:
        view, before = w.state["form"], w.acks
        w.post(lambda p: p.post_interaction(req.view_submission(
            user=user, team_id=TEAM, callback_id=view["callback_id"], private_metadata=view["private_metadata"],
            values=state_of(view, **changes))))
        w.state["submit_acked"] = w.acks > before
    return submit


def ask_command(w: World) -> None:
    w.post(lambda p: p.post_command(req.slash_command(
        text=f"ask <@{CARLA}|carla> <@{BEN}|ben> {ASK_WHY}", user=ANA, team_id=TEAM,
        response_url=w.fake.response_url("ask"))))


def group_of(w: World) -> str:
    [request] = w.rows(OptInRequest)
    assert request.group_channel_id
    return request.group_channel_id


submit_redirect = submit_close(who=DIEGO, by=REDIRECT_BY, redirect_options=[],  # Ana asks them later, from the nudge
                               draft="Thanks Carla! Ben, Diego is the one to talk to; I'll connect you.")
DIRECT = Flow("close-direct", (say_intro, lambda w: open_close_modal(w, Action.DIRECT)),
              (Act("submit", submit_close(reason="no_capacity"), submitted),), lambda w, k: check_close(w, k, "direct"))
DECLINE = Flow("close-decline", (say_intro, lambda w: open_close_modal(w, Action.DECLINE)),
               (Act("submit", submit_close(), submitted),), lambda w, k: check_close(w, k, "decline"),
               windows=frozenset({"after:chat.postMessage#1"}))
REDIRECT = Flow(
    "close-redirect",
    (say_intro, ben_connects, lambda w: open_close_modal(w, Action.REDIRECT)),
    (Act("submit", submit_redirect, submitted), Act("nudge", at(REDIRECT_DUE))),
    lambda w, k: check_redirect(w, k),
    windows=frozenset({"after:chat.postMessage#2"}),
)
NOTICE = Flow("notice", (), (Act("intro", say_intro, slack_had_its_200),), lambda w, k: check_notice(w, k))
# Kill points with a prompt at Slack, taken or not (an ephemeral cannot be looked up): it is not sent again, and
# its reminder comes an hour on instead of two days on. Whose prompt, and whether Slack had taken it.
PROMPT_IN_DOUBT = {"after:commit#2": (ANA, False), "after:chat.postEphemeral#1": (ANA, True),
                   "after:commit#4": (BEN, False), "after:chat.postEphemeral#2": (BEN, True)}
OPTIN = Flow(
    "optin",
    (),
    (Act("intro", intro_command, replied("intro")),
     Act("ana-yes", say_yes(ANA), replied(f"yes-{ANA}"), lambda w: asked(w, ANA)),
     Act("ben-yes", say_yes(BEN), replied(f"yes-{BEN}"), lambda w: asked(w, BEN))),
    lambda w, k: check_optin(w, k),
    windows=frozenset({"after:chat.postMessage#1", "after:chat.postMessage#2"}),
)
WEDNESDAY = datetime(2026, 11, 25, 15, 5, tzinfo=UTC)  # 48 hours after the prompts and the decline
GET_BACK_DUE = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # need time: three days on, 09:00 in New York
NEXT_MONDAY = datetime(2026, 11, 30, 14, 0, tzinfo=UTC)  # the weekly digest, 09:00 in New York
ASK_WHY = "I'm building a pricing team and Ben ran pricing at Acme for years"
SUGGESTION = "Diego knows the pricing team well."
NO_THANKS = "Hi Ana, I barely know Ben, so I'll pass. Let's stay in touch!"
NEED_TIME = Flow(
    "need-time",
    (say_intro, ben_connects, lambda w: open_close_modal(w, Action.NEED_TIME)),
    (Act("submit", submit_close(), submitted), Act("nudge", at(GET_BACK_DUE))),
    lambda w, k: check_need_time(w, k),
    windows=frozenset({"after:chat.postMessage#2"}),
)
OPEN_INTRO_NUDGE = Flow("open-intro-nudge", (say_intro,), (Act("nudge", at(WEDNESDAY)),),
                        lambda w, k: check_open_intro_nudge(w, k),
                        windows=frozenset({"after:chat.postMessage#1", "after:chat.postMessage#2"}))
RELAY_NUDGE = Flow(
    "relay-nudge",
    (say_intro, ben_connects, lambda w: open_close_modal(w, Action.DECLINE), submit_close()),
    (Act("nudge", at(WEDNESDAY)),),
    lambda w, k: check_relay_nudge(w, k),
    windows=frozenset({"after:chat.postMessage#1"}),
)
DIGEST = Flow("digest", (say_intro, at(WEDNESDAY)), (Act("digest", at(NEXT_MONDAY)),), lambda w, k: check_digest(w, k),
              windows=frozenset({"after:chat.postMessage#1", "after:chat.postMessage#2"}))


def ask_flow(name: str, action: Action, **changes: Any) -> Flow:
    """Ana asks Carla for an intro to Ben; Carla answers with `action`, in the form it opens."""
    return Flow(
        name,
        (),
        (Act("ask", ask_command, replied("ask")),
         Act("press", press(CARLA, action, lambda w: dm(CARLA), "request"), form_opened,
             has_button(lambda w: dm(CARLA), action)),
         Act("submit", submit_form(CARLA, **changes), submitted, form_opened)),
        lambda w, k: check_ask(w, k, name),
        windows=ASK_WINDOWS[name],
    )


# The DMs sent twice at a kill point: Carla's request, then (forward) Ana's and Ben's questions, or Ana's answer.
ASK_WINDOWS = {
    "ask-forward": frozenset({"after:chat.postMessage#1", "after:chat.postMessage#2", "after:chat.postMessage#3"}),
    "ask-decline": frozenset({"after:chat.postMessage#1", "after:chat.postMessage#2"}),
    "ask-suggest": frozenset({"after:chat.postMessage#1", "after:chat.postMessage#2"}),
}
ASK_FORWARD = ask_flow("ask-forward", Action.ASK_FORWARD)
ASK_DECLINE = ask_flow("ask-decline", Action.ASK_DECLINE, ask_text=NO_THANKS)
ASK_SUGGEST = ask_flow("ask-suggest", Action.ASK_SUGGEST, ask_someone=DIEGO, ask_text=SUGGESTION)
MAKE_INTRO = Flow(
    "make-intro",
    (*REDIRECT.setup, submit_redirect, at(REDIRECT_DUE)),
    (Act("press", press(ANA, Action.MAKE_INTRO, lambda w: dm(ANA), "nudge"), form_opened,
         has_button(lambda w: dm(ANA), Action.MAKE_INTRO)),
     Act("submit", submit_form(ANA), submitted, form_opened)),
    lambda w, k: check_make_intro(w, k),
    windows=frozenset({"after:chat.postMessage#1", "after:chat.postMessage#2"}),
)


def stepped_back(w: World) -> bool:
    """The group intro no longer has its Step back button: Carla sees that it is done."""
    return not has_button(group_of, Action.OPTIN_STEP_BACK)(w)


STEP_BACK = Flow(
    "step-back",
    (intro_command, say_yes(ANA), say_yes(BEN)),
    (Act("step-back", press(CARLA, Action.OPTIN_STEP_BACK, group_of, "group"), stepped_back,
         has_button(group_of, Action.OPTIN_STEP_BACK)),),
    lambda w, k: check_step_back(w, k),
)
NUDGED = (*REDIRECT.setup, submit_redirect, at(REDIRECT_DUE))  # Ana has her redirect's nudge, in her DM
NOTE = "Thanks Carla, but I'm not looking for pricing contacts right now."


def snooze_press(w: World) -> None:
    """Ana picks "1 day" in the nudge's snooze menu."""
    [promise] = w.rows(Promise)
    w.post(lambda p: p.post_interaction(req.block_action(
        user=ANA, action_id=Action.SNOOZE, team_id=TEAM, channel=dm(ANA), action_type="static_select",
        selected_option_value=f"{promise.id}:1d", response_url=w.fake.response_url("snooze"))))


def replies_to(w: World, name: str) -> list[str]:
    return [c.params.get("text", "") for c in w.fake.calls_to(f"response_url:{name}")]


def home_opened(w: World) -> None:
    w.state["published"] = len(w.fake.calls_to("views.publish"))
    w.post(lambda p: p.post_event(req.app_home_opened(user=ANA, team_id=TEAM)))


def from_home(action: Action) -> Callable[[World], None]:
    """Ana presses `action` on her Home tab (no message, no response_url: the refreshed tab is the answer)."""
    def go(w: World) -> None:
        w.state["published"] = len(w.fake.calls_to("views.publish"))
        w.state.pop("form", None)
        before = len(w.fake.calls_to("views.open"))
        w.post(lambda p: p.post_interaction(req.block_action(
            user=ANA, action_id=action, value="on", team_id=TEAM, view={"type": "home", "id": "VHOME"})))
        if opened := w.fake.calls_to("views.open")[before:]:
            w.state["form"] = opened[-1].params["view"]
    return go


def republished(w: World) -> bool:
    """Ana sees her Home tab published (again) since she acted."""
    return len(w.fake.calls_to("views.publish")) > w.state.get("published", 0)


def command(words: str, reply: str, user: str = ANA) -> Callable[[World], None]:
    def run(w: World) -> None:
        w.state.pop("form", None)
        before = len(w.fake.calls_to("views.open"))
        w.post(lambda p: p.post_command(req.slash_command(text=words, user=user, team_id=TEAM,
                                                          response_url=w.fake.response_url(reply))))
        if opened := w.fake.calls_to("views.open")[before:]:
            w.state["form"] = opened[-1].params["view"]
    return run


def submit_prefs(w: World) -> None:
    view, before = w.state["form"], w.acks
    w.post(lambda p: p.post_interaction(req.view_submission(
        user=ANA, team_id=TEAM, callback_id=view["callback_id"], private_metadata=view.get("private_metadata", ""),
        values=prefs_values("busy", busy_until="2027-03-01", note="heads-down on a launch"))))
    w.state["submit_acked"] = w.acks > before


def delete_press(w: World) -> None:
    w.post(lambda p: p.post_interaction(req.block_action(
        user=ANA, action_id=Action.DELETE_MY_DATA, team_id=TEAM, response_url=w.fake.response_url("delete"))))


NO_THANKS_FLOW = Flow(
    "optin-no-thanks",
    (intro_command,),
    (Act("press", press(BEN, Action.OPTIN_NO, lambda w: dm(BEN), "ben-no"), form_opened,
         has_button(lambda w: dm(BEN), Action.OPTIN_NO)),
     Act("submit", submit_form(BEN, optin_note=NOTE), submitted, form_opened)),
    lambda w, k: check_no_thanks(w, k),
    windows=frozenset({"after:chat.postMessage#1", "after:chat.postMessage#2"}),
)
SNOOZE = Flow("snooze", NUDGED, (Act("snooze", snooze_press, replied("snooze")),), lambda w, k: check_snooze(w, k),
)
ALREADY_DONE = Flow("already-done", NUDGED,
                    (Act("done", press(ANA, Action.DONE, lambda w: dm(ANA), "done"), replied("done"),
                         has_button(lambda w: dm(ANA), Action.DONE)),),
                    lambda w, k: check_already_done(w, k))
CLOSE_INSTEAD = Flow(
    "close-instead",
    NUDGED,
    (Act("press", press(ANA, Action.CLOSE_INSTEAD, lambda w: dm(ANA), "instead"), form_opened,
         has_button(lambda w: dm(ANA), Action.CLOSE_INSTEAD)),
     Act("submit", submit_form(ANA), submitted, form_opened)),
    lambda w, k: check_close_instead(w, k),
)
PASSED_ON = Flow(
    "passed-on",
    RELAY_NUDGE.setup,
    (Act("press", press(CARLA, Action.RELAYED, lambda w: dm(CARLA), "note"), replied("note"),
         has_button(lambda w: dm(CARLA), Action.RELAYED)),),
    lambda w, k: check_passed_on(w, k),
)
HOME = Flow("home", (say_intro,), (Act("open", home_opened, republished),), lambda w, k: check_home(w, k))
HOME_SETTING = Flow("home-setting", (say_intro, home_opened),
                    (Act("prompts-off", from_home(Action.PROMPTS_OFF), republished),),
                    lambda w, k: check_home_setting(w, k))
PREFS = Flow("prefs", (), (Act("open", command("prefs", "prefs"), form_opened),
                           Act("submit", submit_prefs, submitted, form_opened)), lambda w, k: check_prefs(w, k))
HOME_PREFS = Flow("home-prefs", (home_opened,), (Act("open", from_home(Action.EDIT_PREFS), form_opened),
                                                 Act("submit", submit_prefs, submitted, form_opened)),
                  lambda w, k: check_prefs(w, k))
LIST = Flow("list", (say_intro,), (Act("list", command("list", "list"), replied("list")),),
            lambda w, k: check_said(w, "list", "Your open intros"))
EXPORT = Flow("export", (say_intro,), (Act("export", command("export", "export"), replied("export")),),
              lambda w, k: check_said(w, "export", "Everything I store about you"))
DELETE = Flow("delete", (say_intro,), (Act("offer", command("delete", "delete-offer")),
                                       Act("delete", delete_press, replied("delete"))),
              lambda w, k: check_deleted(w, k))
FLOWS = {f.name: f for f in (NOTICE, DIRECT, DECLINE, REDIRECT, OPTIN, NEED_TIME, OPEN_INTRO_NUDGE, RELAY_NUDGE,
                             DIGEST, ASK_FORWARD, ASK_DECLINE, ASK_SUGGEST, MAKE_INTRO, STEP_BACK,
                             NO_THANKS_FLOW, SNOOZE, ALREADY_DONE, CLOSE_INSTEAD, PASSED_ON, HOME, HOME_SETTING,
                             PREFS, HOME_PREFS, LIST, EXPORT, DELETE)}


# ---- what a person would notice ----------------------------------------------------------------------------


def bot_messages(w: World) -> list[tuple[str, dict[str, Any]]]:
    """Every message the bot has in Slack, with its channel."""
    return [(c, m) for c in (CHANNEL, dm(ANA), dm(BEN), dm(CARLA), dm(DIEGO), *w.state.get("groups", ()))
            for m in w.fake.messages(c) if m.get("user") == "UBOT"]


def check_no_duplicates(w: World, kill: str, flow: Flow) -> None:
    """No message (nor ephemeral prompt) sent twice, except one at a known duplicate window."""
    seen = Counter((c.answered["channel"], c.params.get("thread_ts"), c.params["text"])
                   for c in w.fake.calls_to("chat.postMessage"))
    seen.update((c.params["channel"], c.params["user"], c.params["text"])
                for c in w.fake.calls_to("chat.postEphemeral"))
    twice = [key for key, n in seen.items() if n > 1]
    assert len(twice) == (1 if kill in flow.windows else 0), twice
    assert all(seen[key] == 2 for key in twice)


def check_closes_agree(w: World, duplicates: int) -> None:
    """Every close recorded as posted is in Slack where the record says, and every close in Slack is the one
    recorded, but for `duplicates` (a decline note sent twice: the record names the second)."""
    closes = w.rows(Close)
    in_slack = {(c, m["ts"]): m for c, m in bot_messages(w)
                if (m.get("metadata") or {}).get("event_type") == MetadataEvent.CLOSE}
    for close in closes:
        assert close.status is CloseStatus.POSTED, (close.status, close.last_error)
        message = in_slack.get((close.channel_id, close.posted_ts))
        assert message is not None, "recorded as posted, not in Slack"
        assert message["metadata"]["event_payload"]["close_id"] == close.id
    recorded = {(c.channel_id, c.posted_ts) for c in closes}
    assert len([key for key in in_slack if key not in recorded]) == duplicates


def check_stale_prompt(w: World) -> None:
    """A prompt the dead process never replaced still has its buttons: they answer kindly and give way."""
    w.post(lambda p: p.post_interaction(req.block_action(
        user=ANA, action_id=Action.DIRECT, value=str(party_of(w, ANA)), team_id=TEAM, channel=CHANNEL,
        response_url=w.fake.response_url("stale"))))
    [answer] = w.fake.calls_to("response_url:stale")
    assert "already answered this intro" in answer.params["text"] and answer.params["replace_original"] is True


def check_close(w: World, kill: str, way: str) -> None:
    check_stale_prompt(w)
    [close] = w.rows(Close)
    assert close.way == way
    [ana] = [p for p in w.rows(Party) if p.user_id == ANA]
    assert ana.state is {"direct": PartyState.CLOSED_DIRECT, "decline": PartyState.DECLINED}[way]
    if way == "direct":
        assert (close.channel_id, close.thread_ts) == (CHANNEL, INTRO_TS)
        thread = [m for m in w.fake.messages(CHANNEL) if m.get("thread_ts") == INTRO_TS]
        assert [m["ts"] for m in thread] == [close.posted_ts]  # posted once, in the thread
    else:
        notes = w.fake.messages(dm(CARLA))
        assert notes[-1]["ts"] == close.posted_ts and len(notes) == (2 if kill in DECLINE.windows else 1)
        [promise] = w.rows(Promise)
        assert promise.owner_id == CARLA  # Carla is reminded to pass it on


def check_redirect(w: World, kill: str) -> None:
    check_stale_prompt(w)
    [close] = w.rows(Close)
    thread = [m for m in w.fake.messages(CHANNEL) if m.get("thread_ts") == INTRO_TS]
    assert [m["ts"] for m in thread] == [close.posted_ts] and close.way == "redirect"
    [promise] = w.rows(Promise)
    assert (promise.owner_id, promise.target_user_id) == (ANA, DIEGO)
    nudges = [m for m in w.fake.messages(dm(ANA)) if "Make the intro now" in str(m.get("blocks"))]
    assert len(nudges) == (2 if kill in REDIRECT.windows else 1)
    [nudge] = [n for n in w.rows(Nudge) if n.promise_id == promise.id]
    assert nudge.sent == 1 and nudge.due_at is not None  # sent, and the next reminder is scheduled


def check_notice(w: World, kill: str) -> None:
    """Each person has their prompt once, never twice; one whose prompt was at Slack when the process died (shown
    or not) has its reminder an hour on instead, and no one else has a reminder yet."""
    assert len(w.process.deps.backlog) == 0  # type: ignore[union-attr]
    in_doubt, shown = PROMPT_IN_DOUBT.get(kill, (None, True))
    prompts = Counter(c.params["user"] for c in w.fake.calls_to("chat.postEphemeral"))
    assert sorted(prompts) == sorted(u for u in (ANA, BEN) if u != in_doubt or shown)
    assert set(prompts.values()) == {1}
    for party in w.rows(Party):
        assert (party.prompt_channel_id, party.due_at) == (CHANNEL, None)
    assert {n.kind.value for n in w.rows(Nudge)} == {"open_intro", "digest"}
    w.catch_up(within=IN_DOUBT_REMINDER_AFTER + CATCH_UP)
    for user in (ANA, BEN):
        reminders = [m for m in w.fake.messages(dm(user)) if "A gentle reminder" in m["text"]]
        assert len(reminders) == (1 if user == in_doubt else 0), user


def check_optin(w: World, kill: str) -> None:
    [request] = w.rows(OptInRequest)
    assert request.state is RequestState.CONNECTED and request.group_channel_id
    assert request.due_at is None
    group = request.group_channel_id
    w.state["groups"] = (group,)
    [intro] = [m for m in w.fake.messages(group) if m.get("user") == "UBOT"]
    assert f"<@{ANA}>, meet <@{BEN}>" in intro["text"]
    for user in (ANA, BEN):
        questions = [c for c in w.fake.calls_to("chat.postMessage")
                     if c.params["channel"] == dm(user) and "would like to introduce you" in c.params["text"]]
        # A question posted by a process that died before recording it is asked again (no im:history to see it).
        assert len(questions) == (2 if (kill, user) in {("after:chat.postMessage#1", ANA),
                                                        ("after:chat.postMessage#2", BEN)} else 1), user
    assert {a.ask_ts is not None for a in w.rows(OptInAnswer)} == {True}


def dms(w: World, user: str, marker: str) -> list[dict[str, Any]]:
    """The bot's DMs to `user` that say `marker`."""
    return [m for m in w.fake.messages(dm(user)) if m.get("user") == "UBOT" and marker in m.get("text", "")]


def nudge_row(w: World, kind: str, user: str) -> Nudge:
    [row] = [n for n in w.rows(Nudge) if n.kind.value == kind and n.user_id == user]
    return row


def check_need_time(w: World, kill: str) -> None:
    [close] = w.rows(Close)
    thread = [m for m in w.fake.messages(CHANNEL) if m.get("thread_ts") == INTRO_TS]
    assert close.way == "need_time" and [m["ts"] for m in thread] == [close.posted_ts]  # the holding reply, once
    [ana] = [p for p in w.rows(Party) if p.user_id == ANA]
    assert ana.state is PartyState.OPEN  # still hers to close
    [promise] = w.rows(Promise)
    assert (promise.kind.value, promise.owner_id, promise.due_at) == ("get_back", ANA, GET_BACK_DUE)
    nudges = dms(w, ANA, "get back to")
    assert len(nudges) == (2 if kill in NEED_TIME.windows else 1)
    assert buttons_of(nudges[-1])[:3] == [Action.DIRECT, Action.REDIRECT, Action.DECLINE]
    reminder = nudge_row(w, "promise", ANA)
    assert reminder.sent == 1 and reminder.due_at is not None  # the next one is scheduled
    assert nudge_row(w, "open_intro", ANA).sent == 0  # she answered: no 48-hour nudge


def buttons_of(message: dict[str, Any]) -> list[str]:
    return [e["action_id"] for b in message.get("blocks") or [] for e in b.get("elements") or [] if "action_id" in e]


def check_open_intro_nudge(w: World, kill: str) -> None:
    windows = {ANA: "after:chat.postMessage#1", BEN: "after:chat.postMessage#2"}  # Ana's party comes first
    for user in (ANA, BEN):
        nudges = dms(w, user, "A gentle reminder")
        assert len(nudges) == (2 if kill == windows[user] else 1), user
        assert Action.DIRECT in buttons_of(nudges[-1])
        row = nudge_row(w, "open_intro", user)
        assert (row.sent, row.due_at) == (1, None)  # one nudge only


def check_relay_nudge(w: World, kill: str) -> None:
    nudges = dms(w, CARLA, "pass their answer on")
    assert len(nudges) == (2 if kill in RELAY_NUDGE.windows else 1)
    assert buttons_of(nudges[-1])[0] == Action.RELAYED
    row = nudge_row(w, "promise", CARLA)
    assert row.sent == 1 and row.due_at is not None
    assert len(dms(w, CARLA, "A private answer")) == 1  # the decline note itself, once


def check_digest(w: World, kill: str) -> None:
    windows = {ANA: "after:chat.postMessage#1", BEN: "after:chat.postMessage#2"}
    for user in (ANA, BEN):
        digests = dms(w, user, "Your week in intros")
        assert len(digests) == (2 if kill == windows[user] else 1), user
        row = nudge_row(w, "digest", user)
        assert (row.sent, row.due_at) == (1, NEXT_MONDAY + timedelta(days=7))


def check_ask(w: World, kill: str, name: str) -> None:
    [ask] = w.rows(IntroAsk)
    requests = dms(w, CARLA, "would like you to introduce them")
    assert len(requests) == (2 if kill == "after:chat.postMessage#1" else 1)
    assert button(w, dm(CARLA), Action.ASK_FORWARD)[0] == str(ask.id)
    again = kill == "after:chat.postMessage#2"
    if name == "ask-forward":
        assert ask.state is AskState.ASKED
        [request] = w.rows(OptInRequest)
        assert request.introducer_id == CARLA and request.state is RequestState.ASKING
        for n, user in enumerate((ANA, BEN), start=2):  # Ana is asked first
            questions = dms(w, user, "would like to introduce you")
            assert len(questions) == (2 if kill == f"after:chat.postMessage#{n}" else 1), user
        assert {a.ask_ts is not None for a in w.rows(OptInAnswer)} == {True}
        return
    assert ask.state is {"ask-decline": AskState.DECLINED, "ask-suggest": AskState.SUGGESTED}[name]
    said = {"ask-decline": "I barely know Ben", "ask-suggest": f"suggests asking <@{DIEGO}>"}[name]
    assert len(dms(w, ANA, said)) == (2 if again else 1)
    assert w.fake.messages(dm(BEN)) == []  # Ben never hears of it


def check_make_intro(w: World, kill: str) -> None:
    [promise] = w.rows(Promise)
    assert promise.state is PromiseState.OPEN  # asked; kept once the two of them connect
    [request] = w.rows(OptInRequest)
    assert (request.introducer_id, request.promise_id, request.state) == (ANA, promise.id, RequestState.ASKING)
    for n, user in enumerate((BEN, DIEGO), start=1):  # the one waiting, then the better-placed person
        questions = dms(w, user, "would like to introduce you")
        assert len(questions) == (2 if kill == f"after:chat.postMessage#{n}" else 1), user
    assert {a.ask_ts is not None for a in w.rows(OptInAnswer)} == {True}


def check_step_back(w: World, kill: str) -> None:
    group = group_of(w)
    w.state["groups"] = (group,)
    said = [m for m in w.fake.messages(group) if "I'll step back now" in m.get("text", "")]
    assert len(said) == 1
    assert stepped_back(w)  # the button gave way to "stepped back"
    [intro] = [m for m in w.fake.messages(group) if f"<@{ANA}>, meet <@{BEN}>" in m.get("text", "")]
    assert "stepped back" in str(intro["blocks"])


def check_no_thanks(w: World, kill: str) -> None:
    [request] = w.rows(OptInRequest)
    assert request.state is RequestState.DECLINED
    [ben] = [a for a in w.rows(OptInAnswer) if a.user_id == BEN]
    assert ben.note == NOTE
    # Sent, then killed before it was recorded: told again (a DM cannot be looked up; see the README's windows).
    assert len(dms(w, CARLA, "said no")) == (2 if kill == "after:chat.postMessage#1" else 1)
    told_ana = [c for c in w.fake.calls_to("chat.postMessage")
                if c.params["channel"] == dm(ANA) and "isn't going ahead" in c.params["text"]]
    assert len(told_ana) == (2 if kill == "after:chat.postMessage#2" else 1)
    question = [m for m in w.fake.messages(dm(BEN)) if m.get("user") == "UBOT"][0]
    if Action.OPTIN_NO in str(question.get("blocks")):  # killed before it gave way: its buttons answer kindly
        assert STEPS[NO_THANKS_FLOW.name].index(kill.split(":", 1)[1]) < STEPS[NO_THANKS_FLOW.name].index(
            "chat.update#2") if kill != "none" else False  # #1: Ana's question; #2: his own
        press(BEN, Action.OPTIN_NOT_NOW, lambda w: dm(BEN), "stale-question")(w)
        [said] = replies_to(w, "stale-question")
        assert "already" in said, said
        assert w.rows(OptInRequest)[0].state is RequestState.DECLINED


def check_snooze(w: World, kill: str) -> None:
    [promise] = w.rows(Promise)
    [nudge] = [n for n in w.rows(Nudge) if n.promise_id == promise.id]
    assert nudge.due_at == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)  # a day on: Thursday, 09:00
    assert [t for t in replies_to(w, "snooze") if t.startswith(":zzz: Snoozed")] == replies_to(w, "snooze")
    assert len(replies_to(w, "snooze")) == 1


def check_already_done(w: World, kill: str) -> None:
    [promise] = w.rows(Promise)
    assert promise.state is PromiseState.KEPT
    [said] = replies_to(w, "done")
    assert "Marked as done" in said or "already kept" in said


def check_close_instead(w: World, kill: str) -> None:
    [promise] = w.rows(Promise)
    assert promise.state is not PromiseState.OPEN
    closes = [c for c in w.rows(Close) if c.way == "direct"]
    assert len(closes) == 1
    thread = [m for m in w.fake.messages(CHANNEL) if m.get("thread_ts") == INTRO_TS]
    assert closes[0].posted_ts in [m["ts"] for m in thread] and len(thread) == 2  # the redirect, then this


def check_passed_on(w: World, kill: str) -> None:
    [promise] = w.rows(Promise)
    assert promise.state is PromiseState.KEPT
    [said] = replies_to(w, "note")
    assert "passed it on" in said


def check_home(w: World, kill: str) -> None:
    assert republished(w)
    assert f"<@{CARLA}>" in str(w.fake.calls_to("views.publish")[-1].params["view"])


def check_home_setting(w: World, kill: str) -> None:
    [prefs] = w.rows(UserPrefs)
    assert prefs.prompts_enabled is False and republished(w)


def check_prefs(w: World, kill: str) -> None:
    [prefs] = w.rows(UserPrefs)
    assert prefs.policy is IntroPolicy.BUSY


def check_said(w: World, reply: str, marker: str) -> None:
    said = replies_to(w, reply)
    assert len(said) == 1 and marker in said[0], said


def check_deleted(w: World, kill: str) -> None:
    assert [p for p in w.rows(Party) if p.user_id == ANA] == []
    [said] = replies_to(w, "delete")
    assert "is deleted" in said


# ---- running a flow, killed or not -------------------------------------------------------------------------


def run_flow(w: World, flow: Flow, kill_at: int | None,
             on_restart: Callable[[FakeSlack], None] = lambda fake: None) -> Killer:
    w.start()
    for step in flow.setup:
        step(w)
    killer = w.killer = Killer(kill_at)
    done = 0
    for act in flow.acts:
        try:
            act.do(w)
        except Crash:
            pass
        if killer.dead.is_set():
            break
        done += 1
    w.killer = None
    if killer.dead.is_set():
        # Restart on the same database and Slack; the person does again what got no answer.
        assert w.process is not None
        w.process.stop()
        w.start()
        on_restart(w.fake)
        interrupted = flow.acts[done]
        if interrupted.answered is not None and not interrupted.answered(w) and can_do(w, interrupted):
            interrupted.do(w)
        w.catch_up()
        for act in flow.acts[done + 1:]:
            assert can_do(w, act), f"{act.name}: the flow is stuck"
            act.do(w)
    w.catch_up()
    return killer


def can_do(w: World, act: Act) -> bool:
    return act.can(w)


@pytest.fixture
def world(db_url: str, tmp_path: Path) -> Iterator[World]:
    with FakeSlack(bot_user_id="UBOT", bot_id="BBOT", team_id=TEAM, tokens=(TOKEN,), scopes=BOT_SCOPES) as fake, \
            freeze_time(MONDAY, tick=True) as clock, pytest.MonkeyPatch.context() as patch:
        populate(fake)
        fake.add_message(CHANNEL, ts=INTRO_TS, user=CARLA, text=f"<@{ANA}> meet <@{BEN}>, you both work on pricing")
        settings = load_settings(_env_file=None, slack_bot_token=TOKEN, slack_signing_secret=SIGNING_SECRET,
                                 database_url=db_url, slack_api_url=fake.api_url)
        # freezegun types every factory alike; with tick=True it is a TickingDateTimeFactory
        w = World(fake, settings, cast(TickingDateTimeFactory, clock), tmp_path / "backlog.db")
        _count_slack_calls(w, patch)
        try:
            yield w
        finally:
            if w.process is not None:
                w.process.stop()


def _count_slack_calls(w: World, patch: pytest.MonkeyPatch) -> None:
    api_call, send_dict, ack = BaseClient.api_call, WebhookClient.send_dict, Ack.__call__
    keep, remove = Backlog.keep, Backlog.remove

    def step(name: str, call: Callable[[], Any]) -> Any:
        killer = w.killer
        if killer is None:
            return call()
        killer.before(name)
        try:
            return call()
        finally:
            killer.after(name)

    def counted_api_call(self: BaseClient, api_method: str, **kwargs: Any) -> Any:
        return step(api_method, lambda: api_call(self, api_method, **kwargs))

    def counted_send(self: WebhookClient, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
        return step("response_url", lambda: send_dict(self, body, headers))

    def counted_ack(self: Ack, *args: Any, **kwargs: Any) -> Any:
        w.acks += 1
        return ack(self, *args, **kwargs)

    def counted_keep(self: Backlog, intro: Any) -> int:
        return step("backlog.keep", lambda: keep(self, intro))

    def counted_remove(self: Backlog, key: int) -> None:
        return step("backlog.remove", lambda: remove(self, key))

    patch.setattr(BaseClient, "api_call", counted_api_call)
    patch.setattr(Backlog, "keep", counted_keep)
    patch.setattr(Backlog, "remove", counted_remove)
    patch.setattr(WebhookClient, "send_dict", counted_send)
    patch.setattr(Ack, "__call__", counted_ack)


def check(w: World, flow: Flow, kill: str) -> None:
    flow.check(w, kill)
    check_closes_agree(w, duplicates=1 if flow is DECLINE and kill in flow.windows else 0)
    check_no_duplicates(w, kill, flow)


# The steps each flow takes when nothing goes wrong (checked below): a Slack method, "response_url", or
# "commit", numbered by occurrence. A kill point is named by the step just taken.
STEPS: dict[str, list[str]] = {
    "notice": [
        "backlog.keep#1",  # the intro, as soon as it is detected, before Slack gets its acknowledgement
        "users.info#1", "users.info#2",  # who Ana and Ben are (not bots, not deactivated)
        "commit#1",  # the intro and its parties, each prompt held for its sender
        "backlog.remove#1",  # stored: the prompts it holds are the due-work loop's to retry from here
        "chat.getPermalink#1",
        "commit#2",  # Ana's prompt marked as with Slack: if it dies now, it is in doubt, and not sent again
        "chat.postEphemeral#1", "commit#3",  # her prompt, then recorded (with her nudges)
        "commit#4", "chat.postEphemeral#2", "commit#5",  # Ben's
    ],
    "close-direct": [
        "commit#1",  # the close, pending and held for this request; then Slack is acknowledged
        "chat.postMessage#1", "commit#2",  # posted in the thread, then recorded as posted
        "response_url#1",  # the prompt gives way to a confirmation
        "views.publish#1",  # the Home tab
    ],
    "close-decline": [
        "commit#1",  # the close and the introducer's promise to pass it on
        "conversations.open#1", "chat.postMessage#1", "commit#2",  # the note in Carla's DM, then recorded
        "response_url#1", "views.publish#1",
    ],
    "close-redirect": [
        "users.info#1",  # Diego's name
        "commit#1",  # the close, the promise and its nudge
        "chat.postMessage#1", "commit#2", "response_url#1", "views.publish#1",
        # Wednesday 09:00 in New York: the due-work loop
        "commit#3",  # the nudge claimed
        "users.info#2", "chat.getPermalink#1",  # Ana's time zone (working hours), the intro's link
        "commit#4",  # the claim renewed right before sending
        "conversations.open#1", "chat.postMessage#2", "commit#5",  # the nudge, then recorded as sent
    ],
    "optin": [
        "users.info#1",  # Carla's language, to answer her /intro in
        "users.info#2", "users.info#3",  # Ana and Ben are people (each asked in their language, now known)
        "commit#1",  # the request
        "conversations.open#1", "chat.postMessage#1", "commit#2",  # Ana's question, then where it went
        "conversations.open#2", "chat.postMessage#2", "commit#3",  # Ben's
        "response_url#1",  # Carla hears they were asked
        "commit#4", "response_url#2", "views.publish#1",  # Ana says yes
        "commit#5",  # Ben says yes: connected, and held for connecting them
        "conversations.open#3", "chat.postMessage#3", "commit#6",  # the group DM and the intro in it
        "chat.update#1", "response_url#3", "views.publish#2",  # both questions give way to the news
    ],
    "need-time": [
        "commit#1",  # the holding reply, pending, and the promise to get back with its nudge
        "chat.postMessage#1", "commit#2",  # posted in the thread, then recorded as posted
        "response_url#1", "views.publish#1",
        # Thursday 09:00 in New York: the due-work loop
        "commit#3",  # the due nudges claimed: Ben's open-intro nudge and Ana's promise
        "commit#4",  # Ben's ends quietly: he connected
        "users.info#1", "chat.getPermalink#1",  # Ana's time zone, the intro's link
        "commit#5",  # the claim renewed right before sending
        "conversations.open#1", "chat.postMessage#2", "commit#6",  # the nudge, then recorded as sent
    ],
    "open-intro-nudge": [  # Wednesday, 48 hours on: the due-work loop
        "commit#1",  # Ana's and Ben's open-intro nudges claimed
        "users.info#1", "chat.getPermalink#1", "commit#2",  # Ana's time zone, the link, the claim renewed
        "conversations.open#1", "chat.postMessage#1", "commit#3",  # her nudge, then recorded as sent
        "users.info#2", "chat.getPermalink#2", "commit#4",
        "conversations.open#2", "chat.postMessage#2", "commit#5",  # Ben's
    ],
    "relay-nudge": [  # Wednesday, 48 hours after Ana's decline: the due-work loop
        "commit#1",  # claimed: Ana's and Ben's open-intro nudges, Carla's promise to pass the decline on
        "commit#2", "commit#3",  # the open-intro nudges end quietly: Ana declined, Ben connected
        "users.info#1", "chat.getPermalink#1", "commit#4",  # Carla's time zone, the link, the claim renewed
        "conversations.open#1", "chat.postMessage#1", "commit#5",  # her nudge, then recorded as sent
    ],
    "digest": [  # Monday 09:00 in New York: the due-work loop
        "commit#1",  # Ana's and Ben's digests claimed
        "users.info#1", "commit#2",  # Ana's time zone, the claim renewed
        "conversations.open#1", "chat.postMessage#1", "commit#3",  # her digest, then recorded with next week's
        "users.info#2", "commit#4", "conversations.open#2", "chat.postMessage#2", "commit#5",  # Ben's
    ],
    "ask-forward": [
        "users.info#1",  # Ana's language, to answer her /intro ask in
        "users.info#2", "users.info#3",  # Carla and Ben are people (Carla asked in her language, now known)
        "commit#1",  # the request, and its message to Carla held for this request
        "conversations.open#1", "chat.postMessage#1", "commit#2",  # sent to Carla, then recorded as sent
        "response_url#1",  # Ana hears it was sent
        "views.open#1", "views.publish#1",  # Carla's "Ask them": the double opt-in form, prefilled
        "commit#3",  # the opt-in request, and the intro request answered by it
        "conversations.open#2", "chat.postMessage#2", "commit#4",  # Ana's question, then where it went
        "conversations.open#3", "chat.postMessage#3", "commit#5",  # Ben's
        "response_url#2", "views.publish#2",  # Carla's request gives way to the news
    ],
    "ask-decline": [
        "users.info#1", "users.info#2", "users.info#3", "commit#1", "conversations.open#1", "chat.postMessage#1",
        "commit#2", "response_url#1",
        "views.open#1", "views.publish#1",  # "Decline kindly": a draft naming Ana and Ben (known by now)
        "commit#3",  # the answer, and its message to Ana held for this request
        "conversations.open#2", "chat.postMessage#2", "commit#4",  # sent to Ana, then recorded as sent
        "response_url#2", "views.publish#2",
    ],
    "ask-suggest": [
        "users.info#1", "users.info#2", "users.info#3", "commit#1", "conversations.open#1", "chat.postMessage#1",
        "commit#2", "response_url#1",
        "views.open#1", "views.publish#1",  # "Suggest someone else"
        "commit#3", "conversations.open#2", "chat.postMessage#2", "commit#4", "response_url#2", "views.publish#2",
    ],
    "make-intro": [
        "users.info#1", "users.info#2", "views.open#1", "views.publish#1",  # the opt-in form, prefilled
        "commit#1",  # the request for Ben and Diego (Ana's promise is kept once they connect)
        "conversations.open#1", "chat.postMessage#1", "commit#2",  # Ben's question, then where it went
        "conversations.open#2", "chat.postMessage#2", "commit#3",  # Diego's
        "response_url#1", "views.publish#2",  # the nudge gives way to the news
    ],
    "optin-no-thanks": [
        "views.open#1", "views.publish#1",  # Ben's "No thanks": the form for an optional note
        "commit#1",  # he sends it: his answer, the request declined, and Carla's and Ana's news held
        "conversations.open#1", "chat.postMessage#1", "commit#2",  # Carla hears, then recorded as told
        "conversations.open#2", "chat.postMessage#2", "commit#3",  # Ana hears it isn't going ahead
        "chat.update#1", "chat.update#2",  # Ana's question, then Ben's, give way to the news
        "views.publish#2",
    ],
    # A redirect's nudge (Ana's time zone already looked up by this process): its buttons.
    "snooze": ["commit#1", "response_url#1", "views.publish#1"],  # the reminder moved, then the reply
    "already-done": ["commit#1", "response_url#1", "views.publish#1"],  # the promise kept, then the thanks
    "close-instead": [
        "users.info#1", "users.info#2", "views.open#1", "views.publish#1",  # a direct close, prefilled (naming no one)
        "commit#1",  # the close, and the promise ended
        "chat.postMessage#1", "commit#2",  # posted in the thread, then recorded as posted
        "response_url#1", "views.publish#2",  # the nudge gives way to a confirmation
    ],
    "passed-on": ["commit#1", "response_url#1", "views.publish#1"],  # Carla's promise kept, then the thanks
    "home": ["views.publish#1"],  # app_home_opened: derived from the database, nothing written
    "home-setting": ["commit#1", "views.publish#1"],  # the setting saved, then the tab shows it
    # /intro prefs (in Ana's language, looked up first), the form sent.
    "prefs": ["users.info#1", "views.open#1", "commit#1", "views.publish#1"],
    "home-prefs": ["views.open#1", "commit#1", "views.publish#1"],  # Home's Edit preferences, the form sent
    "list": ["response_url#1"],
    "export": ["response_url#1"],
    "delete": ["commit#1", "response_url#1"],  # the confirm button: deleted, then the reply
    "step-back": [
        "conversations.history#1",  # has she said it already (a press whose process died)? (Carla's name and
        # picture are known: this process looked her up for her language when she ran /intro)
        "chat.postMessage#1",  # said in the group DM in her name
        "chat.update#1",  # the button gives way
        "views.publish#1",
    ],
}


def kill_points(flow: Flow) -> list[tuple[int, str]]:
    steps = STEPS[flow.name]
    first = [(0, f"before:{steps[0]}")] if steps else []
    return first + [(n, f"after:{step}") for n, step in enumerate(steps, start=1)]


@pytest.mark.parametrize("name", FLOWS)
def test_a_flow_takes_the_steps_listed(world: World, name: str) -> None:
    killer = run_flow(world, FLOWS[name], kill_at=None)
    check(world, FLOWS[name], "none")
    assert killer.steps == STEPS[name]


@pytest.mark.matrix  # every kill point of every flow: `make test` runs them, `make test-fast` does not
@pytest.mark.parametrize(("name", "kill_at", "kill"), [
    pytest.param(flow.name, n, label, id=f"{flow.name}:{label}") for flow in FLOWS.values()
    for n, label in kill_points(flow)])
def test_killed_between_two_steps_the_flow_completes(world: World, name: str, kill_at: int, kill: str) -> None:
    run_flow(world, FLOWS[name], kill_at)
    check(world, FLOWS[name], kill)


def test_a_close_whose_thread_cannot_be_read_is_posted_anyway(world: World) -> None:
    """Slack refuses to show the thread (a scope or token type it does not allow there): the lookup cannot
    tell, so the close is posted as it would be without one, not held back forever."""
    killed = STEPS["close-direct"].index("chat.postMessage#1") + 1
    run_flow(world, DIRECT, killed, on_restart=lambda fake: fake.fail_next("conversations.replies",
                                                                             error="missing_scope"))
    [close] = world.rows(Close)
    thread = [m for m in world.fake.messages(CHANNEL) if m.get("thread_ts") == INTRO_TS]
    assert close.status is CloseStatus.POSTED and [m["ts"] for m in thread][-1] == close.posted_ts
    assert len(thread) == 2  # the duplicate the lookup exists to prevent


def test_a_lookup_that_fails_for_now_is_tried_again_before_posting(world: World) -> None:
    """Slack failing the lookup (5xx, after the client's own retries) is an attempt that failed: retried a
    minute later, when the close is found rather than posted again."""
    killed = STEPS["close-direct"].index("chat.postMessage#1") + 1
    run_flow(world, DIRECT, killed, on_restart=lambda fake: fake.fail_next("conversations.replies", status=500,
                                                                             times=3))
    [close] = world.rows(Close)
    assert close.status is CloseStatus.POSTED and close.attempts == 2 and close.last_error is None
    thread = [m for m in world.fake.messages(CHANNEL) if m.get("thread_ts") == INTRO_TS]
    assert [m["ts"] for m in thread] == [close.posted_ts]


# ---- the backlog: an intro kept before its people are looked up ---------------------------------------------


def say(text: str) -> Callable[[World], None]:
    def intro(w: World) -> None:
        w.post(lambda p: p.post_event(req.message_event(text=text, user=CARLA, channel=CHANNEL, ts=INTRO_TS,
                                                        team_id=TEAM, event_id="Ev0INTRO02")))
    return intro


@pytest.mark.parametrize(("text", "slack_down", "prompted"), [
    pytest.param(f"<@{ANA}> meet <@{ROBOT}>, our deploy bot", False, [], id="a bot"),
    pytest.param(f"<@{ANA}> meet <@{BEN}> and <@{GONE}>", False, [ANA, BEN], id="a deactivated account"),
    pytest.param(f"<@{ANA}> meet <@{BEN}>, you both work on pricing", True, [ANA, BEN], id="slack cannot say"),
])
def test_the_loop_filters_the_people_of_an_intro_it_finishes(world: World, text: str, slack_down: bool,
                                                            prompted: list[str]) -> None:
    """Killed right after the intro was kept, before any lookup: the due-work loop looks its people up as the
    listener would have (bots and deactivated accounts are no one to prompt; people Slack cannot look up count
    as people), and the intro leaves the backlog either way."""
    def on_restart(fake: FakeSlack) -> None:
        if slack_down:  # each lookup fails, with the client's own two retries
            fake.fail_next("users.info", status=500, times=6)

    flow = Flow("intro-kept", (), (Act("intro", say(text)),), lambda w, k: None)
    killer = run_flow(world, flow, kill_at=1, on_restart=on_restart)

    assert killer.steps == ["backlog.keep#1"] and killer.dead.is_set()  # detected, kept, then killed
    assert sorted(c.params["user"] for c in world.fake.calls_to("chat.postEphemeral")) == prompted
    assert sorted(p.user_id for p in world.rows(Party)) == prompted
    assert len(world.process.deps.backlog) == 0  # type: ignore[union-attr]
    assert world.fake.pending_failures("users.info") == 0


def test_the_listener_and_a_due_work_tick_storing_the_same_intro_prompt_once(world: World,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A tick (in this process or another on the machine) takes an intro from the backlog while the listener
    that kept it is still storing it: both look its people up and record it at the same moment; the unique
    key on the message lets one of them prompt, and the intro leaves the backlog."""
    w = world
    w.start()
    kept, both = threading.Event(), threading.Barrier(2, timeout=10)
    keep, record = Backlog.keep, noticing.record_introduction

    def keep_and_tell(self: Backlog, intro: Any) -> int:
        key = keep(self, intro)
        kept.set()
        return key

    def together(session: Session, **kwargs: Any) -> Any:
        both.wait()  # the listener and the tick record at once
        return record(session, **kwargs)

    monkeypatch.setattr(Backlog, "keep", keep_and_tell)
    monkeypatch.setattr(noticing, "record_introduction", together)
    failed: list[BaseException] = []

    def tick_once_kept() -> None:
        try:
            assert kept.wait(timeout=10)
            w.tick()
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failed.append(error)

    ticking = threading.Thread(target=tick_once_kept)
    ticking.start()
    say_intro(w)
    ticking.join(timeout=30)

    assert not ticking.is_alive() and failed == []
    assert both.n_waiting == 0 and not both.broken  # both did record
    assert sorted(c.params["user"] for c in w.fake.calls_to("chat.postEphemeral")) == [ANA, BEN]
    assert len(w.rows(Intro)) == 1 and len(w.rows(Party)) == 2
    assert len(w.process.deps.backlog) == 0  # type: ignore[union-attr]


def test_an_intro_is_stored_even_when_the_backlog_file_fails(world: World) -> None:
    """The backlog is a safety net on every intro's path: if the file cannot be written (a full disk, say),
    the intro is stored and prompted all the same."""
    world.start()
    assert world.process is not None
    world.process.deps.backlog.close()  # every use of it now raises sqlite3.ProgrammingError

    say_intro(world)

    assert sorted(c.params["user"] for c in world.fake.calls_to("chat.postEphemeral")) == [ANA, BEN]
    assert len(world.rows(Intro)) == 1


def test_an_intro_of_a_workspace_no_longer_installed_leaves_the_backlog(world: World) -> None:
    """Uninstalled while its intro waited (no token for it any more): the intro is dropped, not retried forever
    in front of every other waiting intro."""
    world.start()
    assert world.process is not None
    d = world.process.deps
    d.backlog.keep(NoticedIntro("T9GONE", CHANNEL, INTRO_TS, None, CARLA, (ANA, BEN), MONDAY))
    say_intro(world)  # and one of this workspace, stored as usual

    def clients(team_id: str) -> WebClient:
        if team_id != TEAM:
            raise LookupError(f"no installation for workspace {team_id}")
        return world.process.clients(team_id)  # type: ignore[union-attr]

    noticing.store_backlog(d, clients, lambda: MONDAY)

    assert len(d.backlog) == 0
    assert [i.team_id for i in world.rows(Intro)] == [TEAM]


def test_an_intro_slack_keeps_refusing_waits_without_holding_up_the_rest_then_is_set_aside(world: World) -> None:
    """Slack refusing a workspace's token while its intro waits: the others are stored meanwhile, and a day on
    the refused one is set aside with Slack's error (its prompts would come too late to help)."""
    world.start()
    assert world.process is not None
    d = world.process.deps
    d.backlog.keep(NoticedIntro("T9REVOKED", CHANNEL, "1763700000.000001", None, CARLA, (ANA, BEN), MONDAY))
    d.backlog.keep(NoticedIntro(TEAM, CHANNEL, INTRO_TS, None, CARLA, (ANA, BEN), MONDAY))

    def clients(team_id: str) -> WebClient:  # a revoked token: Slack answers invalid_auth
        return world.process.clients(team_id) if team_id == TEAM else WebClient(  # type: ignore[union-attr]
            token="xoxb-revoked", base_url=world.fake.api_url)

    noticing.store_backlog(d, clients, lambda: MONDAY)
    assert [i.team_id for i in world.rows(Intro)] == [TEAM] and len(d.backlog) == 1  # kept to try again

    noticing.store_backlog(d, clients, lambda: MONDAY + noticing.BACKLOG_PATIENCE + timedelta(minutes=1))
    assert len(d.backlog) == 0 and [i.team_id for i in world.rows(Intro)] == [TEAM]
    assert d.backlog.set_aside_errors() == {"slack:invalid_auth": 1}


def test_an_intro_the_database_refuses_is_set_aside_at_once_and_holds_up_nothing(
        world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """A poisoned intro ahead of good ones (here a channel id no Slack channel has: too long for PostgreSQL's
    column, and not a value SQLite can bind): the database's refusal is not an outage. It is set aside with its
    error at once, the intros behind it are stored and prompted in the same pass, and `python -m bot status`
    counts it."""
    world.start()
    assert world.process is not None
    d = world.process.deps
    poisoned: Any = ["C" + "X" * 40]  # a list: SQLite cannot bind it, PostgreSQL refuses it as a string
    d.backlog.keep(NoticedIntro(TEAM, poisoned, "1763700000.000001", None, CARLA, (ANA, BEN), MONDAY))
    d.backlog.keep(NoticedIntro(TEAM, CHANNEL, INTRO_TS, None, CARLA, (ANA, BEN), MONDAY))

    noticing.store_backlog(d, world.process.clients, lambda: MONDAY)

    assert [i.message_ts for i in world.rows(Intro)] == [INTRO_TS]
    assert sorted(c.params["user"] for c in world.fake.calls_to("chat.postEphemeral")) == [ANA, BEN]
    assert len(d.backlog) == 0
    [(error, count)] = d.backlog.set_aside_errors().items()
    assert error.startswith("database:") and count == 1

    monkeypatch.chdir(world.backlog_file.parent)
    monkeypatch.setenv("DATABASE_URL", world.settings.database_url)
    monkeypatch.setenv("BACKLOG_FILE", str(world.backlog_file))
    assert run(["status"]) == 0
    assert f"intros set aside in the backlog file: 1 ({error} x1)" in capsys.readouterr().out
