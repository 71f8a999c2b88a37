"""Outage mode's parts, built once by the composition root (`bot.app`): the desk the API
(api/incidents.py) and Slack share, its background fan-out jobs, the status page, email
subscriptions."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from starlette.routing import BaseRoute

from bot.config import Settings
from bot.incidents.channel_subs import ChannelSubscriptions
from bot.incidents.desk import DeskStore, IncidentDesk
from bot.incidents.fanout import Fanout
from bot.incidents.jobs import FanoutJobs
from bot.incidents.reminders import UpdateDue
from bot.incidents.request_limits import RequestLimits
from bot.incidents.status_page import StatusPage
from bot.incidents.status_source import StatuspageSource
from bot.incidents.subscriptions import Subscriptions
from bot.incidents.unlink import ChildUnlinked
from bot.plan.policy import Policy
from bot.store.protocol import RateLimits


class PartsStore(DeskStore, RateLimits, Protocol):
    """The desk's store and the subscription limits' (bot.incidents.request_limits)."""


@dataclass(frozen=True, slots=True)
class IncidentParts:
    desk: IncidentDesk
    jobs: FanoutJobs  # a timer kind for the app's loop, and a component to stop
    update_due: UpdateDue  # the update promise's timer: automatic notices, the desk's hooks
    subscriptions: Subscriptions
    page: StatusPage
    unlinked: ChildUnlinked  # an engine listener: "not that" restores the ticket's priority
    subscribed: ChannelSubscriptions  # an engine listener: "avísenme", "unsubscribe"
    source: StatuspageSource | None = None  # [status] source: an external page's incidents

    def routes(self) -> list[BaseRoute]:
        """The public status page's (the incidents API is the API's: api/incidents.py)."""
        return self.page.routes()


def build_incidents(
    settings: Settings,
    *,
    store: PartsStore,
    policy: Policy,
    clock: Callable[[], datetime],
    format_time: Callable[[datetime, str], str],
    kick: Callable[[], None],
) -> IncidentParts:
    base_url = settings.server.public_base_url
    # links in subscription mail are signed with the session secret; without one they
    # last as long as this process (say so in production: set server.session_secret)
    secret = settings.server.session_secret.get_secret_value() or secrets.token_hex(32)
    limits = RequestLimits(
        per_client=settings.status.subscribe_per_client,
        per_email=settings.status.subscribe_per_email,
        window=timedelta(seconds=settings.status.subscribe_window_seconds),
    )
    subscriptions = Subscriptions(
        store=store, secret=secret, clock=clock, kick=kick, base_url=base_url, limits=limits
    )
    fanout = Fanout(
        store=store,
        policy=policy,
        clock=clock,
        kick=kick,
        subscriptions=subscriptions,
        format_time=format_time,
    )
    # updates fan out in the background, durably (bot.incidents.jobs)
    # the job's lease is the store's outbox lease: a worker killed mid fan-out hands its job
    # on as soon as it would hand on a send, not two minutes later
    jobs = FanoutJobs(
        store=store,
        fanout=fanout,
        clock=clock,
        lease=timedelta(seconds=settings.store.lease_seconds),
    )
    desk = IncidentDesk(
        store=store, policy=policy, clock=clock, kick=kick, fanout=fanout, jobs=jobs
    )
    page = StatusPage(
        store=store,
        policy=policy,
        clock=clock,
        format_time=format_time,
        base_url=base_url,
        subscriptions=subscriptions,
    )
    return IncidentParts(
        desk=desk,
        jobs=jobs,
        update_due=UpdateDue(store=store, policy=policy, clock=clock, jobs=jobs),
        source=StatuspageSource(
            url=settings.status.source,
            store=store,
            policy=policy,
            clock=clock,
            jobs=jobs,
            interval=settings.status.poll_seconds,
            timeout=settings.status.timeout_seconds,
        )
        if settings.status.source
        else None,
        subscriptions=subscriptions,
        page=page,
        unlinked=ChildUnlinked(store=store, policy=policy, clock=clock, left=desk.child_left),
        subscribed=ChannelSubscriptions(subscriptions, default_lang=policy.plan.default_language),
    )
