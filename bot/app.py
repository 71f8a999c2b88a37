"""The composition root: builds every long-lived object once from the settings
and wires channels and the agent desk to the engine. The only module of
`bot/` (with the CLI) that imports `channels` and `handoff`."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.config import Settings, store_url
from bot.engine.dispatch import Dispatcher
from bot.engine.lifecycle import KIND as NO_RESPONSE
from bot.engine.lifecycle import NoResponseCloser
from bot.engine.sla_timers import SLA_TIMER_KINDS
from bot.engine.timers import TimerLoop
from bot.engine.turns import Engine, utcnow
from bot.logs import quiet_library_loggers
from bot.metrics import Metrics, TimedRoutes
from bot.plan.policy import Policy, load_policy
from bot.store.backends import open_store
from bot.store.protocol import Store, StoreError, Timer
from channels.base import Channel
from channels.webchat import WebchatChannel
from domain.types import Ticket

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
    from pathlib import Path

    quiet_library_loggers()  # the app's libraries never log tokens or identities at INFO
    policy = policy or load_policy(settings.policy, base_dir=Path(settings.base_dir))
    store = store or open_store(store_url(settings))
    # one registry per app, handed to whoever counts; GET /metrics renders it
    if metrics is None:
        metrics = Metrics(CollectorRegistry())
    dispatcher = Dispatcher(store=store, senders={}, clock=clock, metrics=metrics)
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
    timers = TimerLoop(store=store, clock=clock)
    closer = NoResponseCloser(store=store, policy=policy, clock=clock, kick=dispatcher.kick)
    timers.register(NO_RESPONSE, closer.on_timer)
    services = Services(
        settings=settings,
        policy=policy,
        store=store,
        engine=engine,
        dispatcher=dispatcher,
        timers=timers,
        metrics=metrics,
    )
    if settings.channels.webchat.enabled:
        _add_channel(
            services,
            WebchatChannel(
                engine=engine,
                session_secret=settings.server.session_secret.get_secret_value(),
                allowed_origins=settings.channels.webchat.allowed_origins,
                max_sockets_per_ip=settings.channels.webchat.max_sockets_per_ip,
                max_frames_per_minute=settings.channels.webchat.max_frames_per_minute,
            ),
        )
    if settings.channels.sms.enabled:
        from channels.sms import build_sms_channel

        _add_channel(services, build_sms_channel(settings, engine))
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
        )
        # one loop per worker runs every kind of timer, the desk's included
        for kind, handler in slack.timer_handlers.items():
            timers.register(kind, handler)
        for listener in slack.listeners:
            engine.add_listener(listener)
        services.extra_routes.extend(slack.routes)
        services.components.append(slack.desk)
    else:
        # Without an agent desk nobody re-pings a queue or reminds an agent: the SLA timers
        # (first-response re-pings, update reminders) are dropped when due instead of being
        # claimed and put back on every poll.
        for kind in SLA_TIMER_KINDS:
            timers.register(kind, _drop_timer)
    return services


async def _drop_timer(timer: Timer) -> None:
    return None


def _add_channel(services: Services, channel: Channel) -> None:
    services.channels[channel.name] = channel
    services.dispatcher.add_sender(channel.name, channel)


def build_app(services: Services) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
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
        Route("/api/tickets", _list_tickets(services), methods=["GET"]),
        Route("/api/tickets/{number}", _get_ticket(services), methods=["GET"]),
    ]
    for channel in services.channels.values():
        routes.extend(channel.routes())
    routes.extend(services.extra_routes)
    services.metrics.channels.set_function(lambda: len(services.channels))
    for name in services.channels:  # each channel's series at 0 from the start
        services.metrics.channel(name)
    served = {getattr(route, "path", None) for route in routes}
    webhooks = {path: name for path, name in WEBHOOK_PATHS.items() if path in served}
    timed = Middleware(TimedRoutes, metrics=services.metrics, routes=webhooks)
    app = Starlette(
        routes=routes,
        middleware=[timed],
        lifespan=lifespan,
        exception_handlers={StoreError: _store_unavailable},
    )
    app.state.services = services
    return app


# -- HTTP handlers --------------------------------------------------------------------------


async def _store_unavailable(request: Request, exc: Exception) -> Response:
    """The store is unreachable (Redis down, SQLite locked): nothing was committed, so
    nothing was acknowledged; 503 + Retry-After makes providers deliver it again."""
    log.warning("store unavailable on %s %s: %s", request.method, request.url.path, exc)
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
    async def metrics(request: Request) -> Response:
        body = await services.metrics.exposition()
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return metrics


def _authorized(services: Services, request: Request) -> Response | None:
    token = services.settings.server.api_token.get_secret_value()
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    import hmac

    if not token or scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), token):
        return JSONResponse(
            {"error": "unauthorized", "detail": "send Authorization: Bearer <server.api_token>"},
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )
    return None


def ticket_json(ticket: Ticket) -> dict[str, Any]:
    data = ticket.to_json()
    data["customer"] = data.pop("address")
    return data


def _list_tickets(services: Services) -> Handler:
    async def list_tickets(request: Request) -> Response:
        denied = _authorized(services, request)
        if denied is not None:
            return denied
        try:
            limit = max(1, min(500, int(request.query_params.get("limit", "100"))))
        except ValueError:
            return JSONResponse({"error": "limit must be a number"}, status_code=400)
        open_only = request.query_params.get("status") == "open"
        tickets = await services.store.list_tickets(open_only=open_only, limit=limit)
        return JSONResponse({"tickets": [ticket_json(t) for t in tickets]})

    return list_tickets


def _get_ticket(services: Services) -> Handler:
    async def get_ticket(request: Request) -> Response:
        denied = _authorized(services, request)
        if denied is not None:
            return denied
        raw = request.path_params["number"]
        if not raw.isdigit():
            return JSONResponse({"error": "ticket numbers are digits"}, status_code=400)
        ticket = await services.store.get_ticket(int(raw))
        if ticket is None:
            return JSONResponse({"error": "no such ticket"}, status_code=404)
        return JSONResponse(ticket_json(ticket))

    return get_ticket
