"""Production entry point for a WSGI server: `gunicorn --workers 2 --threads 8 bot.wsgi:application`.

Run `python -m bot migrate` before starting it. Each server process also runs the
due-work loop unless RUN_DUE_WORK=false (its leases make several loops safe); then it
still stores the intros its own backlog file holds.

Bodies over bot.slack.http.MAX_BODY are refused 413 here too, but gunicorn reads each request in one of its
threads: put it behind a proxy that buffers requests (nginx does by default), or a stalled client holds a thread.
"""

from bot.runtime import start_or_exit
from bot.slack.http import wsgi_app

_runtime = start_or_exit(migrate=False)
_runtime.start_background()
application = wsgi_app(_runtime.app, signing_secret=_runtime.settings.slack_signing_secret.get_secret_value(),
                       executor=_runtime.executor)
