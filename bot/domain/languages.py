"""Domain: the languages the bot reads intros in and checks wording in, each reported on its own."""

from __future__ import annotations

LANGS = ("en", "es", "fr", "de", "pt", "it", "nl", "ja")
