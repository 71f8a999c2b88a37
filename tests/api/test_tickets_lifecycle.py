"""Every status the desk can set, the assignee and escalation, through the API: each one
is the Slack desk's own action (handoff/desk_verbs.py), so a ticket walked through them by
the API and a twin walked through them by `/ticket` in Slack end up the same, step by step:
the customer told the same words, the same status and events, the card and its thread
showing the same (the agent named instead of mentioned)."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from domain.types import TicketStatus
from tests.api.conftest import READER, WRITER, Api
from tests.handoff.conftest import AGENT, ANA, OTHER_AGENT, Desk
from tests.handoff.test_desk_lifecycle import last_card, thread

JOE = "+14155550123"
THIRD = "+14155550177"
MARIA = "María Gómez"
JOE_AGENT = "Joe Smith"
PATCH = "PATCH /api/tickets/{number}"
_IDS = itertools.count(100)


def _like(text: str, slack: int, api: int) -> str:
    """An API-side text as the Slack twin's would read: its number, customer and agent."""
    text = re.sub(rf"#{api}\b", f"#{slack}", text).replace(JOE, ANA)
    for phone in (JOE, ANA):  # a card may show the number formatted
        digits = phone[-4:]
        text = text.replace(f"({phone[2:5]}) {phone[5:8]}-{digits}", "PHONE")
    text = text.replace(f"{MARIA} (via API)", f"<@{AGENT}>")
    return text.replace(f"{JOE_AGENT} (via API)", f"<@{OTHER_AGENT}>")


class Twins:
    """Two tickets alike but for the door their agent uses: Slack or the API."""

    def __init__(self, desk: Desk, api: Api, slack: int, by_api: int) -> None:
        self.desk, self.api, self.slack, self.by_api = desk, api, slack, by_api

    async def step(self, words: str, body: dict[str, Any], *, user: str = AGENT) -> None:
        desk = self.desk
        said = len(await desk.outbox_texts()), len(await desk.outbox_texts(JOE))
        # a trigger id of its own: the same command twice in a second is no replay
        await desk.command(f"{self.slack} {words}", user=user, trigger_id=f"1.2.{next(_IDS)}")
        answer = await self.api.patch(f"/api/tickets/{self.by_api}", json=body, token=WRITER)
        assert answer.status_code == 200, (words, answer.text)
        a = await desk.store.get_ticket(self.slack)
        b = await desk.store.get_ticket(self.by_api)
        assert a.status is b.status, words
        assert [e.kind for e in a.events] == [e.kind for e in b.events], words
        slack_said = (await desk.outbox_texts())[said[0] :]
        api_said = (await desk.outbox_texts(JOE))[said[1] :]
        assert [_like(t, self.slack, self.by_api) for t in api_said] == slack_said, words
        assert _like(last_card(desk, self.by_api), self.slack, self.by_api) == _like(
            last_card(desk, self.slack), self.slack, self.by_api
        ), words
        slack_thread = thread(desk, (await desk.card(self.slack)).ts)[-1]
        api_thread = thread(desk, (await desk.card(self.by_api)).ts)[-1]
        assert _like(api_thread, self.slack, self.by_api) == slack_thread, words


async def _twins(desk: Desk, api: Api) -> Twins:
    a = await desk.open_ticket()
    b = await desk.open_ticket(sender=JOE)
    return Twins(desk, api, a.number, b.number)


@pytest.mark.route(PATCH)
async def test_every_status_through_the_api_does_what_the_slack_action_does(
    desk: Desk, api: Api
) -> None:
    twins = await _twins(desk, api)
    keep = await desk.open_ticket(sender=THIRD)
    by = {"author": MARIA}
    await twins.step("progress", {"status": "in_progress", **by})
    assert "working on ticket" in (await desk.outbox_texts(JOE))[-1]
    await twins.step(
        "shipping UPS 1Z999AA10123456784",
        {"status": "shipping", "tracking": "UPS 1Z999AA10123456784", **by},
    )
    assert "Tracking: UPS 1Z999AA10123456784" in (await desk.outbox_texts(JOE))[-1]
    await twins.step("hold 2026-12-01", {"status": "on_hold", "hold_until": "2026-12-01", **by})
    await twins.step("resolve", {"status": "resolved_pending_confirmation", **by})
    await twins.step("reopen", {"status": "customer_reopened", **by})
    await twins.step("close", {"status": "closed", **by})
    closed = await desk.store.get_ticket(twins.by_api)
    assert closed.status is TicketStatus.CLOSED
    assert f"Ticket #{twins.by_api} is closed" in (await desk.outbox_texts(JOE))[-1]
    await twins.step("reopen", {"status": "customer_reopened", **by})
    await twins.step(
        f"duplicate {keep.number}", {"status": "duplicate", "duplicate_of": keep.number, **by}
    )
    dup = await desk.store.get_ticket(twins.by_api)
    assert dup.status is TicketStatus.DUPLICATE and dup.linked_to == keep.number


@pytest.mark.route(PATCH)
@pytest.mark.route("POST /api/tickets/{number}/replies")
async def test_an_assignee_takes_the_ticket_from_its_owner_as_a_slack_reassign_does(
    desk: Desk, api: Api
) -> None:
    twins = await _twins(desk, api)
    for n in (twins.slack, twins.by_api):
        await desk.command(f"{n} claim", user=OTHER_AGENT)  # Joe has both
    # the customer hears who has the ticket now, and the card shows it, as from Slack
    await twins.step(
        f"reassign <@{AGENT}>", {"assignee": MARIA, "author": JOE_AGENT}, user=OTHER_AGENT
    )
    owner = await desk.sh.cards.owner(twins.by_api)
    assert owner is not None and owner.name == MARIA
    assert "María from" in (await desk.outbox_texts(JOE))[-1]
    note = thread(desk, (await desk.card(twins.by_api)).ts)[-1]
    assert note == f"Reassigned by {JOE_AGENT} (via API) to {MARIA} (via API)."
    # null: back to the queue, the desk's unclaim
    await twins.step("unclaim", {"assignee": None, "author": MARIA})
    assert await desk.sh.cards.owner(twins.by_api) is None
    assert "Unclaimed" in last_card(desk, twins.by_api)
    again = await api.patch(f"/api/tickets/{twins.by_api}", json={"assignee": None})
    assert again.status_code == 409 and "nothing to unclaim" in again.json()["detail"]
    # assigned by the token's integration: she owns it, her reply goes out, Joe's does not
    mine = await api.patch(f"/api/tickets/{twins.by_api}", json={"assignee": MARIA})
    assert mine.status_code == 200 and mine.json()["ticket"]["assignee"]["name"] == MARIA
    reply = await api.post(
        f"/api/tickets/{twins.by_api}/replies", json={"text": "On it", "author": MARIA}
    )
    assert reply.status_code == 201, reply.text
    joe = await api.post(
        f"/api/tickets/{twins.by_api}/replies", json={"text": "Me too", "author": JOE_AGENT}
    )
    assert joe.status_code == 409 and "owns ticket" in joe.json()["detail"]


@pytest.mark.route(PATCH)
async def test_a_transition_the_desk_refuses_is_a_409_and_a_bad_body_a_400(
    desk: Desk, api: Api
) -> None:
    ticket = await desk.open_ticket()
    n = ticket.number
    url = f"/api/tickets/{n}"
    reopen = await api.patch(url, json={"status": "customer_reopened"})
    assert reopen.status_code == 409 and "not closed" in reopen.json()["detail"]
    closed = await api.patch(url, json={"status": "closed"})
    assert closed.status_code == 200
    for body, why in (
        ({"status": "in_progress"}, "is closed"),
        ({"status": "shipping"}, "is closed"),
        ({"status": "duplicate", "duplicate_of": 99999}, "no ticket #99999"),
        ({"status": "duplicate", "duplicate_of": n}, "itself"),
        ({"assignee": MARIA}, "closed"),
    ):
        refused = await api.patch(url, json=body)
        assert refused.status_code == 409, body
        assert refused.json()["type"].endswith(":refused") and why in refused.json()["detail"]
    assert (await desk.store.get_ticket(n)).status is TicketStatus.CLOSED
    for body in (
        {"status": "new"},
        {"status": "closed_no_response"},
        {"status": 3},
        {"tracking": "UPS 1"},
        {"status": "closed", "tracking": "UPS 1"},
        {"status": "duplicate"},
        {"status": "duplicate", "duplicate_of": "12"},
        {"status": "shipping", "tracking": "x" * 301},
        {"duplicate_of": 1},
        {"assignee": ""},
    ):
        bad = await api.patch(url, json=body)
        assert bad.status_code == 400 and bad.json()["type"].endswith(":bad-request"), body
    unknown = await api.patch("/api/tickets/99999", json={"status": "closed"})
    assert unknown.status_code == 404
    denied = await api.patch(url, json={"status": "customer_reopened"}, token=READER)
    assert denied.status_code == 403


@pytest.mark.route(PATCH)
async def test_a_reopen_too_late_for_the_plan_answers_with_the_new_linked_case(
    desk: Desk, api: Api
) -> None:
    ticket = await desk.open_ticket()
    n = ticket.number
    assert (await api.patch(f"/api/tickets/{n}", json={"status": "closed"})).status_code == 200
    desk.clock.advance(days=8)  # past the plan's reopen window
    r = await api.patch(f"/api/tickets/{n}", json={"status": "customer_reopened"})
    assert r.status_code == 200, r.text
    new = r.json()["opened"]
    assert r.json()["ticket"]["status"] == "closed" and new == n + 1
    assert (await desk.store.get_ticket(new)).linked_to == n
    told = (await desk.outbox_texts())[-1]
    assert f"Ticket #{n} can no longer be reopened, so we've opened ticket #{new}" in told
    assert f"New case #{new} opened, linked to this one." in thread(desk, (await desk.card(n)).ts)
    assert "linked to #" in last_card(desk, new)


@pytest.mark.route("POST /api/tickets/{number}/escalate")
async def test_escalate_tells_the_levels_people_as_the_slack_action_does(
    desk: Desk, api: Api
) -> None:
    twins = await _twins(desk, api)
    await desk.command(f"{twins.slack} escalate")
    r = await api.post(f"/api/tickets/{twins.by_api}/escalate", json={"author": MARIA})
    assert r.status_code == 200, r.text
    a = await desk.store.get_ticket(twins.slack)
    b = await desk.store.get_ticket(twins.by_api)
    assert [e.detail for e in a.events if e.kind == "escalated"] == [
        e.detail for e in b.events if e.kind == "escalated"
    ]
    assert any(e.kind == "escalated" for e in b.events)
    api_thread = thread(desk, (await desk.card(twins.by_api)).ts)
    assert any(
        "is escalated to level" in t and f"escalated by {MARIA} (via API)" in t for t in api_thread
    )
    slack_said = (await desk.outbox_texts())[-1]
    assert _like((await desk.outbox_texts(JOE))[-1], twins.slack, twins.by_api) == slack_said
    bad = await api.post(f"/api/tickets/{twins.by_api}/escalate", json={"level": 9})
    assert bad.status_code == 400
    missing = await api.post("/api/tickets/99999/escalate")
    assert missing.status_code == 404
