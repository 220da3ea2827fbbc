"""Every Block Kit builder, rendered with sample values in every language the bot speaks, is Block Kit that Slack
takes: each block parses through slack_sdk.models and back unchanged (no unknown or misspelt key), passes its
validation, and keeps within Slack's limits (bot/blocks/kit.py): a translation longer than its English, with the
longest names and topics people type, must still fit a button (75), an option (75) or a section (3,000). With
everyday values nothing is cut: the words themselves fit in every language. The checks themselves are tested to
fail on what Slack refuses."""

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
from bot.domain.i18n import _, speaking
from bot.domain.languages import LANGS
from tests.blocks.samples import SHORT, VALUES, Values, messages, views

BLOCKS_DIR = Path(bot.blocks.__file__).parent


@functools.cache
def rendered(lang: str, values: str = "short") -> tuple[dict[str, list[Block]], dict[str, Block]]:
    """Every sample message and view, built while speaking `lang` with the `values` of samples.VALUES."""
    with speaking(lang):
        return dict(messages(VALUES[values])), dict(views(VALUES[values]))


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
        elif kind is None and "confirm" in node and "deny" in node:  # a confirmation dialog
            problems += _too_long(f"{where} confirm title", node["title"]["text"], kit.MAX_CONFIRM_TITLE)
            problems += _too_long(f"{where} confirm text", node["text"]["text"], kit.MAX_CONFIRM_TEXT)
            for key in ("confirm", "deny"):
                problems += _too_long(f"{where} confirm {key}", node[key]["text"], kit.MAX_CONFIRM_BUTTON)
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

@pytest.mark.parametrize("values", sorted(VALUES))
@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_block_kit_slack_takes(lang: str, values: str) -> None:
    problems = {name: sdk_problems(blocks) + limit_problems(blocks, most=kit.MAX_MESSAGE_BLOCKS)
                for name, blocks in rendered(lang, values)[0].items()}
    assert {name: found for name, found in problems.items() if found} == {}
    assert all(rendered(lang, values)[0].values()), "a message with no blocks"


@pytest.mark.parametrize("values", sorted(VALUES))
@pytest.mark.parametrize("lang", LANGS)
def test_every_view_is_block_kit_slack_takes(lang: str, values: str) -> None:
    problems = {name: sdk_view_problems(view) + view_problems(view) for name, view in rendered(lang, values)[1].items()}
    assert {name: found for name, found in problems.items() if found} == {}
    assert {view["type"] for view in rendered(lang, values)[1].values()} == {"modal", "home"}


@pytest.mark.parametrize("lang", LANGS)
def test_with_everyday_values_the_words_fit_uncut_in_every_language(lang: str, monkeypatch: pytest.MonkeyPatch
                                                                    ) -> None:
    """The kit cuts what outgrows a limit; with everyday names only a translation too long in its own right would
    be cut, and that is fixed in its catalog (bot/locales/<lang>/LC_MESSAGES/messages.po), never left to the cut."""
    cut: list[str] = []

    def recording(fit: Callable[[str, int], str]) -> Callable[[str, int], str]:
        def fitting(text: str, limit: int) -> str:
            fitted = fit(text, limit)
            if fitted != text:
                cut.append(f"{len(text)} > {limit}: {text}")
            return fitted
        return fitting

    monkeypatch.setattr(kit, "fit", recording(kit.fit))
    monkeypatch.setattr(kit, "fit_mrkdwn", recording(kit.fit_mrkdwn))
    with speaking(lang):
        list(messages(SHORT))
        list(views(SHORT))
    assert cut == []


NAMED_OPTIONS = {"agreed": "{name} already agreed to be introduced", "ask_now": "Ask {name} now if they're open to it"}
NAMELESS_OPTIONS = {"agreed": "They already agreed to be introduced", "ask_now": "Ask them now if they're open to it"}


def _says_with_name_shortened(label: str, words: str, name: str) -> bool:
    """Whether `label` is `words` whole around `name`, or around the name's start and an ellipsis."""
    before, after = words.split("\0")
    if not (label.startswith(before) and label.endswith(after)):
        return False
    said = label[len(before):len(label) - len(after)]
    return said == name or (said.endswith(kit.ELLIPSIS) and name.startswith(said[:-1]) and len(said) > 1)


@pytest.mark.parametrize("values", ["long", "longest"])
@pytest.mark.parametrize("lang", LANGS)
def test_a_long_name_is_shortened_in_a_label_not_the_words(lang: str, values: str) -> None:
    """A redirect's choices name the better-placed person: a long name is shortened so the words stay whole (in
    French alone, the words take 57 of the option's 75 characters)."""
    v: Values = VALUES[values]
    for agreed in (True, False):
        view = rendered(lang, values)[1][f"close_modal.redirect.member.{agreed}"]
        [choices] = [b["element"]["options"] for b in view["blocks"] if b.get("block_id") == "redirect_options"]
        labels = {option["value"]: option["text"]["text"] for option in choices}
        with speaking(lang):
            for value, label in labels.items():
                words = _(NAMED_OPTIONS[value], name="\0")
                assert _says_with_name_shortened(label, words, v.name) or label == _(NAMELESS_OPTIONS[value]), label
                assert len(label) <= kit.MAX_OPTION_TEXT


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


# --- The checks can fail, and the kit fits what would fail them ----------------------------------------------------
# Written as Slack's JSON by hand: the kit itself no longer makes such blocks.

def _plain(text: str) -> Block:
    return {"type": "plain_text", "text": text}


def _button_row(label: str) -> list[Block]:
    return [{"type": "actions", "elements": [{"type": "button", "text": _plain(label), "action_id": "a"}]}]


def _select(option: str = "x", placeholder: str | None = None) -> list[Block]:
    menu: Block = {"type": "static_select", "action_id": "a", "options": [{"text": _plain(option), "value": "1"}]}
    if placeholder:
        menu["placeholder"] = _plain(placeholder)
    return [{"type": "actions", "elements": [menu]}]


def _modal(title: str = "Title", blocks: list[Block] | None = None, **buttons: str) -> Block:
    return {"type": "modal", "callback_id": "c", "title": _plain(title),
            **{key: _plain(text) for key, text in buttons.items()}, "blocks": blocks or [kit.section("x")]}


def test_a_button_label_over_75_characters_fails() -> None:
    assert limit_problems(_button_row("x" * 75), most=kit.MAX_MESSAGE_BLOCKS) == []
    assert limit_problems(_button_row("x" * 76), most=kit.MAX_MESSAGE_BLOCKS) != []
    assert sdk_problems(_button_row("x" * 76)) != []


@pytest.mark.parametrize("blocks", [
    [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}],
    [kit.section("x")] * 51,
    [{"type": "context", "elements": [{"type": "mrkdwn", "text": "x" * 3001}]}],
    [{"type": "header", "text": _plain("x" * 151)}],
    _select(option="x" * 76),
    _select(placeholder="x" * 151),
    [kit.actions([kit.button("x", "a" * 256, "1")])],
    [kit.actions([{**kit.button("x", "a"), "confirm": {"title": _plain("Sure?"), "text": _plain("x"),
                                                      "confirm": _plain("x" * 31), "deny": _plain("No")}}])],
], ids=["section", "51 blocks", "context", "header", "option", "placeholder", "action id", "confirm"])
def test_a_message_beyond_a_limit_fails(blocks: list[Block]) -> None:
    assert limit_problems(blocks, most=kit.MAX_MESSAGE_BLOCKS) != []


@pytest.mark.parametrize("view", [
    _modal("x" * 25),
    _modal(submit="x" * 25),
    _modal(close="x" * 25),
    _modal(blocks=[kit.section("x")] * 101),
    _modal(blocks=[{**kit.input_block("b", "Label", kit.users_select()), "hint": _plain("x" * 2001)}]),
], ids=["title", "submit", "close", "101 blocks", "hint"])
def test_a_view_beyond_a_limit_fails(view: Block) -> None:
    assert view_problems(view) != []
    assert sdk_view_problems(view) != []


LONG = "Zoë 👩🏽‍💻 Ōkubo-Ñúñez <@U1> &amp; " * 200


@pytest.mark.parametrize("blocks", [
    [kit.section(LONG)],
    [kit.context(LONG)],
    [kit.header(LONG)],
    [kit.actions([kit.button(LONG, "a", "1", confirm=kit.confirm_dialog(LONG, LONG, confirm=LONG, deny=LONG))])],
    [kit.actions([kit.static_select([kit.option(LONG, "1")], action_id="a", initial=kit.option(LONG, "1"),
                                    placeholder=LONG)])],
    [kit.actions([kit.overflow("a", [kit.option(LONG, "1")])])],
    [kit.input_block("b", LONG, kit.plain_text_input(placeholder=LONG), hint=LONG)],
    [kit.input_block("b", LONG, kit.multi_users_select(placeholder=LONG))],
], ids=["section", "context", "header", "button", "select", "overflow", "input", "users"])
def test_the_kit_fits_long_text_to_every_limit(blocks: list[Block]) -> None:
    assert limit_problems(blocks, most=kit.MAX_MESSAGE_BLOCKS) == []
    assert sdk_problems(blocks) == []
    texts = [node["text"] for _where, node in _texts(blocks) if isinstance(node.get("text"), str)]
    assert texts and all(text.endswith(kit.ELLIPSIS) for text in texts)


def test_the_kit_fits_a_modal_title_and_its_buttons() -> None:
    view = kit.modal("c", LONG, [kit.section("x")], submit=LONG, close=LONG)
    assert view_problems(view) == [] and sdk_view_problems(view) == []
    assert all(view[key]["text"].endswith(kit.ELLIPSIS) for key in ("title", "submit", "close"))


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
