"""A setup that skipped compiling the catalogs is caught at start-up, not found out by people reading English."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot import runtime
from bot.config import Settings
from bot.domain import i18n


def catalog(root: Path, lang: str, *, compiled: bool, older: bool = False) -> None:
    folder = root / lang / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text("")
    if compiled:
        mo = folder / "messages.mo"
        mo.write_bytes(b"")
        if older:
            os.utime(mo, (0, 0))


def test_a_catalog_without_a_fresh_compiled_file_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog(tmp_path, "es", compiled=True)
    catalog(tmp_path, "de", compiled=False)
    catalog(tmp_path, "ja", compiled=True, older=True)
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)

    assert i18n.uncompiled_catalogs() == ["de", "ja"]


def test_the_shipped_catalogs_are_compiled() -> None:
    assert i18n.uncompiled_catalogs() == []


def test_start_up_stops_with_the_command_that_compiles_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runtime, "uncompiled_catalogs", lambda: ["de", "ja"])
    settings = Settings(slack_bot_token=SecretStr("xoxb-1"), slack_signing_secret=SecretStr("s"))

    with pytest.raises(runtime.StartupError, match=r"catalogs of de, ja are not compiled.*pybabel compile"):
        runtime.assemble(settings)
