"""Issue 14's main scenario through the whole app: an incident opened over HTTP; a customer
on each channel (SMS, Telegram, email, web chat) writes about the same fault and is told at
once and linked; one update reaches all four on their own channels; resolving tells all
four; a customer who says it is not their problem gets the usual intake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store.protocol import OutboxStatus
from domain.types import Address, TicketStatus
from tests.bot.incidents.outage_env import Outage, mail_text, outage_app
from tests.conftest import Clock

ANA_SMS = "+14155552671"
BEA_TG = 5151
CARL_MAIL = "carl@customer.example"
DORA_CHAT = "sess-dora"

INCIDENT = {
    "title": "Dallas SIP trunks down",
    "summary": {
        "en": "Calls through our Dallas data center are failing.",
        "es": "Las llamadas por nuestro centro de datos de Dallas fallan.",
    },
    "service": "voice",
    "match": {"keywords": ["dallas", "sip trunk", "troncal sip"], "services": [], "accounts": []},
}


@pytest.fixture
async def outage(tmp_path: Path, clock: Clock) -> AsyncIterator[Outage]:
    async with outage_app(tmp_path, clock) as env:
        yield env


async def test_four_channels_are_told_linked_updated_and_resolved_on_their_own_channel(
    outage: Outage,
) -> None:
    opened = await outage.api("POST", "/api/incidents", INCIDENT)
    incident_id = opened["id"]
    assert opened["status"] == "investigating"
    assert opened["priority"] == "P1G"  # CallTower's agent-only master priority
    master = await outage.services.store.get_ticket(opened["master_ticket"])
    assert master is not None and master.priority == "P1G"
    first = await outage.api(
        "POST",
        f"/api/incidents/{incident_id}/updates",
        {"text": "Carrier engaged.", "text_es": "Operador avisado."},
    )
    assert first["queued"] == 0  # nobody linked yet

    # each customer, on their channel, hears at once that the fault is known
    sms = await outage.sms(ANA_SMS, "Our SIP trunk in Dallas is down, no calls")
    assert "Known issue since" in sms and "Ticket #" in sms
    assert "Carrier engaged." in sms  # the latest update
    tg = await outage.tg(BEA_TG, "Las llamadas por la troncal SIP de Dallas no funcionan")
    assert "Ya lo sabemos" in tg and "Operador avisado." in tg
    assert "es otra cosa" in tg
    [mail] = await outage.mail(CARL_MAIL, "Dallas outage?", "All calls fail via Dallas since 9am.")
    assert "We already know about this" in mail_text(mail)
    assert "every update will come to you here" in mail_text(mail)
    chat = await outage.chat(DORA_CHAT, "Is Dallas down? My phones can't call out", 1)
    assert "We already know about this" in chat and "Ticket #" in chat

    store = outage.services.store
    children = await store.incident_children(incident_id)
    assert len(children) == 4
    tickets = [await store.get_ticket(n) for n in children]
    assert {t.channel for t in tickets if t} == {"sms", "telegram", "email", "webchat"}
    for t in tickets:
        assert t is not None
        assert t.priority == "P1G"  # the master's, for SLA
        assert t.fields["own_priority"] != ""  # its own first-message reading, on record
        assert t.fields["incident"] == str(incident_id)
    detail = await outage.api("GET", f"/api/incidents/{incident_id}")
    assert sorted(detail["children"]) == sorted(children)

    # one update reaches all four on their own channel
    sms_before = len(outage.twilio.messages)
    tg_before = len(outage.telegram.named("sendMessage"))
    mail_before = len(outage.relay.received)
    posted = await outage.api(
        "POST",
        f"/api/incidents/{incident_id}/updates",
        {"text": "A fix is being deployed.", "text_es": "Se está desplegando un arreglo."},
    )
    assert posted["queued"] == 4  # told in the background, out of this request
    await outage.deliver()
    [sms_update] = outage.twilio.messages[sms_before:]
    assert sms_update["To"] == ANA_SMS and "A fix is being deployed." in sms_update["Body"]
    [tg_update] = outage.telegram.named("sendMessage")[tg_before:]
    assert int(tg_update["chat_id"]) == BEA_TG
    assert "Se está desplegando un arreglo." in tg_update["text"]  # she wrote in Spanish
    [mail_update] = outage.relay.received[mail_before:]
    assert mail_update.rcpt_tos == [CARL_MAIL]
    assert "A fix is being deployed." in mail_text(mail_update.message)
    # threaded into the ticket's thread: the same conversation as Carl's mail and our reply
    assert mail["Message-ID"] in mail_update.message["References"]
    assert mail_update.message["Subject"] == mail["Subject"]
    chat_ticket = next(t for t in tickets if t and t.channel == "webchat")
    kept = await store.transcript(chat_ticket.conversation_id)
    assert any("A fix is being deployed." in line.text for line in kept)  # for the next visit
    [chat_item] = [
        i
        for i in await store.outbox_for(Address("webchat", DORA_CHAT))
        if i.outbound.kind == "notice"
    ]
    assert chat_item.status == OutboxStatus.SENT

    # the same update again (a retried fan-out) tells nobody twice
    again = await outage.api("POST", f"/api/incidents/{incident_id}/redeliver")
    assert again["queued"] == 4  # a background job, drained by deliver()
    await outage.deliver()
    assert len(outage.twilio.messages) == sms_before + 1

    # resolving tells all four, each ticket waits for the customer's confirmation
    resolved = await outage.api(
        "POST", f"/api/incidents/{incident_id}/resolve", {"text": "Trunks are back."}
    )
    assert resolved["status"] == "resolved" and resolved["queued"] == 4
    await outage.deliver()
    assert "Trunks are back." in outage.twilio.messages[-1]["Body"]
    assert "Trunks are back." in outage.telegram.named("sendMessage")[-1]["text"]
    assert "Trunks are back." in mail_text(outage.relay.received[-1].message)
    for n in children:
        t = await store.get_ticket(n)
        assert t is not None and t.status is TicketStatus.RESOLVED_PENDING
    closed_master = await store.get_ticket(opened["master_ticket"])
    assert closed_master is not None and closed_master.status is TicketStatus.CLOSED
    assert await store.list_incidents(open_only=True) == []

    # the usual confirm flow follows: Ana says it works
    confirmed = await outage.sms(ANA_SMS, "yes")
    assert "confirm" in confirmed.lower() or "closed" in confirmed.lower()
    ana = next(t for t in tickets if t and t.channel == "sms")
    after = await store.get_ticket(ana.number)
    assert after is not None and after.status is TicketStatus.CLOSED


async def test_a_customer_who_says_it_is_not_their_problem_gets_the_usual_intake(
    outage: Outage,
) -> None:
    opened = await outage.api("POST", "/api/incidents", INCIDENT)
    reply = await outage.sms(ANA_SMS, "Calls to Dallas numbers fail with a busy tone")
    assert "Known issue" in reply
    [child] = await outage.services.store.incident_children(opened["id"])

    intake = await outage.sms(ANA_SMS, "that's not my problem")
    assert "different problem" in intake
    assert "describe the problem" in intake.lower()  # the usual intake, from its start
    unlinked = await outage.services.store.get_ticket(child)
    assert unlinked is not None and unlinked.fields["incident"] == ""
    # back on its own first-message priority and SLA, off the master's P1G
    assert unlinked.priority == unlinked.fields["own_priority"] != "P1G"
    assert unlinked.first_response_due == outage.services.policy.due(
        unlinked.priority, "first_response", unlinked.created_at
    )
    # the next update skips her: she said it is another problem
    before = len(outage.twilio.messages)
    await outage.api("POST", f"/api/incidents/{opened['id']}/updates", {"text": "Still on it."})
    await outage.deliver()
    assert not any("Still on it." in m["Body"] for m in outage.twilio.messages[before:])
    follow = await outage.sms(ANA_SMS, "My voicemail greeting plays the wrong name for my line")
    assert "Known issue" not in follow
    assert "name" in follow.lower()  # the intake's next question


async def test_the_incidents_api_needs_the_bearer_token(outage: Outage) -> None:
    response = await outage.client.post("/api/incidents", json=INCIDENT)
    assert response.status_code == 401
    wrong = await outage.client.get("/api/incidents", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401


async def test_an_update_never_reaches_an_sms_number_that_opted_out(outage: Outage) -> None:
    opened = await outage.api("POST", "/api/incidents", INCIDENT)
    assert "Known issue" in await outage.sms(ANA_SMS, "Dallas calls fail since 9")
    await outage.sms(ANA_SMS, "STOP")
    before = len(outage.twilio.messages)
    posted = await outage.api(
        "POST", f"/api/incidents/{opened['id']}/updates", {"text": "Fix rolling out."}
    )
    assert posted["queued"] == 1  # her ticket is a child: the job goes through it
    await outage.deliver()
    assert outage.twilio.messages[before:] == []
    # skipped before queueing: no notice queued and then refused (counted as failed)
    queued = await outage.services.store.outbox_for(Address("sms", ANA_SMS))
    assert not any("Fix rolling out." in i.outbound.text for i in queued)
    assert not any(i.status is OutboxStatus.FAILED for i in queued)


async def test_opening_an_incident_over_http_lists_the_matching_open_tickets(
    outage: Outage,
) -> None:
    # email opens a ticket with the first mail
    await outage.mail(CARL_MAIL, "Phones", "Our Dallas office phones cannot call out at all")
    [before] = await outage.services.store.list_tickets(open_only=True)
    assert "incident" not in before.fields  # opened before any incident existed
    opened = await outage.api("POST", "/api/incidents", INCIDENT)
    assert opened["candidates"] == [before.number]
    linked = await outage.api(
        "POST", f"/api/incidents/{opened['id']}/children", {"ticket": before.number}
    )
    assert linked["priority"] == "P1G"
    assert (await outage.api("GET", f"/api/incidents/{opened['id']}"))["children"] == [
        before.number
    ]


async def test_an_email_customer_who_says_not_that_keeps_a_ticket_of_their_own(
    outage: Outage,
) -> None:
    opened = await outage.api("POST", "/api/incidents", INCIDENT)
    [first] = await outage.mail(CARL_MAIL, "Dallas?", "Calls through Dallas fail for us.")
    assert "We already know about this" in mail_text(first)
    [child] = await outage.services.store.incident_children(opened["id"])
    [answer] = await outage.mail(CARL_MAIL, f"Re: {first['Subject']}", "Not that, sorry.")
    assert "no longer linked to the incident" in mail_text(answer)
    ticket = await outage.services.store.get_ticket(child)
    assert ticket is not None and ticket.fields["incident"] == ""
    assert ticket.priority == ticket.fields["own_priority"]


async def test_an_email_customer_who_says_not_that_and_tells_their_problem_keeps_it_on_the_ticket(
    outage: Outage,
) -> None:
    opened = await outage.api("POST", "/api/incidents", INCIDENT)
    [first] = await outage.mail(CARL_MAIL, "Dallas?", "Calls through Dallas fail for us.")
    [child] = await outage.services.store.incident_children(opened["id"])
    told = "This has nothing to do with the outage, our fax line hums on every page."
    [answer] = await outage.mail(CARL_MAIL, f"Re: {first['Subject']}", told)
    assert "no longer linked to the incident" in mail_text(answer)
    ticket = await outage.services.store.get_ticket(child)
    assert ticket is not None and ticket.fields["incident"] == ""
    assert any("fax line hums" in e.detail for e in ticket.events if e.kind == "comment")


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ("Thanks, we're back up.", TicketStatus.CLOSED),
        ("Hi, thanks for the update. Unfortunately our phones are still not ringing.", None),
    ],
)
async def test_an_email_answer_to_the_resolution_confirms_or_reopens_the_same_ticket(
    outage: Outage, answer: str, status: TicketStatus | None
) -> None:
    opened = await outage.api("POST", "/api/incidents", INCIDENT)
    [first] = await outage.mail(CARL_MAIL, "Dallas?", "Calls through Dallas fail for us.")
    [child] = await outage.services.store.incident_children(opened["id"])
    await outage.api("POST", f"/api/incidents/{opened['id']}/resolve", {"text": "Trunks are back."})
    await outage.deliver()
    resolved = await outage.services.store.get_ticket(child)
    assert resolved is not None and resolved.status is TicketStatus.RESOLVED_PENDING
    replies = await outage.mail(CARL_MAIL, f"Re: {first['Subject']}", answer)
    after = await outage.services.store.get_ticket(child)
    assert after is not None and any(answer in e.detail for e in after.events)
    if status is None:  # not fixed: the same ticket reopened, no new case
        assert after.status not in (TicketStatus.RESOLVED_PENDING, TicketStatus.CLOSED)
        assert "reopened" in mail_text(replies[0]).lower()
    else:
        assert after.status is status
    tickets = await outage.services.store.list_tickets()
    assert len([t for t in tickets if t.channel == "email"]) == 1  # no new case opened
