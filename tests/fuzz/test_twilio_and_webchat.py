"""Fuzzed Twilio webhook forms (signed, so they reach the parser) and web chat frames: no 5xx,
no traceback, and the socket or the webhook keeps working afterwards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from starlette.testclient import TestClient

from bot.app import build_app, build_services
from bot.config import load_settings
from tests.channels.test_sms import ANA, Sms
from tests.conftest import Clock
from tests.fuzz.strategies import EXAMPLES, any_json, collect

INBOUND_PATH = "/webhooks/twilio/sms"
FORM = st.fixed_dictionaries(
    {},
    optional={
        "From": st.sampled_from([ANA, "", "not-a-number", "+1" + "9" * 30]) | st.text(max_size=20),
        "To": st.text(max_size=15),
        "Body": st.text(max_size=200),
        "MessageSid": st.text(max_size=40),
        "SmsMessageSid": st.text(max_size=40),
        "NumMedia": st.sampled_from(["0", "1", "2", "-1", "99999", "x"]) | st.text(max_size=4),
        "MediaUrl0": st.text(max_size=40),
        "MediaContentType0": st.text(max_size=20),
        "AccountSid": st.text(max_size=34),
    },
)


async def test_signed_fuzzed_twilio_forms_never_get_a_5xx(
    sms: Sms, caplog: pytest.LogCaptureFixture
) -> None:
    for params in collect(FORM, EXAMPLES):
        response = await sms.post(INBOUND_PATH, params)
        assert response.status_code < 500, (params, response.text[:200])
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert (await sms.text("still here?")).status_code == 200


FRAMES = st.one_of(
    any_json.map(json.dumps),
    st.fixed_dictionaries(
        {"type": st.sampled_from(["message", "hello", "x"]) | any_json},
        optional={"text": st.text(max_size=50) | any_json, "id": st.text(max_size=10) | any_json},
    ).map(json.dumps),
    st.text(max_size=100),
)


@pytest.fixture
def chat(tmp_path: Path) -> Any:
    cfg = tmp_path / "supportbot.toml"
    # no frame-rate cap: the fuzz sends hundreds of frames a minute on purpose
    cfg.write_text(
        '[store]\nurl = "sqlite:///bot.db"\n[channels.webchat]\nmax_frames_per_minute = 0\n'
        "[limits]\nturns_per_minute = 0\n",
        encoding="utf-8",
    )
    services = build_services(load_settings(cfg, environ={}), clock=Clock())
    with TestClient(build_app(services)) as client:
        yield client


def test_fuzzed_web_chat_frames_get_an_error_frame_or_an_answer_never_a_closed_socket(
    chat: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with chat.websocket_connect("/chat/ws") as ws:
        ws.send_json({"type": "hello"})
        ws.receive_json()
        ws.receive_json()
        for n, frame in enumerate(collect(FRAMES, EXAMPLES)):
            ws.send_text(frame)
            ws.send_json({"type": "message", "text": "ping", "id": f"probe-{n}"})
            # every fuzzed frame is answered or refused, then the probe gets its answer
            while (reply := ws.receive_json())["type"] not in ("message", "error") or (
                reply["type"] == "message" and reply.get("from") != "bot"
            ):
                pass
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
