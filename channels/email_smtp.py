"""SMTP resource bounds: sessions at once, a session's life, the DATA phase, idle time.

aiosmtpd bounds a session only by `timeout`, which it restarts on every complete
command: a peer that sends NOOP now and then keeps its session for ever, and the
DATA phase is cut by the same short idle timer however large the message. So:

- `max_sessions` sessions at once; the next connection is answered
  `421 4.7.0` and closed, before aiosmtpd sees it (`Refusal`);
- `idle_timeout_s`: aiosmtpd's own timer, restarted by a complete command only (a
  byte-at-a-time peer never restarts it);
- `data_timeout_s`: from the DATA command to the final dot and our answer, one
  deadline for the whole phase (a slow 25 MB upload gets this, not the idle time);
- `session_timeout_s`: connect to close, whatever the peer does.

Memory: aiosmtpd (1.4) buffers a message's lines in memory while DATA lasts and
offers no hook to stream them elsewhere, so a session holds at most
`max_message_bytes` (past it aiosmtpd drops what it read and answers 552), and all
sessions at most `max_sessions` times that; docs/reliability.md has the figures.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from aiosmtpd.smtp import SMTP

log = logging.getLogger("supportbot.email")

TOO_MANY: Final = b"421 4.7.0 Too many connections, please try again later\r\n"
TOO_LONG: Final = b"421 4.4.2 Session time limit reached, closing connection\r\n"


@dataclass(frozen=True, slots=True)
class SessionLimits:
    max_sessions: int
    session_timeout: float
    data_timeout: float
    idle_timeout: float


class Refusal(asyncio.Protocol):
    """A connection past `max_sessions`: 421 4.7.0, closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(TOO_MANY)
        transport.close()


class BoundedSMTP(SMTP):
    """aiosmtpd's SMTP with a deadline for the session and one for the DATA phase,
    counted in and out through `on_open` / `on_close` (the channel's session count)."""

    def __init__(
        self,
        handler: Any,
        *,
        limits: SessionLimits,
        on_close: Callable[[BoundedSMTP], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(handler, timeout=limits.idle_timeout, **kwargs)
        self._limits = limits
        self._on_close = on_close
        self._deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._deadline = self.loop.call_later(self._limits.session_timeout, self._expire)

    def connection_lost(self, error: Exception | None) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._on_close(self)
        super().connection_lost(error)

    def _expire(self) -> None:
        transport = self.transport
        if isinstance(transport, asyncio.WriteTransport) and not transport.is_closing():
            log.info("SMTP session over its %ss limit; closed", self._limits.session_timeout)
            transport.write(TOO_LONG)
            transport.close()

    async def smtp_DATA(self, arg: str) -> None:
        # aiosmtpd's timer is restarted per command only: from here it is the DATA
        # deadline, until the next command restarts it as the idle timer
        self._reset_timeout(self._limits.data_timeout)
        await super().smtp_DATA(arg)


class SmtpListener:
    """The SMTP server on the app's own loop: aiosmtpd sessions for `handler`, bounded
    by `limits`; `open_sessions` counts them, `on_refused` is told of each 421 4.7.0."""

    def __init__(
        self,
        handler: Any,
        *,
        limits: SessionLimits,
        data_size_limit: int,
        hostname: str,
        on_refused: Callable[[], None] = lambda: None,
    ) -> None:
        self.handler = handler
        self.on_refused = on_refused
        self.limits = limits
        self.data_size_limit = data_size_limit
        self.hostname = hostname
        self._server: asyncio.Server | None = None
        self._open: set[SMTP] = set()  # connected and not yet closed
        self._none_open = asyncio.Event()
        self._none_open.set()

    async def start(self, host: str, port: int) -> int:
        """Listen; the port it listens on."""
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(lambda: self._protocol(loop), host, port)
        return int(self._server.sockets[0].getsockname()[1])

    def _protocol(self, loop: asyncio.AbstractEventLoop) -> asyncio.BaseProtocol:
        if len(self._open) >= self.limits.max_sessions:
            self.on_refused()
            return Refusal()
        session = BoundedSMTP(
            self.handler,
            limits=self.limits,
            on_close=self._closed,
            data_size_limit=self.data_size_limit,
            enable_SMTPUTF8=True,
            hostname=self.hostname,
            ident="supportbot ESMTP",
            loop=loop,
        )
        self._open.add(session)  # counted from here: the factory runs per connection
        self._none_open.clear()
        return session

    def _closed(self, session: SMTP) -> None:
        self._open.discard(session)
        if not self._open:
            self._none_open.set()

    @property
    def open_sessions(self) -> int:
        return len(self._open)

    async def sessions_closed(self) -> None:
        """Until no session is open (each closed by its peer or by a deadline)."""
        await self._none_open.wait()

    async def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        for session in list(self._open):
            transport = session.transport
            if transport is not None:
                transport.close()
        await server.wait_closed()
