"""SMS over Twilio through the whole ASGI app: webhooks signed with twilio's own
RequestValidator, replies read back from TwiML, later messages sent through
twilio's REST client to a local fake Twilio API, opt-out, dedup, MMS."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.responses import Response

from bot.app import Services
from bot.store.protocol import OutboxItem, OutboxStatus, TurnCommit
from channels.sms import INBOUND_PATH, STATUS_PATH, optout_key
from channels.twiml import to_twiml, twiml, twiml_reference
from domain.types import Address, Outbound, Ticket
from tests.app_harness import PUBLIC, TWILIO_FROM, app_settings, running_app, twilio_sms
from tests.channels.fake_twilio import FakeTwilio, signed_form, sms_params
from tests.conftest import Clock

AUTH_TOKEN = "twilio-auth-token-for-tests"
ACCOUNT_SID = "AC" + "1" * 32
ANA = "+14155552671"
# every answer an SMS intake needs (the phone comes from the sender) up to the confirmation
INTAKE = ("Voicemail light stuck on for my phone only", "Ana Perez", "AC-10442", "ana@example.com")


@dataclass
class Sms:
    client: httpx.AsyncClient
    services: Services
    twilio: FakeTwilio
    clock: Clock

    async def post(
        self, path: str, params: dict[str, str], *, token: str = AUTH_TOKEN, url: str | None = None
    ) -> httpx.Response:
        body, headers = signed_form(token, url or PUBLIC + path, params)
        return await self.client.post(path, content=body, headers=headers)

    async def text(
        self,
        body: str,
        *,
        sender: str = ANA,
        sid: str = "",
        media: list[tuple[str, str]] | None = None,
    ) -> httpx.Response:
        return await self.post(INBOUND_PATH, sms_params(sender, body, sid=sid, media=media))

    async def say(self, body: str, *, sender: str = ANA) -> str:
        """The bot's TwiML reply to one text, its messages joined by newlines."""
        response = await self.text(body, sender=sender)
        assert response.status_code == 200, response.text
        return "\n".join(twiml_messages(response))

    async def agent_reply(self, text: str, *, to: str = ANA, ticket: int | None = None) -> str:
        """Put an agent's message in the outbox the way the agent desk does, and wake the dispatcher."""
        item = OutboxItem(
            id=uuid.uuid4().hex,
            outbound=Outbound(
                address=Address("sms", to), text=text, ticket_number=ticket, kind="agent"
            ),
            created_at=self.clock(),
            not_before=self.clock(),
        )
        await self.services.store.commit(TurnCommit(at=self.clock(), outbox=(item,)))
        self.services.dispatcher.kick()
        return item.id

    async def settled(self, item_id: str) -> OutboxItem:
        """Deliver what is due now and return the item's state."""
        await self.services.dispatcher.deliver_due()
        item = await self.services.store.get_outbox(item_id)
        assert item is not None
        return item


def twiml_messages(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"].startswith("application/xml")
    root = ET.fromstring(response.text)
    assert root.tag == "Response"
    return [m.text or "" for m in root.findall("Message")]


@pytest.fixture
async def sms(tmp_path: Path, clock: Clock) -> AsyncIterator[Sms]:
    async with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as twilio:
        sms = twilio_sms(twilio.url, account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN)
        settings = app_settings(tmp_path, channels={"sms": sms})
        async with running_app(settings, clock) as (services, client):
            yield Sms(client, services, twilio, clock)


async def open_ticket(sms: Sms, *, sender: str = ANA) -> Ticket:
    for text in INTAKE:
        await sms.say(text, sender=sender)
    opened = await sms.say("yes", sender=sender)
    assert "Ticket #" in opened
    tickets = await sms.services.store.list_tickets(address=Address("sms", sender))
    return tickets[0]


# -- a whole conversation -----------------------------------------------------------------


async def test_full_intake_over_sms_ends_in_a_ticket_with_the_sender_phone_prefilled(
    sms: Sms,
) -> None:
    assert "name" in (await sms.say("Voicemail light stuck on for my phone only")).lower()
    assert "account" in (await sms.say("Ana Perez")).lower()
    # the phone is known from the sender: the next question is the email
    assert "email" in (await sms.say("AC-10442")).lower()
    summary = await sms.say("ana@example.com")
    # the numbered list is the answer key: no "(yes/no)" beside it (issue 12, point 11)
    # the sender's own number and the description they just wrote are not repeated on SMS
    assert "Ana Perez" in summary and ANA not in summary
    assert "Open the ticket?" in summary and "(yes/no)" not in summary
    assert "1. Yes\n2. No" in summary
    opened = await sms.say("1")  # the numbered list answers the question too
    assert "Ticket #10001 (Priority 4)" in opened

    ticket = await sms.services.store.get_ticket(10001)
    assert ticket is not None
    assert ticket.channel == "sms" and ticket.address == Address("sms", ANA)
    assert ticket.fields["phone"] == ANA and ticket.fields["account_id"] == "AC-10442"
    # every TwiML reply was recorded in the same commit as delivered inline
    items = await sms.services.store.outbox_for(Address("sms", ANA))
    assert len(items) == 5 and {i.status for i in items} == {OutboxStatus.INLINE}
    assert sms.twilio.messages == []  # nothing went through REST


async def test_long_replies_are_split_at_word_boundaries_into_single_segment_messages(
    sms: Sms,
) -> None:
    await sms.say("Voicemail light stuck on for my phone only")
    await sms.say("Ana Perez")
    for text in ("AC-10442", "ana.perez.accounts.payable.department@example-corporation.com"):
        response = await sms.text(text)
    confirm = twiml_messages(response)
    # the confirmation cuts its long values to fit one question (issue 12, point 11)
    assert len(confirm) == 1 and "Open the ticket?" in confirm[0]
    await sms.say("1")
    ticket = (await sms.services.store.list_tickets(address=Address("sms", ANA)))[0]
    # an agent's long answer is what gets split
    long = (
        "Hi Ana, we looked at your voicemail box and found the message-waiting flag stuck "
        "after last night's platform maintenance. We cleared it and restarted the service "
        "on your line; the light should go off within a few minutes. If not, reply here."
    )
    await sms.settled(await sms.agent_reply(long, ticket=ticket.number))
    parts = [m["Body"] for m in sms.twilio.messages]
    assert 2 <= len(parts) <= 3
    assert all(len(p) <= 160 for p in parts)
    assert all(not p.startswith(" ") and not p.endswith(" ") for p in parts)
    assert " ".join(parts) == long


async def test_a_spanish_reply_with_an_accent_uses_seventy_character_segments(sms: Sms) -> None:
    reply = await sms.text(
        "Nuestra oficina entera no puede hacer llamadas desde esta mañana", sender="+34612345678"
    )
    parts = twiml_messages(reply)
    assert parts and all(len(p) <= 70 for p in parts)
    for text in ("Luis García", "cuenta 4471", "luis@ejemplo.es"):
        parts = twiml_messages(await sms.text(text, sender="+34612345678"))
        assert all(len(p) <= 70 for p in parts) and len(parts) <= 3


# -- dedup and verification ---------------------------------------------------------------


async def test_a_replayed_webhook_gets_the_stored_reply_again_and_no_second_turn(
    sms: Sms,
) -> None:
    # Twilio retries when our first answer never reached it (lost after the commit):
    # the retry must carry that reply, or the customer never sees it.
    for text in INTAKE:
        await sms.say(text)
    first = await sms.text("yes", sid="SM" + "a" * 32)
    assert "Ticket #10001" in "".join(twiml_messages(first))
    again = await sms.text("yes", sid="SM" + "a" * 32)
    assert again.status_code == 200 and twiml_messages(again) == twiml_messages(first)
    assert len(await sms.services.store.list_tickets(address=Address("sms", ANA))) == 1
    transcript = await sms.services.store.transcript(f"sms:{ANA}")
    assert [line.text for line in transcript].count("yes") == 1
    assert len([line for line in transcript if line.who == "bot"]) == len(INTAKE) + 1
    await sms.services.dispatcher.deliver_due()
    assert sms.twilio.messages == []  # answered inline both times, never through the API


async def test_a_replayed_webhook_from_an_opted_out_number_still_gets_no_reply(sms: Sms) -> None:
    await sms.say("stop")
    sid = "SM" + "d" * 32
    assert twiml_messages(await sms.text("Voicemail light stuck on", sid=sid)) == []
    assert twiml_messages(await sms.text("Voicemail light stuck on", sid=sid)) == []


@pytest.mark.parametrize(
    "how",
    ["missing", "wrong token", "other url"],
)
async def test_a_missing_or_bad_signature_gets_403_and_stores_nothing(sms: Sms, how: str) -> None:
    params = sms_params(ANA, "Voicemail light stuck on for my phone only", sid="SM" + "b" * 32)
    if how == "missing":
        body, headers = signed_form(AUTH_TOKEN, PUBLIC + INBOUND_PATH, params)
        del headers["X-Twilio-Signature"]
        response = await sms.client.post(INBOUND_PATH, content=body, headers=headers)
    elif how == "wrong token":
        response = await sms.post(INBOUND_PATH, params, token="not-the-token")
    else:
        response = await sms.post(
            INBOUND_PATH, params, url="https://evil.example.com" + INBOUND_PATH
        )
    assert response.status_code == 403
    assert not await sms.services.store.seen("sms:SM" + "b" * 32)
    assert await sms.services.store.load_conversation(f"sms:{ANA}") is None


async def test_a_webhook_url_with_a_query_string_is_verified_with_it(sms: Sms) -> None:
    # a number configured with ".../sms?team=noc": Twilio signs the URL with its query
    path = INBOUND_PATH + "?team=noc&x=%2B1"
    params = sms_params(ANA, "Voicemail light stuck on for my phone only")
    assert (await sms.post(path, params)).status_code == 200
    body, headers = signed_form(AUTH_TOKEN, PUBLIC + INBOUND_PATH, params)  # signed without it
    assert (await sms.client.post(path, content=body, headers=headers)).status_code == 403


async def test_a_tampered_body_fails_the_signature(sms: Sms) -> None:
    params = sms_params(ANA, "hello")
    body, headers = signed_form(AUTH_TOKEN, PUBLIC + INBOUND_PATH, params)
    response = await sms.client.post(
        INBOUND_PATH, content=body.replace("hello", "HELLO"), headers=headers
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    "params",
    [
        {"Body": "no sender", "MessageSid": "SM" + "c" * 32},
        {"Body": "no sid", "From": ANA},
        {**sms_params(ANA, "x", sid="SM" + "d" * 32), "NumMedia": "many"},
    ],
    ids=["no From", "no MessageSid", "bad NumMedia"],
)
async def test_a_signed_but_malformed_form_gets_400_and_stores_nothing(
    sms: Sms, params: dict[str, str]
) -> None:
    response = await sms.post(INBOUND_PATH, params)
    assert response.status_code == 400
    assert await sms.services.store.load_conversation(f"sms:{ANA}") is None


async def test_a_body_that_is_not_a_form_gets_400(sms: Sms) -> None:
    response = await sms.client.post(
        INBOUND_PATH,
        content=b'{"From": "+1"}',
        headers={"Content-Type": "application/json", "X-Twilio-Signature": "x"},
    )
    assert response.status_code == 400


# -- MMS --------------------------------------------------------------------------------------


async def test_mms_media_are_recorded_as_attachments_on_the_ticket(sms: Sms) -> None:
    shot = "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1"
    response = await sms.text(
        "Voicemail light stuck on for my phone only, see the screenshot",
        media=[(shot, "image/jpeg")],
    )
    assert response.status_code == 200
    ticket = await open_ticket_after_description(sms)
    assert [(a.kind, a.ref, a.content_type) for a in ticket.attachments] == [
        ("image", shot, "image/jpeg")
    ]


async def open_ticket_after_description(sms: Sms) -> Ticket:
    for text in ("Ana Perez", "AC-10442", "ana@example.com"):
        await sms.say(text)
    assert "Ticket #" in await sms.say("yes")
    return (await sms.services.store.list_tickets(address=Address("sms", ANA)))[0]


# -- keywords -------------------------------------------------------------------------------


async def test_stop_is_stored_and_an_opted_out_number_receives_nothing_not_even_an_agent_reply(
    sms: Sms,
) -> None:
    ticket = await open_ticket(sms)
    stop = await sms.text("STOP")
    assert stop.status_code == 200 and twiml_messages(stop) == []  # Twilio confirms STOP itself
    assert await sms.services.store.get_flag(optout_key(ANA)) is not None

    item_id = await sms.agent_reply("Hi Ana, we reset your voicemail box.", ticket=ticket.number)
    item = await sms.settled(item_id)
    assert item.status == OutboxStatus.FAILED and "opted out" in item.last_error
    assert sms.twilio.messages == []
    after = await sms.services.store.get_ticket(ticket.number)
    assert after is not None
    assert {"sms_opt_out", "delivery_failed"} <= {e.kind for e in after.events}


async def test_a_message_from_an_opted_out_number_is_kept_but_gets_no_reply(sms: Sms) -> None:
    await sms.say("stop")
    response = await sms.text("Voicemail light stuck on for my phone only")
    assert twiml_messages(response) == []
    assert await sms.services.store.load_conversation(f"sms:{ANA}") is not None  # not lost
    await sms.services.dispatcher.deliver_due()
    assert sms.twilio.messages == []
    items = await sms.services.store.outbox_for(Address("sms", ANA))
    assert [i.status for i in items] == [OutboxStatus.SUPPRESSED]


async def test_start_resumes_messages_after_stop(sms: Sms) -> None:
    await sms.say("Unsubscribe")
    assert twiml_messages(await sms.text("START")) == []
    assert await sms.services.store.get_flag(optout_key(ANA)) is None
    item = await sms.settled(await sms.agent_reply("Hello again"))
    assert item.status == OutboxStatus.SENT
    assert [m["Body"] for m in sms.twilio.messages] == ["Hello again"]


async def test_spanish_opt_out_and_back_in_get_our_own_confirmation(sms: Sms) -> None:
    baja = await sms.say("Baja", sender="+34612345678")
    assert "No recibirá más SMS" in baja and "ALTA" in baja
    assert await sms.services.store.get_flag(optout_key("+34612345678")) is not None
    alta = await sms.say("ALTA", sender="+34612345678")
    assert "Volverá a recibir" in alta
    assert await sms.services.store.get_flag(optout_key("+34612345678")) is None


async def test_stop_is_not_passed_to_the_dialogue(sms: Sms) -> None:
    await sms.say("Voicemail light stuck on for my phone only")
    await sms.say("QUIT")
    conv = await sms.services.store.load_conversation(f"sms:{ANA}")
    assert conv is not None and "QUIT" not in conv.fields.values() and conv.turns == 1


async def test_help_and_ayuda_answer_with_the_plans_contacts(sms: Sms) -> None:
    assert "+1 (800) 347-5444" in await sms.say("HELP")
    assert "+1 (800) 347-5444" in await sms.say("ayuda", sender="+34612345678")


# -- outbound through the REST API ----------------------------------------------------------


async def test_an_agent_reply_goes_through_twilio_rest_and_delivery_callbacks_update_it(
    sms: Sms,
) -> None:
    ticket = await open_ticket(sms)
    item_id = await sms.agent_reply("Hi Ana, we reset your voicemail box.", ticket=ticket.number)
    item = await sms.settled(item_id)
    assert item.status == OutboxStatus.SENT
    [sent] = sms.twilio.messages
    assert sent["To"] == ANA and sent["From"] == TWILIO_FROM
    assert sent["Body"] == "Hi Ana, we reset your voicemail box."
    assert sent["StatusCallback"] == PUBLIC + STATUS_PATH
    assert item.provider_id == sent["Sid"]

    callback = {
        "MessageSid": sent["Sid"],
        "MessageStatus": "delivered",
        "To": ANA,
        "From": TWILIO_FROM,
        "AccountSid": ACCOUNT_SID,
    }
    assert (await sms.post(STATUS_PATH, callback)).status_code == 204
    delivered = await sms.services.store.get_outbox(item_id)
    assert delivered is not None and delivered.status == OutboxStatus.DELIVERED


async def test_an_undelivered_callback_marks_the_message_failed_on_the_ticket(sms: Sms) -> None:
    ticket = await open_ticket(sms)
    item_id = await sms.agent_reply("Your ticket is resolved.", ticket=ticket.number)
    await sms.settled(item_id)
    [sent] = sms.twilio.messages
    callback = {
        "MessageSid": sent["Sid"],
        "MessageStatus": "undelivered",
        "ErrorCode": "30005",
        "To": ANA,
    }
    assert (await sms.post(STATUS_PATH, callback)).status_code == 204
    item = await sms.services.store.get_outbox(item_id)
    assert item is not None and item.status == OutboxStatus.FAILED and "30005" in item.last_error
    after = await sms.services.store.get_ticket(ticket.number)
    assert after is not None and any(
        e.kind == "delivery_failed" and "30005" in e.detail for e in after.events
    )


async def test_a_status_callback_with_a_bad_signature_changes_nothing(sms: Sms) -> None:
    item_id = await sms.agent_reply("Hello")
    await sms.settled(item_id)
    [sent] = sms.twilio.messages
    callback = {"MessageSid": sent["Sid"], "MessageStatus": "failed", "To": ANA}
    assert (await sms.post(STATUS_PATH, callback, token="forged")).status_code == 403
    item = await sms.services.store.get_outbox(item_id)
    assert item is not None and item.status == OutboxStatus.SENT


async def test_429_is_retried_after_the_advertised_delay(sms: Sms) -> None:
    sms.twilio.fail_next(429, code=20429, retry_after="30")
    item_id = await sms.agent_reply("Hello")
    item = await sms.settled(item_id)
    assert item.status == OutboxStatus.PENDING and item.attempts == 1
    assert item.not_before == sms.clock() + timedelta(seconds=30)
    sms.clock.advance(seconds=31)
    assert (await sms.settled(item_id)).status == OutboxStatus.SENT
    assert [m["Body"] for m in sms.twilio.messages] == ["Hello"]


async def test_a_5xx_is_retried_with_backoff(sms: Sms) -> None:
    sms.twilio.fail_next(503)
    item_id = await sms.agent_reply("Hello")
    item = await sms.settled(item_id)
    assert item.status == OutboxStatus.PENDING and item.attempts == 1 and "503" in item.last_error
    sms.clock.advance(minutes=5)
    assert (await sms.settled(item_id)).status == OutboxStatus.SENT


async def test_an_unsubscribed_number_is_a_permanent_failure_visible_on_the_ticket(
    sms: Sms,
) -> None:
    ticket = await open_ticket(sms)
    sms.twilio.fail_next(400, code=21610)
    item = await sms.settled(await sms.agent_reply("Hello", ticket=ticket.number))
    assert item.status == OutboxStatus.FAILED and "21610" in item.last_error
    after = await sms.services.store.get_ticket(ticket.number)
    assert after is not None and any(
        e.kind == "delivery_failed" and "21610" in e.detail for e in after.events
    )


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",))), min_size=1, max_size=3)
)
def test_twiml_is_what_twilios_messaging_response_writes(texts: list[str]) -> None:
    assert to_twiml(texts) == twiml_reference(texts)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_the_twiml_response_is_starlettes_response_of_the_document(body: str) -> None:
    fast, plain = twiml(body), Response(body, status_code=200, media_type="application/xml")
    assert (fast.status_code, fast.body, fast.raw_headers) == (
        plain.status_code,
        plain.body,
        plain.raw_headers,
    )
    assert fast.headers == plain.headers and fast.background is None


async def test_the_message_endpoint_reads_a_body_in_chunks_and_a_disconnect_as_starlette_does(
    sms: Sms,
) -> None:
    """The message webhook is a plain ASGI endpoint (`_InboundEndpoint`): a body in several
    `http.request` messages is read whole, as `Request.body` reads it, and a client gone
    before its body came raises `ClientDisconnect`, as `Request.body` does."""
    from starlette.requests import ClientDisconnect
    from starlette.routing import Route

    route = next(
        r for r in sms.services.channels["sms"].routes() if getattr(r, "path", "") == INBOUND_PATH
    )
    assert isinstance(route, Route)
    endpoint = route.app
    form, headers = signed_form(AUTH_TOKEN, PUBLIC + INBOUND_PATH, sms_params(ANA, "help"))
    body = form.encode() if isinstance(form, str) else form
    scope = {
        "type": "http",
        "method": "POST",
        "path": INBOUND_PATH,
        "query_string": b"",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    chunks = [body[:7], b"", body[7:40], body[40:]]
    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return messages.pop(0)

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    await endpoint(scope, receive, send)
    assert sent[0]["status"] == 200
    assert "Response" in bytes(sent[1]["body"]).decode()  # type: ignore[arg-type]

    async def gone() -> dict[str, object]:
        return {"type": "http.disconnect"}

    with pytest.raises(ClientDisconnect):
        await endpoint(scope, gone, send)
