"""GET /api/tickets and /api/tickets/{number}: scopes, filters, search, sort, cursor
pages under concurrent inserts, problem+json errors, the transcript."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.store.protocol import TurnCommit
from domain.types import Address, Ticket, TicketEvent, TicketStatus
from handoff import slack_blocks as blocks
from tests.api.conftest import READER, WRITER, Api
from tests.factories import T0, make_ticket
from tests.handoff.conftest import Desk


def _ticket(n: int, **kw: object) -> Ticket:
    values: dict[str, object] = {
        "number": n,
        "address": Address(str(kw.pop("channel", "sms")), f"+1415555{n:04d}"),
        "created_at": T0 + timedelta(minutes=n),
        "updated_at": T0 + timedelta(minutes=n),
    }
    return make_ticket(**(values | kw))


async def _put(desk: Desk, *tickets: Ticket) -> None:
    await desk.store.commit(TurnCommit(at=T0, tickets=tickets))


def _numbers(response: object) -> list[int]:
    return [t["number"] for t in response.json()["tickets"]]  # type: ignore[attr-defined]


@pytest.mark.route("GET /api/tickets")
async def test_tokens_need_the_read_scope_and_errors_are_problem_json(api: Api) -> None:
    assert (await api.get("/api/tickets", token=READER)).status_code == 200
    assert (await api.get("/api/tickets", token=WRITER)).status_code == 200
    missing = await api.get("/api/tickets", token=None)
    assert missing.status_code == 401
    assert missing.headers["content-type"] == "application/problem+json"
    body = missing.json()
    assert body["type"] == "urn:supportbot:problem:unauthorized" and body["status"] == 401
    assert body["instance"] == "/api/tickets"
    assert (await api.get("/api/tickets", token="reader-token-0123456788")).status_code == 401


@pytest.mark.route("GET /api/tickets")
async def test_unknown_or_malformed_query_parameters_are_400_not_ignored(api: Api) -> None:
    for query, parameter in (
        ("offset=10", "offset"),
        ("search=fax", "search"),
        ("limit=0", "limit"),
        ("sort=priority", "sort"),
        ("status=pending", "status"),
        ("priority=P9", "priority"),
        ("breached=maybe", "breached"),
        ("created_after=yesterday", "created_after"),
        ("cursor=not-a-cursor", "cursor"),
    ):
        r = await api.get(f"/api/tickets?{query}")
        assert r.status_code == 400, query
        assert r.headers["content-type"] == "application/problem+json"
        assert r.json()["parameter"] == parameter, query


@pytest.mark.route("GET /api/tickets")
async def test_filters_select_by_status_priority_channel_breach_and_times(
    desk: Desk, api: Api
) -> None:
    breach = TicketEvent(T0, "sla_breached", "first_response", by="system")
    await _put(
        desk,
        _ticket(1, priority="P1"),
        _ticket(2, priority="P2", channel="email"),
        _ticket(3, priority="P1", status=TicketStatus.CLOSED),
        _ticket(4, priority="P3", channel="telegram", events=(breach,)),
        _ticket(5, priority="P2", status=TicketStatus.ON_HOLD),
    )
    assert _numbers(await api.get("/api/tickets?priority=p1")) == [3, 1]
    assert _numbers(await api.get("/api/tickets?priority=P1&status=open")) == [1]
    assert _numbers(await api.get("/api/tickets?status=on_hold,closed")) == [5, 3]
    assert _numbers(await api.get("/api/tickets?channel=email&channel=telegram")) == [4, 2]
    breached = await api.get("/api/tickets?breached=true")
    assert _numbers(breached) == [4] and breached.json()["tickets"][0]["breached"] is True
    assert _numbers(await api.get("/api/tickets?breached=false&channel=telegram")) == []
    window = {
        "created_after": (T0 + timedelta(minutes=2)).isoformat(),
        "created_before": (T0 + timedelta(minutes=4)).isoformat(),
    }
    assert _numbers(await api.get("/api/tickets", params=window)) == [3, 2]
    later = (T0 + timedelta(minutes=4)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _numbers(await api.get("/api/tickets", params={"updated_after": later})) == [5, 4]


@pytest.mark.route("GET /api/tickets")
async def test_cursor_pages_stay_stable_while_tickets_are_opened(desk: Desk, api: Api) -> None:
    await _put(desk, *(_ticket(n) for n in range(1, 11)))
    seen: list[int] = []
    url = "/api/tickets?limit=4"
    opened = 100
    while True:
        page = (await api.get(url)).json()
        seen += [t["number"] for t in page["tickets"]]
        if page["next_cursor"] is None:
            break
        opened += 1
        await _put(desk, _ticket(opened))  # lands on top, between two pages
        url = f"/api/tickets?limit=4&cursor={page['next_cursor']}"
    assert seen == list(range(10, 0, -1))
    # a cursor belongs to its sort
    first = (await api.get("/api/tickets?limit=2&sort=created")).json()
    assert [t["number"] for t in first["tickets"]] == [1, 2]
    wrong = await api.get(f"/api/tickets?cursor={first['next_cursor']}")
    assert wrong.status_code == 400 and "another sort" in wrong.json()["detail"]
    rest = await api.get(f"/api/tickets?sort=created&limit=2&cursor={first['next_cursor']}")
    assert _numbers(rest) == [3, 4]


@pytest.mark.route("GET /api/tickets")
async def test_search_in_english_and_spanish_and_sort_by_update(desk: Desk, api: Api) -> None:
    await _put(
        desk,
        _ticket(1, summary="Sin tono de marcado en la recepción", lang="es"),
        _ticket(2, summary="No dial tone at reception", updated_at=T0 + timedelta(hours=9)),
        _ticket(3, summary="Facturación duplicada", lang="es", fields={"site": "Almacén"}),
    )
    assert _numbers(await api.get("/api/tickets?q=recepcion")) == [1]
    assert _numbers(await api.get("/api/tickets?q=Reception")) == [2]
    assert _numbers(await api.get("/api/tickets?q=almacen factur")) == [3]
    assert _numbers(await api.get("/api/tickets?q=tone&q=dial")) == [2]
    assert _numbers(await api.get("/api/tickets?sort=-updated")) == [2, 3, 1]
    assert _numbers(await api.get("/api/tickets?sort=updated")) == [1, 3, 2]


@pytest.mark.route("GET /api/tickets")
async def test_assignee_filter_follows_the_desk_claim(desk: Desk, api: Api) -> None:
    first = await desk.open_ticket()
    second = await desk.open_ticket(sender="+14155550123")
    await desk.action(blocks.ACTION_CLAIM, str(first.number), card=await desk.card(first.number))
    mine = await api.get("/api/tickets?assignee=María Gómez")
    assert _numbers(mine) == [first.number]
    assert mine.json()["tickets"][0]["assignee"]["name"] == "María Gómez"
    assert _numbers(await api.get("/api/tickets?assignee=UAGENTMARIA")) == [first.number]
    assert _numbers(await api.get("/api/tickets?assignee=nobody")) == []
    assert second.number in _numbers(await api.get("/api/tickets"))


@pytest.mark.route("GET /api/tickets/{number}")
async def test_detail_has_the_ticket_its_assignee_and_the_transcript(desk: Desk, api: Api) -> None:
    ticket = await desk.open_ticket()
    r = await api.get(f"/api/tickets/{ticket.number}", token=READER)
    assert r.status_code == 200
    body = r.json()
    assert body["number"] == ticket.number and body["customer"] == "sms:+14155552671"
    assert body["assignee"] is None and body["breached"] is False
    said = [(line["who"], line["text"]) for line in body["transcript"]]
    assert ("customer", "Voicemail light stuck on for my phone only") in said
    assert any(who == "bot" for who, _ in said)
    missing = await api.get("/api/tickets/99999")
    assert missing.status_code == 404 and missing.json()["title"] == "No such resource"
    assert (await api.get("/api/tickets/abc")).status_code == 400
    assert (await api.get(f"/api/tickets/{ticket.number}?verbose=1")).status_code == 400
