"""The dispatcher's lanes: claimed outbox items by channel, so a slow channel holds up
only its own items (see `bot.engine.dispatch`).

Lanes: the outbox is claimed in commit order, any channel. Each channel has a lane
where its items start in claim order, one at a time per customer address (an item waits
while an earlier one to the same address is being sent, so one customer's messages go out
in order and items for others pass it), `concurrency` at a time, holding at most `depth`
claimed items (a Sender may declare either, else the dispatcher's `concurrency` and
`lane_depth`). A slow or paced channel (the email inbox steps aside while SMTP is busy;
a relay that hangs to its timeout) holds up only its own lane: the loop claims again
whenever there is room, not after a whole batch. The next claim may be all one channel's,
so room means room in every lane, and fewer than `max_claimed` items held in all. A lane's
depth bounds how long its last item waits, which must stay well inside the lease
(`store.lease`, 60 s by default): 50 by default, one batch as before lanes; the inbox
derives its own from its pacing. An item committed behind a full lane of a slow channel's
items still waits for that lane to make room.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, KeysView
from dataclasses import dataclass, field

from bot.outage import Outage
from bot.store.protocol import OutboxItem, StoreError

log = logging.getLogger("supportbot.dispatch")


@dataclass(slots=True)
class _Lane:
    channel: str
    waiting: deque[OutboxItem] = field(default_factory=deque)
    sending: int = 0
    busy: set[str] = field(default_factory=set)  # addresses with an item being sent


class Lanes:
    """Items claimed and not finished, a lane per channel. A lane starts its items in
    the order they were added, at most `limit(channel)` at a time, each through `work`,
    and calls `on_done()` whenever one is done."""

    def __init__(
        self,
        work: Callable[[OutboxItem], Awaitable[None]],
        *,
        limit: Callable[[str], int],
        on_done: Callable[[], None],
        outage: Outage,
    ) -> None:
        self._work = work
        self._limit = limit
        self._on_done = on_done
        self.outage = outage  # store failures while recording outcomes, reported bounded
        self._lanes: dict[str, _Lane] = {}
        # ids added and not finished -> the lease token of their latest claim
        self._held: dict[str, str] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        return len(self._held)

    def channels(self) -> KeysView[str]:
        return self._lanes.keys()

    def held(self, channel: str) -> int:
        """Items of `channel` added and not finished."""
        lane = self._lanes.get(channel)
        return len(lane.waiting) + lane.sending if lane else 0

    def lease(self, item: OutboxItem) -> str:
        """The fence token of the latest claim of `item` that this worker holds."""
        return self._held.get(item.id) or item.lease

    def add(self, item: OutboxItem) -> bool:
        """Queue `item` in its channel's lane; False if it is held already (claimed again
        because its lease ran out while it waited or was sent here: it is sent once, from
        its lane, under the new claim's token, which `lease` now returns)."""
        if item.id in self._held:
            self._held[item.id] = item.lease
            return False
        self._held[item.id] = item.lease
        channel = item.outbound.address.channel
        lane = self._lanes.setdefault(channel, _Lane(channel))
        lane.waiting.append(item)
        self._start(lane)
        return True

    def _start(self, lane: _Lane) -> None:
        # Tasks take their first step in the order they were created, and a send's first
        # step reaches the sender's own code (the email inbox takes its per-sender lock
        # there): within a lane, items start in the order they were added, but one at a
        # time per address, since two replies to one customer sent at once (a claim notice
        # and the agent's answer) could arrive in either order. An item behind a busy
        # address keeps its place and starts when the address is free.
        limit = self._limit(lane.channel)
        held_back: list[OutboxItem] = []
        while lane.waiting and lane.sending < limit:
            item = lane.waiting.popleft()
            address = item.outbound.address.id
            if address in lane.busy:
                held_back.append(item)
                continue
            lane.busy.add(address)
            lane.sending += 1
            task = asyncio.create_task(self._run(lane, item), name=f"send-{item.id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        lane.waiting.extendleft(reversed(held_back))

    async def _run(self, lane: _Lane, item: OutboxItem) -> None:
        try:
            await self._work(item)
        except StoreError as exc:  # its outcome was not recorded: its lease ends
            self.outage.failed(exc)
        except Exception:  # its outcome was not recorded (a bug): its lease ends
            log.exception("outbox item %s unrecorded; claimable again after its lease", item.id)
        finally:
            lane.sending -= 1
            lane.busy.discard(item.outbound.address.id)
            self._held.pop(item.id, None)
            self._start(lane)
            self._on_done()

    async def cancel(self) -> None:
        """Shutting down: drop what waits, cancel what is being sent. Their items come
        back to a claim when their leases run out, as a dead worker's do."""
        for lane in self._lanes.values():
            for item in lane.waiting:
                self._held.pop(item.id, None)
            lane.waiting.clear()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
