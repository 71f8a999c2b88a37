"""A cheaper way to run the Redis store's Lua scripts: EVALSHA on a connection of our own.

redis-py's `Script.__call__` goes through `Redis.execute_command`: the blocking pool's
condition, lock and timeout to borrow a connection, its observability counters, the retry
wrapper, a health check and a task (`asyncio.wait_for`) to bound each write, then the same
again to give the connection back. For a storm message's three scripts that was about a
third of a Redis worker's time. `HotLane` keeps up to `size` connections it borrowed from
that same pool once, hands them out from a plain list, and sends each EVALSHA with the
connection's own pack, write and read calls: redis-py still packs the command, parses the
reply and owns the connections; nothing here speaks the protocol.

Anything out of the ordinary goes back to redis-py's own path for that call: every lane
connection in use (the pool's other connections serve the burst, waiting as before), a
script Redis does not know (NOSCRIPT: `Script.__call__` loads it), a connection found broken
(Redis restarted: the call is made again through the client, as its retry would). A timeout
is a StoreError at once, as the client's would be, and the connection is dropped.
"""

from __future__ import annotations

import asyncio
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError, RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.store.errors import StoreError


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

    async def run(self, name: str, keys: list[str], args: list[Any]) -> Any:
        script = self._scripts[name]
        conn = await self._connection()
        if conn is None:  # every lane connection busy, or closed: redis-py's own path
            return await self._slow(script, keys, args)
        try:
            reply = await self._call(conn, script.sha, keys, args)
        except NoScriptError:
            self._idle.append(conn)  # the connection is fine; the script is not loaded
            return await self._slow(script, keys, args)
        except RedisConnectionError:
            await conn.disconnect(nowait=True)
            self._idle.append(conn)  # reconnects on its next use
            return await self._slow(script, keys, args)
        except (TimeoutError, RedisTimeoutError) as exc:
            await conn.disconnect(nowait=True)
            self._idle.append(conn)
            raise StoreError(f"redis: TimeoutError: {exc or 'no answer in time'}") from exc
        except RedisError as exc:  # a script's own error: the connection read its answer
            self._idle.append(conn)
            raise StoreError(f"redis: {type(exc).__name__}: {exc}") from exc
        except BaseException:  # cancelled mid-call: what is on the wire is unknown
            await conn.disconnect(nowait=True)
            self._idle.append(conn)
            raise
        self._idle.append(conn)
        return reply

    async def _call(self, conn: Any, sha: str, keys: list[str], args: list[Any]) -> Any:
        packed = conn.pack_command("EVALSHA", sha, len(keys), *keys, *args)
        async with asyncio.timeout(self._timeout):
            if not conn.is_connected:
                await conn.connect()
            await conn.check_health()  # a PING only when idle past the pool's interval
            # the write without the task `send_packed_command` spends on its own timeout (a
            # private method of redis-py's connection; the public one where it is missing)
            write = getattr(conn, "_send_packed_command", None)
            if write is not None:
                await write(packed)
            else:
                await conn.send_packed_command(packed, check_health=False)
        return await conn.read_response()  # under the connection's socket_timeout

    async def _connection(self) -> Any | None:
        if self._idle:
            return self._idle.pop()
        if self._closed or self._taking + len(self._borrowed) >= self._size:
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
        """Give every borrowed connection back to the pool (which the client then closes)."""
        self._closed = True
        borrowed, self._borrowed, self._idle = self._borrowed, [], []
        for conn in borrowed:
            await self._pool.release(conn)
