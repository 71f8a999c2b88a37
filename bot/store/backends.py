"""Picks the store backend from its URL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.store.protocol import Store

if TYPE_CHECKING:
    from bot.store.contacts import ContactBook
    from bot.store.conversations import Conversations
    from bot.store.flags import Flags
    from bot.store.incidents import Incidents
    from bot.store.outbox import Outbox
    from bot.store.redis.store import RedisStore
    from bot.store.search import TicketSearch
    from bot.store.sqlite.store import SqliteStore
    from bot.store.tickets import Tickets
    from bot.store.timers import Timers
    from bot.store.turns import Turns


def open_store(url: str, **options: Any) -> Store:
    """An unopened store for `url`: sqlite:///path (embedded default) or redis://host:port/db;
    `options` go to the backend (both take `lease`)."""
    if url.startswith("sqlite:///"):
        from bot.store.sqlite.store import SqliteStore

        return SqliteStore.from_url(url, **options)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from bot.store.redis.store import RedisStore  # type: ignore[import-not-found,unused-ignore]

        store: Store = RedisStore.from_url(url, **options)
        return store
    raise ValueError(
        f"unsupported store URL {url!r}: expected sqlite:///path or redis://host:port/db"
    )


if TYPE_CHECKING:

    def _every_backend_plays_every_role(backend: SqliteStore | RedisStore) -> None:
        """Never called: mypy checks each backend against each role's Protocol (a
        method missing, or with another signature, fails `make lint` here)."""
        _turns: Turns = backend
        _conversations: Conversations = backend
        _tickets: Tickets = backend
        _outbox: Outbox = backend
        _timers: Timers = backend
        _flags: Flags = backend
        _search: TicketSearch = backend
        _incidents: Incidents = backend
        _contacts: ContactBook = backend
        _store: Store = backend
