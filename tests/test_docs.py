"""Documentation: every relative link in README.md and docs/*.md leads to a file (and heading) that exists, and
every path of ours they name (bot/..., tests/..., bench/..., migrations/..., docs/...) is still there. Code moves;
this is what tells the docs to follow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(r"^```.*?^```", re.DOTALL | re.MULTILINE)
LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # https:, mailto:, ...
# A path of ours: not preceded by a word character, a dot or a slash (so "x/bot/y" and "a.bot/" are not one).
PATH = re.compile(r"(?<![\w./-])((?:bot|tests|bench|migrations|docs)/[\w./-]*)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading anchors by its text
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(markdown: str) -> set[str]:
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(FENCE.sub("", markdown)):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def broken_links(markdown: str, where: Path) -> list[str]:
    """Each relative link in `markdown` (a file in directory `where`) whose file or heading does not exist."""
    broken = []
    for target in LINK.findall(FENCE.sub("", markdown)):
        if EXTERNAL.match(target):
            continue
        file_part, _, fragment = target.partition("#")
        document = (where / file_part).resolve() if file_part else None
        if document is not None and not document.exists():
            broken.append(target)
            continue
        if fragment and (document is None or document.suffix == ".md"):
            text = markdown if document is None else document.read_text(encoding="utf-8")
            if fragment.lower() not in anchors(text):
                broken.append(target)
    return broken


def missing_paths(markdown: str, root: Path = ROOT) -> list[str]:
    """Each path of ours named in `markdown` (in prose, code spans or code blocks) that is not in the tree.
    A placeholder such as bot/flows/<feature>.py is checked up to where it stops being a path."""
    missing = []
    for raw in PATH.findall(markdown):
        path = raw.rstrip(".,;:")
        if not (root / path).exists():
            missing.append(path)
    return sorted(set(missing))


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_leads_somewhere(document: Path) -> None:
    assert broken_links(document.read_text(encoding="utf-8"), document.parent) == []


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_path_named_exists(document: Path) -> None:
    assert missing_paths(document.read_text(encoding="utf-8")) == []


def test_the_architecture_page_and_the_design_pages_are_linked_from_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in ("architecture", "delivery", "follow-through", "reliability"):
        assert f"](docs/{page}.md)" in readme, page


def test_the_checks_catch_what_has_moved(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "here.md").write_text("# Here\n\n## A `/intro` heading: it's fine\n", encoding="utf-8")
    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "kept.py").write_text("", encoding="utf-8")
    text = ("[ok](docs/here.md) [ok](docs/here.md#a-intro-heading-its-fine) [ok](https://slack.com) [ok](#top)\n"
            "[gone](docs/gone.md) [no heading](docs/here.md#elsewhere) [no anchor](#nowhere)\n\n# Top\n\n"
            "`bot/kept.py`, bot/flows/<feature>.py, `bot/slack/outbox.py`, see bot/moved.py.\n"
            "```\n[in code](docs/not-a-link.md)\n```\n")
    assert broken_links(text, tmp_path) == ["docs/gone.md", "docs/here.md#elsewhere", "#nowhere"]
    assert missing_paths(text, tmp_path) == ["bot/flows/", "bot/moved.py", "bot/slack/outbox.py", "docs/gone.md",
                                             "docs/not-a-link.md"]
