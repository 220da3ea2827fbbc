"""A long name in a short label, end to end: a French speaker redirects an intro to a member whose name is long,
and the redirect form still opens and updates (Slack refuses a whole view, invalid_arguments, when one option
passes 75 characters). The name is shortened; the words stay whole."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.views import View

from bot.blocks.ids import Action
from bot.blocks.kit import ELLIPSIS, MAX_OPTION_TEXT
from tests.e2e.conftest import ANA, DIEGO, Bot
from tests.e2e.modal import block, state_of
from tests.e2e.steps import introduce, open_modal

LONG_NAMED = "U0LONGNAME"
LONG_NAME = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwaren"  # 56 characters: what a draft calls them


def pick(bot: Bot, view: dict[str, Any], who: str) -> dict[str, Any]:
    """Ana picks who is better placed; returns the form as it is shown again."""
    bot.fake.reset_calls()
    bot.click(user=ANA, action_id="who", action_type="users_select", selected_user=who,
              view={**view, "id": "V1", "hash": "h1", "state": {"values": state_of(view, who=who)}})
    [update] = bot.fake.calls_to("views.update")
    return dict(update.params["view"])


def choices(view: dict[str, Any]) -> list[str]:
    return [o["text"]["text"] for o in block(view, "redirect_options")["element"]["options"]]


def test_a_french_redirect_to_someone_with_a_long_name_opens_with_the_name_shortened(bot: Bot) -> None:
    bot.fake.add_user(LONG_NAMED, name="wolfe", real_name=LONG_NAME, display_name=LONG_NAME)
    bot.fake.set_locale(ANA, "fr-FR")
    view = pick(bot, open_modal(bot, introduce(bot), Action.REDIRECT), LONG_NAMED)

    View(**view).to_dict()  # validates every block and option, as Slack does: before the fix, one had 87 characters
    agreed, ask_now = choices(view)
    assert agreed.startswith("Wolfeschlegelstein") and agreed.endswith(f"{ELLIPSIS} a déjà accepté la mise en relation")
    assert ask_now.startswith("Demander maintenant à Wolfeschlegelstein") and ask_now.endswith(
        f"{ELLIPSIS} si ça l'intéresse")
    assert len(agreed) <= MAX_OPTION_TEXT and len(ask_now) <= MAX_OPTION_TEXT


def test_a_short_name_is_never_cut(bot: Bot) -> None:
    bot.fake.set_locale(ANA, "fr-FR")
    view = pick(bot, open_modal(bot, introduce(bot), Action.REDIRECT), DIEGO)
    assert choices(view) == ["Diego a déjà accepté la mise en relation",
                             "Demander maintenant à Diego si ça l'intéresse"]
