"""`python -m bot migrate` migrates the database; `python -m bot worker` runs only the due-work loop;
`python -m bot` runs the bot like `python app.py`."""

import sys

from bot.config import SettingsError, load_database_settings
from bot.db.migrate import upgrade_to_head
from bot.runtime import main


def migrate() -> int:
    try:
        upgrade_to_head(load_database_settings().database_url)
    except SettingsError as error:
        print(f"Intro Etiquette cannot migrate.\n{error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    command = sys.argv[1:2]
    sys.exit(migrate() if command == ["migrate"] else main(worker=command == ["worker"]))
