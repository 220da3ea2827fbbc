"""Every Block Kit builder, rendered with sample values in every language the bot speaks, is Block Kit that Slack
takes: each block parses through slack_sdk.models and back unchanged (no unknown or misspelt key), passes its
validation, and keeps within Slack's limits (bot/blocks/kit.py): a translation longer than its English must still
fit a button (75), an option (75) or a section (3,000). The checks themselves are tested to fail on what Slack
refuses."""

from __future__ import annotations

import ast
import functools
import importlib
import pkgutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

import pytest
from slack_sdk.models.blocks import Block as SdkBlock
from slack_sdk.models.views import View

import bot.blocks
from bot.blocks import kit
from bot.blocks.kit import Block
from bot.domain.i18n import speaking
from bot.domain.languages import LANGS
from tests.blocks.samples import messages, views

BLOCKS_DIR = Path(bot.blocks.__file__).parent
MESSAGES = dict(messages())
VIEWS = dict(views())


@functools.cache
def rendered(lang: str) -> tuple[dict[str, list[Block]], dict[str, Block]]:
    """Every sample message and view, built while speaking `lang`."""
    with speaking(lang):
        return dict(messages()), dict(views())


# --- The checks --------------------------------------------------------------------------------------------

def _texts(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every dict in a block or view, with where it is (for the failure message)."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _texts(value, f"{path}[{i}]")


def _too_long(where: str, text: Any, limit: int) -> list[str]:
    return [f"{where}: {len(text)} characters, Slack takes {limit}"] if isinstance(text, str) and len(text) > limit \
        else []


def limit_problems(blocks: list[Block], *, most: int) -> list[str]:
    """What in `blocks` goes beyond Slack's limits: the number of blocks, and the length of each kind of text."""
    problems = [f"{len(blocks)} blocks, Slack takes {most}"] if len(blocks) > most else []
    for where, node in _texts(blocks):
        text = (node.get("text") or {}).get("text") if isinstance(node.get("text"), dict) else None
        kind = node.get("type")
        if kind == "section":
            problems += _too_long(f"{where} section text", text, kit.MAX_SECTION_TEXT)
        elif kind == "header":
            problems += _too_long(f"{where} header", text, kit.MAX_HEADER_TEXT)
        elif kind == "context":
            for i, element in enumerate(node.get("elements", [])):
                problems += _too_long(f"{where} context[{i}]", element.get("text"), kit.MAX_CONTEXT_TEXT)
        elif kind == "button":
            problems += _too_long(f"{where} button text", text, kit.MAX_BUTTON_TEXT)
            problems += _too_long(f"{where} button value", node.get("value"), kit.MAX_VALUE)
        elif kind == "input":
            problems += _too_long(f"{where} label", node["label"]["text"], kit.MAX_LABEL)
            problems += _too_long(f"{where} hint", (node.get("hint") or {}).get("text"), kit.MAX_LABEL)
        elif kind is None and "value" in node and isinstance(node.get("text"), dict):  # an option
            problems += _too_long(f"{where} option text", text, kit.MAX_OPTION_TEXT)
            problems += _too_long(f"{where} option value", node["value"], kit.MAX_OPTION_VALUE)
        if "placeholder" in node:
            problems += _too_long(f"{where} placeholder", node["placeholder"]["text"], kit.MAX_PLACEHOLDER)
        for key in ("action_id", "block_id", "callback_id"):
            problems += _too_long(f"{where} {key}", node.get(key), kit.MAX_ID)
    return problems


def view_problems(view: Block) -> list[str]:
    problems = limit_problems(view["blocks"], most=kit.MAX_VIEW_BLOCKS)
    for key in ("title", "submit", "close"):
        problems += _too_long(f"modal {key}", (view.get(key) or {}).get("text"), kit.MAX_VIEW_TITLE)
    return problems + _too_long("private_metadata", view.get("private_metadata"), kit.MAX_PRIVATE_METADATA)


def sdk_problems(blocks: list[Block]) -> list[str]:
    """What slack_sdk.models says of each block: a type it does not know, a key it drops, a rule it breaks."""
    problems = []
    for i, block in enumerate(blocks):
        parsed = SdkBlock.parse(block)
        if parsed is None:
            problems.append(f"[{i}] is no block type slack_sdk knows: {block.get('type')!r}")
            continue
        try:
            parsed.validate_json()
            read = parsed.to_dict()
        except Exception as error:  # noqa: BLE001 - SlackObjectFormationError, or a TypeError on a wrong shape
            problems.append(f"[{i}] {type(error).__name__}: {error}")
            continue
        if read != block:
            problems.append(f"[{i}] changes when slack_sdk reads it: {block} != {read}")
    return problems


def sdk_view_problems(view: Block) -> list[str]:
    try:
        read = View(**view).to_dict()  # validates too
    except Exception as error:  # noqa: BLE001 - as above
        return [f"{type(error).__name__}: {error}"]
    return sdk_problems(view["blocks"]) + ([] if read == view else [f"the view changes when read: {read}"])


# --- Every builder passes them ---------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_every_message_is_block_kit_slack_takes(name: str, lang: str) -> None:
    blocks = rendered(lang)[0][name]
    assert blocks, "a message with no blocks"
    assert sdk_problems(blocks) == []
    assert limit_problems(blocks, most=kit.MAX_MESSAGE_BLOCKS) == []


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_every_view_is_block_kit_slack_takes(name: str, lang: str) -> None:
    view = rendered(lang)[1][name]
    assert view["type"] in ("modal", "home")
    assert sdk_view_problems(view) == []
    assert view_problems(view) == []


def _builders() -> dict[str, Callable[..., Any]]:
    """The public functions of bot/blocks that return blocks or a view (the kit's own pieces aside)."""
    found = {}
    for info in pkgutil.iter_modules([str(BLOCKS_DIR)]):
        module = importlib.import_module(f"bot.blocks.{info.name}")
        if module is kit:
            continue
        for name, obj in vars(module).items():
            if (callable(obj) and getattr(obj, "__module__", None) == module.__name__ and not name.startswith("_")
                    and any(kind in str(getattr(obj, "__annotations__", {}).get("return", ""))
                            for kind in ("Block", "Message"))):
                found[f"{info.name}.{name}"] = obj
    return found


def test_the_samples_render_every_builder() -> None:
    builders = _builders()
    codes: dict[CodeType, str] = {f.__code__: name for name, f in builders.items()}
    called: set[str] = set()

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        if event == "call" and frame.f_code in codes:
            called.add(codes[frame.f_code])

    sys.setprofile(profile)
    try:
        list(messages())
        list(views())
    finally:
        sys.setprofile(None)
    assert len(builders) > 20
    assert sorted(set(builders) - called) == [], "add a sample for each new builder to tests/blocks/samples.py"


# --- The checks can fail ---------------------------------------------------------------------------------------

def _button_row(label: str) -> list[Block]:
    return [kit.actions([kit.button(label, "a", "1")])]


def test_a_button_label_over_75_characters_fails() -> None:
    assert limit_problems(_button_row("x" * 75), most=kit.MAX_MESSAGE_BLOCKS) == []
    assert limit_problems(_button_row("x" * 76), most=kit.MAX_MESSAGE_BLOCKS) != []
    assert sdk_problems(_button_row("x" * 76)) != []


@pytest.mark.parametrize("blocks", [
    [kit.section("x" * 3001)],
    [kit.section("x")] * 51,
    [kit.context("x" * 3001)],
    [kit.header("x" * 151)],
    [kit.actions([kit.static_select([kit.option("x" * 76, "1")], action_id="a")])],
    [kit.actions([kit.static_select([kit.option("x", "1")], action_id="a", placeholder="x" * 151)])],
    [kit.actions([kit.button("x", "a" * 256, "1")])],
], ids=["section", "51 blocks", "context", "header", "option", "placeholder", "action id"])
def test_a_message_beyond_a_limit_fails(blocks: list[Block]) -> None:
    assert limit_problems(blocks, most=kit.MAX_MESSAGE_BLOCKS) != []


@pytest.mark.parametrize("view", [
    kit.modal("c", "x" * 25, [kit.section("x")]),
    kit.modal("c", "Title", [kit.section("x")], submit="x" * 25),
    kit.modal("c", "Title", [kit.section("x")] * 101),
    kit.modal("c", "Title", [kit.input_block("b", "Label", kit.users_select(), hint="x" * 2001)]),
], ids=["title", "submit", "101 blocks", "hint"])
def test_a_view_beyond_a_limit_fails(view: Block) -> None:
    assert view_problems(view) != []
    assert sdk_view_problems(view) != []


def test_a_key_slack_does_not_know_fails() -> None:
    assert sdk_problems([{**kit.section("x"), "colour": "red"}]) != []
    assert sdk_problems([{"type": "sectoin", "text": kit.mrkdwn("x")}]) != []


# --- One kit, one direction -------------------------------------------------------------------------------------

BLOCK_KIT_TYPES = {"section", "context", "actions", "header", "divider", "input", "button", "static_select",
                   "users_select", "multi_users_select", "datepicker", "checkboxes", "radio_buttons", "overflow",
                   "plain_text_input", "plain_text", "mrkdwn", "modal", "home"}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(BLOCKS_DIR.glob("*.py")):
        yield path.name, ast.parse(path.read_text(encoding="utf-8"))


def test_no_block_kit_json_outside_the_kit() -> None:
    written = []
    for name, tree in _modules():
        if name == "kit.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (isinstance(key, ast.Constant) and key.value == "type" and isinstance(value, ast.Constant)
                            and value.value in BLOCK_KIT_TYPES):
                        written.append(f"{name}:{node.lineno} {value.value}")
    assert written == [], "build these with bot/blocks/kit.py"


def test_builders_import_nothing_above_them_nor_the_database() -> None:
    wrong = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            wrong += [f"{name}: {m}" for m in modules if m.startswith(("bot.db", "bot.flows", "bot.slack", "slack"))]
    assert wrong == []
