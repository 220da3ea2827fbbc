"""Persistence layer: the tables. Every row carries its workspace (`team_id`).

No message text is stored except the text of a close that the person chose to send.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.domain.optin import Answer, AskState, IntroKind, IntroPolicy, RequestState
from bot.domain.states import (
    CloseStatus,
    Feedback,
    IntroSource,
    NudgeKind,
    PartyState,
    PromiseKind,
    PromiseState,
)

# Stable constraint names, so migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SlackId = String(32)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite would otherwise hand back naive ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass aware UTC times")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum(cls: type[StrEnum]) -> Enum:
    # Values (not names) in a plain VARCHAR: readable in SQL and no native enum to migrate.
    return Enum(cls, native_enum=False, length=24, values_callable=lambda e: [m.value for m in e])


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class RetryRecord:
    """The one retry record of stored work that is sent to Slack (a prompt, a close, a nudge, a connection).

    `due_at`: when the next try is due, NULL once there is nothing to send; while a sender holds the row it is
    also the lease (bot/db/lease.py). `attempts`: tries made (see bot/services/retries.py for who counts
    what); `last_error`: Slack's error code of the last failed try, never a message body.
    """

    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))


class Intro(Base):
    __tablename__ = "intros"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "message_ts"),
        # A reply in an intro's thread is looked up by its thread.
        Index("ix_intros_team_id_channel_id_thread_ts", "team_id", "channel_id", "thread_ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(SlackId)
    channel_id: Mapped[str] = mapped_column(SlackId)
    message_ts: Mapped[str] = mapped_column(SlackId)
    # Where closes go: the thread the intro is in, or the intro itself when it is top level.
    thread_ts: Mapped[str] = mapped_column(SlackId)
    introducer_id: Mapped[str] = mapped_column(SlackId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)  # the retention purge reads by age
    source: Mapped[IntroSource] = mapped_column(_enum(IntroSource), default=IntroSource.DETECTED,
                                                server_default=IntroSource.DETECTED.value)
    # Set when its message was deleted or edited into a non-intro: its buttons and nudges end; never prompted again.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The intro's language (None: unsure) and form of address, read from its words when noticed: the drafts follow
    # them. The words themselves are not kept.
    lang: Mapped[str | None] = mapped_column(String(8))
    register: Mapped[str] = mapped_column(String(10), default="formal", server_default="formal")

    parties: Mapped[list[Party]] = relationship(back_populates="intro", order_by="Party.id")


class Party(RetryRecord, Base):
    """One introduced person and where they stand on one intro."""

    __tablename__ = "intro_parties"
    __table_args__ = (
        UniqueConstraint("intro_id", "user_id"),
        Index("ix_intro_parties_team_id_user_id_state", "team_id", "user_id", "state"),  # a person's open intros
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(SlackId)
    intro_id: Mapped[int] = mapped_column(ForeignKey("intros.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(SlackId)
    state: Mapped[PartyState] = mapped_column(_enum(PartyState), default=PartyState.OPEN)
    # Where the prompt went: the intro's channel (ephemeral) or a DM (a real message, with its ts).
    prompt_channel_id: Mapped[str | None] = mapped_column(SlackId)
    prompt_ts: Mapped[str | None] = mapped_column(SlackId)
    prompted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The retry record (RetryRecord) is the prompt's: due while it is not delivered.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    intro: Mapped[Intro] = relationship(back_populates="parties")
    closes: Mapped[list[Close]] = relationship(back_populates="party", order_by="Close.id")


class Close(RetryRecord, Base):
    __tablename__ = "closes"
    # One close per way per party: a double submit cannot post twice, yet a redirect that cannot be
    # kept can still fall back to a direct close.
    __table_args__ = (UniqueConstraint("party_id", "way"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(SlackId)
    party_id: Mapped[int] = mapped_column(ForeignKey("intro_parties.id", ondelete="CASCADE"))
    way: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    # A decline's note for the introducer alone (the ask to check first next time): never part of what they pass on.
    note: Mapped[str | None] = mapped_column(Text)
    channel_id: Mapped[str] = mapped_column(SlackId)
    thread_ts: Mapped[str | None] = mapped_column(SlackId)
    status: Mapped[CloseStatus] = mapped_column(_enum(CloseStatus), default=CloseStatus.PENDING)
    posted_ts: Mapped[str | None] = mapped_column(SlackId)
    # The retry record (RetryRecord) is due while the close is pending.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    party: Mapped[Party] = relationship(back_populates="closes")


class Promise(Base):
    """A follow-through someone owes: the due-work loop nudges its owner until it is kept."""

    __tablename__ = "promises"
    __table_args__ = (
        Index("ix_promises_state_due_at", "state", "due_at"),
        Index("ix_promises_team_id_owner_id_state", "team_id", "owner_id", "state"),  # a person's open promises
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(SlackId)
    intro_id: Mapped[int] = mapped_column(ForeignKey("intros.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("intro_parties.id", ondelete="CASCADE"))
    kind: Mapped[PromiseKind] = mapped_column(_enum(PromiseKind))
    owner_id: Mapped[str] = mapped_column(SlackId)
    # For a redirect: the better-placed person, a workspace member or someone outside.
    target_user_id: Mapped[str | None] = mapped_column(SlackId)
    target_name: Mapped[str | None] = mapped_column(String(200))
    target_contact: Mapped[str | None] = mapped_column(String(200))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[PromiseState] = mapped_column(_enum(PromiseState), default=PromiseState.OPEN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    party: Mapped[Party] = relationship()


class Nudge(RetryRecord, Base):
    """A DM reminder the due-work loop owes someone: one row per thing reminded about.

    `due_at` is when it next falls due and, while a sender holds it, its lease
    (bot/db/lease.py); NULL once there is nothing more to send.
    """

    __tablename__ = "nudges"
    __table_args__ = (UniqueConstraint("team_id", "subject"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(SlackId)
    subject: Mapped[str] = mapped_column(String(64))  # "promise:12", "party:34": one nudge row per thing
    kind: Mapped[NudgeKind] = mapped_column(_enum(NudgeKind))
    user_id: Mapped[str] = mapped_column(SlackId)
    # Indexed: snoozing, a thread reply and cascading deletes find a subject's nudges by these.
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id", ondelete="CASCADE"), index=True)
    party_id: Mapped[int | None] = mapped_column(ForeignKey("intro_parties.id", ondelete="CASCADE"), index=True)
    optin_id: Mapped[int | None] = mapped_column(ForeignKey("optin_requests.id", ondelete="CASCADE"), index=True)
    ask_id: Mapped[int | None] = mapped_column(ForeignKey("intro_asks.id", ondelete="CASCADE"), index=True)
    sent: Mapped[int] = mapped_column(Integer, default=0)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    promise: Mapped[Promise | None] = relationship()
    party: Mapped[Party | None] = relationship()
    optin: Mapped[OptInRequest | None] = relationship()
    ask: Mapped[IntroAsk | None] = relationship()


class OptInRequest(RetryRecord, Base):
    """A double opt-in intro: both people are asked first and connected only when both say yes."""

    __tablename__ = "optin_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(SlackId)
    introducer_id: Mapped[str] = mapped_column(SlackId)
    kind: Mapped[IntroKind] = mapped_column(_enum(IntroKind))
    why: Mapped[str] = mapped_column(Text)  # typed by the introducer for both people to read
    state: Mapped[RequestState] = mapped_column(_enum(RequestState), default=RequestState.ASKING)
    # Set when the request keeps a redirect promise ("Make the intro now").
    promise_id: Mapped[int | None] = mapped_column(ForeignKey("promises.id", ondelete="SET NULL"))
    group_channel_id: Mapped[str | None] = mapped_column(SlackId)  # the group DM, once connected
    # The retry record (RetryRecord) is due from the second yes until the group DM is open and the intro posted
    # there: a sender holds it as a lease while connecting them; if it runs out, the due-work loop connects them.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    answers: Mapped[list[OptInAnswer]] = relationship(back_populates="request", order_by="OptInAnswer.id")


class OptInAnswer(Base):
    __tablename__ = "optin_answers"
    __table_args__ = (UniqueConstraint("request_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(SlackId)
    request_id: Mapped[int] = mapped_column(ForeignKey("optin_requests.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str] = mapped_column(SlackId)
    answer: Mapped[Answer] = mapped_column(_enum(Answer), default=Answer.PENDING)
    note: Mapped[str | None] = mapped_column(String(500))  # an optional note with a no, for the introducer only
    ask_again_after: Mapped[date | None] = mapped_column(Date)  # a "Not now" with a date, for the introducer
    ask_channel_id: Mapped[str | None] = mapped_column(SlackId)  # where the ask went (their DM) and its ts
    ask_ts: Mapped[str | None] = mapped_column(SlackId)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    request: Mapped[OptInRequest] = relationship(back_populates="answers")


class IntroAsk(Base):
    """Someone asked an introducer to introduce them to a person (`/intro ask`)."""

    __tablename__ = "intro_asks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(SlackId)
    requester_id: Mapped[str] = mapped_column(SlackId)
    introducer_id: Mapped[str] = mapped_column(SlackId)
    target_id: Mapped[str] = mapped_column(SlackId)
    why: Mapped[str] = mapped_column(Text)  # typed by the requester for the introducer
    state: Mapped[AskState] = mapped_column(_enum(AskState), default=AskState.WAITING)
    # The introducer's answer for the requester, kept until it is delivered: a decline typed for them, or who to
    # ask instead and an optional note.
    answer: Mapped[str | None] = mapped_column(Text)
    suggested_id: Mapped[str | None] = mapped_column(SlackId)
    # Where the request (and its one reminder) reached the introducer, so its buttons can be retired when it is
    # answered from elsewhere or expires. One DM channel for both.
    dm_channel_id: Mapped[str | None] = mapped_column(SlackId)
    dm_ts: Mapped[str | None] = mapped_column(SlackId)
    reminder_ts: Mapped[str | None] = mapped_column(SlackId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Installation(Base):
    """A workspace that installed the app through OAuth. Tokens are stored encrypted (bot/db/token_cipher.py)."""

    __tablename__ = "installations"
    __table_args__ = (UniqueConstraint("team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(SlackId)
    enterprise_id: Mapped[str | None] = mapped_column(SlackId)
    app_id: Mapped[str | None] = mapped_column(SlackId)
    bot_id: Mapped[str] = mapped_column(SlackId)
    bot_user_id: Mapped[str] = mapped_column(SlackId)
    bot_scopes: Mapped[str] = mapped_column(Text)
    bot_token: Mapped[str] = mapped_column(Text)  # encrypted
    bot_refresh_token: Mapped[str | None] = mapped_column(Text)  # encrypted; only with token rotation
    bot_token_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    installer_user_id: Mapped[str] = mapped_column(SlackId)
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OAuthState(Base):
    """The one-time `state` of an install in progress (it guards the OAuth redirect against forgery)."""

    __tablename__ = "oauth_states"

    state: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UserPrefs(Base):
    __tablename__ = "user_prefs"

    team_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    user_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    prompts_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # The person's intro policy, shown to whoever proposes or asks for an intro to them.
    policy: Mapped[IntroPolicy] = mapped_column(_enum(IntroPolicy), default=IntroPolicy.OPEN,
                                                server_default=IntroPolicy.OPEN.value)
    busy_until: Mapped[date | None] = mapped_column(Date)
    topics: Mapped[str | None] = mapped_column(String(150))
    policy_note: Mapped[str | None] = mapped_column(String(300))
    # The language the bot speaks to them ("de"), chosen in /intro prefs; None follows their Slack language.
    language: Mapped[str | None] = mapped_column(String(8))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FeedbackCount(Base):
    """How often something happened in a workspace (see `Feedback`): a counter, no text, no ids of people."""

    __tablename__ = "feedback_counts"

    team_id: Mapped[str] = mapped_column(SlackId, primary_key=True)
    counter: Mapped[Feedback] = mapped_column(_enum(Feedback), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
