"""What the Store backends share about stored records: defaults, JSON, time checks."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Final

DEFAULT_FIRST_TICKET_NUMBER: Final = 10001
DEFAULT_DEDUP_TTL: Final = timedelta(days=7)
DEFAULT_LEASE: Final = timedelta(seconds=60)


def dumps(data: Any) -> str:
    """Compact JSON, non-ASCII kept as is (customers write in their language)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def require_aware(value: datetime) -> datetime:
    """`value` itself; a naive datetime is refused (ValueError) before anything is written."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value!r}: the store needs tz-aware datetimes")
    return value
