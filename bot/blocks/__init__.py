"""Block Kit, pure: every message, modal and Home view the bot shows, built from one kit; the ids listeners match."""
