"""Slack layer: build the Bolt app with its client, dependencies and listeners."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from typing import Any

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.oauth.token_rotation import TokenRotator

from bot.config import Settings
from bot.db.engine import SessionFactory
from bot.db.installations import SqlInstallationStore, SqlStateStore
from bot.db.token_cipher import TokenCipher
from bot.domain.detection.model import packaged_model
from bot.domain.draft_voice import intro_voice
from bot.flows.deps import ClientFor, Deps
from bot.flows.people import PeopleDirectory
from bot.flows.slack_client import SDK_LOG, LogFailedAttempts
from bot.slack import listeners
from bot.slack.context import middleware
from bot.slack.errors import handle_error

SLACK_RETRIES = 2
SLACK_TIMEOUT = 10  # seconds for one Web API call


class _SkipTokenNotice(logging.Filter):
    """Bolt also reads SLACK_BOT_TOKEN itself and warns that our client's (identical) token wins."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


# The bot scopes the features need (the same list as manifest.yml; a test keeps them equal).
BOT_SCOPES = ("channels:history", "groups:history", "mpim:history", "chat:write", "chat:write.customize",
              "im:write", "mpim:write", "users:read", "commands")
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
ROTATE_BEFORE = 120  # minutes: refresh a rotating token this long before it expires


def make_client(settings: Settings, token: str | None = None, *, timeout: float = SLACK_TIMEOUT) -> WebClient:
    """A Web API client that retries rate limits (after Retry-After), 5xx answers and dropped connections,
    but not a timeout: Slack may have acted on the call (posted the message) and only the answer was lost.
    Without a token (OAuth), Bolt gives each request a copy with that workspace's token."""
    if token is None and settings.slack_bot_token is not None:
        token = settings.slack_bot_token.get_secret_value()
    return WebClient(
        token=token,
        base_url=settings.slack_api_url,
        timeout=timeout,  # type: ignore[arg-type]  # slack_sdk types it int; urllib takes seconds as a float
        logger=SDK_LOG,
        retry_handlers=[
            LogFailedAttempts(),
            ConnectionErrorRetryHandler(max_retry_count=SLACK_RETRIES),
            RateLimitErrorRetryHandler(max_retry_count=SLACK_RETRIES),
            ServerErrorRetryHandler(max_retry_count=SLACK_RETRIES),
        ],
    )


def _bolt_logger() -> logging.Logger:
    logger = logging.getLogger("bot.slack.bolt")
    if not logger.filters:
        logger.addFilter(_SkipTokenNotice())
    return logger


def build_app(
    settings: Settings,
    *,
    sessions: SessionFactory,
    client: WebClient | None = None,
    executor: Executor | None = None,
    people: PeopleDirectory | None = None,
    deps: Deps | None = None,
) -> App:
    oauth: dict[str, Any] = {}
    if settings.oauth:
        assert settings.token_encryption_key is not None and settings.slack_client_secret is not None
        store = SqlInstallationStore(sessions, TokenCipher(settings.token_encryption_key.get_secret_value()))
        oauth = {"installation_store": store, "oauth_settings": OAuthSettings(
            client_id=settings.slack_client_id, client_secret=settings.slack_client_secret.get_secret_value(),
            scopes=list(BOT_SCOPES), installation_store=store, state_store=SqlStateStore(sessions),
            install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
            token_rotation_expiration_minutes=ROTATE_BEFORE)}
    app = App(
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        client=client or make_client(settings),
        listener_executor=executor,
        logger=_bolt_logger(),
        **oauth,
    )
    packaged_model()  # loaded now: a broken weights file stops start-up, and the first message pays nothing
    intro_voice("warm up")  # the language model too (half a second), read in the request of every intro
    app.use(middleware(deps or Deps(sessions=sessions, people=people or PeopleDirectory())))
    app.error(handle_error)
    listeners.register(app)
    return app


def clients_for(settings: Settings, app: App) -> ClientFor:
    """For work outside a Slack request (the due-work loop): each workspace's client, its token refreshed
    when it rotates. With one workspace, that is simply the app's client."""
    store = app.installation_store
    if not settings.oauth or store is None:
        return lambda team_id: app.client
    assert settings.slack_client_id and settings.slack_client_secret
    rotator = TokenRotator(client_id=settings.slack_client_id,
                           client_secret=settings.slack_client_secret.get_secret_value(), client=app.client)

    def client_for(team_id: str) -> WebClient:
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is None:
            raise LookupError(f"no installation for workspace {team_id}")
        rotated = rotator.perform_bot_token_rotation(bot=bot, minutes_before_expiration=ROTATE_BEFORE)
        if rotated is not None:
            store.save_bot(rotated)
            bot = rotated
        return make_client(settings, token=bot.bot_token)

    return client_for
