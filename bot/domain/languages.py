"""Domain: the languages the bot reads intros in and checks wording in, each reported on its own."""

from __future__ import annotations

LANGS = ("en", "es", "fr", "de", "pt", "it", "nl", "ja")

# Each language as its own speakers name it, for the language menu of /intro prefs.
NATIVE_NAMES = {"en": "English", "es": "Español", "fr": "Français", "de": "Deutsch", "pt": "Português",
                "it": "Italiano", "nl": "Nederlands", "ja": "日本語"}
