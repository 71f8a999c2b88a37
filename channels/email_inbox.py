"""The durable email inbox: the raw message is committed, then answered 250, then turned.

`handle_DATA` commits one outbox item per accepted message, addressed to the
pseudo-channel `email-intake` (`Address("email-intake", <envelope sender>)`), its
text naming the flag that holds the raw bytes and the envelope in its meta; the commit's
dedup key (`email-in:<Message-ID or content hash>`) makes a sender's retry of an
already accepted message a no-op that is answered 250 again.

The bytes wait in a flag of their own (`email-raw:<item>`), written in the same
commit and deleted once the turn is committed, so raw mail is not kept after its
turn. The outbox already gives what an inbox needs on both backends: leased claims in
commit order, retries with backoff, a dead worker's claims taken over. So the
dispatcher delivers the item to `InboxProcessor.send`, which runs the email turn
(parse, loop checks, threading, `engine.handle`). A failure there is one of two kinds:
- temporary, the store failed (`StoreError`): raised to the dispatcher as it is, which
  retries it with its backoff (the engine's own dedup on the Message-ID makes a re-run
  harmless), at most `max_attempts` times (`inbox_max_attempts`, hours of backoff), and
  logs the outage once an interval (`bot.outage`), not once for every mail of a burst;
- permanent, anything else (the input cannot be processed: a charset name with a NUL
  in it made decoding raise): the mail is turned again at once from what could be
  decoded (`channels.email_salvage`); if even that fails, a `PermanentFailure`.
An item given up on either way becomes a dead letter (`failed`, called by the
dispatcher: `channels.email_dead`), its raw bytes kept and a ticket opened, so no
item retries without bound and none is dropped unseen. One message at a time per
sender inside a worker (a `KeyedLocks` lock), claimed in commit order: a reply
is turned after the mail it answers. How much may wait, and when a turn yields to
SMTP acceptance: `channels.email_flow`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Final, Protocol

from bot.engine.delivery import PermanentFailure, Receipt
from bot.engine.turns import new_id
from bot.store.locks import KeyedLocks
from bot.store.protocol import Flags, OutboxItem, OutboxStatus, StoreError
from bot.store.records import DEFAULT_LEASE
from channels.email_parse import msg_ids
from domain.types import Address, Outbound

if TYPE_CHECKING:
    from channels.email_flow import AcceptFirst, Backlog

log = logging.getLogger("supportbot.email")

INTAKE: Final = "email-intake"
RAW_PREFIX: Final = "email-raw:"
MAX_ATTEMPTS: Final = 50  # with a 300 s backoff cap, about three and a half hours  # the dispatcher's "channel" for accepted, unturned mail
MAX_DEPTH: Final = 500  # accepted mails the dispatcher may hold claimed for the inbox
TURN_ESTIMATE: Final = 0.005  # seconds a turn takes (about 4 ms in bench/smtp_intake.py)
NULL_SENDER: Final = "<>"  # the null reverse-path (bounces) as an address id
_HEAD_END: Final = re.compile(rb"\r?\n\r?\n")
_MESSAGE_ID: Final = re.compile(r"(?im)^message-id:[ \t]*(.*(?:\r?\n[ \t].*)*)")


def message_key(raw: bytes) -> str:
    """The message's identity: its Message-ID, else a hash of its bytes (only the
    header block is scanned, so this costs microseconds at SMTP time)."""
    end = _HEAD_END.search(raw)
    head = raw[: end.start() if end else len(raw)].decode("latin-1")
    found = _MESSAGE_ID.search(head)
    ids = msg_ids(found.group(1)) if found else ()
    return ids[0] if ids else f"sha256:{hashlib.sha256(raw).hexdigest()}"


def inbox_dedup(raw: bytes) -> str:
    return f"email-in:{message_key(raw)}"


def raw_key(item_id: str) -> str:
    """Where an accepted message's bytes wait for its turn: a flag, deleted once the
    turn is committed, so the store holds raw mail only until it is turned."""
    return f"{RAW_PREFIX}{item_id}"


def inbox_item(
    raw: bytes, *, mail_from: str, rcpt_tos: Sequence[str], now: datetime
) -> tuple[OutboxItem, tuple[str, str]]:
    """The outbox item that queues the turn, and the flag (key, base64) holding the bytes."""
    sender = mail_from.strip().lower() or NULL_SENDER
    item_id = f"in-{new_id()}"
    outbound = Outbound(
        address=Address(INTAKE, sender),
        text=raw_key(item_id),
        kind="intake",
        meta={"mail_from": mail_from, "rcpt_tos": ",".join(rcpt_tos)},
    )
    # no not_before: due at once (on Redis straight onto the outbox stream, in commit
    # order, instead of through the retry set)
    item = OutboxItem(id=item_id, outbound=outbound, created_at=now)
    return item, (raw_key(item_id), base64.b64encode(raw).decode("ascii"))


class Process(Protocol):
    """The email turn of one message's bytes; `salvage` reads what can be decoded."""

    async def __call__(self, raw: bytes, mail_from: str, *, salvage: bool = False) -> None: ...


class InboxProcessor:
    """The dispatcher's sender for `email-intake`: runs the turn of one accepted mail."""

    # an accepted mail is never dropped: a turn run twice is refused by the engine's dedup
    # on the Message-ID, so an interrupted one is always run again (bot/engine/dispatch.py)
    resend_interrupted = True

    def __init__(
        self,
        process: Process,
        *,
        store: Flags,
        turns: int = 1,
        backlog: Backlog | None = None,
        pacing: AcceptFirst | None = None,
        max_attempts: int = MAX_ATTEMPTS,
        dead_letter: Callable[[Outbound, str], Awaitable[None]] | None = None,
    ) -> None:
        self._process = process
        self._store = store
        self._dead_letter = dead_letter
        # the dispatcher's bound for this lane: a store down for hours, not for ever
        self.max_attempts = max_attempts
        self._backlog = backlog  # told of every item finished here
        self._pacing = pacing  # lets SMTP acceptance go first during a burst
        self._senders = KeyedLocks()
        # The depth of the inbox's lane in the dispatcher. Claims are in commit order, so
        # it is how far past a burst the dispatcher sees other channels' replies committed
        # behind it; and the last mail it holds must still be turned well inside its lease:
        # at most a third of a lease of turns, each stepping aside up to `max_wait`
        # (363 mails with the defaults: 60 s lease, 50 ms).
        lease = getattr(store, "lease", DEFAULT_LEASE).total_seconds()
        per_turn = TURN_ESTIMATE + (pacing.max_wait if pacing is not None else 0.0)
        self.depth = max(1, min(MAX_DEPTH, int(lease / 3 / per_turn)))
        # few turns at once: the loop stays free enough for SMTP to answer 250 quickly
        self._turns = asyncio.Semaphore(turns)

    async def send(self, message: Outbound) -> Receipt:
        receipt = await self._turn(message)  # raises while the item stays owed
        if self._backlog is not None:
            self._backlog.finished()
        return receipt

    async def _turn(self, message: Outbound) -> Receipt:
        # taken before the first await: items start in claim (= commit) order, and
        # asyncio locks are FIFO, so one sender's mail is turned in the order accepted
        async with self._senders.hold(message.address.id):
            key = message.text
            # a StoreError goes to the dispatcher as it is: a quiet retry, one outage line
            encoded = await self._store.get_flag(key)
            if encoded is None:
                # turned and cleared already (a worker died between the two steps below)
                return Receipt(status=OutboxStatus.DELIVERED)
            try:
                raw = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError) as exc:
                log.error("inbox bytes are not base64; kept as a dead letter")
                raise PermanentFailure("undecodable inbox item") from exc
            mail_from = message.meta.get("mail_from", "")
            async with self._turns:
                if self._pacing is not None:
                    await self._pacing.before_turn()
                await self._run(raw, mail_from)
            await self._store.set_flag(key, None)
        return Receipt(status=OutboxStatus.DELIVERED)

    async def _run(self, raw: bytes, mail_from: str) -> None:
        try:
            await self._process(raw, mail_from)
            return
        except StoreError:
            raise
        except Exception as exc:
            first = f"{type(exc).__name__}: {exc}"
            log.warning(
                "email turn failed on its input (%s); turned from what could be read",
                type(exc).__name__,
            )
        try:
            await self._process(raw, mail_from, salvage=True)
        except StoreError:
            raise
        except Exception as exc:
            log.error(
                "email turn failed again on what could be read; kept as a dead letter",
                exc_info=True,
            )
            raise PermanentFailure(
                f"unreadable: {first}; then {type(exc).__name__}: {exc}"[:500]
            ) from exc

    async def failed(self, message: Outbound, error: str) -> None:
        """Given up on (the dispatcher calls this before marking the item failed): kept
        as a dead letter, with its raw bytes and a ticket. Raises if that could not be
        recorded; the item then comes back after its lease."""
        if self._dead_letter is not None:
            await self._dead_letter(message, error)
        if self._backlog is not None:
            self._backlog.finished()  # no longer owed
