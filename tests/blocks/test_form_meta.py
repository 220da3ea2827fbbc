"""What the modals carry in private_metadata: written by the builder, read back by the same class, and metadata
the app never wrote naming nothing (NotFound), never a stack trace."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.blocks.close_form import ModalMeta
from bot.blocks.form_meta import AskMeta, NoThanksMeta, OptInMeta, view_metadata
from bot.blocks.shortcut_meta import ChooserMeta
from bot.domain.closes import CloseWay
from bot.services.errors import NotFound

URL = "https://hooks.slack.com/actions/T1/1/abc"
NOT_WRITTEN_BY_US = ["not json", "[1, 2]", "5", "null", '"text"', "{" * 5000 + "}" * 5000, 5, ["x"]]


@pytest.mark.parametrize("meta", [OptInMeta(), OptInMeta(promise_id=3, response_url=URL), OptInMeta(ask_id=9)])
def test_opt_in_metadata_round_trips(meta: OptInMeta) -> None:
    assert OptInMeta.load(meta.dump()) == meta


def test_opt_in_metadata_keeps_the_keys_it_always_had() -> None:
    assert json.loads(OptInMeta(promise_id=3).dump()) == {"promise_id": 3, "ask_id": None, "response_url": None}
    assert OptInMeta.load("") == OptInMeta()  # a view opened without metadata hands back ""
    assert OptInMeta.load('{"ask_id": 0}') == OptInMeta()  # no ask: the /intro form opened on its own


def test_no_thanks_and_ask_metadata_round_trip() -> None:
    assert NoThanksMeta.load(NoThanksMeta(request_id=12).dump()) == NoThanksMeta(request_id=12)
    assert json.loads(NoThanksMeta(request_id=12).dump()) == {"request_id": 12, "warned": None}
    warned = NoThanksMeta(request_id=12, warned="0123abcd")  # a note whose wording was warned about once
    assert NoThanksMeta.load(warned.dump()) == warned
    assert AskMeta.load(AskMeta(ask_id=4, warned="0123abcd").dump()).warned == "0123abcd"
    meta = AskMeta(ask_id=4, response_url=URL)
    assert AskMeta.load(meta.dump()) == meta
    assert json.loads(meta.dump()) == {"ask_id": 4, "response_url": URL, "warned": None}


@pytest.mark.parametrize("raw", NOT_WRITTEN_BY_US)
def test_metadata_the_app_never_wrote_is_not_found(raw: Any) -> None:
    for kind in (OptInMeta, NoThanksMeta, AskMeta, ModalMeta):
        with pytest.raises(NotFound):
            kind.load(raw)


@pytest.mark.parametrize("data", [
    {"request_id": "abc"}, {"request_id": 0}, {"request_id": -1}, {"request_id": 2**63}, {"request_id": True}, {},
    {"request_id": 1.5}, {"request_id": "1e3"},
])
def test_ids_no_row_can_have_are_not_found(data: dict[str, Any]) -> None:
    with pytest.raises(NotFound):
        NoThanksMeta.load(json.dumps(data))
    with pytest.raises(NotFound):
        AskMeta.load(json.dumps({"ask_id": data.get("request_id")}))
    if data.get("request_id") not in (None, 0):
        with pytest.raises(NotFound):
            OptInMeta.load(json.dumps({"promise_id": data["request_id"]}))


@pytest.mark.parametrize("url", [5, ["https://x"], {"u": 1}, True])
def test_a_response_url_that_is_not_text_is_not_found(url: Any) -> None:
    with pytest.raises(NotFound):
        AskMeta.load(json.dumps({"ask_id": 1, "response_url": url}))
    with pytest.raises(NotFound):
        OptInMeta.load(json.dumps({"response_url": url}))


def test_the_close_modal_metadata_round_trips_and_refuses_what_it_did_not_write() -> None:
    meta = ModalMeta(party_id=5, way=CloseWay.REDIRECT, response_url=URL, draft_version=2, via_shortcut=True)
    assert ModalMeta.load(meta.dump()) == meta
    for data in ({"party_id": 5}, {"party_id": 5, "way": "shout"}, {"party_id": "x", "way": "direct"},
                 {"party_id": 5, "way": "direct", "unknown": 1}):
        with pytest.raises(NotFound):
            ModalMeta.load(json.dumps(data))


def test_the_chooser_metadata_keeps_only_a_text_response_url() -> None:
    assert ChooserMeta.load(ChooserMeta(URL).dump()) == ChooserMeta(URL)
    assert ChooserMeta.load('{"response_url": 5}') == ChooserMeta(None)
    assert ChooserMeta.load("garbage") == ChooserMeta(None)


def test_view_metadata_is_none_without_a_view() -> None:
    assert view_metadata({"view": {"private_metadata": "{}"}}) == "{}"
    assert view_metadata({}) is None
    assert view_metadata({"view": 5}) is None
