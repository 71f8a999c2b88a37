"""The Store contract: every backend must pass these very tests, one module per role.

    contract                 the Store itself: lifecycle, durability (this module)
    contract_turns           Turns: all-or-nothing commits, dedup, locks
    contract_conversations   Conversations: versions, a turn's reads, the transcript
    contract_tickets         Tickets
    contract_outbox          Outbox
    contract_timers          Timers
    contract_flags           Flags
    contract_search          TicketSearch
    contract_incidents       Incidents
    contract_maintenance     MaintenanceWindows
    contract_contacts        ContactBook
    contract_rates           RateLimits

A backend's test module provides two fixtures and star-imports every one of them:

    @pytest.fixture
    def new_store(...):  # (name, **options) -> an unopened, empty store on the data set
        ...              # `name` (the same name: the same data), built with `options`

    @pytest.fixture
    def age_leases(...):  # async (store, elapsed): the store's lease clock sees `elapsed`
        ...               # pass since its leased outbox items were claimed

    from tests.bot.store.contract import *  # noqa: F403
    from tests.bot.store.contract_conversations import *  # noqa: F403
    ...                                      # (each module of CONTRACTS)

which brings the fixtures the tests use: `store` (an opened, empty store) and
`reopen_store` (async (store) -> store: close it, open the same data again).
`test_the_backend_runs_every_role_contract` fails if a module was left out.

Times come from `tests.factories.T0`; nothing here sleeps or reads a clock.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Final

import pytest

from bot.store.protocol import OutboxItem, Store, StoreError, Timer, TranscriptLine, TurnCommit
from domain.types import Address
from tests.factories import T0, make_conversation, make_outbound, make_ticket

__all__ = [
    "store",
    "reopen_store",
    "test_the_backend_runs_every_role_contract",
    "test_ping",
    "test_data_survives_reopen",
    "test_closed_store_raises_store_error",
]

CONTRACTS: Final = (
    "contract",
    "contract_turns",
    "contract_conversations",
    "contract_tickets",
    "contract_outbox",
    "contract_timers",
    "contract_flags",
    "contract_search",
    "contract_incidents",
    "contract_csat",
    "contract_maintenance",
    "contract_contacts",
    "contract_rates",
)

Reopen = Callable[[Store], Awaitable[Store]]
NewStore = Callable[..., Store]


@asynccontextmanager
async def _opened(new_store: NewStore, name: str, **options: Any) -> AsyncIterator[Store]:
    s = new_store(name, **options)
    await s.open()
    try:
        yield s
    finally:
        await s.close()


@pytest.fixture
async def store(new_store: NewStore) -> AsyncIterator[Store]:
    async with _opened(new_store, "store") as opened:
        yield opened


@pytest.fixture
async def reopen_store(new_store: NewStore) -> AsyncIterator[Reopen]:
    opened: list[Store] = []

    async def reopen(old: Store) -> Store:
        await old.close()
        new = new_store("store")
        await new.open()
        opened.append(new)
        return new

    yield reopen
    for s in opened:
        await s.close()


SMS = Address("sms", "+14155550100")
TELEGRAM = Address("telegram", "123456")


def _outbox(item_id: str, address: Address = SMS, **kw: Any) -> OutboxItem:
    return OutboxItem(id=item_id, outbound=make_outbound(address=address, text=item_id), **kw)


async def _commit_outbox(store: Store, *items: OutboxItem, at: datetime = T0) -> None:
    await store.commit(TurnCommit(at=at, outbox=items))


# the store itself


def test_the_backend_runs_every_role_contract(request: pytest.FixtureRequest) -> None:
    backend = request.module
    here = {p.stem for p in Path(__file__).parent.glob("contract*.py")}
    assert here == set(CONTRACTS), "a contract module not listed in CONTRACTS"
    for name in CONTRACTS:
        contract = importlib.import_module(f"tests.bot.store.{name}")
        defined = {n for n in vars(contract) if n.startswith("test_")}
        assert defined <= set(contract.__all__), f"{name}: a test missing from __all__"
        missing = [
            n for n in contract.__all__ if getattr(backend, n, None) is not getattr(contract, n)
        ]
        assert not missing, f"{backend.__name__} does not run {name}: {missing}"


async def test_ping(store: Store) -> None:
    await store.ping()


async def test_data_survives_reopen(store: Store, reopen_store: Reopen) -> None:
    conv = make_conversation(version=1, state="ticket_open", fields={"name": "Ana"})
    number = await store.next_ticket_number()
    ticket = make_ticket(number=number, conversation_id=conv.id)
    await store.commit(
        TurnCommit(
            at=T0,
            dedup_key="sms:SM-durable",
            conversation=conv,
            tickets=(ticket,),
            outbox=(_outbox("durable"),),
            timers=(Timer("durable", T0, "remind"),),
            transcript=(TranscriptLine(conv.id, T0, "customer", "hi"),),
            flags=(("durable", "yes"),),
        )
    )

    reopened = await reopen_store(store)

    await reopened.ping()
    assert await reopened.seen("sms:SM-durable")
    assert await reopened.load_conversation(conv.id) == conv
    assert await reopened.get_ticket(number) == ticket
    assert await reopened.next_ticket_number() > number
    assert [i.id for i in await reopened.claim_outbox(now=T0)] == ["durable"]
    assert [t.key for t in await reopened.claim_due_timers(now=T0)] == ["durable"]
    assert [line.text for line in await reopened.transcript(conv.id)] == ["hi"]
    assert await reopened.get_flag("durable") == "yes"


async def test_closed_store_raises_store_error(new_store: NewStore) -> None:
    s = new_store("closed")
    with pytest.raises(StoreError):
        await s.ping()
    await s.open()
    await s.close()
    await s.close()  # idempotent
    with pytest.raises(StoreError):
        await s.ping()
