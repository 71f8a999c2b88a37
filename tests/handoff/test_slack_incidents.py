"""`/incident` through the fake Slack API and the whole app: staff open an incident, an SMS
customer writing about it is linked at once, an update and the resolution reach them, a
ticket is linked by number, and the open ones are listed."""

from __future__ import annotations

import itertools

from domain.types import TicketStatus
from tests.handoff.conftest import ANA, QUEUE, Desk
from tests.handoff.fake_slack import EXPIRED_TRIGGER

_TRIGGERS = itertools.count(1)


async def _incident(desk: Desk, text: str) -> str:
    # a new trigger each time: the same signed body twice is a replay (handoff/slack_http.py)
    response = await desk.command(text, name="/incident", trigger_id=f"9.9.{next(_TRIGGERS)}")
    assert response.status_code == 200, response.text
    answer: str = response.json()["text"]
    return answer


async def test_staff_run_an_incident_from_slack_and_the_customer_hears_each_step(
    desk: Desk,
) -> None:
    opened = await _incident(desk, "open Dallas SIP trunks down keywords: dallas, troncal sip")
    assert opened.startswith("Incident 1 opened matching dallas, troncal sip")
    [incident] = await desk.store.list_incidents(open_only=True)
    assert incident.match.keywords == ("dallas", "troncal sip")

    reply = await desk.text("Calls through Dallas fail since 9am")
    assert "Known issue" in reply.text
    [child] = await desk.store.incident_children(incident.id)

    updated = await _incident(desk, "update 1 Carrier is rerouting traffic")
    # answered at once; the customers are told by a background job (bot.incidents.jobs)
    assert updated == "Update 1 posted on incident 1; telling 1 linked customers now."
    await desk.services.incidents.jobs.drain()
    await desk.services.dispatcher.deliver_due()
    assert "Carrier is rerouting traffic" in desk.twilio.messages[-1]["Body"]
    assert desk.twilio.messages[-1]["To"] == ANA

    listed = await _incident(desk, "list")
    assert "1: Dallas SIP trunks down (investigating, 1 linked tickets)" in listed

    resolved = await _incident(desk, "resolve 1 Trunks restored")
    assert "resolved; telling 1 linked customers now" in resolved
    await desk.services.incidents.jobs.drain()
    await desk.services.dispatcher.deliver_due()
    assert "Trunks restored" in desk.twilio.messages[-1]["Body"]
    ticket = await desk.store.get_ticket(child)
    assert ticket is not None and ticket.status is TicketStatus.RESOLVED_PENDING
    assert await _incident(desk, "list") == "No open incidents."


async def test_a_ticket_is_linked_by_number_and_mistakes_are_explained(desk: Desk) -> None:
    ticket = await desk.open_ticket()
    await _incident(desk, "open Portal login slow")
    linked = await _incident(desk, f"link 1 #{ticket.number}")
    assert linked == f"Ticket #{ticket.number} is now a child of incident 1 (P1G)."
    assert await desk.store.incident_children(1) == [ticket.number]
    unlinked = await _incident(desk, f"unlink 1 {ticket.number}")
    assert unlinked == f"Ticket #{ticket.number} left incident 1; back on {ticket.priority}."
    assert await _incident(desk, "link 9 10001") == "No incident 9."
    assert (await _incident(desk, "update one two")).startswith("Usage:")
    assert (await _incident(desk, "")).startswith("Usage:")


async def test_the_queue_is_reminded_each_hour_an_incident_goes_without_an_update(
    desk: Desk,
) -> None:
    await _incident(desk, "open Dallas SIP trunks down keywords: dallas")
    queue = len(desk.slack.posts(channel=QUEUE))
    desk.clock.advance(minutes=59)
    assert await desk.services.timers.run_due() == 0
    desk.clock.advance(minutes=31)  # 90 minutes in: an update was owed at 60
    assert await desk.services.timers.run_due() == 1
    [reminder] = desk.slack.posts(channel=QUEUE)[queue:]
    assert reminder["text"].startswith("Incident 1 (Dallas SIP trunks down, P1G) has had no update")
    assert "every 1h" in reminder["text"]

    await _incident(desk, "update 1 Carrier engaged")  # the clock starts again from here
    await desk.services.incidents.jobs.drain()
    desk.clock.advance(minutes=45)
    assert await desk.services.timers.run_due() == 0
    desk.clock.advance(minutes=16)
    assert await desk.services.timers.run_due() == 1
    assert len(desk.slack.posts(channel=QUEUE)) == queue + 2

    await _incident(desk, "resolve 1 Trunks restored")
    await desk.services.incidents.jobs.drain()
    desk.clock.advance(hours=3)
    await desk.services.timers.run_due()
    assert len(desk.slack.posts(channel=QUEUE)) == queue + 2  # resolved: no more reminders


async def test_opening_an_incident_lists_the_matching_tickets_when_the_form_cannot_open(
    desk: Desk,
) -> None:
    ticket = await desk.open_ticket()  # "Voicemail light stuck on for my phone only"
    # a trigger Slack says has expired: the answer lists them instead of the form
    response = await desk.command(
        "open Voicemail lights stuck keywords: voicemail light",
        name="/incident",
        trigger_id=EXPIRED_TRIGGER,
    )
    opened = response.json()["text"]
    assert f"Open tickets that match: #{ticket.number}." in opened
    assert "/incident link 1 <ticket>" in opened
    other = await _incident(desk, "open Fax down keywords: fax")
    assert "Open tickets that match" not in other and "form" not in other


async def test_an_incident_opened_for_regions_links_only_customers_there(desk: Desk) -> None:
    opened = await _incident(
        desk, "open SF trunks down regions: San Francisco, +1415 keywords: calls, llamadas"
    )
    assert opened.startswith("Incident 1 opened matching calls, llamadas in San Francisco, +1415")
    [incident] = await desk.store.list_incidents(open_only=True)
    assert incident.title == "SF trunks down"
    assert incident.match.regions == ("San Francisco", "+1415")

    reply = await desk.text("No calls go out since 9am")  # Ana, from +1 415
    assert "Known issue" in reply.text
    other = await desk.text("No calls go out since 9am", sender="+12125550100")
    assert "Known issue" not in other.text
    assert len(await desk.store.incident_children(incident.id)) == 1
