"""The Slack layer stays thin: no transaction and no SQL library in it, each listener package on its own, and
every registration's Home choice given with a reason."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.slack.home_refresh import Home, with_home

SLACK = Path(__file__).resolve().parents[2] / "bot" / "slack"
LISTENERS = SLACK / "listeners"


def modules(root: Path) -> list[Path]:
    return sorted(root.rglob("*.py"))


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", modules(SLACK), ids=lambda p: str(p.relative_to(SLACK)))
def test_no_slack_module_opens_a_transaction_or_imports_sql(path: Path) -> None:
    sql = {name for name in imported(path) if name.split(".")[0] in ("sqlalchemy", "sqlite3")}
    assert not sql, f"{path.name} imports {sql}"
    calls = [node for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Attribute) and node.attr == "begin"]
    assert not calls, f"{path.name} opens a transaction: move that work into a flow"


@pytest.mark.parametrize("package", sorted(p.name for p in LISTENERS.iterdir() if (p / "__init__.py").exists()))
def test_each_listener_package_imports_no_other(package: str) -> None:
    for path in modules(LISTENERS / package):
        others = {name for name in imported(path) if name.startswith("bot.slack.listeners.")
                  and not name.startswith(f"bot.slack.listeners.{package}")}
        assert not others, path.name


def test_a_home_choice_needs_a_reason() -> None:
    def listener() -> None:
        pass

    assert with_home(listener, Home.AS_IS, why="changes nothing Home shows") is listener
    assert with_home(listener, Home.REFRESH, why="Home lists it") is not listener
    with pytest.raises(ValueError, match="say why"):
        with_home(listener, Home.AS_IS, why=" ")
