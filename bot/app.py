"""The composition root: builds every long-lived object once from the settings
and wires channels and the agent desk to the engine. The only module of
`bot/` (with the CLI) that imports `channels` and `handoff`."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from api.context import AfterAction, ApiContext, nothing_after
from api.problems import problem
from api.routes import api_routes
from api.tokens import TokenRing, from_config
from bot import taskdump
from bot.config import Settings, data_path, store_options, store_url
from bot.contacts.wiring import build_contacts
from bot.engine.breaches import BreachRecorder
from bot.engine.dispatch import Dispatcher
from bot.engine.lifecycle import KIND as NO_RESPONSE
from bot.engine.lifecycle import NoResponseCloser
from bot.engine.readings import DeferredReadings
from bot.engine.sla_timers import SLA_TIMER_KINDS
from bot.engine.timers import TimerLoop
from bot.engine.turns import Engine, utcnow
from bot.files.wiring import file_links, file_routes
from bot.incidents.jobs import KIND as INCIDENT_FANOUT
from bot.incidents.reminders import KIND as INCIDENT_REMINDER
from bot.incidents.wiring import IncidentParts, build_incidents
from bot.logs import quiet_library_loggers
from bot.maintenance.wiring import MaintenanceParts, build_maintenance
from bot.metrics import Metrics, TimedRoutes
from bot.outage import Outage
from bot.plan.policy import Policy, load_policy
from bot.proxies import ForwardedFor, TrustedProxies, parse_networks
from bot.store.backends import open_store
from bot.store.protocol import Store, StoreError
from bot.webhooks.events import CHANNEL, Endpoint
from bot.webhooks.sender import WebhookSender
from bot.webhooks.store import with_webhooks
from channels.base import Channel
from channels.webchat import WebchatChannel
from domain.types import Ticket
from handoff.actions import ActionResult, AgentActions

log = logging.getLogger("supportbot.app")

# Provider webhooks timed into supportbot_webhook_duration_seconds{route}: the paths are the
# public surface (docs/production.md), the channels' own constants (tests check they agree).
WEBHOOK_PATHS: Final = {
    "/webhooks/twilio/sms": "twilio_sms",
    "/webhooks/telegram": "telegram",
    "/slack/events": "slack_events",
}


@dataclass
class Services:
    settings: Settings
    policy: Policy
    store: Store
    engine: Engine
    dispatcher: Dispatcher
    timers: TimerLoop
    metrics: Metrics
    incidents: IncidentParts  # outage mode: incidents API, status page, subscriptions
    maintenance: MaintenanceParts  # the plan's and staff's windows, their notices
    channels: dict[str, Channel] = field(default_factory=dict)
    background: set[asyncio.Task[Any]] = field(default_factory=set)
    extra_routes: list[BaseRoute] = field(default_factory=list)
    # long-lived parts with start()/stop() that are not channels (the Slack agent desk)
    components: list[Any] = field(default_factory=list)


def build_services(
    settings: Settings,
    *,
    store: Store | None = None,
    policy: Policy | None = None,
    clock: Callable[[], datetime] = utcnow,
    metrics: Metrics | None = None,
) -> Services:
    quiet_library_loggers()  # the app's libraries never log tokens or identities at INFO
    policy = policy or load_policy(settings.policy, base_dir=Path(settings.base_dir))
    store = store or open_store(store_url(settings), **store_options(settings))
    # one registry per app, handed to whoever counts; GET /metrics renders it
    if metrics is None:
        metrics = Metrics(CollectorRegistry())
    endpoints = webhook_endpoints(settings)
    store = with_webhooks(store, endpoints)  # every commit enqueues its events' deliveries
    dispatcher = Dispatcher(
        store=store,
        senders={},
        clock=clock,
        metrics=metrics,
        interrupted=settings.store.interrupted_sends,
    )
    engine = Engine(
        store=store,
        policy=policy,
        clock=clock,
        max_message_chars=settings.limits.max_message_chars,
        turns_per_minute=settings.limits.turns_per_minute,
        on_commit=dispatcher.kick,
        handoff=settings.slack.enabled,
        metrics=metrics,
    )
    # every channel the dispatcher delivers for, read from the store at scrape time
    metrics.watch_outbox(store.count_outbox, lambda: tuple(dispatcher.senders))

    async def open_tickets() -> Sequence[Ticket]:
        return await store.list_tickets(open_only=True, limit=10_000)

    metrics.watch_tickets(open_tickets, clock)
    incidents = build_incidents(
        settings,
        store=store,
        policy=policy,
        clock=clock,
        format_time=engine.format_time,
        kick=dispatcher.kick,
    )
    engine.add_listener(incidents.unlinked)
    contacts = build_contacts(
        settings,
        store=store,
        policy=policy,
        clock=clock,
        kick=dispatcher.kick,
        format_time=engine.format_time,
    )
    maintenance = build_maintenance(
        store=store,
        policy=policy,
        clock=clock,
        format_time=engine.format_time,
        kick=dispatcher.kick,
        subscriptions=incidents.subscriptions,
        contacts=contacts.directory.maintenance_contacts,
    )
    engine.maintenance = maintenance.calendar.running  # intake mentions a running window
    incidents.page.maintenance = maintenance.desk.upcoming  # and the status page lists them
    engine.opening_checks.append(contacts.gate)  # the MPOC rule, inside the opening turn
    engine.add_listener(incidents.subscribed)
    engine.effect_gates.append(incidents.subscribed.email_gate)  # its limits, in the turn
    timers = TimerLoop(store=store, clock=clock)
    for kind, handler in maintenance.timer_handlers().items():
        timers.register(kind, handler)
    closer = NoResponseCloser(store=store, policy=policy, clock=clock, kick=dispatcher.kick)
    timers.register(NO_RESPONSE, closer.on_timer)
    timers.register(INCIDENT_FANOUT, incidents.jobs.on_timer)  # a fan-out whose worker died
    # an incident without an update for its interval: automatic notices, the desk's reminder
    timers.register(INCIDENT_REMINDER, incidents.update_due.on_timer)
    services = Services(
        settings=settings,
        policy=policy,
        store=store,
        engine=engine,
        dispatcher=dispatcher,
        timers=timers,
        metrics=metrics,
        incidents=incidents,
        maintenance=maintenance,
    )
    links = file_links(settings, clock)  # signed links to customers' and agents' files
    if settings.channels.webchat.enabled:
        _add_channel(
            services,
            WebchatChannel(
                engine=engine,
                session_secret=settings.server.session_secret.get_secret_value(),
                allowed_origins=settings.channels.webchat.allowed_origins,
                max_sockets_per_ip=settings.channels.webchat.max_sockets_per_ip,
                max_frames_per_minute=settings.channels.webchat.max_frames_per_minute,
                attachments_dir=data_path(settings, "attachments", "webchat"),
                max_upload_bytes=settings.channels.webchat.max_upload_bytes,
                files=links,
            ),
        )
    if settings.channels.sms.enabled:
        from channels.sms import build_sms_channel

        _add_channel(services, build_sms_channel(settings, engine, files=links))
    if settings.channels.telegram.enabled:
        from channels.telegram import build_telegram_channel

        _add_channel(services, build_telegram_channel(settings, engine))
    if settings.channels.email.enabled:
        from channels.email import build_email_channel
        from channels.email_inbox import INTAKE

        email = build_email_channel(settings, engine)
        _add_channel(services, email)
        # the durable inbox: accepted mail is turned by the dispatcher, behind the 250
        services.dispatcher.add_sender(INTAKE, email.inbox)
    # customers' files behind signed links, fetched from the provider on the first download
    fetchers = {
        name: fetcher
        for name, channel in services.channels.items()
        if (fetcher := getattr(channel, "file_fetcher", None)) is not None
    }
    services.extra_routes.extend(file_routes(settings, store=store, links=links, fetchers=fetchers))
    # the API acts through the desk's own actions (and refreshes its cards) when there is one
    actions = AgentActions(
        store=store, policy=policy, clock=clock, kick=dispatcher.kick, limits=engine.limits
    )
    after_action: AfterAction = nothing_after
    if settings.slack.enabled:
        from handoff.slack import build_slack_desk

        slack = build_slack_desk(
            settings.slack,
            store=store,
            policy=policy,
            clock=clock,
            format_time=engine.format_time,
            kick=dispatcher.kick,
            limits=engine.limits,
            metrics=metrics,
            incidents=incidents.desk,
            files=links,
            files_dir=data_path(settings, "attachments", "agent"),
            max_file_bytes=settings.files.max_fetch_bytes,
        )
        # one loop per worker runs every kind of timer, the desk's included
        for kind, handler in slack.timer_handlers.items():
            timers.register(kind, handler)
        for listener in slack.listeners:
            engine.add_listener(listener)
        for on_closed in slack.close_listeners:
            closer.add_listener(on_closed)
        for on_linked in slack.link_listeners:
            incidents.desk.add_link_listener(on_linked)
        for on_unlinked in slack.unlink_listeners:
            incidents.desk.add_unlink_listener(on_unlinked)
        for on_owed in slack.update_owed:
            incidents.update_due.add_hook(on_owed)
        services.extra_routes.extend(slack.routes)
        services.components.append(slack.desk)
        dispatcher.on_undelivered = slack.on_undelivered
        actions, after_action = slack.desk.actions, slack.desk.show
        contacts.approvals.after = _shown_on(slack.desk)
    else:
        # Without an agent desk nobody re-pings a queue or reminds an agent: a breach is
        # still recorded on the ticket (the API, search and webhooks show it); re-pings and
        # reminders are dropped when due instead of being claimed and put back on every poll.
        recorder = BreachRecorder(store=store, policy=policy, clock=clock, metrics=metrics)
        for kind in SLA_TIMER_KINDS:
            timers.register(kind, recorder.on_timer)
    if endpoints:
        sender = WebhookSender({e.name: e for e in endpoints})
        dispatcher.add_sender(CHANNEL, sender)
        services.components.append(sender)
    services.components.append(incidents.jobs)  # stopped with the app; leases resume it
    if incidents.source is not None:
        services.components.append(incidents.source)  # polls the external status page
    api = ApiContext(
        store=store,
        policy=policy,
        tokens=token_ring(settings),
        actions=actions,
        after_action=after_action,
        clock=clock,
        kick=dispatcher.kick,
        webhooks=[e.name for e in endpoints],
        maintenance=maintenance.desk,
        contacts=contacts.directory,
        files=links,
        incidents=incidents.desk,
    )
    services.extra_routes.extend(contacts.approvals.routes())
    services.extra_routes.extend(incidents.routes())
    services.extra_routes.extend(api_routes(api))
    services.components.append(maintenance.notices)  # start(): plans the notices to come
    # storm-path children's first messages, read when this worker has no turn under way
    services.components.append(
        DeferredReadings(store=store, policy=policy, clock=clock, busy=engine.busy)
    )
    return services


def webhook_endpoints(settings: Settings) -> list[Endpoint]:
    return [
        Endpoint(w.name, w.url, w.secret.get_secret_value(), frozenset(w.events))
        for w in settings.webhooks
    ]


def token_ring(settings: Settings) -> TokenRing:
    """`[[api.tokens]]`, the tokens file (re-read when it changes) and the old single
    `server.api_token` as a full-access token."""
    file = settings.api.tokens_file
    if file and not Path(file).is_absolute():
        file = str(Path(settings.base_dir) / file)
    return TokenRing(
        tokens=from_config(settings.api.tokens),
        file=file,
        legacy=settings.server.api_token.get_secret_value(),
    )


def _shown_on(desk: Any) -> Callable[[Ticket, str], Awaitable[None]]:
    """An MPOC's decision on the Slack desk: the card redrawn, a note in its thread."""

    async def shown(ticket: Ticket, note: str) -> None:
        owner = await desk.handoff.cards.owner(ticket.number)
        await desk.show(ticket.number, ActionResult(True, note, ticket=ticket, owner=owner), note)

    return shown


def _add_channel(services: Services, channel: Channel) -> None:
    services.channels[channel.name] = channel
    services.dispatcher.add_sender(channel.name, channel)


def build_app(services: Services) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        taskdump.install()  # kill -USR1: the tasks' stacks in the log
        await services.store.open()
        started: list[Channel] = []
        components: list[Any] = []
        try:
            for channel in services.channels.values():
                await channel.start()
                started.append(channel)
            for component in services.components:
                await component.start()
                components.append(component)
            for name, run in (
                ("outbox-dispatcher", services.dispatcher.run),
                ("timers", services.timers.run),
            ):
                services.background.add(asyncio.create_task(run(), name=name))
            services.metrics.up.set(1)
            log.info(
                "supportbot ready: policy %s, channels %s",
                services.policy.plan.name,
                ", ".join(services.channels) or "none",
            )
            yield
        finally:
            services.metrics.up.set(0)
            services.dispatcher.stop()
            services.timers.stop()
            for task in list(services.background):
                task.cancel()
            await asyncio.gather(*services.background, return_exceptions=True)
            services.background.clear()
            for component in reversed(components):
                try:
                    await component.stop()
                except Exception:
                    log.exception("stopping %s failed", type(component).__name__)
            for channel in reversed(started):
                try:
                    await channel.stop()
                except Exception:
                    log.exception("stopping channel %s failed", channel.name)
            await services.store.close()

    routes: list[BaseRoute] = [
        Route("/", lambda request: RedirectResponse("/chat"), methods=["GET"]),
        Route("/healthz", _healthz(services), methods=["GET"]),
        Route("/metrics", _metrics(services), methods=["GET"]),
    ]
    for channel in services.channels.values():
        routes.extend(channel.routes())
    routes.extend(services.extra_routes)
    services.metrics.channels.set_function(lambda: len(services.channels))
    for name in services.channels:  # each channel's series at 0 from the start
        services.metrics.channel(name)
    served = {getattr(route, "path", None) for route in routes}
    webhooks = {path: name for path, name in WEBHOOK_PATHS.items() if path in served}
    # the providers' webhooks first (a stable sort): the router tries each route's pattern in
    # turn, and a storm's every message is a webhook. The same routing: each webhook path
    # is an exact path that none of the routes before it ("/", "/healthz", "/metrics", the
    # other channels') matches, and routes of one path keep their order.
    routes.sort(key=lambda route: getattr(route, "path", None) not in webhooks)
    timed = Middleware(TimedRoutes, metrics=services.metrics, routes=webhooks)
    middleware = [timed]
    proxies = services.settings.server.trusted_proxies
    if proxies:  # behind reverse proxies: the client is read from X-Forwarded-For (bot.proxies)
        trusted = TrustedProxies(parse_networks(proxies))
        middleware.insert(0, Middleware(ForwardedFor, trusted=trusted))
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={StoreError: _store_unavailable},
    )
    app.state.services = services
    return app


# -- HTTP handlers --------------------------------------------------------------------------


_UNAVAILABLE = Outage(log, "requests answered 503")  # one report per interval, not per request


async def _store_unavailable(request: Request, exc: Exception) -> Response:
    """The store is unreachable (Redis down, SQLite locked): nothing was committed, so
    nothing was acknowledged; 503 + Retry-After makes providers deliver it again."""
    _UNAVAILABLE.failed(exc)
    if request.url.path.startswith("/api/"):  # the API's errors are all problem+json
        return problem(
            503,
            "unavailable",
            "try again shortly",
            instance=request.url.path,
            headers={"Retry-After": "5"},
            error="store_unavailable",
        )
    return JSONResponse(
        {"error": "store_unavailable", "detail": "try again shortly"},
        status_code=503,
        headers={"Retry-After": "5"},
    )


Handler = Callable[[Request], Any]


def _healthz(services: Services) -> Handler:
    async def healthz(request: Request) -> Response:
        try:
            await services.store.ping()
        except StoreError as exc:
            return JSONResponse({"status": "unavailable", "store": str(exc)}, status_code=503)
        return JSONResponse({"status": "ok", "policy": services.policy.plan.name})

    return healthz


def _metrics(services: Services) -> Handler:
    token = services.settings.api.metrics_token.get_secret_value()

    async def metrics(request: Request) -> Response:
        if token:
            scheme, _, given = request.headers.get("authorization", "").partition(" ")
            ok = scheme.lower() == "bearer" and hmac.compare_digest(
                hashlib.sha256(given.strip().encode()).digest(),
                hashlib.sha256(token.encode()).digest(),
            )
            if not ok:
                return PlainTextResponse(
                    "send Authorization: Bearer <api.metrics_token>\n",
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
        body = await services.metrics.exposition()
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return metrics
