"""The Store contract, `TicketSearch` (bot.store.search): filters, full-text search in
English and Spanish, sorts, and keyset pages that stay stable while tickets are opened.
See `tests.bot.store.contract` for how a backend's test module runs it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.store.protocol import Store, TurnCommit
from bot.store.search import Cursor, TicketQuery, cursor_of, matches
from domain.types import Address, Ticket, TicketEvent, TicketStatus
from tests.factories import T0, make_ticket

__all__ = [
    "test_query_filters_agree_with_the_reference_matcher",
    "test_search_finds_words_in_both_languages_accents_and_case_folded",
    "test_search_reads_fields_and_later_comments_and_sees_updates",
    "test_pages_by_cursor_neither_skip_nor_repeat_while_tickets_are_opened",
    "test_updated_sort_pages_by_update_time",
]


def _ticket(n: int, **kw: object) -> Ticket:
    channel = str(kw.pop("channel", "sms"))
    return make_ticket(
        number=n,
        address=Address(channel, f"c{n}"),
        created_at=T0 + timedelta(minutes=n),
        updated_at=T0 + timedelta(minutes=n),
        **kw,
    )


async def _put(store: Store, *tickets: Ticket) -> None:
    await store.commit(TurnCommit(at=T0, tickets=tickets))


def _mixed() -> list[Ticket]:
    breach = TicketEvent(T0, "sla_breached", "first_response", by="system")
    return [
        _ticket(1, priority="P1", summary="no dial tone on all phones"),
        _ticket(2, priority="P2", channel="email", summary="fax failing"),
        _ticket(3, priority="P1", status=TicketStatus.CLOSED, summary="porting"),
        _ticket(4, priority="P3", channel="telegram", events=(breach,)),
        _ticket(5, priority="P2", summary="one-way audio", lang="es"),
    ]


async def test_query_filters_agree_with_the_reference_matcher(store: Store) -> None:
    tickets = _mixed()
    await _put(store, *tickets)
    queries = [
        TicketQuery(priorities=frozenset({"P1"})),
        TicketQuery(channels=frozenset({"email", "telegram"})),
        TicketQuery(statuses=frozenset({"closed"})),
        TicketQuery(breached=True),
        TicketQuery(breached=False, priorities=frozenset({"P2"})),
        TicketQuery(created_from=T0 + timedelta(minutes=2), created_to=T0 + timedelta(minutes=4)),
        TicketQuery(updated_from=T0 + timedelta(minutes=4)),
        TicketQuery(numbers=frozenset({2, 5, 99})),
    ]
    for q in queries:
        got = [t.number for t in await store.query_tickets(q)]
        expected = sorted((t.number for t in tickets if matches(t, q)), reverse=True)
        assert got == expected, q
        assert got, q  # each query finds something: the filters are not vacuous


async def test_search_finds_words_in_both_languages_accents_and_case_folded(
    store: Store,
) -> None:
    await _put(
        store,
        _ticket(1, summary="Sin tono de marcado en la recepción", lang="es"),
        _ticket(2, summary="No dial tone at reception"),
        _ticket(3, summary="Facturación duplicada", lang="es"),
    )

    async def found(text: str) -> list[int]:
        return sorted(t.number for t in await store.query_tickets(TicketQuery(text=text)))

    assert await found("recepcion") == [1]  # no accent typed, accent stored
    assert await found("RECEPCIÓN") == [1]
    assert await found("reception") == [2]
    assert await found("tono marcado") == [1]  # every word must be there
    assert await found("tone") == [2]
    assert await found("factur") == [3]  # a word's beginning finds it
    assert await found('dial" OR "x') == []  # quotes and operators are just text
    assert await found("nothing-like-this") == []


async def test_search_reads_fields_and_later_comments_and_sees_updates(store: Store) -> None:
    t = _ticket(1, fields={"site": "Springfield warehouse"})
    await _put(store, t)
    assert [x.number for x in await store.query_tickets(TicketQuery(text="warehouse"))] == [1]
    later = t.with_event(TicketEvent(T0, "comment", "the handsets reboot hourly"))
    await _put(store, later)
    assert [x.number for x in await store.query_tickets(TicketQuery(text="handsets"))] == [1]
    await _put(store, replace(later, fields={}, events=()))
    assert await store.query_tickets(TicketQuery(text="warehouse")) == []


async def test_pages_by_cursor_neither_skip_nor_repeat_while_tickets_are_opened(
    store: Store,
) -> None:
    await _put(store, *(_ticket(n) for n in range(1, 8)))
    seen: list[int] = []
    cursor: Cursor | None = None
    opened = 100
    while True:
        page = await store.query_tickets(TicketQuery(limit=3, after=cursor))
        seen += [t.number for t in page]
        if len(page) < 3:
            break
        cursor = cursor_of(page[-1], "-created")
        opened += 1
        await _put(store, _ticket(opened))  # a newer ticket lands between pages
    assert seen == [7, 6, 5, 4, 3, 2, 1]
    oldest_first = await store.query_tickets(TicketQuery(sort="created", limit=2))
    assert [t.number for t in oldest_first] == [1, 2]
    rest = await store.query_tickets(
        TicketQuery(sort="created", limit=3, after=cursor_of(oldest_first[-1], "created"))
    )
    assert [t.number for t in rest] == [3, 4, 5]


async def test_updated_sort_pages_by_update_time(store: Store) -> None:
    tickets = [_ticket(n) for n in range(1, 5)]
    tickets[0] = replace(tickets[0], updated_at=T0 + timedelta(hours=5))  # oldest, touched last
    await _put(store, *tickets)
    first = await store.query_tickets(TicketQuery(sort="-updated", limit=2))
    assert [t.number for t in first] == [1, 4]
    rest = await store.query_tickets(
        TicketQuery(sort="-updated", limit=5, after=cursor_of(first[-1], "-updated"))
    )
    assert [t.number for t in rest] == [3, 2]
