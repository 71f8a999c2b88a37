"""Picks the store backend from its URL."""

from __future__ import annotations

from bot.store.protocol import Store


def open_store(url: str) -> Store:
    """An unopened store for `url`: sqlite:///path (embedded default) or redis://host:port/db."""
    if url.startswith("sqlite:///"):
        from bot.store.sqlite.store import SqliteStore

        return SqliteStore.from_url(url)
    if url.startswith(("redis://", "rediss://", "unix://")):
        from bot.store.redis.store import RedisStore  # type: ignore[import-not-found,unused-ignore]

        store: Store = RedisStore.from_url(url)
        return store
    raise ValueError(
        f"unsupported store URL {url!r}: expected sqlite:///path or redis://host:port/db"
    )
