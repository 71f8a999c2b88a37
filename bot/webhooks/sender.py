"""Delivers webhook outbox items: an HTTP POST signed by the Standard Webhooks scheme.

    webhook-id         the delivery's id (fixed at commit time: the receiver's idempotency key)
    webhook-timestamp  seconds since the epoch, when this attempt was signed
    webhook-signature  v1,<base64 HMAC-SHA256 over "{id}.{timestamp}.{body}">

keyed by the endpoint's secret (`whsec_<base64 key>`). A 2xx is delivered; 408, 429
and 5xx, a timeout or a refused connection are tried again with the dispatcher's
backoff (a Retry-After in seconds is honoured); any other answer is permanent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Callable, Mapping
from typing import Final

import httpx

from bot.engine.delivery import PermanentFailure, Receipt, TemporaryFailure
from bot.store.records import OutboxStatus
from bot.webhooks.events import Endpoint
from domain.types import Outbound

TIMEOUT: Final = 10.0
RETRYABLE: Final = frozenset({408, 425, 429})


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(key, signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else None


class WebhookSender:
    """The dispatcher's sender for the `webhook` channel: one shared HTTP client."""

    # receivers deduplicate on `webhook-id` (Standard Webhooks), stable across attempts
    resend_interrupted = True

    def __init__(
        self,
        endpoints: Mapping[str, Endpoint],
        *,
        wall_clock: Callable[[], float] = time.time,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self.endpoints = dict(endpoints)
        # the receiver checks the timestamp against its own clock: the real time of this
        # attempt, not the app's (injected) clock that schedules retries
        self.wall_clock = wall_clock
        self.client = client or httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False)
        self.name = "webhook"

    async def send(self, message: Outbound) -> Receipt:
        endpoint = self.endpoints.get(message.address.id)
        if endpoint is None:
            raise PermanentFailure(f"no webhook endpoint {message.address.id!r} in the config")
        webhook_id = message.meta["webhook_id"]
        timestamp = int(self.wall_clock())
        body = message.text.encode("utf-8")
        headers = {
            "content-type": "application/json",
            "user-agent": "supportbot-webhooks",
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(endpoint.secret, webhook_id, timestamp, body),
        }
        try:
            response = await self.client.post(endpoint.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise TemporaryFailure(f"{endpoint.name}: {type(exc).__name__}") from None
        status = response.status_code
        if 200 <= status < 300:
            return Receipt(provider_id=f"http {status}", status=OutboxStatus.DELIVERED)
        if status >= 500 or status in RETRYABLE:
            raise TemporaryFailure(
                f"{endpoint.name}: HTTP {status}", retry_after=_retry_after(response)
            )
        raise PermanentFailure(f"{endpoint.name}: HTTP {status}")

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        await self.client.aclose()
