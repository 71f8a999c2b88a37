"""Maintenance's parts, built once by the composition root (`bot.app`): the calendar (plan
and stored windows), the notices (timer handlers and a start-up planner), staff's desk."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.engine.timers import TimerHandler
from bot.incidents.subscriptions import Subscriptions
from bot.maintenance.desk import MaintenanceDesk
from bot.maintenance.notices import NOTICE, PLAN, MaintenanceNotices, NoticeStore
from bot.maintenance.windows import MaintenanceCalendar
from bot.plan.policy import Policy
from domain.contacts import Contact


@dataclass(frozen=True, slots=True)
class MaintenanceParts:
    calendar: MaintenanceCalendar
    notices: MaintenanceNotices  # a component: start() plans the notices to come
    desk: MaintenanceDesk

    def timer_handlers(self) -> dict[str, TimerHandler]:
        return {NOTICE: self.notices.on_notice, PLAN: self.notices.on_plan}


def build_maintenance(
    *,
    store: NoticeStore,
    policy: Policy,
    clock: Callable[[], datetime],
    format_time: Callable[[datetime, str], str],
    kick: Callable[[], None],
    subscriptions: Subscriptions,
    contacts: Callable[[], Awaitable[list[Contact]]] | None = None,
) -> MaintenanceParts:
    """`contacts`: the accounts' maintenance notification contacts, told without
    subscribing (bot.contacts.Directory.maintenance_contacts)."""
    calendar = MaintenanceCalendar(store=store, policy=policy)
    notices = MaintenanceNotices(
        store=store,
        policy=policy,
        calendar=calendar,
        subscriptions=subscriptions,
        clock=clock,
        format_time=format_time,
        kick=kick,
        contacts=contacts,
    )
    desk = MaintenanceDesk(
        store=store, policy=policy, calendar=calendar, notices=notices, clock=clock
    )
    return MaintenanceParts(calendar=calendar, notices=notices, desk=desk)
