"""The test suite's own rules: shared steps live in support modules, so no test module imports another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    return modules


def test_no_module_of_the_suite_imports_from_a_test_module() -> None:
    offenders = {
        str(path.relative_to(TESTS.parent)): sorted(m for m in imported_modules(path)
                                                    if m.startswith("tests.") and m.split(".")[-1].startswith("test_"))
        for path in sorted(TESTS.rglob("*.py"))
    }
    assert {path: found for path, found in offenders.items() if found} == {}, (
        "move the shared steps into a support module (tests/e2e/steps.py, tests/e2e/hostile.py, tests/support/)")
