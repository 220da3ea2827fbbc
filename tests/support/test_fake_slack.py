"""The fake answers slack_sdk's WebClient the way Slack does; SignedPoster signs the way Slack does."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.client import RemoteDisconnected
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.signature import SignatureVerifier
from slack_sdk.webhook import WebhookClient

from tests.support import slack_requests as req
from tests.support.fake_slack import FakeSlack

ANA, BEN, OUTSIDER = "U0ANA0001", "U0BEN0001", "U0OUT0001"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        for uid in (ANA, BEN, OUTSIDER):
            fake.add_user(uid, name=uid.lower(), real_name=f"Person {uid}", display_name=uid[2:5],
                          image_72=f"https://avatars.example/{uid}.png", tz="Europe/Lisbon")
        fake.add_channel("C1GENERAL", members=[ANA, BEN, "UBOT"], name="general")
        yield fake


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token="xoxb-test", base_url=fake.api_url)


def error_of(call: Any) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return str(caught.value.response["error"])


def test_auth_test_and_bad_tokens(fake: FakeSlack) -> None:
    answer = WebClient(token="xoxb-test", base_url=fake.api_url).auth_test()
    assert (answer["user_id"], answer["bot_id"], answer["team_id"]) == ("UBOT", "BBOT", "T1")
    assert error_of(WebClient(token="xoxb-nope", base_url=fake.api_url).auth_test) == "invalid_auth"
    assert error_of(WebClient(base_url=fake.api_url).auth_test) == "not_authed"
    assert [c.token for c in fake.calls] == ["xoxb-test", "xoxb-nope", None]
    assert [c.failed for c in fake.calls] == [False, True, True]


def test_users_info(client: WebClient) -> None:
    user = client.users_info(user=ANA)["user"]
    assert user["id"] == ANA and user["profile"]["display_name"] == "ANA" and not user["is_bot"]
    assert user["profile"]["image_72"] == f"https://avatars.example/{ANA}.png"
    assert user["tz"] == "Europe/Lisbon" and user["tz_offset"] in (0, 3600)
    assert error_of(lambda: client.users_info(user="U0NOBODY")) == "user_not_found"


def test_users_info_gives_the_locale_only_when_asked(fake: FakeSlack, client: WebClient) -> None:
    assert "locale" not in client.users_info(user=ANA)["user"]
    assert client.users_info(user=ANA, include_locale=True)["user"]["locale"] == "en-US"
    fake.set_locale(ANA, "de-DE")
    assert client.users_info(user=ANA, include_locale=True)["user"]["locale"] == "de-DE"


def test_messages_get_increasing_ts_and_permalinks(fake: FakeSlack, client: WebClient) -> None:
    first = client.chat_postMessage(channel="C1GENERAL", text="one")
    second = client.chat_postMessage(channel="C1GENERAL", text="two", blocks=[{"type": "divider"}])
    assert (first["ts"], second["ts"]) == ("1763900000.000001", "1763900000.000002")
    assert fake.calls_to("chat.postMessage")[0].answered["ts"] == first["ts"]
    client.chat_update(channel="C1GENERAL", ts=first["ts"], text="edited")
    assert [m["text"] for m in fake.messages("C1GENERAL")] == ["edited", "two"]
    assert fake.calls_to("chat.postMessage")[1].params["blocks"] == [{"type": "divider"}]
    link = client.chat_getPermalink(channel="C1GENERAL", message_ts="1763800000.000100")["permalink"]
    assert link == "https://fake.slack.com/archives/C1GENERAL/p1763800000000100"
    assert error_of(lambda: client.chat_postMessage(channel="C0NOPE", text="x")) == "channel_not_found"
    assert error_of(lambda: client.chat_update(channel="C1GENERAL", ts="1.2", text="x")) == "message_not_found"


def test_ephemeral_needs_the_user_in_the_channel(fake: FakeSlack, client: WebClient) -> None:
    assert client.chat_postEphemeral(channel="C1GENERAL", user=ANA, text="hi")["message_ts"]
    assert error_of(lambda: client.chat_postEphemeral(channel="C1GENERAL", user=OUTSIDER,
                                                      text="hi")) == "user_not_in_channel"
    assert [c.params["user"] for c in fake.calls_to("chat.postEphemeral")] == [ANA]
    assert len(fake.calls_to("chat.postEphemeral", include_failed=True)) == 2


def test_conversations_open_gives_stable_ids(fake: FakeSlack, client: WebClient) -> None:
    dm = client.conversations_open(users=OUTSIDER)["channel"]["id"]
    assert dm == "D0OUT0001" == client.conversations_open(users=OUTSIDER)["channel"]["id"]
    group = client.conversations_open(users=[ANA, BEN])["channel"]["id"]
    assert group.startswith("G") and client.conversations_open(users=f"{BEN},{ANA}")["channel"]["id"] == group
    assert client.chat_postMessage(channel=OUTSIDER, text="by user id")["channel"] == dm
    assert [m["text"] for m in fake.messages(dm)] == ["by user id"]
    assert error_of(lambda: client.conversations_open(users="U0NOBODY")) == "user_not_found"


def test_history_and_replies_keep_metadata_and_need_the_history_scope(fake: FakeSlack, client: WebClient) -> None:
    fake.add_message("C1GENERAL", ts="1763800000.000100", user=ANA, text="intro")
    marked = {"event_type": "intro_close", "event_payload": {"close_id": 7}}
    replies = [client.chat_postMessage(channel="C1GENERAL", thread_ts="1763800000.000100", text=f"reply {n}",
                                       metadata=marked if n == 2 else None)["ts"] for n in (1, 2, 3)]
    top = client.chat_postMessage(channel="C1GENERAL", text="top")["ts"]

    thread = client.conversations_replies(channel="C1GENERAL", ts="1763800000.000100")["messages"]
    assert [m["text"] for m in thread] == ["intro", "reply 1", "reply 2", "reply 3"]
    assert all("metadata" not in m for m in thread)  # only when asked for
    page = client.conversations_replies(channel="C1GENERAL", ts=replies[0], include_all_metadata=True, limit=2)
    assert [m.get("metadata") for m in page["messages"]] == [None, None] and page["has_more"]
    rest = client.conversations_replies(channel="C1GENERAL", ts=replies[0], include_all_metadata=True, limit=2,
                                        cursor=page["response_metadata"]["next_cursor"])
    assert [m.get("metadata") for m in rest["messages"]] == [marked, None] and not rest["has_more"]
    later = client.conversations_replies(channel="C1GENERAL", ts="1763800000.000100", oldest=replies[1])
    assert [m["text"] for m in later["messages"]] == ["reply 3"]
    assert error_of(lambda: client.conversations_replies(channel="C1GENERAL", ts="1.000001")) == "thread_not_found"

    history = client.conversations_history(channel="C1GENERAL", include_all_metadata=True)["messages"]
    assert [m["ts"] for m in history] == [top, "1763800000.000100"]  # newest first, no thread replies

    with FakeSlack(scopes=("channels:history",)) as scoped:
        scoped.add_user(ANA, name="ana")
        narrow = WebClient(token="xoxb-test", base_url=scoped.api_url)
        narrow.chat_postMessage(channel=ANA, text="a DM")
        assert error_of(lambda: narrow.conversations_history(channel="D0ANA0001")) == "missing_scope"


def test_views(fake: FakeSlack, client: WebClient) -> None:
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": []}
    opened = client.views_open(trigger_id="t1", view=modal)["view"]
    assert (opened["id"], opened["hash"], opened["state"]) == ("V1", "h1", {"values": {}})  # the builders' defaults
    assert error_of(lambda: client.views_open(trigger_id="t1", view=modal)) == "trigger_exchanged"
    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=modal)["view"]
    assert updated["id"] == opened["id"] and updated["hash"] != opened["hash"]
    assert error_of(lambda: client.views_update(view_id=opened["id"], hash=opened["hash"],
                                                view=modal)) == "hash_conflict"
    assert error_of(lambda: client.views_update(view_id="V404", view=modal)) == "not_found"
    fake.fail_next("views.open", error="expired_trigger_id")
    assert error_of(lambda: client.views_open(trigger_id="t2", view=modal)) == "expired_trigger_id"
    client.views_publish(user_id=ANA, view={"type": "home", "blocks": [{"type": "divider"}]})
    assert fake.home_views[ANA]["blocks"] == [{"type": "divider"}]


def test_rate_limit_then_success(fake: FakeSlack) -> None:
    client = WebClient(token="xoxb-test", base_url=fake.api_url, retry_handlers=[RateLimitErrorRetryHandler()])
    fake.fail_next("chat.postMessage", status=429, retry_after=0)
    assert client.chat_postMessage(channel="C1GENERAL", text="hi")["ok"]
    assert [c.failed for c in fake.calls_to("chat.postMessage", include_failed=True)] == [True, False]


def test_server_error_and_dropped_connection(fake: FakeSlack, client: WebClient) -> None:
    fake.fail_next("users.info", status=500)
    with pytest.raises(SlackApiError) as caught:
        client.users_info(user=ANA)
    assert caught.value.response.status_code == 500 and "error" not in caught.value.response.data
    fake.fail_next("chat.postMessage", drop_connection=True, times=2)  # the default handler retries once
    with pytest.raises((URLError, RemoteDisconnected, ConnectionError)):
        client.chat_postMessage(channel="C1GENERAL", text="hi")
    assert [c.failed for c in fake.calls_to("chat.postMessage", include_failed=True)] == [True, True]
    assert not fake.calls_to("chat.postMessage") and fake.messages("C1GENERAL") == []


def test_a_hung_call_times_the_client_out_having_acted_or_not(fake: FakeSlack) -> None:
    # slack_sdk annotates timeout as int; urllib takes float seconds, as the client does at run time.
    client = WebClient(token="xoxb-test", base_url=fake.api_url, timeout=0.3)  # type: ignore[arg-type]
    fake.fail_next("chat.postMessage", hang="before")
    fake.fail_next("chat.postMessage", hang="after")
    for text in ("lost", "posted"):
        with pytest.raises(TimeoutError):
            client.chat_postMessage(channel="C1GENERAL", text=text)
    assert [m["text"] for m in fake.messages("C1GENERAL")] == ["posted"]
    assert [c.failed for c in fake.calls_to("chat.postMessage", include_failed=True)] == [True, True]
    fake.release_hung()
    assert client.chat_postMessage(channel="C1GENERAL", text="after release")["ok"]


def test_unknown_methods_and_response_urls(fake: FakeSlack, client: WebClient) -> None:
    assert error_of(lambda: client.api_call("reactions.nope")) == "unknown_method"
    assert fake.calls_to("reactions.nope", include_failed=True)
    answer = WebhookClient(fake.response_url("prompt")).send(text="done", replace_original=True)
    assert answer.status_code == 200
    [call] = fake.wait_for("response_url:prompt")
    assert call.params == {"text": "done", "replace_original": True}


def test_wait_for_waits_and_times_out(fake: FakeSlack, client: WebClient) -> None:
    timer = threading.Timer(0.2, lambda: client.chat_postMessage(channel="C1GENERAL", text="later"))
    timer.start()
    assert len(fake.wait_for("chat.postMessage", timeout=5)) == 1
    timer.join()
    with pytest.raises(AssertionError, match=r"chat\.postMessage"):
        fake.wait_for("chat.delete", timeout=0.1)


def test_signed_poster_signs_like_slack() -> None:
    seen: dict[str, Any] = {}

    class Capture(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen["body"] = self.rfile.read(int(self.headers["Content-Length"]))
            seen["headers"] = {k.lower(): v for k, v in self.headers.items()}
            self.send_response(401 if seen["headers"].get("x-slack-retry-num") else 200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        poster = req.SignedPoster(f"http://127.0.0.1:{server.server_address[1]}/slack/events", "s3cret")
        verifier = SignatureVerifier("s3cret")
        envelope = req.message_event(text="hi", user=ANA, channel="C1GENERAL", ts="1.000001", team_id="T1")
        assert poster.post_event(envelope).status == 200
        assert verifier.is_valid_request(seen["body"], seen["headers"])
        assert json.loads(seen["body"])["event"]["text"] == "hi"

        assert poster.post_event(envelope, retry_num=1, retry_reason="http_timeout").status == 401
        assert seen["headers"]["x-slack-retry-reason"] == "http_timeout"

        payload = req.block_action(user=ANA, action_id="a", team_id="T1", channel="C1GENERAL")
        poster.post_interaction(payload)
        assert verifier.is_valid_request(seen["body"], seen["headers"])
        poster.post_command(req.slash_command(text="help", user=ANA, team_id="T1"))
        assert verifier.is_valid_request(seen["body"], seen["headers"])

        stale = req.SignedPoster(poster.url, "s3cret", clock=lambda: 1_000_000_000.0)
        stale.post_command({"text": "x"})
        assert not verifier.is_valid_request(seen["body"], seen["headers"])
        poster.post_raw(b"x", content_type="text/plain", signature="v0=bad")
        assert not verifier.is_valid_request(seen["body"], seen["headers"])
    finally:
        server.shutdown()
        server.server_close()


def test_builders_put_extras_where_slack_does() -> None:
    click = req.block_action(user=ANA, action_id="who", team_id="T1", action_type="users_select",
                             selected_user=BEN, view={"id": "V1", "hash": "h1"})
    assert click["actions"][0]["selected_user"] == BEN and click["container"] == {"type": "view", "view_id": "V1"}
    assert "response_url" not in click and click["trigger_id"]
    relayed = req.block_action(user=ANA, action_id="r", team_id="T1", channel="D1", message_ts="1.1",
                               message={"ts": "1.1", "blocks": [{"type": "divider"}]})
    assert relayed["message"]["blocks"] == [{"type": "divider"}] and "message" not in relayed["actions"][0]
    menu = req.block_action(user=ANA, action_id="m", team_id="T1", action_type="overflow",
                            selected_option_value="off", channel="C1GENERAL", message_ts="1.000001")
    assert menu["actions"][0]["selected_option"]["value"] == "off" and menu["message"]["ts"] == "1.000001"
    event = req.message_event(text="x", user=ANA, channel="C1", ts="1.000002", team_id="T1", subtype="bot_message",
                              bot_id="B0OTHER", edited={"ts": "1.000003"})
    assert (event["event"]["subtype"], event["event"]["edited"], event["event_id"][:2]) == (
        "bot_message", {"ts": "1.000003"}, "Ev")
    values = {"b": {"draft": req.text_value("hi"), "who": req.user_value(None)}}
    submission = req.view_submission(user=ANA, team_id="T1", callback_id="close", values=values)
    assert submission["view"]["state"]["values"] == values and submission["view"]["id"] == "V1"
