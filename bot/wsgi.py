"""Production entry point for a WSGI server, e.g. `gunicorn --threads 8 bot.wsgi:application`.

The database is brought to the latest revision by `python -m bot migrate` before start-up.
"""

from bot.config import get_settings
from bot.db.engine import make_engine, make_session_factory
from bot.runtime import configure_logging
from bot.slack.app import build_app
from bot.slack.executor import TrackedExecutor
from bot.slack.http import wsgi_app

_settings = get_settings()
configure_logging(_settings)
application = wsgi_app(
    build_app(_settings, sessions=make_session_factory(make_engine(_settings.database_url)), executor=TrackedExecutor())
)
