"""Socket Mode (slack.app_token set): the same desk, events arriving over slack_sdk's
websocket client from a local fake Slack, acknowledged by envelope id."""

from __future__ import annotations

from pathlib import Path

from handoff import slack_blocks as blocks
from tests.conftest import Clock
from tests.handoff.conftest import AGENT, event_body, running_desk


async def test_thread_reply_over_socket_mode_reaches_the_customer(
    tmp_path: Path, clock: Clock
) -> None:
    async with running_desk(tmp_path, clock, app_token="xapp-1-A0DESK-test") as desk:
        assert desk.slack.named("apps.connections.open")
        ticket = await desk.open_ticket()
        card = await desk.card(ticket.number)
        await desk.action(blocks.ACTION_CLAIM, str(ticket.number), card=card)
        event = {
            "type": "message",
            "channel": card.channel,
            "user": AGENT,
            "text": "Rebooting your line now",
            "ts": desk.slack.next_ts(),
            "thread_ts": card.ts,
            "channel_type": "channel",
        }
        await desk.slack.envelopes.put(
            {
                "envelope_id": "env-1",
                "type": "events_api",
                "accepts_response_payload": False,
                "payload": event_body(event),
            }
        )
        acks = await desk.slack.wait_for("socket.ack")
        assert acks[0]["envelope_id"] == "env-1"
        assert (await desk.outbox_texts())[-1] == "Rebooting your line now\n— María"
