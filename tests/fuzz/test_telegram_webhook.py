"""POST /webhooks/telegram under fuzzed updates: Telegram retries every non-2xx forever, so a
malformed update is a 400 (or acknowledged and ignored), never a 5xx, never a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import strategies as st

from tests.channels.test_telegram import ANA, Tg
from tests.fuzz.strategies import EXAMPLES, almost, any_json, collect, deep

DATES = st.integers(min_value=-(10**20), max_value=10**20) | st.sampled_from([0, 2**63, -1])
CHAT = almost({"id": st.integers() | st.just(ANA), "type": st.sampled_from(["private", "group"])})
MESSAGE = almost(
    {
        "message_id": st.integers(),
        "date": DATES,
        "chat": CHAT,
        "from": almost({"id": st.integers(), "is_bot": st.booleans(), "first_name": st.text()}),
        "text": st.text(max_size=30),
        "caption": st.text(max_size=30),
        "contact": almost({"phone_number": st.text(max_size=15), "user_id": st.integers()}),
        "photo": st.lists(almost({"file_id": st.text(max_size=8), "width": st.integers()})),
        "entities": st.lists(
            almost({"type": st.text(max_size=8), "offset": st.integers(), "length": st.integers()})
        ),
    }
)
UPDATE = st.fixed_dictionaries(
    {"update_id": st.integers(min_value=1, max_value=2**31)},
    optional={
        "message": MESSAGE,
        "edited_message": MESSAGE,
        "callback_query": almost(
            {
                "id": st.text(max_size=8),
                "from": almost({"id": st.integers()}),
                "data": st.text(max_size=10),
                "message": MESSAGE,
            }
        ),
        "my_chat_member": any_json,
    },
)


def _bodies() -> list[bytes]:
    bodies = [json.dumps(u).encode() for u in collect(UPDATE, EXAMPLES)]
    bodies += [json.dumps(v).encode() for v in collect(any_json, EXAMPLES // 3)]
    bodies.append(deep(100_000).encode())
    bodies.append(b'{"update_id": 1, "message": ' + deep(50_000).encode() + b"}")
    bodies.append(b"\xff\xfe not json")
    return bodies


async def test_fuzzed_updates_never_get_a_5xx_or_a_traceback(
    tg: Tg, caplog: pytest.LogCaptureFixture
) -> None:
    for body in _bodies():
        response = await tg.post(body)
        assert response.status_code < 500, (body[:300], response.text[:200])
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


async def test_the_kinds_that_gave_500_are_answered_without_one(tg: Tg) -> None:
    base = {
        "message_id": 1,
        "chat": {"id": ANA, "type": "private"},
        "from": {"id": ANA, "is_bot": False, "first_name": "Ana"},
    }
    for message in (
        {**base, "date": 1_700_000_000, "text": 12345},  # a non-string text
        {**base, "date": 10**18, "text": "hello"},  # a date out of range
        {**base, "date": 1_700_000_000, "text": ["a", "list"]},
    ):
        response = await tg.post({"update_id": 99, "message": message})
        assert response.status_code in (200, 400), response.text
    assert (
        await tg.post(b'{"update_id": 1, "message": ' + deep(50_000).encode() + b"}")
    ).status_code == 400
