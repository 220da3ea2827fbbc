"""`python -m bot migrate` brings the database to the latest revision; `python -m bot` runs the bot."""

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
    sys.exit(migrate() if sys.argv[1:2] == ["migrate"] else main())
