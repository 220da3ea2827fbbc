"""Run Intro Etiquette: migrate the database, then serve over Socket Mode or HTTP (see README)."""

import sys

from bot.runtime import main

if __name__ == "__main__":
    sys.exit(main())
