"""Key names and record (de)serialisation for `bot.store.redis.store`.

The key layout is documented in `bot.store.redis.scripts`; the Lua scripts
build the same names from the prefix they are passed. Times are integer
microseconds since the epoch, as strings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from bot.store.records import (
    OutboxItem,
    OutboxStatus,
    Timer,
    TranscriptLine,
    TurnCommit,
    dumps,
    outbound_from_json,
    outbound_to_json,
    require_aware,
)
from domain.incident import child_links
from domain.memo import recent_by_identity
from domain.types import Address, Conversation, Ticket

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MEMBER_ID_AT: Final = 13  # an outbox member is "<12-digit sequence>:<item id>"


@dataclass(frozen=True, slots=True)
class RedisKeys:
    """The names of one deployment's keys under its `prefix`."""

    prefix: str

    def dedup(self, dedup_key: str) -> str:
        return f"{self.prefix}d:{dedup_key}"

    def lock(self, key: str) -> str:
        return f"{self.prefix}l:{key}"

    def conversation(self, conversation_id: str) -> str:
        return f"{self.prefix}c:{conversation_id}"

    def ticket(self, number: int | str) -> str:
        return f"{self.prefix}t:{number}"

    def tickets(self, address: Address | None = None) -> str:
        """The zset of every ticket number, or of one address's."""
        return f"{self.prefix}ti:a:{address}" if address is not None else f"{self.prefix}ti:all"

    def open_tickets(self) -> str:
        return f"{self.prefix}ti:open"

    def outbox(self, item_id: str) -> str:
        return f"{self.prefix}o:{item_id}"

    def outbox_of(self, address: Address) -> str:
        return f"{self.prefix}oa:{address}"

    def outbox_stream(self) -> str:
        """The stream of outbox items to send (consumer group `OUTBOX_GROUP`)."""
        return f"{self.prefix}os"

    def outbox_delayed(self) -> str:
        """The zset of retries waiting for their not_before."""
        return f"{self.prefix}od"

    def transcript(self, conversation_id: str) -> str:
        return f"{self.prefix}tx:{conversation_id}"

    def flag(self, key: str) -> str:
        return f"{self.prefix}f:{key}"


def outbox_member_id(member: str) -> str:
    """The item id in an outbox index member."""
    return member[_MEMBER_ID_AT:]


def _us(value: datetime) -> str:
    """Integer microseconds since the epoch, as a string (exact in a double up to 2**53)."""
    delta = require_aware(value) - _EPOCH
    return str((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds)


# A storm turn's commit spells its one instant five times and each timer's due twice: the
# text of a recent datetime is kept by the object's identity (a naive one raises, kept not).
us: Final = recent_by_identity(_us, size=1024)


def from_us(text: str | None) -> datetime | None:
    return _EPOCH + timedelta(microseconds=int(text)) if text else None


def ms(value: timedelta | None) -> int:
    return int(value.total_seconds() * 1000) if value else 0


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values: every `from_json` reads a missing key as its empty default."""
    # `v or`: most values are not empty, and a true value is none of the four
    return {k: v for k, v in data.items() if v or v not in _EMPTY}


_EMPTY: Final[tuple[object, ...]] = (None, "", [], {})


# records read back


def conversation(raw: str | None) -> Conversation | None:
    """A stored "<version>:<JSON>" record."""
    if not raw:
        return None
    _version, _, data = raw.partition(":")
    return Conversation.from_json(json.loads(data))


def ticket(raw: str) -> Ticket:
    return Ticket.from_json(json.loads(raw))


def outbox_item(item_id: str, raw: str) -> OutboxItem:
    """An outbox record: JSON {m, j, s, n, c, nb?, e?, pid?, x?, l?, b?}, every value a string."""
    rec = json.loads(raw)
    return OutboxItem(
        id=item_id,
        outbound=outbound_from_json(json.loads(rec["j"])),
        status=rec.get("s") or OutboxStatus.PENDING,
        attempts=int(rec.get("n") or 0),
        not_before=from_us(rec.get("nb")),
        created_at=from_us(rec.get("c")),
        last_error=rec.get("e") or "",
        provider_id=rec.get("pid") or "",
        lease=rec.get("l") or "",
        sends=int(rec.get("b") or 0),
    )


def timers(raw: list[str]) -> list[Timer]:
    """CLAIM_TIMERS' reply: key, JSON {d, k, p}, key, JSON, ..."""
    out = []
    for i in range(0, len(raw), 2):
        data = json.loads(raw[i + 1])
        due = from_us(data["d"])
        assert due is not None
        out.append(Timer(key=raw[i], due=due, kind=data["k"], payload=data["p"]))
    return out


def transcript_lines(conversation_id: str, rows: list[str]) -> list[TranscriptLine]:
    """Transcript list entries: JSON [at_us, who, text]."""
    lines = []
    for row in rows:
        at, who, text = json.loads(row)
        when = from_us(at)
        assert when is not None
        lines.append(TranscriptLine(conversation_id, when, who, text))
    return lines


# the COMMIT script's arguments


def turn_payload(
    turn: TurnCommit, *, dedup_ttl: timedelta, outbox_ttl: timedelta | None, transcript_max: int
) -> tuple[str, str]:
    """The JSON turn the COMMIT script writes, and its records' JSON, one a line: the
    conversation's (if any), then each ticket's, outbox item's, timer's and transcript
    line's, in the turn's order (the script takes them in that order). Compact JSON has
    no line break of its own (a string's is escaped), and no record's JSON is escaped
    into the turn's, nor parsed out of it again by the script. Raises `ValueError` for a
    version below 1 or a naive datetime, before anything is sent."""
    at = us(turn.at)
    records: list[str] = []
    data: dict[str, Any] = {
        "dedup_ttl": str(ms(dedup_ttl)),  # as text: see the COMMIT script
        "outbox_ttl": str(ms(outbox_ttl)),
        "transcript_max": str(transcript_max),
    }
    if turn.dedup_key is not None:
        data["dedup"] = turn.dedup_key
    conv = turn.conversation
    if conv is not None:
        if conv.version < 1:
            raise ValueError(f"conversation {conv.id!r}: a commit needs version >= 1")
        data["conv"] = {"id": conv.id, "v": str(conv.version)}
        records.append(dumps(_compact(conv.to_json())))
    for t in turn.tickets:
        us(t.updated_at or t.created_at)  # refuses naive datetimes before anything is sent
    add = records.append
    data["tickets"] = tickets = []
    for t in turn.tickets:
        tickets.append({"n": str(t.number), "a": str(t.address), "open": not t.status.is_closed})
        add(dumps(t.to_json()))
    data["outbox"] = outbox = []
    for item in turn.outbox:
        outbox.append(
            {
                "id": item.id,
                "a": str(item.outbound.address),
                "s": item.status,
                "n": str(item.attempts),
                "c": us(item.created_at) if item.created_at else at,
                "nb": us(item.not_before) if item.not_before else "",
                "e": item.last_error,
                "pid": item.provider_id,
            }
        )
        add(dumps(_compact(outbound_to_json(item.outbound))))
    data["cancel"] = list(turn.cancel_timers)
    data["timers"] = timers = []
    for tm in turn.timers:
        due = us(tm.due)
        timers.append({"key": tm.key, "d": due})
        add(dumps({"d": due, "k": tm.kind, "p": tm.payload}))
    data["transcript"] = lines = []
    for line in turn.transcript:
        lines.append({"cid": line.conversation_id})
        add(dumps([at if line.at is turn.at else us(line.at), line.who, line.text]))
    data["flags"] = [{"k": k} if v is None else {"k": k, "v": v} for k, v in turn.flags]
    children = (*turn.incident_children, *child_links(turn.tickets))
    data["children"] = [{"i": str(i), "n": str(n)} for i, n in children]
    return dumps(data), "\n".join(records)


def held(result: int, item_id: str) -> bool:
    """An outbox script's 0 (no such item), 1 (done), 2 (refused) as the Outbox role says."""
    if not result:
        raise KeyError(f"no outbox item {item_id!r}")
    return result == 1
