"""Fixtures shared by the channel tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.plan.policy import Policy
from bot.store.sqlite.store import SqliteStore
from tests.channels.email_support import EmailEnv, email_env
from tests.conftest import Clock


@pytest.fixture
async def env(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> AsyncIterator[EmailEnv]:
    async with email_env(sqlite_store, calltower, clock, tmp_path) as opened:
        yield opened
