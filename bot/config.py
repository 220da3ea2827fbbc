"""Settings: the only module that reads the environment (and an optional `.env`)."""

from __future__ import annotations

import logging
from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.db.token_cipher import is_valid_key
from bot.domain.nudging import WorkingHours

SLACK_API_URL_DEFAULT = "https://slack.com/api/"

# One line per setting, shown when start-up fails, so the fix is obvious.
HELP: dict[str, str] = {
    "SLACK_BOT_TOKEN": "the Bot User OAuth Token (xoxb-...) from your app's 'OAuth & Permissions' page",
    "SLACK_SIGNING_SECRET": "the Signing Secret from your app's 'Basic Information' page",
    "SLACK_CLIENT_ID": "the Client ID from your app's 'Basic Information' page, to install through OAuth",
    "SLACK_CLIENT_SECRET": "the Client Secret from your app's 'Basic Information' page, to install through OAuth",
    "TOKEN_ENCRYPTION_KEY": "a key that encrypts stored tokens; make one with "
    "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'` and keep it safe",
    "SLACK_APP_TOKEN": "an App-Level Token (xapp-...) with connections:write, to run over Socket Mode",
    "DATABASE_URL": "a SQLAlchemy URL such as sqlite:///intro_etiquette.db or postgresql+psycopg://user:pass@host/db",
    "SLACK_API_URL": "the Slack Web API base URL, ending with a slash (default https://slack.com/api/)",
    "PORT": "the HTTP port, a number from 1 to 65535",
    "LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR",
    "WORK_DAY_START": "the hour (0-23) from which nudges may land, in each person's own time zone",
    "WORK_DAY_END": "the hour (1-24) until which nudges may land, after WORK_DAY_START",
    "NUDGE_ON_WEEKENDS": "true to let nudges land on Saturdays and Sundays",
    "RETENTION_DAYS": "how many days closed intros and settled requests are kept, a whole number from 1",
    "RUN_DUE_WORK": "true to run the due-work loop inside the bot, false when separate workers run it",
}


class DatabaseSettings(BaseSettings):
    """What the operator commands need: where things are stored (the database, and this machine's backlog file)."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = "sqlite:///intro_etiquette.db"
    backlog_file: Path = Path("intro_backlog.db")

    @field_validator("database_url")
    @classmethod
    def _database_url_shape(cls, v: str) -> str:
        if not v.startswith(("sqlite", "postgres")):
            raise ValueError("must be a sqlite:// or postgresql+psycopg:// URL")
        if v.startswith("postgres://") or v.startswith("postgresql://"):
            # Hosting platforms hand out plain postgres URLs; we ship the psycopg 3 driver.
            return "postgresql+psycopg://" + v.split("://", 1)[1]
        return v


class Settings(DatabaseSettings):
    # One workspace: SLACK_BOT_TOKEN. Many workspaces: SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth install).
    slack_bot_token: SecretStr | None = None
    slack_client_id: str | None = None
    slack_client_secret: SecretStr | None = None
    token_encryption_key: SecretStr | None = None
    slack_signing_secret: SecretStr
    slack_app_token: SecretStr | None = None
    slack_api_url: str = SLACK_API_URL_DEFAULT
    port: int = Field(default=3000, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    run_due_work: bool = True
    retention_days: int = Field(default=180, ge=1)
    work_day_start: int = Field(default=9, ge=0, le=23)
    work_day_end: int = Field(default=18, ge=1, le=24)
    nudge_on_weekends: bool = False

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not v.get_secret_value():
            return None
        if v is not None and not v.get_secret_value().startswith("xoxb-"):
            raise ValueError("must start with xoxb-")
        return v

    @field_validator("slack_client_id", "slack_client_secret", "token_encryption_key", mode="before")
    @classmethod
    def _empty_is_unset(cls, v: object) -> object:
        return None if v == "" else v

    @field_validator("token_encryption_key")
    @classmethod
    def _key_shape(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not is_valid_key(v.get_secret_value()):
            raise ValueError("must be a Fernet key")
        return v

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, v: SecretStr | None) -> SecretStr | None:
        if v is not None and not v.get_secret_value():
            return None  # an empty SLACK_APP_TOKEN= line in .env means "not set"
        if v is not None and not v.get_secret_value().startswith("xapp-"):
            raise ValueError("must start with xapp-")
        return v

    @field_validator("slack_signing_secret")
    @classmethod
    def _secret_not_blank(cls, v: SecretStr) -> SecretStr:
        if not v.get_secret_value().strip():
            raise ValueError("must not be empty")
        return v

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, v: str) -> str:
        if not v.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL")
        return v if v.endswith("/") else v + "/"

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if self.work_day_end <= self.work_day_start:
            raise ValueError("WORK_DAY_END must be after WORK_DAY_START")
        if not self.slack_bot_token and not self.oauth:
            raise ValueError("Set SLACK_BOT_TOKEN (the app in one workspace) or SLACK_CLIENT_ID and "
                             "SLACK_CLIENT_SECRET (installable in many workspaces through OAuth)")
        if bool(self.slack_client_id) != bool(self.slack_client_secret):
            raise ValueError("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together: set both, from 'Basic Information'")
        if self.oauth and not self.token_encryption_key:
            raise ValueError(f"TOKEN_ENCRYPTION_KEY is missing: set it to {HELP['TOKEN_ENCRYPTION_KEY']}")
        return self

    @property
    def oauth(self) -> bool:
        """Installable in many workspaces; each workspace's token comes from its installation."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def working_hours(self) -> WorkingHours:
        end = time(23, 59, 59) if self.work_day_end == 24 else time(self.work_day_end)
        return WorkingHours(start=time(self.work_day_start), end=end, weekends=self.nudge_on_weekends)

    @property
    def log_level_number(self) -> int:
        return logging.getLevelName(self.log_level)


class SettingsError(Exception):
    """Start-up cannot go on; the message is one line per problem, naming the setting and the fix."""


def describe_errors(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        if not problem["loc"]:  # a rule across settings names them in its own message
            lines.append(str(problem["msg"]).removeprefix("Value error, ") + ".")
            continue
        name = str(problem["loc"][0]).upper()
        what = "is missing" if problem["type"] == "missing" else f"is invalid ({problem['msg']})"
        lines.append(f"{name} {what}: set it to {HELP.get(name, 'a valid value')}.")
    return "\n".join(lines)


def load_settings(**overrides: object) -> Settings:
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_errors(error)) from None


def load_database_settings(**overrides: object) -> DatabaseSettings:
    try:
        return DatabaseSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise SettingsError(describe_errors(error)) from None
