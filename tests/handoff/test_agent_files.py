"""An agent shares a file in a ticket's thread (`file_share`, signed like Slack signs it):
the desk fetches it from Slack with the bot token (files.info, url_private_download), keeps
it, and the outbox delivers it on the customer's channel: a link over SMS, a document on
Telegram, an attachment by email."""

from __future__ import annotations

import contextlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.store.protocol import TurnCommit
from domain.types import Address, Mode, Ticket
from handoff.desk import Card
from tests.app_harness import PUBLIC
from tests.channels.email_support import SUPPORT, CapturingRelay
from tests.channels.fake_telegram import FakeTelegram
from tests.conftest import Clock
from tests.factories import make_conversation, make_ticket
from tests.handoff.conftest import AGENT, Desk, running_desk

PDF = b"%PDF-1.4\n" + b"reboot the phone: hold * and #\n" * 50
TG_TOKEN = "424242:agent-files-token"
LINK = re.compile(r"(https://support\.example\.com/files/\S+)")


@dataclass
class World:
    desk: Desk
    telegram: FakeTelegram
    relay: CapturingRelay


@contextlib.asynccontextmanager
async def world(tmp_path: Path, clock: Clock) -> AsyncIterator[World]:
    relay = CapturingRelay()
    await relay.start()
    try:
        async with FakeTelegram(token=TG_TOKEN) as telegram:
            channels = {
                "telegram": {
                    "enabled": True,
                    "token": TG_TOKEN,
                    "mode": "webhook",
                    "secret_token": "tg-secret",
                    "api_base_url": telegram.url,
                },
                "email": {
                    "enabled": True,
                    "listen_port": 0,
                    "addresses": [SUPPORT],
                    "relay": {"host": "127.0.0.1", "port": relay.port},
                },
            }
            async with running_desk(tmp_path, clock, channels=channels) as desk:
                yield World(desk, telegram, relay)
    finally:
        await relay.stop()


async def live_ticket(desk: Desk, address: Address, number: int, *, thread: str = "") -> Card:
    """A ticket whose customer is in conversation, with its card."""
    conv_id = f"{address}#{thread}" if thread else str(address)
    conv = make_conversation(
        id=conv_id, address=address, ticket_number=number, mode=Mode.BOT, state="ticket_open"
    )
    ticket: Ticket = make_ticket(
        number=number,
        priority="P3",
        address=address,
        conversation_id=conv_id,
        created_at=desk.clock() - timedelta(minutes=10),
    )
    await desk.store.commit(TurnCommit(at=desk.clock(), conversation=conv, tickets=(ticket,)))
    return await desk.sh.handoff.open_card(ticket)


def file_share(card: Card, text: str, files: list[dict[str, Any]], ts: str) -> dict[str, Any]:
    """The message event Slack sends when an agent shares files in the card's thread."""
    return {
        "type": "message",
        "subtype": "file_share",
        "channel": card.channel,
        "user": AGENT,
        "text": text,
        "files": files,
        "upload": False,
        "ts": ts,
        "thread_ts": card.ts,
        "channel_type": "channel",
    }


async def share(desk: Desk, card: Card, text: str = "", *, name: str = "reboot-guide.pdf") -> Any:
    shared = desk.slack.share(f"F{len(desk.slack.files):05d}", name, "application/pdf", PDF)
    return await desk.event(file_share(card, text, [shared], desk.slack.next_ts()))


async def test_a_file_shared_in_the_thread_reaches_an_sms_customer_as_a_link(
    tmp_path: Path, clock: Clock
) -> None:
    async with world(tmp_path, clock) as w:
        desk = w.desk
        customer = Address("sms", "+14155550123")
        card = await live_ticket(desk, customer, 10040)
        response = await share(desk, card, "Here is the guide")
        assert response.status_code == 200
        [download] = desk.slack.named("file.download")
        assert download["authorized"]  # with the bot token
        [item] = [i for i in await desk.store.outbox_for(customer) if i.outbound.kind == "agent"]
        assert [a.name for a in item.outbound.attachments] == ["reboot-guide.pdf"]
        await desk.services.dispatcher.deliver_due()
        bodies = [m["Body"] for m in desk.twilio.messages if m["To"] == customer.id]
        assert any("Here is the guide" in b for b in bodies)
        assert any("María sent you a file: reboot-guide.pdf" in b for b in bodies)
        [url] = [u for b in bodies for u in LINK.findall(b)]
        got = await desk.client.get(url.removeprefix(PUBLIC))
        assert got.status_code == 200 and got.content == PDF
        ticket = await desk.store.get_ticket(10040)
        assert ticket.attachments[-1].by == "agent:María Gómez"
        assert ticket.events[-1].kind == "agent_reply"


async def test_a_file_shared_in_the_thread_reaches_a_telegram_customer_as_a_document(
    tmp_path: Path, clock: Clock
) -> None:
    async with world(tmp_path, clock) as w:
        card = await live_ticket(w.desk, Address("telegram", "5151"), 10041)
        assert (await share(w.desk, card)).status_code == 200
        await w.desk.services.dispatcher.deliver_due()
        [text] = [m for m in w.telegram.named("sendMessage") if m["chat_id"] == "5151"]
        assert "María sent you a file: reboot-guide.pdf" in text["text"]
        [doc] = w.telegram.named("sendDocument")
        assert str(doc["chat_id"]) == "5151"
        assert doc["document"] == {"filename": "reboot-guide.pdf", "data": PDF}


async def test_a_file_shared_in_the_thread_reaches_an_email_customer_as_an_attachment(
    tmp_path: Path, clock: Clock
) -> None:
    async with world(tmp_path, clock) as w:
        customer = Address("email", "ana@example.com")
        card = await live_ticket(w.desk, customer, 10042, thread="t1")
        assert (await share(w.desk, card, "The guide is attached.")).status_code == 200
        await w.desk.services.dispatcher.deliver_due()
        message = w.relay.last()
        assert message["To"] == "ana@example.com"
        [part] = list(message.iter_attachments())
        assert part.get_filename() == "reboot-guide.pdf"
        assert part.get_content_type() == "application/pdf"
        assert part.get_content() == PDF
        body = message.get_body(("plain",))
        assert body is not None and "The guide is attached." in body.get_content()


async def test_a_file_slack_will_not_give_is_refused_to_the_agent_and_nothing_is_sent(
    tmp_path: Path, clock: Clock
) -> None:
    async with world(tmp_path, clock) as w:
        desk = w.desk
        customer = Address("sms", "+14155550124")
        card = await live_ticket(desk, customer, 10043)
        gone = {"id": "FGONE", "name": "gone.pdf", "mimetype": "application/pdf"}
        await desk.event(file_share(card, "see attached", [gone], desk.slack.next_ts()))
        told = desk.slack.named("chat.postEphemeral")[-1]
        assert told["user"] == AGENT and "nothing was sent" in told["text"]
        agent_items = [
            i for i in await desk.store.outbox_for(customer) if i.outbound.kind == "agent"
        ]
        assert agent_items == []
        assert (await desk.store.get_ticket(10043)).attachments == ()


def test_the_bot_token_only_goes_to_slack_or_the_configured_api_origin(tmp_path: Path) -> None:
    from slack_sdk.web.async_client import AsyncWebClient

    from handoff.slack_files import SlackFiles

    files = SlackFiles(
        client=AsyncWebClient(token="xoxb-x"),
        token="xoxb-x",
        api_base_url="http://127.0.0.1:5555/api/",
        root=tmp_path,
        max_bytes=1024,
        clock=Clock(),
    )
    assert files.trusted("https://files.slack.com/files-pri/T1-F1/guide.pdf")
    assert files.trusted("http://127.0.0.1:5555/files-pri/T1-F1/guide.pdf")
    assert not files.trusted("http://files.slack.com/files-pri/T1-F1/guide.pdf")  # not TLS
    assert not files.trusted("https://files.slack.com.evil.example/x")
    assert not files.trusted("https://evil.example/?files.slack.com")
    assert not files.trusted("http://127.0.0.1:5556/files-pri/T1-F1/guide.pdf")
