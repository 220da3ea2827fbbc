"""Production entry point for a WSGI server: `gunicorn --workers 2 --threads 8 bot.wsgi:application`.

Run `python -m bot migrate` before starting it. Each server process also runs the
due-work loop unless RUN_DUE_WORK=false (its leases make several loops safe).
"""

import sys

from bot.config import SettingsError, load_settings
from bot.runtime import StartupError, assemble, configure_logging
from bot.slack.http import wsgi_app

try:
    _settings = load_settings()
    configure_logging(_settings)
    _runtime = assemble(_settings)
except (SettingsError, StartupError) as error:
    print(f"Intro Etiquette cannot start.\n{error}", file=sys.stderr)
    sys.exit(2)
if _settings.run_due_work:
    _runtime.due_work.start()
application = wsgi_app(_runtime.app)
