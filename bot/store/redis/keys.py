"""Key names and record (de)serialisation for `bot.store.redis.store`.

The key layout is documented in `bot.store.redis.scripts`; the Lua scripts
build the same names from the prefix they are passed. Times are integer
microseconds since the epoch, as strings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final

from bot.store.records import (
    OutboxItem,
    OutboxStatus,
    Timer,
    TranscriptLine,
    TurnCommit,
    dumps,
    outbound_from_json,
    require_aware,
)
from bot.store.redis.stored import conversation_json, outbound_json, ticket_json
from domain.incident import child_links
from domain.memo import recent_by_identity
from domain.types import Address, Conversation, Ticket

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND: Final = timedelta(microseconds=1)
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
    """Integer microseconds since the epoch, as a string (exact in a double up to 2**53).
    A naive datetime (or one whose tzinfo gives no offset) raises ValueError."""
    if value.tzinfo is None:
        require_aware(value)  # raises
    try:
        # one offset lookup (the subtraction's): a zone's costs about 2,400 instructions;
        # timedelta // timedelta is the whole microseconds, exactly, in C
        return str((value - _EPOCH) // _MICROSECOND)
    except TypeError:  # a tzinfo whose utcoffset() is None: naive after all
        require_aware(value)  # raises
        raise


# A storm turn's commit spells its one instant five times and each timer's due twice: the
# text of a recent datetime is kept by the object's identity (a naive one raises, kept not).
us: Final = recent_by_identity(_us, size=1024)


def from_us(text: str | None) -> datetime | None:
    return _EPOCH + timedelta(microseconds=int(text)) if text else None


def ms(value: timedelta | None) -> int:
    return int(value.total_seconds() * 1000) if value else 0


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

_RUN: Final = 100  # most transcript lines a RPUSH, timers a ZADD (the script's unpack)


class _Spelled(dict[int, str]):
    """A small number's text, spelled once (an int's `str` costs CPython about a thousand
    instructions): counts, attempts, versions."""

    def __missing__(self, number: int) -> str:
        text = str(number)
        if 0 <= number < 4096:
            self[number] = text
        return text


_SPELLED: Final = _Spelled()
_spelled: Final = _SPELLED.__getitem__


def turn_payload(
    turn: TurnCommit, *, dedup_ttl: str, outbox_ttl: str, transcript_bound: str
) -> list[str]:
    """The COMMIT script's arguments from its fifth on (see the script for their order), all
    text: the turn's fields and counts, and each record's JSON an argument of its own, which
    the script stores as it is (no JSON parsed or written in redis-server, whose Lua interns
    every string it is given or makes, hashing each byte). `dedup_ttl`, `outbox_ttl` (ms, "0":
    none) and `transcript_bound` (the LTRIM start, "" for no bound) are the store's settings
    as text. Raises `ValueError` for a version below 1 or a naive datetime, before anything is
    sent."""
    at = us(turn.at)
    conv = turn.conversation
    if conv is not None:
        if conv.version < 1:
            raise ValueError(f"conversation {conv.id!r}: a commit needs version >= 1")
        version = _spelled(conv.version)
        record = f"{version}:{conversation_json(conv)}"  # as stored
        out = [turn.dedup_key or "", dedup_ttl, outbox_ttl, transcript_bound, conv.id, version]
        out.append(record)
    else:
        out = [turn.dedup_key or "", dedup_ttl, outbox_ttl, transcript_bound, "", "", ""]
    tickets, outbox, timers, lines = turn.tickets, turn.outbox, turn.timers, turn.transcript
    for t in tickets:
        us(t.updated_at or t.created_at)  # refuses naive datetimes before anything is sent
    children = (*turn.incident_children, *child_links(tickets))
    # the transcript's runs of one conversation's lines (at most _RUN a run)
    runs: list[str] = []
    count = 0  # runs
    cid = None
    size = sized = 0  # the run's lines, and where its count goes
    for line in lines:
        if line.conversation_id != cid or size == _RUN:
            if size:
                runs[sized] = _spelled(size)
            cid, size = line.conversation_id, 0
            runs += (cid, "")
            sized = len(runs) - 1
            count += 1
        size += 1
        runs.append(dumps([at if line.at is turn.at else us(line.at), line.who, line.text]))
    if size:
        runs[sized] = _spelled(size)
    counts = (len(tickets), len(outbox), len(turn.cancel_timers), len(timers), count)
    out += map(_spelled, (*counts, len(turn.flags), len(children)))
    add = out.append
    for t in tickets:
        add(str(t.number))
        add(str(t.address))
        add("0" if t.status.is_closed else "1")
        add(ticket_json(t))
    for item in outbox:
        created = us(item.created_at) if item.created_at else at
        nb = us(item.not_before) if item.not_before else ""
        # the stored record but its sequence ("m" is "<sequence>:<id>") and stream entry: the
        # script writes '{"m":"' and the sequence before it (and "x" when it XADDs)
        data = {
            "m": ":" + item.id,
            "j": outbound_json(item.outbound),
            "s": item.status,
            "n": _spelled(item.attempts),
            "c": created,
        }
        if nb:
            data["nb"] = nb
        if item.last_error:
            data["e"] = item.last_error
        if item.provider_id:
            data["pid"] = item.provider_id
        out += (item.id, str(item.outbound.address), item.status, created, nb)
        add(dumps(data)[6:])
    out += turn.cancel_timers
    records: list[str] = []
    for tm in timers:
        due = us(tm.due)
        out += (due, tm.key)
        records += (tm.key, dumps({"d": due, "k": tm.kind, "p": tm.payload}))
    out += records
    out += runs
    for k, v in turn.flags:
        out += (k, "0", "") if v is None else (k, "1", v)
    for i, n in children:
        out += (str(i), str(n))
    return out


def held(result: int, item_id: str) -> bool:
    """An outbox script's 0 (no such item), 1 (done), 2 (refused) as the Outbox role says."""
    if not result:
        raise KeyError(f"no outbox item {item_id!r}")
    return result == 1
