"""What staff do with incidents (over HTTP and from Slack): open one with its master
ticket, link a ticket as a child, post an update, resolve.

With `jobs` (the app), an update's fan-out (`bot.incidents.fanout`) is a durable background
job (`bot.incidents.jobs`): the call returns once the update is saved and its job held,
however many children there are. Without (tools, the benchmark), the fan-out runs before
the call returns, so its answer counts the customers told."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final, Protocol

from bot.engine.readings import settle
from bot.incidents.fanout import Fanout, FanoutResult, FanoutStore
from bot.incidents.jobs import FanoutJobs, JobStore
from bot.incidents.reminders import reminder_key, reminder_timer
from bot.incidents.sla import reprice
from bot.incidents.subscriptions import Subscriptions
from bot.plan.policy import Policy
from bot.store.protocol import TurnCommit, VersionConflict, locked_ticket
from domain.incident import (
    Incident,
    IncidentMatch,
    IncidentStatus,
    IncidentUpdate,
)
from domain.types import Address, Ticket, TicketEvent, TicketStatus

MASTER_CHANNEL: Final = "incident"  # a master ticket's address: incident:<id>
_SAVE_ATTEMPTS: Final = 5


class DeskStore(FanoutStore, JobStore, Protocol):
    """Incidents, tickets and conversations: what the desk and its fan-out change."""


# told after staff link a ticket (the agent desk folds it under the master's card)
LinkListener = Callable[[Incident, Ticket], Awaitable[None]]
# told after a child left its incident (staff's unlink, or its customer's "not that")
UnlinkListener = Callable[[int, Ticket], Awaitable[None]]
LEFT_FIELD: Final = "incident_left"  # the incident a child left (flows.dialogue.incident)


class NotFound(LookupError):
    pass


class Refused(ValueError):
    """The change does not apply (the incident is resolved, the ticket closed...)."""


@dataclass(frozen=True, slots=True)
class NewIncident:
    title: str
    summary: dict[str, str]
    service: str = ""
    match: IncidentMatch = IncidentMatch()
    status: IncidentStatus = IncidentStatus.INVESTIGATING
    priority: str = ""  # default: the plan's agent-only level (CallTower P1G), else its most urgent
    master_ticket: int | None = None  # an existing ticket; default: a new master ticket


def master_priority(policy: Policy) -> str:
    agent_only = [p for p in policy.priorities if p.agent_only]
    levels = agent_only or list(policy.priorities)
    return min(levels, key=lambda p: p.rank).id


def _phones(ticket: Ticket) -> tuple[str, ...]:
    """A ticket's customer numbers, E.164, for an incident scoped to regions by number."""
    sender = ticket.address.id if ticket.address.channel == "sms" else None
    return tuple(v for v in (sender, ticket.fields.get("phone")) if v)


class IncidentDesk:
    def __init__(
        self,
        *,
        store: DeskStore,
        policy: Policy,
        clock: Callable[[], datetime],
        kick: Callable[[], None],
        fanout: Fanout | None = None,
        subscriptions: Subscriptions | None = None,
        jobs: FanoutJobs | None = None,
    ) -> None:
        self.store = store
        self.jobs = jobs
        self.policy = policy
        self.clock = clock
        self.fanout = fanout or Fanout(
            store=store, policy=policy, clock=clock, kick=kick, subscriptions=subscriptions
        )
        self.link_listeners: list[LinkListener] = []
        self.unlink_listeners: list[UnlinkListener] = []

    def add_link_listener(self, listener: LinkListener) -> None:
        self.link_listeners.append(listener)

    def add_unlink_listener(self, listener: UnlinkListener) -> None:
        self.unlink_listeners.append(listener)

    async def child_left(self, incident_id: int, ticket: Ticket) -> None:
        """`ticket` left the incident (its `incident` field no longer names it, committed):
        it leaves the children's list, so the count on the master's card and the API's
        `children` no longer include it, and the listeners (the desk's card) are told."""
        await self.store.remove_incident_child(incident_id, ticket.number)
        for listener in self.unlink_listeners:
            await listener(incident_id, ticket)

    async def open(self, spec: NewIncident) -> Incident:
        priority = spec.priority or master_priority(self.policy)
        if priority not in self.policy.priority_by_id:
            raise Refused(f"unknown priority {priority!r}")
        now = self.clock()
        incident_id = await self.store.next_incident_id()
        master = spec.master_ticket
        if master is not None:
            await self._make_master(master, incident_id, priority, now)
        else:
            master = await self.store.next_ticket_number()
            ticket = Ticket(
                number=master,
                status=TicketStatus.NEW,
                priority=priority,
                channel=MASTER_CHANNEL,
                address=Address(MASTER_CHANNEL, str(incident_id)),
                lang=self.policy.plan.default_language,
                created_at=now,
                first_response_due=None,
                next_update_due=None,
                fields={"incident_master": str(incident_id)},
                summary=spec.title,
                events=(TicketEvent(now, "opened", f"master of incident {incident_id}", "system"),),
                updated_at=now,
            )
            await self.store.commit(TurnCommit(at=now, tickets=(ticket,)))
        incident = Incident(
            id=incident_id,
            title=spec.title,
            created_at=now,
            summary=dict(spec.summary),
            service=spec.service,
            match=spec.match,
            status=spec.status,
            priority=priority,
            master_ticket=master,
            updated_at=now,
        )
        await self.store.save_incident(incident)
        await self._remind(incident, now)
        return incident

    async def _make_master(
        self, number: int, incident_id: int, priority: str, now: datetime
    ) -> None:
        """An existing ticket becomes the master: marked so, on the master's priority and
        its SLA clocks (a customer's report that turned out to be an outage)."""
        async with locked_ticket(self.store, number) as t:
            if t is None:
                raise NotFound(f"no ticket #{number}")
            if t.status.is_closed:
                raise Refused(f"ticket #{number} is closed")
            if t.fields.get("incident") or t.fields.get("incident_master"):
                raise Refused(f"ticket #{number} is already in an incident")
            fields = {**t.fields, "incident_master": str(incident_id)}
            fields.setdefault("own_priority", t.priority)
            moved = reprice(
                self.policy,
                replace(t, fields=fields),
                priority,
                now,
                why=f"master of {incident_id}",
            )
            ticket = moved.ticket.with_event(
                TicketEvent(now, "master", f"master of incident {incident_id}", "system")
            )
            await self.store.commit(
                TurnCommit(
                    at=now, tickets=(ticket,), timers=moved.timers, cancel_timers=moved.cancel
                )
            )

    async def _remind(self, incident: Incident, now: datetime) -> None:
        """Set (or, once resolved, cancel) the timer of the plan's update promise."""
        timer = reminder_timer(self.policy, incident)
        await self.store.commit(
            TurnCommit(
                at=now,
                timers=(timer,) if timer is not None else (),
                cancel_timers=() if timer is not None else (reminder_key(incident.id),),
            )
        )

    async def candidates(self, incident: Incident, *, limit: int = 500) -> list[int]:
        """Open tickets (the newest `limit`) that match the incident but are not its children
        yet: what staff are offered to link when they open it. Read from each ticket's first
        message, the service the classifier read and its account id."""
        if not incident.is_open:
            return []
        found = []
        for t in await self.store.list_tickets(open_only=True, limit=limit):
            if t.number == incident.master_ticket or t.fields.get("incident"):
                continue
            if t.status is TicketStatus.RESOLVED_PENDING:
                continue
            text = t.fields.get("description") or t.summary
            account = t.fields.get("account_id", "")
            service = t.assessment.get("service")
            if incident.match.matches(
                text,
                service=service if isinstance(service, str) else None,
                accounts=(account,) if account else (),
                phones=_phones(t),
            ):
                found.append(t.number)
        return found

    async def get(self, incident_id: int) -> Incident:
        incident = await self.store.get_incident(incident_id)
        if incident is None:
            raise NotFound(f"no incident {incident_id}")
        return incident

    async def children(self, incident_id: int) -> list[int]:
        out: list[int] = []
        while page := await self.store.incident_children(
            incident_id, after=out[-1] if out else 0, limit=1000
        ):
            out.extend(page)
        return out

    async def link(self, incident_id: int, number: int) -> Ticket:
        """Ticket `number` becomes a child: the master's priority for its SLA, its own on
        record (`own_priority`), and every later update on its channel."""
        incident = await self.get(incident_id)
        if not incident.is_open:
            raise Refused(f"incident {incident_id} is resolved")
        async with locked_ticket(self.store, number) as t:
            if t is None:
                raise NotFound(f"no ticket #{number}")
            if t.status.is_closed:
                raise Refused(f"ticket #{number} is closed")
            if number == incident.master_ticket:
                raise Refused(f"ticket #{number} is the incident's master ticket")
            now = self.clock()
            # updates from the next one on reach the child (bot.incidents.fanout)
            seen = str(incident.latest.seq) if incident.latest is not None else "0"
            fields = {**t.fields, "incident": str(incident_id), "incident_seen": seen}
            fields.setdefault("own_priority", t.priority)
            # the master's priority for its SLA: its clocks and timers move with it
            moved = reprice(
                self.policy,
                replace(t, fields=fields),
                incident.priority or t.priority,
                now,
                why=f"incident {incident_id}",
            )
            child = moved.ticket.with_event(
                TicketEvent(now, "linked", f"child of incident {incident_id}", "system")
            )
            await self.store.commit(
                TurnCommit(
                    at=now,
                    tickets=(child,),
                    incident_children=((incident_id, number),),
                    timers=moved.timers,
                    cancel_timers=moved.cancel,
                )
            )
        for listener in self.link_listeners:
            await listener(incident, child)
        return child

    async def unlink(self, incident_id: int, number: int) -> Ticket:
        """Staff take ticket `number` out of the incident: no more updates, and its own
        first-message priority back with that priority's SLA clocks."""
        async with locked_ticket(self.store, number) as t:
            if t is None:
                raise NotFound(f"no ticket #{number}")
            if t.fields.get("incident") != str(incident_id):
                raise Refused(f"ticket #{number} is not a child of incident {incident_id}")
            now = self.clock()
            t = settle(self.policy, t, now)  # a storm-path child: its own priority read now
            fields = {**t.fields, "incident": "", LEFT_FIELD: str(incident_id)}
            own = t.fields.get("own_priority", "") or t.priority
            moved = reprice(
                self.policy, replace(t, fields=fields), own, now, why="left the incident"
            )
            ticket = moved.ticket.with_event(
                TicketEvent(now, "unlinked", f"left incident {incident_id}", "system")
            )
            await self.store.commit(
                TurnCommit(
                    at=now, tickets=(ticket,), timers=moved.timers, cancel_timers=moved.cancel
                )
            )
        await self.child_left(incident_id, ticket)
        return ticket

    async def post_update(
        self,
        incident_id: int,
        text: str,
        *,
        text_es: str = "",
        status: IncidentStatus | None = None,
    ) -> tuple[Incident, FanoutResult]:
        if status is IncidentStatus.RESOLVED:
            return await self.resolve(incident_id, text, text_es=text_es)
        return await self._post(incident_id, text, text_es, status, resolve=False)

    async def resolve(
        self, incident_id: int, text: str, *, text_es: str = ""
    ) -> tuple[Incident, FanoutResult]:
        return await self._post(incident_id, text, text_es, IncidentStatus.RESOLVED, resolve=True)

    async def _post(
        self,
        incident_id: int,
        text: str,
        text_es: str,
        status: IncidentStatus | None,
        *,
        resolve: bool,
    ) -> tuple[Incident, FanoutResult]:
        for _attempt in range(_SAVE_ATTEMPTS):
            incident = await self.get(incident_id)
            if not incident.is_open:
                raise Refused(f"incident {incident_id} is already resolved")
            if incident.source:
                raise Refused(
                    f"incident {incident_id} mirrors an external status page: update it there"
                )
            now = self.clock()
            seq = len(incident.updates) + 1
            if self.jobs is not None:
                await self.jobs.hold(incident_id, seq)  # before the save: a crash loses nothing
            update = IncidentUpdate(
                seq=seq,
                at=now,
                text=text,
                text_es=text_es,
                status=status or incident.status,
            )
            saved = replace(
                incident,
                updates=(*incident.updates, update),
                status=update.status,
                updated_at=now,
                resolved_at=now if resolve else None,
                version=incident.version + 1,
            )
            try:
                await self.store.save_incident(saved)
            except VersionConflict:
                continue  # another update landed first: number ours after it
            break
        else:
            raise Refused(f"incident {incident_id} kept changing; try again")
        await self._remind(saved, now)
        if self.jobs is not None:
            if resolve and saved.master_ticket is not None:
                await self._close_master(saved, now)
            self.jobs.launch(incident_id, update.seq)
            queued = await self.store.count_incident_children(incident_id)
            return saved, FanoutResult(told=0, skipped=0, queued=queued)
        result = await self.fanout.deliver(saved, update, resolve=resolve)
        if resolve and saved.master_ticket is not None:
            await self._close_master(saved, now)
        return saved, result

    async def _close_master(self, incident: Incident, now: datetime) -> None:
        assert incident.master_ticket is not None
        async with locked_ticket(self.store, incident.master_ticket) as t:
            if t is None or t.status.is_closed:
                return
            if t.address.channel != MASTER_CHANNEL:
                return  # a customer's ticket made master: it follows its own flow
            closed = replace(t, status=TicketStatus.CLOSED).with_event(
                TicketEvent(now, "resolved", f"incident {incident.id} resolved", "system")
            )
            await self.store.commit(TurnCommit(at=now, tickets=(closed,)))

    async def redeliver_later(self, incident_id: int) -> tuple[str, int]:
        """Every update's fan-out again as a background job (bot.incidents.jobs), for the
        API: the job's key and how many children it goes through. Without jobs (a desk
        built alone) it runs here, and the key is ""."""
        await self.get(incident_id)  # NotFound before anything is queued
        queued = await self.store.count_incident_children(incident_id)
        if self.jobs is None:
            await self.redeliver(incident_id)
            return "", queued
        return await self.jobs.redeliver(incident_id), queued

    async def redeliver(self, incident_id: int) -> FanoutResult:
        """Run every update's fan-out again, here, counting: for a worker that died
        half-way through one (tests). The per-child dedup keys skip everyone
        already told. The API queues it instead (`redeliver_later`)."""
        incident = await self.get(incident_id)
        told = skipped = 0
        for update in incident.updates:
            final = update.status is IncidentStatus.RESOLVED
            result = await self.fanout.deliver(incident, update, resolve=final)
            told, skipped = told + result.told, skipped + result.skipped
        return FanoutResult(told=told, skipped=skipped)
