"""A datetime's ISO 8601 text, spelled by orjson where its text is `isoformat()`'s.

A storm turn writes about seven datetimes into its records (the conversation's and the
ticket's JSON, the SQLite store's UTC columns). `datetime.isoformat` builds its text
through a printf-style format, about three times what orjson's C writer takes for the
same text, and orjson writes exactly `isoformat()`'s text (the fraction left out when
the microseconds are 0, the offset as +HH:MM) for a naive datetime and for every offset
of whole minutes. Its text differs where an offset has seconds (a zone's local mean time,
before about 1900: `-06:59:56` written as `-06:60`), so those go to `isoformat`, as does
anything orjson refuses (tests/domain/test_datetext.py checks both against isoformat).
"""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

_dumps = orjson.dumps
_Refused = orjson.JSONEncodeError


def isoformat(value: datetime) -> str:
    """`value.isoformat()`."""
    if type(value) is datetime:
        if value.tzinfo is not UTC:  # the engine's clock is UTC; a plan's zone is not
            offset = value.utcoffset()
            if offset is not None and (offset.seconds % 60 or offset.microseconds):
                return value.isoformat()
            if offset is None and value.tzinfo is not None:
                return value.isoformat()
        try:
            return _dumps(value)[1:-1].decode()
        except _Refused:
            pass
    return value.isoformat()


def utc_isoformat(value: datetime) -> str:
    """`value.isoformat(timespec="microseconds")` of a datetime in UTC (`tzinfo is UTC`):
    the fixed-width text the SQLite store orders by."""
    if value.microsecond and type(value) is datetime and value.tzinfo is UTC:
        return _dumps(value)[1:-1].decode()
    return value.isoformat(timespec="microseconds")
