"""What every chaos test stands on: a real redis-server of its own, with an append-only
file, so a restart keeps what was acknowledged."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.redis_server import RedisServer


@pytest.fixture
def redis(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis", aof=True)
    server.workdir.mkdir()
    server.start()
    try:
        yield server
    finally:
        server.stop()
