"""Slack retries any request not answered 2xx, for hours: events, actions and view
payloads the desk receives but does not act on are answered 200 and change nothing."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.handoff.conftest import AGENT, QUEUE, TEAM, Desk, signed

UNHANDLED_EVENTS: list[dict[str, Any]] = [
    {
        "type": "reaction_added",
        "user": AGENT,
        "reaction": "eyes",
        "item": {"type": "message", "channel": QUEUE, "ts": "1700000000.000001"},
    },
    {
        "type": "reaction_removed",
        "user": AGENT,
        "reaction": "eyes",
        "item": {"type": "message", "channel": QUEUE, "ts": "1700000000.000001"},
    },
    {
        "type": "app_mention",
        "user": AGENT,
        "channel": QUEUE,
        "text": "<@UBOTSUPPORT> hi",
        "ts": "1700000000.000002",
    },
    {"type": "member_joined_channel", "user": AGENT, "channel": QUEUE, "channel_type": "C"},
    {
        "type": "file_shared",
        "file_id": "F0001",
        "user_id": AGENT,
        "channel_id": QUEUE,
        "file": {"id": "F0001"},
    },
    {
        "type": "message",
        "subtype": "message_changed",
        "channel": QUEUE,
        "hidden": True,
        "ts": "1700000000.000003",
        "message": {"type": "message", "user": AGENT, "text": "edited", "ts": "1700000000.000002"},
    },
    {
        "type": "message",
        "subtype": "channel_join",
        "user": AGENT,
        "channel": QUEUE,
        "text": "joined",
        "ts": "1700000000.000004",
    },
    {"type": "app_home_opened", "user": AGENT, "channel": "D0001", "tab": "home"},
    {"type": "channel_rename", "channel": {"id": QUEUE, "name": "q", "created": 1}},
]


@pytest.mark.parametrize("event", UNHANDLED_EVENTS, ids=lambda e: e.get("subtype", e["type"]))
async def test_an_event_the_desk_does_not_act_on_is_answered_200(
    desk: Desk, event: dict[str, Any]
) -> None:
    response = await desk.event(event)
    assert response.status_code == 200, response.text
    assert not [n for n, _ in desk.slack.calls if n != "auth.test"]  # nothing posted or changed


async def test_an_unknown_block_action_is_answered_200(desk: Desk) -> None:
    response = await desk.action("some_link_button", "https://example.com")
    assert response.status_code == 200, response.text


async def test_a_closed_modal_is_answered_200(desk: Desk) -> None:
    payload = {
        "type": "view_closed",
        "api_app_id": "A0DESK",
        "token": "legacy",
        "user": {"id": AGENT, "username": "agent", "team_id": TEAM},
        "team": {"id": TEAM, "domain": "support"},
        "view": {"id": "V0FORM", "type": "modal", "callback_id": "ticket_hold", "team_id": TEAM},
        "is_cleared": False,
    }
    body = urlencode({"payload": json.dumps(payload)})
    response = await desk.post(body, "application/x-www-form-urlencoded", signed(body))
    assert response.status_code == 200, response.text
