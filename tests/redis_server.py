"""A real redis-server for the tests: started on a free loopback port in a temp dir.

`redis_server` (session scope) is shared by every Redis test; tests isolate
themselves with a key prefix and FLUSHDB. Tests that stop and start Redis on
purpose make their own `RedisServer`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def require_redis_server() -> str:
    if REDIS_SERVER is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed (scripts/ensure-system-deps.sh installs it)")
        pytest.skip("redis-server is not installed: run scripts/ensure-system-deps.sh")
    return REDIS_SERVER


class RedisServer:
    """One redis-server process (no RDB; AOF on request); `stop()` / `start()` simulate an outage."""

    def __init__(self, workdir: Path, port: int | None = None, *, aof: bool = False) -> None:
        self.binary = require_redis_server()
        self.aof = aof  # append-only file, fsync always: data survives kill + start
        self.workdir = workdir
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self, timeout: float = 10.0) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "yes" if self.aof else "no",
                "--appendfsync",
                "always",
                "--dir",
                str(self.workdir),
            ],
            cwd=self.workdir,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while not self.ping():
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"redis-server did not answer PING within {timeout}s")
            time.sleep(0.02)  # waiting for a child process to listen, bounded above

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    require_redis_server()
    with tempfile.TemporaryDirectory(prefix="supportbot-redis-") as workdir:
        server = RedisServer(Path(workdir))
        server.start()
        try:
            yield server
        finally:
            server.stop()
