"""A turn lets its conversation's lock go with its commit (one round trip on Redis:
bot.store.conversations.commit_turn) unless a listener acts under that lock afterwards: one
that says so for the turn's effects (`needs_lock`), or one that does not say."""

from __future__ import annotations

from typing import Any

from bot.engine.outcome import TurnOutcome
from bot.engine.turns import Engine
from bot.incidents.channel_subs import ChannelSubscriptions
from bot.incidents.unlink import ChildUnlinked
from bot.plan.policy import Policy
from bot.store.protocol import TurnCommit
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Inbound
from flows.dialogue.effects import Say, Subscribe, UpdateFields
from tests.conftest import Clock


class Releasing:
    """The SQLite store, offering `commit_releasing` as Redis does, counting its calls."""

    def __init__(self, store: SqliteStore) -> None:
        self.store = store
        self.released: list[str] = []
        self.plain = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    async def commit(self, turn: TurnCommit) -> None:
        self.plain += 1
        await self.store.commit(turn)

    async def commit_releasing(self, turn: TurnCommit, key: str) -> None:
        self.released.append(key)
        await self.store.commit(turn)


async def turn(engine: Engine, clock: Clock, text: str = "Hi, our phones are down") -> None:
    await engine.handle(Inbound(Address("webchat", "ana"), text, "m1", clock()))


async def test_a_turn_without_listeners_lets_its_lock_go_with_the_commit(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    store = Releasing(sqlite_store)
    engine = Engine(store=store, policy=calltower, clock=clock)  # type: ignore[arg-type]
    await turn(engine, clock)
    assert (store.released, store.plain) == (["webchat:ana"], 0)


async def test_a_listener_that_does_not_say_keeps_the_lock_past_the_commit(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    store = Releasing(sqlite_store)
    engine = Engine(store=store, policy=calltower, clock=clock)  # type: ignore[arg-type]

    async def listener(outcome: TurnOutcome) -> None:
        pass

    engine.add_listener(listener)
    await turn(engine, clock)
    assert (store.released, store.plain) == ([], 1)


async def test_listeners_that_say_they_need_no_lock_let_it_go_and_one_that_needs_it_keeps_it(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    store = Releasing(sqlite_store)
    engine = Engine(store=store, policy=calltower, clock=clock)  # type: ignore[arg-type]
    asked: list[tuple[object, ...]] = []

    class Listener:
        def __init__(self, needs: bool) -> None:
            self.needs = needs
            self.called = 0

        def needs_lock(self, effects: tuple[object, ...]) -> bool:
            asked.append(effects)
            return self.needs

        async def __call__(self, outcome: TurnOutcome) -> None:
            self.called += 1

    quiet = Listener(needs=False)
    engine.add_listener(quiet)
    await turn(engine, clock)
    assert (store.released, store.plain, quiet.called) == (["webchat:ana"], 0, 1)
    assert asked and all(isinstance(e, tuple) for e in asked)
    engine.add_listener(Listener(needs=True))
    await engine.handle(Inbound(Address("webchat", "ana"), "Ana Pérez", "m2", clock()))
    assert (store.released, store.plain, quiet.called) == (["webchat:ana"], 1, 2)


def test_outage_modes_listeners_need_the_lock_only_for_what_they_act_on(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock
) -> None:
    unlinked = ChildUnlinked(store=sqlite_store, policy=calltower, clock=clock)
    left = UpdateFields(10001, {"incident": "", "incident_left": "1"})
    assert unlinked.needs_lock((Say("x"), left))
    assert not unlinked.needs_lock((Say("x"), UpdateFields(10001, {"name": "Ana"})))
    subscribed = ChannelSubscriptions(None, default_lang="en")  # type: ignore[arg-type]
    assert subscribed.needs_lock((Say("x"), Subscribe(subscribe=True, platform="teams")))
    assert not subscribed.needs_lock((Say("x"), left))
