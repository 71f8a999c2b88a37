"""Finding tickets for the API: filters, full-text search, a sort and a cursor.

The SQLite backend answers in SQL (an FTS5 index kept by triggers on the tickets
table); the Redis backend has no search module to rely on (RediSearch is not part of
Redis), so it scans a bounded window of the newest tickets (`REDIS_WINDOW`) and applies
`matches` here: the same filters and the same word-prefix search, accents and case
folded, but nothing older than the window is found. Docs: docs/api.md.

Pagination is keyset, not offset: a page ends with a `Cursor` (the sort key and the
ticket number of its last ticket) and the next page starts strictly after it, so
tickets opened meanwhile never shift or repeat what the next page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final, Literal, Protocol

from domain.text import fold
from domain.types import Ticket

Sort = Literal["created", "-created", "updated", "-updated"]
SORTS: Final[tuple[Sort, ...]] = ("-created", "created", "-updated", "updated")
REDIS_WINDOW: Final = 5000  # the newest tickets the Redis fallback looks through
BREACH_EVENT: Final = "sla_breached"
# what full-text search reads besides the summary and the fields: what people wrote
TEXT_EVENTS: Final = ("comment", "note", "agent_reply")
_WORD: Final = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where a page ended: the sort key of its last ticket (a UTC timestamp for the
    `updated` sorts, "" for `created`, whose key is the number itself) and its number."""

    key: str
    number: int


@dataclass(frozen=True, slots=True)
class TicketQuery:
    statuses: frozenset[str] = frozenset()
    priorities: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    created_from: datetime | None = None
    created_to: datetime | None = None  # exclusive
    updated_from: datetime | None = None
    updated_to: datetime | None = None  # exclusive
    breached: bool | None = None
    csat_scores: frozenset[int] = frozenset()  # the satisfaction scores given (1-5)
    numbers: frozenset[int] | None = None  # only these (the API's assignee filter)
    text: str = ""
    sort: Sort = "-created"
    after: Cursor | None = None
    limit: int = 50
    _words: tuple[str, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_words", tuple(words(self.text)))

    @property
    def words(self) -> tuple[str, ...]:
        return self._words


class TicketSearch(Protocol):
    async def query_tickets(self, query: TicketQuery) -> list[Ticket]:
        """Up to `query.limit` tickets matching every filter, in `query.sort` order,
        strictly after `query.after`."""
        ...


def utc_key(value: datetime) -> str:
    """The fixed-width UTC form the SQLite store keeps `updated_at` in (lexical = time)."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def updated_of(ticket: Ticket) -> datetime:
    return ticket.updated_at or ticket.created_at


def cursor_of(ticket: Ticket, sort: Sort) -> Cursor:
    key = utc_key(updated_of(ticket)) if sort.endswith("updated") else ""
    return Cursor(key, ticket.number)


def words(text: str) -> list[str]:
    """The words of `text`, folded (domain.text.fold) as FTS5's `unicode61
    remove_diacritics 2` folds them."""
    return _WORD.findall(fold(text))


def searchable_text(ticket: Ticket) -> str:
    """What full-text search reads of a ticket (the SQLite triggers read the same)."""
    parts = [ticket.summary, *ticket.fields.values()]
    parts += [e.detail for e in ticket.events if e.kind in TEXT_EVENTS]
    return " ".join(parts)


def breached(ticket: Ticket) -> bool:
    return any(e.kind == BREACH_EVENT for e in ticket.events)


def matches(ticket: Ticket, q: TicketQuery) -> bool:
    """Every filter of `q` but the cursor (the fallback's, and the tests' oracle)."""
    created, updated = ticket.created_at, updated_of(ticket)
    checks = (
        not q.statuses or ticket.status.value in q.statuses,
        not q.priorities or ticket.priority in q.priorities,
        not q.channels or ticket.channel in q.channels,
        q.created_from is None or created >= q.created_from,
        q.created_to is None or created < q.created_to,
        q.updated_from is None or updated >= q.updated_from,
        q.updated_to is None or updated < q.updated_to,
        q.breached is None or breached(ticket) == q.breached,
        not q.csat_scores or (ticket.csat is not None and ticket.csat.score in q.csat_scores),
        q.numbers is None or ticket.number in q.numbers,
    )
    if not all(checks):
        return False
    if q.words:
        have = words(searchable_text(ticket))
        return all(any(w.startswith(want) for w in have) for want in q.words)
    return True


def _key(ticket: Ticket, sort: Sort) -> tuple[str, int]:
    c = cursor_of(ticket, sort)
    return (c.key, c.number)


def after(ticket: Ticket, q: TicketQuery) -> bool:
    if q.after is None:
        return True
    mine, theirs = _key(ticket, q.sort), (q.after.key, q.after.number)
    return mine < theirs if q.sort.startswith("-") else mine > theirs


def scan(tickets: list[Ticket], q: TicketQuery) -> list[Ticket]:
    """The fallback: filter, sort and page a window of tickets in memory."""
    found = [t for t in tickets if matches(t, q) and after(t, q)]
    found.sort(key=lambda t: _key(t, q.sort), reverse=q.sort.startswith("-"))
    return found[: q.limit]
