"""An incident update's fan-out as a durable background job, out of the HTTP request
and out of Slack's 3 seconds.

The job is a store timer, `incident:<id>:fanout:<update>` (kind `incident_fanout`),
committed *before* the update is saved and held as a lease: due a lease (the store's
`lease_seconds`, 60 s by default; two minutes where no settings are given) ahead, pushed on
after every page of children. The worker that posted the update runs the job at once in
the background; if that worker dies (before the run, or half-way), the lease falls due
and any worker's timer loop claims the timer and runs it again, and the per-child dedup
keys (`bot.incidents.fanout`) make the second run tell only those the first did not reach. A finished run cancels its timer. A job whose update never got
saved (the save lost a race and was renumbered, or failed) finds no update of its number
when it runs, or finds the renumbered winner's, which has the same key and job.

A redelivery (staff's "run every update's fan-out again", `POST
/api/incidents/{id}/redeliver`) is such a job too, `incident:<id>:fanout:redeliver`: every
update of the incident in order, the per-child dedup keys telling only those not told yet.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final, Protocol

from bot.incidents.fanout import Fanout
from bot.store.protocol import Incidents, Timer, Timers, TurnCommit
from domain.incident import IncidentStatus

log = logging.getLogger("supportbot.incidents")

KIND: Final = "incident_fanout"
LEASE: Final = timedelta(minutes=2)


class JobStore(Incidents, Timers, Protocol):
    """What a job reads (the incident) and writes (its lease timer)."""


def job_key(incident_id: int, seq: int) -> str:
    return f"incident:{incident_id}:fanout:{seq}"


def redeliver_key(incident_id: int) -> str:
    return f"incident:{incident_id}:fanout:redeliver"


class FanoutJobs:
    def __init__(
        self,
        *,
        store: JobStore,
        fanout: Fanout,
        clock: Callable[[], datetime],
        lease: timedelta = LEASE,
    ) -> None:
        self.store = store
        self.fanout = fanout
        self.clock = clock
        self.lease = lease
        self._running: dict[str, asyncio.Task[None]] = {}

    def timer(self, incident_id: int, seq: int) -> Timer:
        return Timer(
            key=job_key(incident_id, seq),
            due=self.clock() + self.lease,
            kind=KIND,
            payload={"incident": str(incident_id), "update": str(seq)},
        )

    async def hold(self, incident_id: int, seq: int) -> None:
        """Commit (or push on) the job's lease: whatever happens to this worker, the job runs."""
        await self.store.commit(TurnCommit(at=self.clock(), timers=(self.timer(incident_id, seq),)))

    async def still_working(self, incident_id: int, *, at: datetime, next_by: datetime) -> None:
        """The plan's automatic "still working on it" notice to every child and subscriber, as a job like
        an update's (its key names the minute it was owed, so a repeat tells nobody twice)."""
        auto = f"auto{int(at.timestamp()) // 60}"
        timer = Timer(
            key=f"incident:{incident_id}:fanout:{auto}",
            due=self.clock() + self.lease,
            kind=KIND,
            payload={"incident": str(incident_id), "auto": auto, "next_by": next_by.isoformat()},
        )
        await self.store.commit(TurnCommit(at=self.clock(), timers=(timer,)))
        self._start_auto(timer)

    def _start_auto(self, timer: Timer) -> None:
        if timer.key in self._running:
            return
        task = asyncio.create_task(self._run_auto(timer), name=f"fanout-{timer.key}")
        self._running[timer.key] = task
        task.add_done_callback(lambda _t: self._running.pop(timer.key, None))

    async def redeliver(self, incident_id: int) -> str:
        """Every update's fan-out again, as a durable job (out of the request that asks);
        its key. A redelivery already running on this worker is not started twice."""
        key = redeliver_key(incident_id)
        payload = {"incident": str(incident_id), "redeliver": "1"}
        timer = Timer(key=key, due=self.clock() + self.lease, kind=KIND, payload=payload)
        await self.store.commit(TurnCommit(at=self.clock(), timers=(timer,)))
        self._start_redeliver(timer)
        return key

    def _start_redeliver(self, timer: Timer) -> None:
        if timer.key in self._running:
            return
        task = asyncio.create_task(self._run_redeliver(timer), name=f"fanout-{timer.key}")
        self._running[timer.key] = task
        task.add_done_callback(lambda _t: self._running.pop(timer.key, None))

    async def _run_redeliver(self, timer: Timer) -> None:
        incident_id = int(timer.payload["incident"])

        async def extend() -> None:
            pushed = Timer(timer.key, self.clock() + self.lease, KIND, timer.payload)
            await self.store.commit(TurnCommit(at=self.clock(), timers=(pushed,)))

        try:
            incident = await self.store.get_incident(incident_id)
            told = skipped = 0
            if incident is not None:
                for update in incident.updates:  # in order: nobody hears them shuffled
                    final = update.status is IncidentStatus.RESOLVED
                    result = await self.fanout.deliver(
                        incident, update, resolve=final, on_page=extend
                    )
                    told, skipped = told + result.told, skipped + result.skipped
            await self.store.commit(TurnCommit(at=self.clock(), cancel_timers=(timer.key,)))
            log.info(
                "incident redelivered",
                extra={"job": timer.key, "told": told, "skipped": skipped},
            )
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception(
                "incident redelivery failed; its lease runs it again", extra={"job": timer.key}
            )

    async def _run_auto(self, timer: Timer) -> None:
        incident_id = int(timer.payload["incident"])
        key, next_by = timer.payload["auto"], datetime.fromisoformat(timer.payload["next_by"])
        try:
            incident = await self.store.get_incident(incident_id)
            if incident is not None and incident.is_open:

                async def extend() -> None:
                    pushed = Timer(timer.key, self.clock() + self.lease, KIND, timer.payload)
                    await self.store.commit(TurnCommit(at=self.clock(), timers=(pushed,)))

                await self.fanout.still_working(incident, key=key, next_by=next_by, on_page=extend)
            await self.store.commit(TurnCommit(at=self.clock(), cancel_timers=(timer.key,)))
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception(
                "incident notice job failed; its lease runs it again", extra={"job": timer.key}
            )

    def launch(self, incident_id: int, seq: int) -> None:
        """Run the job in the background on this worker (once: a second start is ignored)."""
        key = job_key(incident_id, seq)
        if key in self._running:
            return
        task = asyncio.create_task(self._run(incident_id, seq), name=f"fanout-{key}")
        self._running[key] = task
        task.add_done_callback(lambda _t: self._running.pop(key, None))

    async def on_timer(self, timer: Timer) -> None:
        """A lease fell due: the worker that had the job died (or is this one, still busy)."""
        if "auto" in timer.payload or "redeliver" in timer.payload:
            # a "still working" notice (bot.incidents.reminders), or staff's redelivery
            pushed = Timer(timer.key, self.clock() + self.lease, KIND, timer.payload)
            await self.store.commit(TurnCommit(at=self.clock(), timers=(pushed,)))
            if "auto" in timer.payload:
                self._start_auto(pushed)
            else:
                self._start_redeliver(pushed)
            return
        incident_id = int(timer.payload.get("incident", "0"))
        seq = int(timer.payload.get("update", "0"))
        await self.hold(incident_id, seq)
        self.launch(incident_id, seq)

    async def _run(self, incident_id: int, seq: int) -> None:
        key = job_key(incident_id, seq)
        try:
            incident = await self.store.get_incident(incident_id)
            update = next((u for u in incident.updates if u.seq == seq), None) if incident else None
            if incident is None or update is None:
                log.warning("incident fan-out job without its update", extra={"job": key})
            else:

                async def extend() -> None:
                    await self.hold(incident_id, seq)

                await self.fanout.deliver(
                    incident,
                    update,
                    resolve=update.status is IncidentStatus.RESOLVED,
                    on_page=extend,
                )
            await self.store.commit(TurnCommit(at=self.clock(), cancel_timers=(key,)))
        except asyncio.CancelledError:
            raise  # stopping: the lease brings the job back on the next start
        except Exception:
            log.exception(
                "incident fan-out job failed; its lease runs it again", extra={"job": key}
            )

    async def drain(self) -> None:
        """Wait for the jobs running on this worker (tests, and an orderly stop)."""
        while self._running:
            await asyncio.gather(*list(self._running.values()), return_exceptions=True)

    # the app's lifespan starts and stops it with its other components
    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        tasks = list(self._running.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
