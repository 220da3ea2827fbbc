"""Slack layer: build the Bolt app with its client, dependencies and listeners."""

from __future__ import annotations

import logging
from concurrent.futures import Executor

from slack_bolt import App
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.db.engine import SessionFactory
from bot.slack import listeners
from bot.slack.deps import Deps, middleware
from bot.slack.errors import handle_error
from bot.slack.people import PeopleDirectory

SLACK_RETRIES = 2


class _SkipTokenNotice(logging.Filter):
    """Bolt also reads SLACK_BOT_TOKEN itself and warns that our client's (identical) token wins."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def make_client(settings: Settings) -> WebClient:
    """A Web API client that retries rate limits (after Retry-After), 5xx answers and dropped connections."""
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        timeout=10,
        retry_handlers=[
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
) -> App:
    app = App(
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        client=client or make_client(settings),
        listener_executor=executor,
        logger=_bolt_logger(),
    )
    app.use(middleware(Deps(sessions=sessions, people=people or PeopleDirectory())))
    app.error(handle_error)
    listeners.register(app)
    return app
