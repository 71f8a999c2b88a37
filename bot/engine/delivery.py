"""What a channel's sender is and what it answers the dispatcher (bot/engine/dispatch.py):
a `Receipt` when the provider took the message, `TemporaryFailure` (try again later, with
what the provider has so far), `PermanentFailure` (never: tell the agent), `Unreconciled`
(an interrupted send the provider cannot account for). Channels import these, not the
dispatcher: what a send says is theirs, how the outbox is drained is the engine's. The
dispatcher's docstring says how each is handled (Interrupted sends, Progress)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Protocol

from bot.store.protocol import Outbox, OutboxStatus, Tickets
from domain.types import Outbound

UNSETTLED: Final = "?"  # ends a progress whose last request's outcome is unknown


@dataclass(frozen=True, slots=True)
class Receipt:
    provider_id: str = ""
    status: str = OutboxStatus.SENT
    error: str = ""  # why, when the provider took the message but it is already lost


class TemporaryFailure(Exception):
    """Try again later (HTTP 429/5xx, SMTP 4xx, a disconnected socket)."""

    def __init__(
        self, reason: str, *, retry_after: float | None = None, progress: str | None = None
    ) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.progress = progress  # bot/engine/dispatch.py, Progress; None: the item's is kept


class PermanentFailure(Exception):
    """Will never succeed (opted out, invalid address): mark failed, tell the agent."""


class Unreconciled(Exception):
    """The provider could not say whether an interrupted send reached it (its log could
    not be read): the item is held as uncertain, as for a sender that cannot reconcile."""


class DeliveryStore(Outbox, Tickets, Protocol):
    """The dispatcher's roles: the outbox it drains, the tickets it notes failures on."""


class Sender(Protocol):
    """A channel's delivery. A sender may also set `max_attempts` (its own bound on
    retries; the email inbox's is longer, since giving up on a message we acknowledged
    costs more than on a reply) and `async failed(message, error)`, called before an
    item is marked failed (the inbox keeps it as a dead letter: if that call raises, the
    item is not marked and comes back after its lease). Its lane (bot/engine/dispatch.py)
    takes the sender's `concurrency` and `depth` if it sets them, else the dispatcher's.
    `resend_interrupted = True` says its far side deduplicates (bot/engine/dispatch.py).

    A sender whose provider can be asked what it already has may define
    `async reconcile(message, *, since) -> Receipt | None`, called (under the fence, in
    place of `send`) for an item whose earlier send was interrupted or unsettled: a
    Receipt when the provider has some of it (recorded; the sender sends what is missing
    itself), None when it has none (then sent as usual). `since`: the item's commit. It
    raises `Unreconciled` when the provider cannot be asked, and `TemporaryFailure` or
    `PermanentFailure` as `send` does."""

    async def send(self, message: Outbound) -> Receipt: ...
