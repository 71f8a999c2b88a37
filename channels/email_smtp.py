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

Memory: aiosmtpd (1.4) keeps a message's lines in memory while DATA lasts (a list of
one bytearray per line, about twice the message) and offers no hook to put them
elsewhere, so `BoundedSMTP.smtp_DATA` reads the DATA phase itself: each line, dot-
unstuffed, goes to a `DataSpool` that keeps its first `SPOOL_IN_MEMORY` bytes in memory
and then moves to an anonymous file on disk (`spool_dir`; unlinked from the start, so
nothing is left behind even by a killed process). A session in DATA, however slow or stalled, holds at
most that much of its message in memory; past `max_message_bytes` the spool is dropped
and the answer is 552, as aiosmtpd's. The whole message is read back once the final dot
has come, for the handler's commit (one message at a time per session, the
inbox's backlog bounds how many wait). docs/reliability.md has the figures. The override
uses aiosmtpd's hook caller and reader (`_call_handler_hook`, `_reader`,
`_set_post_data_state`), hence the pin to aiosmtpd 1.4.x in pyproject.toml.
"""

from __future__ import annotations

import asyncio
import io
import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from aiosmtpd.smtp import MISSING, SMTP

log = logging.getLogger("supportbot.email")

TOO_MANY: Final = b"421 4.7.0 Too many connections, please try again later\r\n"
TOO_LONG: Final = b"421 4.4.2 Session time limit reached, closing connection\r\n"
# bytes of a message a session keeps in memory during DATA; the rest is spooled to disk
SPOOL_IN_MEMORY: Final = 64 * 1024
LINE_TOO_LONG: Final = "500 Line too long (see RFC5321 4.5.3.1.6)"
TOO_MUCH_DATA: Final = "552 Error: Too much mail data"


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


class DataSpool:
    """A message in transit: in memory up to `max_memory` bytes, then in an unnamed
    temporary file (the memory given back)."""

    def __init__(self, *, max_memory: int = SPOOL_IN_MEMORY, spool_dir: Path | None) -> None:
        self.max_memory = max_memory
        self.spool_dir = spool_dir
        self.size = 0
        self._memory: io.BytesIO | None = io.BytesIO()
        self._file: IO[bytes] | None = None

    @property
    def on_disk(self) -> bool:
        return self._file is not None

    @property
    def in_memory(self) -> int:
        return self._memory.getbuffer().nbytes if self._memory is not None else 0

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self._file is None and self.size > self.max_memory:
            self._file = tempfile.TemporaryFile(dir=self.spool_dir, prefix="smtp-data-")
            if self._memory is not None:
                self._file.write(self._memory.getbuffer())
            self._memory = None
        if self._file is not None:
            self._file.write(data)
        elif self._memory is not None:
            self._memory.write(data)

    def drop(self) -> None:
        """Forget what was written (a refused message): memory and disk given back."""
        self.close()
        self.size, self._memory = 0, io.BytesIO()

    def read_all(self) -> bytes:
        if self._file is not None:
            self._file.seek(0)
            return self._file.read()
        return self._memory.getvalue() if self._memory is not None else b""

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = self._memory = None


class BoundedSMTP(SMTP):
    """aiosmtpd's SMTP with a deadline for the session and one for the DATA phase,
    counted in and out through `on_open` / `on_close` (the channel's session count)."""

    def __init__(
        self,
        handler: Any,
        *,
        limits: SessionLimits,
        on_close: Callable[[BoundedSMTP], None],
        spool_dir: Path | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(handler, timeout=limits.idle_timeout, **kwargs)
        self._limits = limits
        self._spool_dir = spool_dir
        self.spool: DataSpool | None = None  # the message in transit, during DATA
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
        if await self.check_helo_needed() or await self.check_auth_needed("DATA"):
            return
        assert self.envelope is not None
        if not self.envelope.rcpt_tos:
            await self.push("503 Error: need RCPT command")
            return
        if arg:
            await self.push("501 Syntax: DATA")
            return
        await self.push("354 End data with <CR><LF>.<CR><LF>")
        self.spool = spool = DataSpool(spool_dir=self._spool_dir)
        try:
            refusal = await self._spool_data(spool)
            if refusal is not None:
                await self.push(refusal)
                self._set_post_data_state()
                return
            raw = spool.read_all()
        finally:
            spool.close()
            self.spool = None
        self.envelope.content = self.envelope.original_content = raw
        status = await self._call_handler_hook("DATA")
        self._set_post_data_state()
        await self.push("250 OK" if status is MISSING else status)

    async def _spool_data(self, spool: DataSpool) -> str | None:
        """Read DATA up to the lone dot into `spool`, dot-unstuffed (RFC 5321 4.5.2); the
        refusal to answer once the dot has come (the peer is read to the end either way,
        RFC 5321 4.2.5), or None."""
        limit = self.data_size_limit
        size, refusal, whole = 0, None, True  # whole: the last read ended a line
        while self.transport is not None:
            try:
                line: bytes = await self._reader.readuntil(b"\r\n")
            except asyncio.CancelledError:  # the connection was lost during DATA
                log.info("SMTP connection lost during DATA")
                self._writer.close()
                raise
            except asyncio.LimitOverrunError as exc:  # past the stream's line limit
                refusal = refusal or LINE_TOO_LONG
                line = await self._reader.read(exc.consumed)
            if whole and line == b".\r\n":
                return refusal
            starts_line, whole = whole, line.endswith(b"\r\n")
            size += len(line)
            if refusal is None and limit and size > limit:
                refusal = TOO_MUCH_DATA
            if refusal is not None:
                if spool.size:
                    spool.drop()  # what was read is dropped at once: nothing keeps it
                continue
            if len(line) > self.line_length_limit:
                refusal = LINE_TOO_LONG
                continue
            spool.write(line[1:] if starts_line and line.startswith(b".") else line)
        return refusal


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
        spool_dir: Path | None = None,
    ) -> None:
        self.handler = handler
        self.spool_dir = spool_dir  # DATA beyond SPOOL_IN_MEMORY (None: the system's temp)
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
            spool_dir=self.spool_dir,
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

    @property
    def spools(self) -> list[DataSpool]:
        """The messages in transit, one per session in its DATA phase."""
        return [s.spool for s in self._open if isinstance(s, BoundedSMTP) and s.spool]

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
