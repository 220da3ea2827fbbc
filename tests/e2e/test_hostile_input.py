import json, time
from urllib.parse import urlencode
from tests.e2e.conftest import Bot, TEAM
from tests.support import slack_requests as req

def test_probe(bot: Bot) -> None:
    p = bot.poster
    cases = [
        (b"\xff\xfe\x00", "application/json"),
        (b"{not json", "application/json"),
        (b"[1,2]", "application/json"),
        (b"1", "application/json"),
        (b'"x"', "application/json"),
        (b"null", "application/json"),
        (b"payload=%7Bbad", "application/x-www-form-urlencoded"),
        (b"payload=%5B1%5D", "application/x-www-form-urlencoded"),
        (b"payload=1", "application/x-www-form-urlencoded"),
        (b"a=b", "application/x-www-form-urlencoded"),
        (b"", "application/json"),
        (b'{"type": "event_callback"}', "application/json"),
        (b'{"type": "event_callback", "event": 5}', "application/json"),
        (b'{"type": "event_callback", "event": {"type": "message", "text": 5}}', "application/json"),
        (b'{"type": "url_verification", "challenge": "abc"}', "application/json"),
        (b'{"type": "url_verification"}', "application/json"),
        (b'{"type": 5, "team_id": [1]}', "application/json"),
        (b'{"type": "block_actions"}', "application/json"),
        (b'{"type": "block_actions", "actions": 5}', "application/json"),
        (b'{"type": "view_submission", "view": 5}', "application/json"),
        (b'{"type": "event_callback", "authorizations": 5}', "application/json"),
        (b'{"type": "event_callback", "enterprise": 5}', "application/json"),
        (b'{"type": "event_callback", "team": 5}', "application/json"),
        (b'{"type": "event_callback", "event": {"type": "message", "channel": {"id": 1}}}', "application/json"),
    ]
    for body, ct in cases:
        t = time.time()
        r = p.post_raw(body, content_type=ct)
        bot.settle()
        print(body[:60], r.status, repr(r.body[:120]), f"{time.time()-t:.2f}s")
    r = p.post_raw(b"{bad", content_type="application/json", signature="v0=bad")
    print("unsigned bad json", r.status, r.body[:100])
    print([c.method for c in bot.fake.calls])
