"""Persistence layer, adapters: where OAuth installations and install states live: our own tables, tokens encrypted.

These implement slack_sdk's InstallationStore and OAuthStateStore, so Bolt's OAuth
flow, its per-request authorization and its token rotation use them directly.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore
from sqlalchemy import delete, select

from bot.clock import utcnow
from bot.db.engine import SessionFactory
from bot.db.insert import upsert
from bot.db.models import Installation as InstallationRow
from bot.db.models import OAuthState
from bot.db.token_cipher import TokenCipher

log = logging.getLogger(__name__)


def _aware(moment: Any) -> datetime | None:
    """slack_sdk hands expiry as epoch seconds (or a datetime); we store aware UTC."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.fromtimestamp(float(moment), tz=UTC)


class SqlInstallationStore(InstallationStore):
    """One row per workspace; a reinstall or a token rotation updates it in place."""

    def __init__(self, sessions: SessionFactory, cipher: TokenCipher) -> None:
        self._sessions = sessions
        self._cipher = cipher

    @property
    def logger(self) -> logging.Logger:
        return log

    def save(self, installation: Installation) -> None:
        self.save_bot(installation.to_bot(), installer_user_id=installation.user_id)

    def save_bot(self, bot: Bot, installer_user_id: str | None = None) -> None:
        if not bot.team_id:
            raise ValueError("org-wide installs are not supported; install the app in a workspace")
        values = {
            "team_id": bot.team_id, "enterprise_id": bot.enterprise_id, "app_id": bot.app_id, "bot_id": bot.bot_id,
            "bot_user_id": bot.bot_user_id, "bot_scopes": ",".join(bot.bot_scopes or []),
            "bot_token": self._cipher.encrypt(bot.bot_token),
            "bot_refresh_token": self._cipher.encrypt(bot.bot_refresh_token) if bot.bot_refresh_token else None,
            "bot_token_expires_at": _aware(bot.bot_token_expires_at), "installed_at": utcnow(),
        }
        with self._sessions.begin() as session:
            current = session.scalar(select(InstallationRow.installer_user_id)
                                     .where(InstallationRow.team_id == bot.team_id))
            values["installer_user_id"] = installer_user_id or current or ""
            upsert(session, InstallationRow, values, conflict=("team_id",))

    def find_bot(self, *, enterprise_id: str | None, team_id: str | None,
                 is_enterprise_install: bool | None = False) -> Bot | None:
        row = self._row(team_id)
        if row is None:
            return None
        return Bot(app_id=row.app_id, enterprise_id=row.enterprise_id, team_id=row.team_id,
                   bot_token=self._cipher.decrypt(row.bot_token), bot_id=row.bot_id, bot_user_id=row.bot_user_id,
                   bot_scopes=row.bot_scopes,
                   bot_refresh_token=self._cipher.decrypt(row.bot_refresh_token) if row.bot_refresh_token else None,
                   bot_token_expires_at=row.bot_token_expires_at, installed_at=row.installed_at)

    def find_installation(self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None,
                          is_enterprise_install: bool | None = False) -> Installation | None:
        bot, row = self.find_bot(enterprise_id=enterprise_id, team_id=team_id), self._row(team_id)
        if bot is None or row is None:
            return None
        return Installation(app_id=bot.app_id, enterprise_id=bot.enterprise_id, team_id=bot.team_id,
                            bot_token=bot.bot_token, bot_id=bot.bot_id, bot_user_id=bot.bot_user_id,
                            bot_scopes=bot.bot_scopes, bot_refresh_token=bot.bot_refresh_token,
                            bot_token_expires_at=bot.bot_token_expires_at, user_id=row.installer_user_id,
                            installed_at=bot.installed_at)

    def delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(InstallationRow).where(InstallationRow.team_id == team_id))

    def delete_installation(self, *, enterprise_id: str | None, team_id: str | None,
                            user_id: str | None = None) -> None:
        self.delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    def _row(self, team_id: str | None) -> InstallationRow | None:
        with self._sessions() as session:
            return session.scalar(select(InstallationRow).where(InstallationRow.team_id == team_id))


class SqlStateStore(OAuthStateStore):
    """One-time install states, shared by every instance (a file or memory store would not be)."""

    def __init__(self, sessions: SessionFactory, expiration: timedelta = timedelta(minutes=10)) -> None:
        self._sessions = sessions
        self._expiration = expiration

    @property
    def logger(self) -> logging.Logger:
        return log

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        with self._sessions.begin() as session:
            session.add(OAuthState(state=state, expires_at=utcnow() + self._expiration))
        return state

    def consume(self, state: str) -> bool:
        """True once for a state issued here and not expired; deleting it makes a replay fail."""
        with self._sessions.begin() as session:
            expires = session.scalar(delete(OAuthState).where(OAuthState.state == state)
                                     .returning(OAuthState.expires_at))
        return expires is not None and expires > utcnow()
