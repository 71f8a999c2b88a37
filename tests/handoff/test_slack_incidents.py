"""`/incident` through the fake Slack API and the whole app: staff open an incident, an SMS
customer writing about it is linked at once, an update and the resolution reach them, a
ticket is linked by number, and the open ones are listed."""

from __future__ import annotations

from domain.types import TicketStatus
from tests.handoff.conftest import ANA, Desk


async def _incident(desk: Desk, text: str) -> str:
    response = await desk.command(text, name="/incident")
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
    assert updated == "Update 1 posted on incident 1; told 1 customers."
    await desk.services.dispatcher.deliver_due()
    assert "Carrier is rerouting traffic" in desk.twilio.messages[-1]["Body"]
    assert desk.twilio.messages[-1]["To"] == ANA

    listed = await _incident(desk, "list")
    assert "1: Dallas SIP trunks down (investigating, 1 linked tickets)" in listed

    resolved = await _incident(desk, "resolve 1 Trunks restored")
    assert "resolved; told 1 customers" in resolved
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
    assert await _incident(desk, "link 9 10001") == "No incident 9."
    assert (await _incident(desk, "update one two")).startswith("Usage:")
    assert (await _incident(desk, "")).startswith("Usage:")
