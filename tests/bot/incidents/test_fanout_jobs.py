"""An update's fan-out as a durable background job (bot.incidents.jobs), on both store
backends: the update call answers before anyone is told; the job tells every child once;
a worker that dies half-way leaves its lease, which any worker's timer loop claims and
runs again, telling only those not told yet; a redelivery is such a job."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.engine.timers import TimerLoop
from bot.incidents.fanout import Fanout
from bot.incidents.jobs import KIND, FanoutJobs, job_key, redeliver_key
from bot.plan.policy import Policy
from bot.store.protocol import Store
from tests.bot.incidents.outage_env import outage_app
from tests.bot.incidents.test_fanout import CUSTOMERS, DiesAfter, _children, _notices
from tests.conftest import Clock


async def _leases(store: Store, clock: Clock) -> list[str]:
    later = clock() + timedelta(days=1)
    return [t.key for t in await store.claim_due_timers(now=later, kinds=(KIND,))]


async def test_an_update_answers_at_once_and_its_job_tells_every_child_once(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    desk, incident_id = await _children(store, calltower, clock)
    desk.jobs = FanoutJobs(store=store, fanout=desk.fanout, clock=clock)
    _, result = await desk.post_update(incident_id, "Fix rolling out.")
    assert result.told == 0 and result.queued == len(CUSTOMERS)
    await desk.jobs.drain()
    assert set((await _notices(store, "Fix rolling out.")).values()) == {1}
    assert await _leases(store, clock) == []  # a finished job leaves no lease behind


async def test_a_job_whose_worker_died_half_way_is_finished_by_another_telling_nobody_twice(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    desk, incident_id = await _children(store, calltower, clock)
    dying = Fanout(store=DiesAfter(store, 3), policy=calltower, clock=clock, kick=lambda: None)
    dying.page = 1
    desk.jobs = FanoutJobs(store=store, fanout=dying, clock=clock)
    await desk.post_update(incident_id, "Carrier engaged.")
    await desk.jobs.drain()  # the run died after three children
    assert sorted((await _notices(store, "Carrier engaged.")).values()) == [0, 0, 0, 0, 1, 1, 1]

    # another worker: its timer loop finds the lease once it falls due
    healthy = Fanout(store=store, policy=calltower, clock=clock, kick=lambda: None)
    other = FanoutJobs(store=store, fanout=healthy, clock=clock)
    loop = TimerLoop(store=store, clock=clock)
    loop.register(KIND, other.on_timer)
    assert await loop.run_due() == 0  # the lease is not due yet: the first worker may be alive
    clock.advance(minutes=3)
    assert await loop.run_due() == 1
    await other.drain()
    assert set((await _notices(store, "Carrier engaged.")).values()) == {1}
    clock.advance(minutes=3)
    assert await loop.run_due() == 0  # done: the lease was cancelled
    assert job_key(incident_id, 1) == f"incident:{incident_id}:fanout:1"


async def test_a_redelivery_is_a_job_whose_lease_another_worker_finishes(
    store: Store, calltower: Policy, clock: Clock
) -> None:
    desk, incident_id = await _children(store, calltower, clock)
    await desk.post_update(incident_id, "Carrier engaged.")  # no jobs: everyone told here
    desk.fanout = Fanout(
        store=DiesAfter(store, 3), policy=calltower, clock=clock, kick=lambda: None, page=1
    )
    with pytest.raises(RuntimeError):
        await desk.post_update(incident_id, "Fix rolling out.")  # died after three children

    # staff ask for a redelivery: it answers at once; this worker's job dies after two more
    # (its commits: the first update's seven, refused as told; the second's three, then two)
    dying = Fanout(
        store=DiesAfter(store, 7 + 3 + 2), policy=calltower, clock=clock, kick=lambda: None, page=1
    )
    desk.jobs = FanoutJobs(store=store, fanout=dying, clock=clock)
    job, queued = await desk.redeliver_later(incident_id)
    assert job == redeliver_key(incident_id) and queued == len(CUSTOMERS)
    await desk.jobs.drain()
    assert sorted((await _notices(store, "Fix rolling out.")).values()) == [0, 0, 1, 1, 1, 1, 1]

    healthy = Fanout(store=store, policy=calltower, clock=clock, kick=lambda: None)
    other = FanoutJobs(store=store, fanout=healthy, clock=clock)
    loop = TimerLoop(store=store, clock=clock)
    loop.register(KIND, other.on_timer)
    assert await loop.run_due() == 0  # its lease is not due yet
    clock.advance(minutes=3)
    assert await loop.run_due() == 1
    await other.drain()
    for text in ("Carrier engaged.", "Fix rolling out."):
        assert set((await _notices(store, text)).values()) == {1}  # nobody told twice
    clock.advance(minutes=3)
    assert await loop.run_due() == 0  # finished: its lease was cancelled


async def test_the_apps_fanout_jobs_hold_the_stores_lease_so_a_dead_workers_job_moves_on_soon(
    tmp_path: Path, clock: Clock
) -> None:
    # a two-minute lease kept the children of a SIGKILLed poster waiting two minutes
    # (bench/fanout_kill.py --victim poster); the store's lease is what sends wait for too
    store = {"url": f"sqlite:///{tmp_path}/bot.db", "lease_seconds": 7}
    async with outage_app(tmp_path, clock, store=store) as outage:
        jobs = outage.services.incidents.jobs
        assert jobs.lease == timedelta(seconds=7)
        assert jobs.timer(1, 1).due == clock() + timedelta(seconds=7)
