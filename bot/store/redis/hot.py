"""A cheaper way to run the Redis store's Lua scripts: EVALSHA on connections of our own,
the calls of one pass of the event loop written together.

redis-py's `Script.__call__` goes through `Redis.execute_command`: the blocking pool's
condition, lock and timeout to borrow a connection, its observability counters, the retry
wrapper, a health check and a task (`asyncio.wait_for`) to bound each write, then the same
again to give the connection back. For a storm message's three scripts that was about a
third of a Redis worker's time. `HotLane` keeps up to `size` connections it borrowed from
that same pool once and hands them out from a plain list; redis-py still packs the
commands (the usual arguments of EVALSHA excepted, below), parses the replies and owns the
connections.

Pipelined, as the SQLite store's group commit: every script call made in one pass of the
loop waits for the end of that pass, and the whole batch is sent on one lane connection
with one write (one system call, one timeout), its replies read in order. Redis runs each
script atomically and a connection's commands in the order sent, so a call's outcome is
what it was alone; what a batch saves is the per-call write, wake-up and read of the
socket. A caller cancelled while its batch is out does not disturb the connection: the
batch's replies are still read, that caller's is dropped.

Anything out of the ordinary goes back to redis-py's own path for that call: no lane
connection free (the pool's other connections serve it, waiting as before), a script Redis
does not know (NOSCRIPT: `Script.__call__` loads it), a connection found broken (Redis
restarted: the calls not yet answered are made again through the client, as its retry
would). A timeout is a StoreError at once for the calls not yet answered, as the client's
would be, and the connection is dropped.

The lane packs its EVALSHAs itself (`bot.store.redis.evalsha`: the bytes redis-py would
write, a fraction of the cost) when the connection encodes as redis-py's default does;
anything else is packed by redis-py.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any, Final

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import InvalidResponse, NoScriptError, RedisError, ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.store.errors import StoreError
from bot.store.redis.evalsha import pack_evalsha
from bot.store.redis.replies import Replies, Unparsable

# a batch's answer for a call that goes through redis-py's own path instead
_SLOW: Final = object()
# the encodings `pack_evalsha` writes as redis-py's encoder would
_UTF8: Final = frozenset({"utf-8", "utf8", "UTF-8"})

_Call = tuple[Any, list[str], list[Any], "asyncio.Future[Any]"]  # script, keys, args, answer


class HotLane:
    """`run(name, keys, args)` for the Lua `sources` (name -> script), registered on
    `client` (redis-py's `Script`: its SHA, and the way back through the client)."""

    def __init__(self, client: Any, sources: dict[str, str], *, size: int, timeout: float) -> None:
        self._client = client
        self._pool = client.connection_pool
        self._scripts = {name: client.register_script(src) for name, src in sources.items()}
        self._size = size
        self._timeout = timeout
        self._idle: list[Any] = []
        self._borrowed: list[Any] = []  # every connection this lane took from the pool
        self._taking = 0  # borrowings under way
        self._closed = False
        self._queue: list[_Call] = []  # calls waiting for the end of this pass of the loop
        self._flush_soon = False
        self._sending: set[asyncio.Task[None]] = set()  # batches on the wire
        # the loop the lane runs on (its connections are that loop's): asyncio's
        # get_running_loop makes a getpid() system call each time, twice a storm message here
        self._loop: asyncio.AbstractEventLoop | None = None

    async def run(self, name: str, keys: list[str], args: list[Any]) -> Any:
        script = self._scripts[name]
        if self._closed:
            return await self._slow(script, keys, args)
        loop = self._loop
        if loop is None or not loop.is_running():  # first call, or a loop since closed
            loop = self._loop = asyncio.get_running_loop()
        answer: asyncio.Future[Any] = loop.create_future()
        self._queue.append((script, keys, args, answer))
        if not self._flush_soon:
            self._flush_soon = True
            loop.call_soon(self._flush)  # after every task this pass wakes has made its call
        reply = await answer
        if reply is _SLOW:
            return await self._slow(script, keys, args)
        return reply

    def _flush(self) -> None:
        self._flush_soon = False
        batch, self._queue = self._queue, []
        if batch:
            task = self._loop_now().create_task(self._send(batch))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

    def _loop_now(self) -> asyncio.AbstractEventLoop:
        """The loop `run` last saw (`_flush` runs on it)."""
        assert self._loop is not None
        return self._loop

    async def _send(self, batch: list[_Call]) -> None:
        conn = await self._connection()
        if conn is None:  # every lane connection busy, or closed: redis-py's own path
            _settle(batch, _SLOW)
            return
        sent: list[_Call] = []
        done = 0  # calls answered
        try:
            packed: list[bytes] = []
            encoder = conn.encoder
            ours = encoder.encoding in _UTF8 and encoder.encoding_errors == "strict"
            for call in batch:
                script, keys, args, answer = call
                data = pack_evalsha(script.sha, keys, args) if ours else None
                if data is not None:
                    packed.append(data)
                    sent.append(call)
                    continue
                try:
                    packed += conn.pack_command("EVALSHA", script.sha, len(keys), *keys, *args)
                except RedisError as exc:  # an argument redis-py cannot send: its caller's
                    _fail([call], f"redis: {type(exc).__name__}: {exc}", exc)
                    continue
                sent.append(call)
            if not sent:
                return
            async with asyncio.timeout(self._timeout):
                if not conn.is_connected:
                    await conn.connect()
                await conn.check_health()  # a PING only when idle past the pool's interval
                # the write without the task `send_packed_command` spends on its own timeout
                # (a private method of redis-py's connection; the public one where it is gone)
                write = getattr(conn, "_send_packed_command", None)
                if write is not None:
                    await write(packed)
                else:
                    await conn.send_packed_command(packed, check_health=False)
            # The replies, in order. redis-py's `read_response` puts each read under a
            # timeout of its own (an `asyncio.timeout`: a timer handle made and cancelled, and
            # three getpid() system calls on Python 3.11) and its parser reads a line at a
            # time; the batch's reads share one timeout here, the connection's
            # socket_timeout, and its replies are parsed from what the connection's stream
            # holds (`Replies`: the values redis-py's parser gives), with read_response's
            # handling of errors. Through the connection's private stream and parser; the
            # public read where they are gone.
            replies = _replies(conn)
            if replies is None:
                for _, _, _, answer in sent:
                    reply = await _read_one(conn)
                    done += 1
                    _answer(answer, reply)
            else:
                async with asyncio.timeout(self._timeout):
                    for _, _, _, answer in sent:
                        try:
                            reply = await replies.next()
                        except OSError as exc:  # read_response's ConnectionError
                            raise RedisConnectionError(f"Error while reading: {exc.args}") from exc
                        except Unparsable as exc:  # read_response drops the connection
                            done += 1
                            _answer(answer, _error(InvalidResponse(str(exc))))
                            raise RedisConnectionError(str(exc)) from exc
                        if isinstance(reply, NoScriptError):
                            reply = _SLOW  # the connection is fine; the script is not loaded
                        elif isinstance(reply, ResponseError):  # a script's own error
                            reply = _error(reply)
                        done += 1
                        _answer(answer, reply)
                if replies.left():  # more than the batch's replies (a push): not ours to read
                    await conn.disconnect(nowait=True)
                if conn.health_check_interval:  # as read_response marks a used connection
                    now = self._loop_now().time()
                    conn.next_health_check = now + conn.health_check_interval
        except RedisConnectionError:
            await conn.disconnect(nowait=True)  # reconnects on its next use
            _settle(sent[done:], _SLOW)
        except (TimeoutError, RedisTimeoutError) as exc:
            await conn.disconnect(nowait=True)
            _fail(sent[done:], f"redis: TimeoutError: {exc or 'no answer in time'}", exc)
        except BaseException as exc:  # cancelled mid-batch: what is on the wire is unknown
            await conn.disconnect(nowait=True)
            _fail(sent[done:], f"redis: the call was cut short ({exc!r})", exc)
            raise
        finally:
            self._idle.append(conn)

    async def _connection(self) -> Any | None:
        if self._closed:  # closing: its connections go back to the pool
            return None
        if self._idle:
            return self._idle.pop()
        if self._taking + len(self._borrowed) >= self._size:
            return None
        self._taking += 1  # counted before the wait, or a burst would borrow the whole pool
        try:
            conn = await self._pool.get_connection()
        except RedisError:
            return None  # the slow path says why
        finally:
            self._taking -= 1
        self._borrowed.append(conn)
        return conn

    async def _slow(self, script: Any, keys: list[str], args: list[Any]) -> Any:
        try:
            return await script(keys=keys, args=args, client=self._client)
        except RedisError as exc:
            raise StoreError(f"redis: {type(exc).__name__}: {exc}") from exc

    async def close(self) -> None:
        """Let the batches on the wire finish, then give every borrowed connection back to
        the pool (which the client then closes)."""
        self._closed = True
        if self._sending:
            await asyncio.wait(set(self._sending), timeout=self._timeout)
        borrowed, self._borrowed, self._idle = self._borrowed, [], []
        for conn in borrowed:
            await self._pool.release(conn)


def _replies(conn: Any) -> Replies | None:
    """A reader of `conn`'s replies (its private stream and parser), or None where redis-py
    no longer has them."""
    stream = getattr(conn, "_reader", None)
    parse_error = getattr(getattr(conn, "_parser", None), "parse_error", None)
    encoder = getattr(conn, "encoder", None)
    if stream is None or parse_error is None or encoder is None:
        return None
    decode = None
    if encoder.decode_responses:
        decode = partial(bytes.decode, encoding=encoder.encoding, errors=encoder.encoding_errors)
    return Replies(stream, decode=decode, parse_error=parse_error)


async def _read_one(conn: Any) -> Any:
    """One reply through redis-py's `read_response` (its own timeout), as the lane's answer."""
    try:
        return await conn.read_response()  # under the connection's socket_timeout
    except NoScriptError:
        return _SLOW  # the connection is fine; the script is not loaded
    except (RedisConnectionError, RedisTimeoutError):
        raise
    except RedisError as exc:  # a script's own error: the connection read it
        return _error(exc)


def _error(exc: RedisError) -> StoreError:
    error = StoreError(f"redis: {type(exc).__name__}: {exc}")
    error.__cause__ = exc
    return error


def _answer(answer: asyncio.Future[Any], reply: Any) -> None:
    if answer.done():  # its caller was cancelled meanwhile: the reply is dropped
        return
    if isinstance(reply, BaseException):
        answer.set_exception(reply)
    else:
        answer.set_result(reply)


def _settle(calls: list[_Call], reply: Any) -> None:
    for _, _, _, answer in calls:
        _answer(answer, reply)


def _fail(calls: list[_Call], message: str, cause: BaseException) -> None:
    for _, _, _, answer in calls:
        error = StoreError(message)
        error.__cause__ = cause
        _answer(answer, error)
