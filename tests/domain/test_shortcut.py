"""Who a "Close this intro" shortcut is about, from mentions and the detector's reading; and which response_urls
are ever called."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from slack_sdk import WebClient

from bot.domain.shortcut import Role, enough, mentioned, missed, names_asker, who_is_meant
from bot.flows.replies import replace_prompt
from bot.flows.response_urls import trusted

A, B, C, D, AUTHOR, BOT = "U0A", "U0B", "U0C", "U0D", "U0AUTHOR", "UBOT"


def test_mentions_in_order_each_once() -> None:
    assert mentioned(f"<@{A}|ana> meet <@{B}>, <@{A}> again; not <#C1> or <!here>") == (A, B)


def test_mentions_in_code_or_quotes_are_not_the_messages_own() -> None:
    assert mentioned(f"&gt; <@{C}> meet <@{D}>\n<@{A}> `<@{B}>` see above") == (A,)


def test_someone_named_who_did_not_write_it_may_join_a_recorded_intro() -> None:
    text = f"<@{A}> meet <@{B}>, and <@{C}> too"
    assert names_asker(text=text, author_id=AUTHOR, user_id=C)
    assert not names_asker(text=text, author_id=AUTHOR, user_id=D)
    assert not names_asker(text=text, author_id=C, user_id=C)
    assert not names_asker(text=f"&gt; <@{C}> meet <@{D}>", author_id=AUTHOR, user_id=C)


def test_an_introducer_names_two_people_a_party_one() -> None:
    assert enough(Role.INTRODUCER, (A, B)) and not enough(Role.INTRODUCER, (A,))
    assert enough(Role.PARTY, (A,)) and not enough(Role.PARTY, ())


def test_someone_mentioned_with_one_other_person_is_clear() -> None:
    meant = who_is_meant(text=f"<@{A}> you should talk to <@{B}>", author_id=AUTHOR, user_id=A, detected=None)
    assert (meant.role, meant.others, meant.clear) == (Role.PARTY, (B,), True)


def test_not_mentioned_or_several_others_is_asked_with_a_suggestion() -> None:
    unnamed = who_is_meant(text=f"<@{B}> is the person to ask", author_id=AUTHOR, user_id=A, detected=None)
    assert (unnamed.others, unnamed.clear) == ((B,), False)
    several = who_is_meant(text=f"<@{A}> meet <@{B}>, cc <@{C}>", author_id=AUTHOR, user_id=A, detected=None)
    assert (several.others, several.clear) == ((B, C), False)


def test_the_detectors_reading_settles_who_is_meant() -> None:
    meant = who_is_meant(text=f"<@{A}> meet <@{B}>, cc <@{C}>", author_id=AUTHOR, user_id=A, detected=(A, B))
    assert (meant.others, meant.clear) == ((B,), True)


def test_the_introducer_names_exactly_two_or_is_asked() -> None:
    two = who_is_meant(text=f"<@{A}> <@{B}> <@{BOT}> coffee?", author_id=AUTHOR, user_id=AUTHOR, detected=None,
                       ignore=(BOT,))
    assert (two.role, two.others, two.clear) == (Role.INTRODUCER, (A, B), True)
    three = who_is_meant(text=f"<@{A}> <@{B}> <@{D}>", author_id=AUTHOR, user_id=AUTHOR, detected=None)
    assert three.clear is False and three.others == (A, B, D)


def test_a_miss_is_no_intro_found_or_not_the_person_in_it() -> None:
    assert missed(role=Role.PARTY, user_id=A, detected=None)
    assert missed(role=Role.PARTY, user_id=A, detected=(B, C))
    assert not missed(role=Role.PARTY, user_id=A, detected=(A, B))
    assert not missed(role=Role.INTRODUCER, user_id=AUTHOR, detected=(A, B))


def test_only_slacks_hosts_and_the_configured_api_host_are_trusted() -> None:
    client = WebClient(base_url="http://127.0.0.1:8123/api/")
    for url in ("https://hooks.slack.com/app/T1/1/abc", "https://hooks.slack.com:443/actions/T1/1/abc",
                "https://HOOKS.slack.com/x", "https://hooks.slack-gov.com/app/T1/1/abc",
                "http://127.0.0.1:8123/response/x"):
        assert trusted(url, client) == url
    for untrusted in ("http://hooks.slack.com/app/x", "https://slack.com.evil.example/x", "https://evilslack.com/x",
                "https://user:pw@hooks.slack.com/x", "https://user@hooks.slack.com/x", "http://127.0.0.1:9999/x",
                "https://example.com", "", None, 5, "https://[::1/x", "https://hooks.slack.com:8443/x",
                "https://hooks.slack.com:99999/x", "https://evil.slack.com/x", "https://slack.com/x",
                "https://files.slack.com/x"):
        assert trusted(untrusted, client) is None
    # The configured Web API's host is trusted on its own port (in production: https://slack.com/api/).
    assert trusted("https://slack.com/x", WebClient()) == "https://slack.com/x"


def test_a_prompt_is_replaced_only_through_slacks_response_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[str] = []

    def webhook(url: str, **_: Any) -> Any:
        called.append(url)
        return SimpleNamespace(send_dict=lambda body: SimpleNamespace(status_code=200))

    monkeypatch.setattr("bot.flows.response_urls.WebhookClient", webhook)
    client = WebClient(base_url="http://127.0.0.1:8123/api/")
    for url in ("https://evil.example/x", "https://hooks.slack.com/actions/T1/1/abc"):
        replace_prompt(client, response_url=url, prompt_channel_id=None, prompt_ts=None, text="Done")
    assert called == ["https://hooks.slack.com/actions/T1/1/abc"]
