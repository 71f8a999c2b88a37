"""SqliteStore: the shared Store contract, plus what only the SQLite backend promises."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from collections.abc import Awaitable, Callable
from contextlib import closing
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.engine.turns import Engine
from bot.plan.policy import Policy
from bot.store.protocol import Store, StoreError, TurnCommit, VersionConflict
from bot.store.sqlite.store import TICKET_NUMBER_BLOCK, SqliteStore
from domain.types import Address, Inbound
from tests.bot.store.contract import *  # noqa: F403
from tests.bot.store.contract_contacts import *  # noqa: F403
from tests.bot.store.contract_conversations import *  # noqa: F403
from tests.bot.store.contract_csat import *  # noqa: F403
from tests.bot.store.contract_flags import *  # noqa: F403
from tests.bot.store.contract_incidents import *  # noqa: F403
from tests.bot.store.contract_maintenance import *  # noqa: F403
from tests.bot.store.contract_outbox import *  # noqa: F403
from tests.bot.store.contract_rates import *  # noqa: F403
from tests.bot.store.contract_search import *  # noqa: F403
from tests.bot.store.contract_tickets import *  # noqa: F403
from tests.bot.store.contract_timers import *  # noqa: F403
from tests.bot.store.contract_turns import *  # noqa: F403
from tests.factories import T0, make_conversation, make_ticket


@pytest.fixture
def new_store(tmp_path: Path) -> Callable[..., SqliteStore]:
    def new(name: str, **options: Any) -> SqliteStore:
        return SqliteStore(tmp_path / f"{name}.db", **options)

    return new


@pytest.fixture
def age_leases() -> Callable[[Store, timedelta], Awaitable[None]]:
    async def age(store: Store, elapsed: timedelta) -> None:
        """Nothing to do: SQLite measures leases against the `now` a claim passes."""

    return age


# URLs and files


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///var/supportbot.db", "var/supportbot.db"),
        ("sqlite:////srv/bot/supportbot.db", "/srv/bot/supportbot.db"),
        ("sqlite:///:memory:", ":memory:"),
    ],
)
def test_from_url(url: str, path: str) -> None:
    assert SqliteStore.from_url(url).path == path


@pytest.mark.parametrize("url", ["redis://localhost/0", "sqlite://", "sqlite:///", "var/x.db"])
def test_from_url_rejects(url: str) -> None:
    with pytest.raises(ValueError):
        SqliteStore.from_url(url)


async def test_open_creates_parent_directory_and_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "bot.db"
    async with SqliteStore.from_url(f"sqlite:///{path}") as s:
        synchronous = await s._call(lambda c: c.execute("PRAGMA synchronous").fetchone()[0])
        on = await s._call(lambda c: threading.current_thread())
    assert path.exists()
    assert synchronous == 1  # NORMAL
    assert on is threading.current_thread()  # the loop's own thread: no GIL ping-pong
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# WAL checkpoints


async def test_commits_never_checkpoint_on_the_loop(tmp_path: Path) -> None:
    async with SqliteStore(tmp_path / "c.db") as s:
        assert await s._call(lambda c: c.execute("PRAGMA wal_autocheckpoint").fetchone()[0]) == 0
        assert s.checkpointer is not None
        assert s.checkpointer._thread.name == "sqlite-checkpoint"
        assert s.checkpointer._thread.is_alive()


async def test_the_checkpointer_copies_every_committed_frame_back(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    async with SqliteStore(path) as s:
        assert s.checkpointer is not None
        # its thread stopped: a checkpoint of its own running at the same time would
        # make the one below report "busy"
        await asyncio.to_thread(s.checkpointer.stop)
        for i in range(300):
            await s.commit(
                TurnCommit(at=T0, dedup_key=f"k{i}", conversation=make_conversation(id=f"c{i}"))
            )
        with closing(sqlite3.connect(path, isolation_level=None, check_same_thread=False)) as other:
            busy, frames, copied = await asyncio.to_thread(s.checkpointer.checkpoint, other)
        assert busy == 0 and frames > 0 and copied == frames
        # the file alone (WAL ignored) holds every turn now
        with closing(sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)) as raw:
            assert raw.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 300


async def test_the_checkpointer_wakes_after_enough_commits(tmp_path: Path) -> None:
    async with SqliteStore(tmp_path / "c.db") as s:
        assert s.checkpointer is not None
        s.checkpointer.every_commits = 5
        s.checkpointer.idle_seconds = 3600  # only the commit count can wake it
        before = s.checkpointer.checkpoints
        for i in range(5):
            await s.commit(TurnCommit(at=T0, dedup_key=f"k{i}"))
        for _ in range(500):  # bounded wait for the thread (no timing asserted)
            if s.checkpointer.checkpoints > before:
                break
            await asyncio.sleep(0.01)
        assert s.checkpointer.checkpoints > before


async def test_close_writes_queued_turns_and_stops_the_checkpointer(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    s = SqliteStore(path)
    await s.open()
    checkpointer = s.checkpointer
    assert checkpointer is not None
    pending = asyncio.ensure_future(s.commit(TurnCommit(at=T0, dedup_key="last")))
    await asyncio.sleep(0)  # queued, its transaction not run yet
    await s.close()
    await pending
    assert not checkpointer._thread.is_alive()
    async with SqliteStore(path) as again:
        assert await again.seen("last")


async def test_memory_store() -> None:
    async with SqliteStore.from_url("sqlite:///:memory:") as s:
        conv = make_conversation()
        await s.commit(TurnCommit(at=T0, conversation=conv))
        assert await s.load_conversation(conv.id) == conv


# dedup TTL


async def test_dedup_keys_are_purged_after_ttl(tmp_path: Path) -> None:
    async with SqliteStore(tmp_path / "d.db", dedup_ttl=timedelta(days=1), purge_every=1) as s:
        await s.commit(TurnCommit(at=T0, dedup_key="sms:old"))
        await s.commit(TurnCommit(at=T0 + timedelta(hours=12), dedup_key="sms:recent"))
        assert await s.seen("sms:old")
        await s.commit(TurnCommit(at=T0 + timedelta(days=1, hours=1), dedup_key="sms:new"))
        assert not await s.seen("sms:old")
        assert await s.seen("sms:recent") and await s.seen("sms:new")
        assert await s.purge_dedup(now=T0 + timedelta(days=3)) == 2


# locks


async def test_lock_entries_do_not_outlive_their_users(store: SqliteStore) -> None:
    for i in range(1000):
        async with store.lock(f"sms:+{i}"):
            pass
    assert len(store._locks) == 0

    holding, release = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with store.lock("k"):
            holding.set()
            await release.wait()

    async def wait_for_lock() -> None:
        async with store.lock("k"):
            pass

    holder = asyncio.create_task(hold())
    await holding.wait()
    waiter = asyncio.create_task(wait_for_lock())
    await asyncio.sleep(0)
    waiter.cancel()  # a cancelled waiter must not leak its entry
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert len(store._locks) == 1
    release.set()
    await holder
    assert len(store._locks) == 0


# errors


async def test_write_lock_held_too_long_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    async with SqliteStore(path, busy_timeout_ms=50) as s:
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another process is writing, and stays
            with pytest.raises(StoreError, match="locked"):
                await s.commit(TurnCommit(at=T0, tickets=(make_ticket(number=1),)))
            other.execute("ROLLBACK")
            await s.commit(TurnCommit(at=T0, tickets=(make_ticket(number=1),)))
        finally:
            other.close()
        assert await s.get_ticket(1) is not None


# recent conversations (kept decoded after their commit)


async def test_a_committed_conversation_is_read_back_equal_without_the_file(
    tmp_path: Path,
) -> None:
    async with SqliteStore(tmp_path / "r.db") as s:
        conv = make_conversation(fields={"name": "Ana"}, assessment={"scope": "one"})
        await s.commit(TurnCommit(at=T0, dedup_key="k1", conversation=conv))
        # the row is gone from the file, the store still answers from what it committed
        await s._call(lambda c: c.execute("DELETE FROM conversations"))
        start = await s.begin_turn(dedup_key="k2", conversation_id=conv.id, address=conv.address)
        assert start.conversation == conv
        assert await s.load_conversation(conv.id) == conv


async def test_another_writer_is_noticed_at_the_next_commit_and_read_after_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "r.db"
    async with SqliteStore(path) as s:
        conv = make_conversation(fields={"name": "Ana"})
        await s.commit(TurnCommit(at=T0, dedup_key="k1", conversation=conv))
        theirs = replace(conv, version=2, fields={"name": "Ana Pérez"})
        with closing(sqlite3.connect(path, isolation_level=None)) as other:  # `supportbot chat`
            other.execute(
                "UPDATE conversations SET version = 2, json = ? WHERE id = ?",
                (json.dumps(theirs.to_json()), conv.id),
            )
        ours = replace(conv, version=2, fields={"name": "Ana P."})
        with pytest.raises(VersionConflict):
            await s.commit(TurnCommit(at=T0, dedup_key="k2", conversation=ours))
        start = await s.begin_turn(dedup_key="k3", conversation_id=conv.id, address=conv.address)
        assert start.conversation == theirs


async def test_the_engine_retries_a_turn_over_a_conversation_changed_elsewhere(
    tmp_path: Path, calltower: Policy
) -> None:
    path = tmp_path / "r.db"
    async with SqliteStore(path) as s:
        engine = Engine(store=s, policy=calltower, clock=lambda: T0)
        who = Address("webchat", "ana")
        await engine.handle(Inbound(who, "my voicemail light is stuck", "m1", T0))
        stored = await s.load_conversation(str(who))
        assert stored is not None
        changed = replace(stored, version=stored.version + 1, lang="es")
        with closing(sqlite3.connect(path, isolation_level=None)) as other:
            other.execute(
                "UPDATE conversations SET version = ?, json = ? WHERE id = ?",
                (changed.version, json.dumps(changed.to_json()), stored.id),
            )
        result = await engine.handle(Inbound(who, "Ana Pérez", "m2", T0))
        assert not result.duplicate and result.conversation is not None
        assert result.conversation.version == changed.version + 1
        assert result.conversation.lang == "es"  # built on the other writer's version


async def test_a_new_file_uses_small_pages_and_an_existing_file_keeps_its_own(
    tmp_path: Path,
) -> None:
    async with SqliteStore(tmp_path / "new.db") as s:
        assert await s._call(lambda c: c.execute("PRAGMA page_size").fetchone()[0]) == 2048
    old = tmp_path / "old.db"
    with closing(sqlite3.connect(old)) as raw:  # made by an earlier version: 4 KiB pages
        raw.execute("PRAGMA page_size = 4096")
        raw.execute("CREATE TABLE early (x)")
        raw.commit()
    async with SqliteStore(old) as s:
        assert await s._call(lambda c: c.execute("PRAGMA page_size").fetchone()[0]) == 4096
        conv = make_conversation()
        await s.commit(TurnCommit(at=T0, conversation=conv))
        assert await s.load_conversation(conv.id) == conv


async def test_a_database_from_before_the_search_index_is_indexed_on_the_first_search(
    tmp_path: Path,
) -> None:
    from bot.store.search import TicketQuery

    async with SqliteStore(tmp_path / "old.db") as store:
        await store.commit(
            TurnCommit(at=T0, tickets=(make_ticket(summary="Sin tono en la recepción"),))
        )
    with closing(sqlite3.connect(tmp_path / "old.db")) as conn:  # as an older release left it
        for trigger in ("tickets_fts_mark_insert", "tickets_fts_mark_update", "tickets_fts_delete"):
            conn.execute(f"DROP TRIGGER {trigger}")
        conn.execute("DROP TABLE tickets_fts")
        conn.execute("DROP TABLE tickets_fts_stale")
        conn.commit()
    async with SqliteStore(tmp_path / "old.db") as store:
        found = await store.query_tickets(TicketQuery(text="recepcion"))
        assert [t.number for t in found] == [10001]


async def test_a_file_from_before_the_send_fence_gains_its_columns_and_keeps_its_items(
    tmp_path: Path,
) -> None:
    from bot.store.protocol import OutboxItem, OutboxStatus
    from tests.factories import make_outbound

    path = tmp_path / "old.db"
    async with SqliteStore(path) as store:
        item = OutboxItem(id="o1", outbound=make_outbound(text="o1"), created_at=T0)
        await store.commit(TurnCommit(at=T0, outbox=(item,)))
    with closing(sqlite3.connect(path)) as conn:  # as the release before the fence wrote it
        conn.execute("ALTER TABLE outbox DROP COLUMN lease_token")
        conn.execute("ALTER TABLE outbox DROP COLUMN sends")
        conn.commit()
    async with SqliteStore(path) as store:
        (claimed,) = await store.claim_outbox(now=T0)
        assert await store.begin_send("o1", lease=claimed.lease, now=T0)
        assert await store.finish_outbox("o1", status=OutboxStatus.SENT, lease=claimed.lease)
        done = await store.get_outbox("o1")
        assert done is not None and (done.status, done.sends) == (OutboxStatus.SENT, 1)


async def test_ticket_numbers_come_in_blocks_and_a_clean_close_gives_the_rest_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "numbers.db"
    async with SqliteStore(path, first_ticket_number=100) as s:
        assert [await s.next_ticket_number() for _ in range(3)] == [100, 101, 102]
        # the file already holds the whole block: one write transaction for all of it
        assert counter(path) == 100 + TICKET_NUMBER_BLOCK - 1
        more = [await s.next_ticket_number() for _ in range(TICKET_NUMBER_BLOCK)]
        assert more == list(range(103, 103 + TICKET_NUMBER_BLOCK))  # the next block follows
    assert counter(path) == 102 + TICKET_NUMBER_BLOCK  # the last number handed out
    async with SqliteStore(path, first_ticket_number=100) as s:
        assert await s.next_ticket_number() == 103 + TICKET_NUMBER_BLOCK  # no gap


async def test_a_block_is_not_given_back_once_another_store_took_numbers_after_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "numbers.db"
    first, second = SqliteStore(path), SqliteStore(path)
    await first.open()
    await second.open()
    mine = await first.next_ticket_number()
    theirs = await second.next_ticket_number()
    await first.close()  # giving back now would hand `theirs` out again
    assert await second.next_ticket_number() == theirs + 1
    await second.close()
    async with SqliteStore(path) as third:
        assert await third.next_ticket_number() == theirs + 2
    assert mine < theirs


def counter(path: Path) -> int:
    with closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("SELECT value FROM counters").fetchone()[0])
