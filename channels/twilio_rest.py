"""Outbound SMS through twilio's own REST client, on its asyncio HTTP client,
pointed at a configurable API base URL (staging, tests).

`RebasedHttpClient` is composed around twilio's `AsyncTwilioHttpClient`: it
rewrites `https://api.twilio.com` to the configured base and turns the
provider's answers into the dispatcher's vocabulary: 429 and 5xx become
`TemporaryFailure` (honouring `Retry-After`), a refused message with a known
permanent error code becomes `PermanentFailure`. A create (POST) that got no answer
Twilio wrote itself (a timeout, a connection dropped or reset, a 5xx, a body that is not
its JSON) may have been accepted all the same: it raises `OutcomeUnknown`, and the SMS
channel settles it with the message log before sending that part again. A 429 is Twilio
refusing the request: nothing was created.

`TwilioSender.sent` reads Twilio's message log (the Messages list, newest first) for what
was already sent to a number: how an interrupted send is reconciled (channels/sms.py).
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from aiohttp import ClientError
from twilio.base.exceptions import TwilioException, TwilioRestException, TwilioServiceException
from twilio.http import AsyncHttpClient
from twilio.http.async_http_client import AsyncTwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

from bot.engine.delivery import PermanentFailure, TemporaryFailure, Unreconciled

log = logging.getLogger("supportbot.sms")

TWILIO_API: Final = "https://api.twilio.com"
# Twilio error codes that will never succeed on retry for this number.
PERMANENT_CODES: Final = frozenset(
    {
        21211,  # invalid 'To' phone number
        21408,  # permission to send to this region not enabled
        21610,  # recipient unsubscribed (replied STOP)
        21612,  # cannot route to this number
        21614,  # 'To' is not a valid mobile number
        30003,  # unreachable handset
        30004,  # message blocked
        30005,  # unknown destination handset
        30006,  # landline or unreachable carrier
        30007,  # filtered as spam by the carrier
    }
)
# How much of a number's message log a reconcile reads (newest first, pages of LOG_PAGE:
# one request for any customer we wrote to fewer than that many times), and how far before
# an item's commit a message may be dated and still be its send (Twilio's clock and ours
# may disagree by that much).
LOG_LIMIT: Final = 1000
LOG_PAGE: Final = 100
CLOCK_SKEW: Final = timedelta(minutes=2)


class OutcomeUnknown(TemporaryFailure):
    """A create whose request may have reached Twilio and been accepted, with no answer to
    say so: sending it again blind could be a duplicate (channels/sms.py settles it)."""


@dataclass(frozen=True, slots=True)
class SentMessage:
    """One outbound message in Twilio's log."""

    sid: str
    body: str
    created: datetime | None


class RebasedHttpClient(AsyncHttpClient):
    """twilio's async HTTP client with the API host swapped for a configured base URL."""

    def __init__(self, base_url: str, *, timeout: float = 10.0) -> None:
        super().__init__(logger=log, is_async=True, timeout=timeout)
        self.base_url = base_url.rstrip("/")
        self._inner: AsyncTwilioHttpClient | None = None

    def rebase(self, url: str) -> str:
        if self.base_url != TWILIO_API and url.startswith(TWILIO_API):
            return self.base_url + url[len(TWILIO_API) :]
        return url

    async def request(
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,  # noqa: ASYNC109 - twilio's HttpClient signature
        allow_redirects: bool = False,
    ) -> Response:
        if self._inner is None:  # its aiohttp session must be made inside the running loop
            self._inner = AsyncTwilioHttpClient(timeout=self.timeout)
        if auth is not None:  # aiohttp deprecates its BasicAuth argument: send the header
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            headers = {**(headers or {}), "Authorization": f"Basic {token}"}
        try:
            response = await self._inner.request(
                method,
                self.rebase(url),
                params=params,
                data=data,
                headers=headers,
                auth=None,
                timeout=timeout or self.timeout,
                allow_redirects=allow_redirects,
            )
        except (OSError, TimeoutError, ClientError) as exc:  # timeouts, refusals, drops
            # A create's request may have gone out before the connection failed: unknown.
            failure = OutcomeUnknown if method.upper() == "POST" else TemporaryFailure
            raise failure(f"twilio unreachable: {type(exc).__name__}") from exc
        status = response.status_code
        if status == 429 or status >= 500:
            # a 5xx may come from a proxy in front of Twilio after Twilio accepted the create
            unknown = status >= 500 and method.upper() == "POST"
            failure = OutcomeUnknown if unknown else TemporaryFailure
            raise failure(f"twilio answered {status}", retry_after=_retry_after(response.headers))
        return response

    async def close(self) -> None:
        if self._inner is not None:
            await self._inner.close()
            self._inner = None


def _retry_after(headers: Any) -> float | None:
    raw = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None  # an HTTP date: let the dispatcher's backoff decide


class TwilioSender:
    """Creates messages through `Client.messages.create_async`; one client for the process."""

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        api_base_url: str,
        status_callback: str,
        timeout: float = 10.0,
    ) -> None:
        self.http = RebasedHttpClient(api_base_url, timeout=timeout)
        self.client = Client(account_sid, auth_token, http_client=self.http)
        self.from_number = from_number
        self.status_callback = status_callback

    async def create(self, *, to: str, body: str) -> str:
        """Send one message; returns its MessageSid."""
        try:
            message = await self.client.messages.create_async(
                to=to, from_=self.from_number, body=body, status_callback=self.status_callback
            )
        except (TwilioRestException, TwilioServiceException) as exc:
            # 400/404 with a code: this message is refused for good. 401/403 are a
            # credentials problem the operator can fix, so the message waits for it.
            if exc.code in PERMANENT_CODES or exc.status in (400, 404):
                raise PermanentFailure(f"twilio error {exc.code} (HTTP {exc.status})") from exc
            raise TemporaryFailure(f"twilio error {exc.code} (HTTP {exc.status})") from exc
        except (ValueError, KeyError, TwilioException) as exc:  # a 2xx we cannot read
            # json.JSONDecodeError is a ValueError: the create may well have been accepted
            raise OutcomeUnknown(f"twilio's answer unreadable: {type(exc).__name__}") from exc
        return str(message.sid)

    async def sent(self, *, to: str, since: datetime) -> list[SentMessage]:
        """The messages from our number to `to` created since `since` (less CLOCK_SKEW),
        from the newest LOG_LIMIT of Twilio's log (`GET .../Messages.json?To=&From=`, its
        pages followed). Not filtered by `DateSent>`, which Twilio applies to whole days and
        which a message still queued at Twilio does not have yet: the log is read by number
        and compared here on `date_created`, which every message has. Raises `Unreconciled`
        when the log cannot be read."""
        try:
            messages = await self.client.messages.list_async(
                to=to, from_=self.from_number, limit=LOG_LIMIT, page_size=LOG_PAGE
            )
        except TemporaryFailure as exc:
            raise Unreconciled(f"twilio's message log could not be read: {exc}") from exc
        except ValueError as exc:  # a page that is not Twilio's JSON
            raise Unreconciled("twilio's message log could not be read (not JSON)") from exc
        except TwilioException as exc:  # its text may carry the URL, and the URL the number
            # a page's refusal is TwilioException("Unable to fetch page", response)
            answers = [a.status_code for a in exc.args if isinstance(a, Response)]
            status = getattr(exc, "status", None) or (answers[0] if answers else "?")
            raise Unreconciled(f"twilio's message log could not be read (HTTP {status})") from exc
        oldest = since - CLOCK_SKEW
        found = []
        for m in messages:
            created = m.date_created if isinstance(m.date_created, datetime) else None
            if created is None or created >= oldest:
                found.append(SentMessage(str(m.sid), str(m.body or ""), created))
        return found

    async def close(self) -> None:
        await self.http.close()
