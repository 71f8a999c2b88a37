"""The Store contract for a ticket's satisfaction answer (issue 17 item 6): the `csat`
record round-trips on both backends, and the API's `csat` filter finds tickets by score.
See `tests.bot.store.contract` for how a backend's test module runs it."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from bot.store.protocol import Store, TurnCommit
from bot.store.search import TicketQuery, matches
from domain.types import Address, Csat, Ticket
from tests.factories import T0, make_ticket

__all__ = [
    "test_csat_asked_then_answered_round_trips",
    "test_query_by_csat_score_finds_only_rated_tickets_with_that_score",
]


async def test_csat_asked_then_answered_round_trips(store: Store) -> None:
    number = await store.next_ticket_number()
    asked = make_ticket(number=number, csat=Csat(asked_at=T0, channel="sms"))
    await store.commit(TurnCommit(at=T0, tickets=(asked,)))
    got = await store.get_ticket(number)
    assert got is not None and got.csat == Csat(asked_at=T0, channel="sms")
    later = T0 + timedelta(minutes=3)
    answered = replace(
        asked,
        csat=Csat(T0, "sms", score=4, comment="faster first reply, please", answered_at=later),
    )
    await store.commit(TurnCommit(at=later, tickets=(answered,)))
    got = await store.get_ticket(number)
    assert got is not None and got.csat == answered.csat
    assert got.csat is not None and got.csat.answered_at == later


async def test_query_by_csat_score_finds_only_rated_tickets_with_that_score(
    store: Store,
) -> None:
    def rated(n: int, csat: Csat | None) -> Ticket:
        return make_ticket(number=n, address=Address("telegram", f"c{n}"), csat=csat)

    unanswered = Csat(T0, "telegram")  # asked, no answer: never matches a score
    tickets = [
        rated(1, Csat(T0, "telegram", score=5)),
        rated(2, Csat(T0, "telegram", score=1)),
        rated(3, Csat(T0, "telegram", score=2)),
        rated(4, unanswered),
        rated(5, None),
    ]
    await store.commit(TurnCommit(at=T0, tickets=tuple(tickets)))
    low = TicketQuery(csat_scores=frozenset({1, 2}), sort="created")
    found = [t.number for t in await store.query_tickets(low)]
    assert found == [2, 3]
    assert found == [t.number for t in tickets if matches(t, low)]
    top = await store.query_tickets(TicketQuery(csat_scores=frozenset({5})))
    assert [t.number for t in top] == [1]
