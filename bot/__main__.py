"""Operator commands: `python -m bot migrate` (database to the latest revision), `python -m bot worker`
(only the due-work loop), `python -m bot status` (pending and failed work, intros set aside in this machine's
backlog file, and per workspace how often prompts were dismissed and the shortcut caught a missed intro);
`python -m bot` runs the bot."""

import sys

from sqlalchemy.exc import SQLAlchemyError

from bot.config import SettingsError, load_database_settings
from bot.db.backlog import Backlog
from bot.db.engine import make_engine, make_session_factory
from bot.db.migrate import upgrade_to_head
from bot.runtime import main
from bot.services.feedback import feedback_by_workspace
from bot.services.status import describe_feedback, describe_set_aside, describe_status, work_status


def migrate() -> int:
    upgrade_to_head(load_database_settings().database_url)
    return 0


def status() -> int:
    settings = load_database_settings()
    sessions = make_session_factory(make_engine(settings.database_url))
    with sessions() as session:
        print(describe_status(work_status(session)))
        print(describe_feedback(feedback_by_workspace(session)))
    if settings.backlog_file.exists():  # this machine's; never created by looking
        backlog = Backlog(settings.backlog_file)
        try:
            print(f"intros waiting in the backlog file: {len(backlog)}")
            print(describe_set_aside(backlog.set_aside_errors()))
        finally:
            backlog.close()
    return 0


def run(command: list[str]) -> int:
    try:
        if command == ["migrate"]:
            return migrate()
        if command == ["status"]:
            return status()
    except SettingsError as error:
        print(f"Intro Etiquette cannot {command[0]}.\n{error}", file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        print(f"Intro Etiquette cannot {command[0]}: the database answered {type(error).__name__}. Is DATABASE_URL "
              "right, and has `python -m bot migrate` run?", file=sys.stderr)
        return 2
    if command in ([], ["worker"]):
        return main(worker=command == ["worker"])
    print("Usage: python -m bot [migrate | worker | status]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
