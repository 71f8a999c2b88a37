"""SMS sends through Twilio's REST API: the SMS channel's side of the dispatcher (its
`Sender`: `send` and `reconcile`).

A reply is sent as one or more SMS parts, in order. A send that stops part-way (a 429 on
part 2) records the sids of the parts Twilio accepted with its retry (bot/engine/dispatch.py,
Progress), so the retry sends only the rest, in order, never part 1 again. A part whose
create got no answer (a timeout, a dropped connection: `OutcomeUnknown`) is marked
unsettled, and so is every part of a send interrupted by a worker's death (dispatch.py,
Interrupted sends): the next attempt reconciles them with Twilio's message log instead of
sending blind. Each unsettled part, in order, whose exact body is there (created since the
item's commit, a sid no other outbox item of the number holds) is recorded with that sid;
from the first one Twilio lacks, the rest are sent. Nothing is sent twice, nothing is left
unsent. When the log cannot be read, an interrupted send is held as uncertain (under the
default `store.interrupted_sends = "hold"`; resent under "resend") and an unsettled one
waits for its next retry.

A delivery receipt (status callback) for a part of a message still going out is not the
message's outcome, with one exception: a part reported failed is noted on the ticket at once,
and the message, once finished, is failed by its next receipt (channels/sms.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.engine.delivery import UNSETTLED, PermanentFailure, Receipt, TemporaryFailure, Unreconciled
from bot.files.links import FileLinks
from bot.store.flags import Flags
from bot.store.protocol import OutboxItem, OutboxStatus
from channels.base import opt_out_flag, text_with_choices
from channels.outbound_files import link_lines
from channels.sms_segments import split_message
from channels.twilio_rest import OutcomeUnknown, TwilioSender
from domain.types import Address, ChannelLimits, Outbound


class SendStore(Flags, Protocol):
    """What sending reads: the opt-out flag, and the number's other outbox items."""

    async def outbox_for(self, address: Address) -> list[OutboxItem]: ...


def accepted(message: Outbound) -> list[str]:
    """The sids of the parts Twilio accepted in earlier attempts, in order (the progress
    the dispatcher hands back; an unsettled part's mark is not a sid)."""
    return [sid for sid in message.meta.get("progress", "").split() if sid != UNSETTLED]


def outbox_id(message: Outbound) -> str:
    """The outbox item a message goes out as ("" outside the dispatcher)."""
    return message.meta.get("outbox_id", "")


def part_failed_flag(item_id: str) -> str:
    """Set while a part of outbox item `item_id` was reported failed before the whole
    message finished going out: the error, for the item's outcome when it has one."""
    return f"sms:part_failed:{item_id}"


def render_parts(message: Outbound, limits: ChannelLimits) -> list[str]:
    """The reply as SMS bodies: choices as a numbered list, split at word boundaries."""
    text = text_with_choices(message, buttons=False)
    return split_message(text, max_parts=limits.max_segments or 3)


class SmsSends:
    """The replies the bot owes over SMS, each sent as its parts through the REST API."""

    def __init__(
        self,
        *,
        store: SendStore,
        rest: TwilioSender | None,
        limits: ChannelLimits,
        files: FileLinks | None,
    ) -> None:
        self.store = store
        self.rest = rest
        self.limits = limits
        self.files = files

    async def opted_out(self, number: str) -> bool:
        return await self.store.get_flag(opt_out_flag(Address("sms", number))) is not None

    async def send(self, message: Outbound) -> Receipt:
        number = message.address.id
        if await self.opted_out(number):
            raise PermanentFailure("the customer opted out of SMS (STOP); nothing was sent")
        if self.rest is None:
            raise TemporaryFailure("SMS REST sending is not configured (channels.sms.account_sid)")
        return await self._send_parts(
            self.rest, number, self._parts(message), accepted(message), outbox_id(message)
        )

    async def _send_parts(
        self, rest: TwilioSender, number: str, parts: list[str], sids: list[str], item_id: str
    ) -> Receipt:
        """Send `parts` after the first len(sids), which Twilio has, one at a time in order.
        Cut short, the failure carries the sids so far (the retry's progress), and a part
        whose outcome is unknown marks it unsettled."""
        sids = list(sids)
        for part in parts[len(sids) :]:
            try:
                sids.append(await rest.create(to=number, body=part))
            except OutcomeUnknown as exc:
                progress = " ".join([*sids, UNSETTLED])
                raise TemporaryFailure(
                    str(exc), retry_after=exc.retry_after, progress=progress
                ) from exc
            except TemporaryFailure as exc:  # refused (429): nothing was created
                raise TemporaryFailure(
                    str(exc), retry_after=exc.retry_after, progress=" ".join(sids)
                ) from exc
        return await self._outcome(item_id, " ".join(sids))

    async def _outcome(self, item_id: str, provider_id: str) -> Receipt:
        """Every part is out. A part that Twilio reported failed while the rest were still
        going (channels.sms, `part_failed_flag`) lost the customer the message: it finishes
        failed with that error now, and the flag goes with it, instead of waiting for a
        later receipt that may never come."""
        failure = await self.store.get_flag(part_failed_flag(item_id)) if item_id else None
        if failure is None:
            return Receipt(provider_id=provider_id, status=OutboxStatus.SENT)
        await self.store.set_flag(part_failed_flag(item_id), None)
        return Receipt(provider_id=provider_id, status=OutboxStatus.FAILED, error=failure)

    def _parts(self, message: Outbound) -> list[str]:
        """The message's SMS bodies, as `send` sends them."""
        parts = render_parts(message, self.limits) if message.text.strip() else []
        # an agent's files: each link its own message, never cut by the segment limit
        return parts + link_lines(message, self.files)

    async def reconcile(self, message: Outbound, *, since: datetime) -> Receipt | None:
        """An interrupted or unsettled send settled with Twilio's log (module docstring):
        None when Twilio has none of the unsettled parts (the dispatcher sends the rest
        with `send`), else a receipt of every part's sid, the parts Twilio lacks sent now."""
        if self.rest is None:
            raise Unreconciled("SMS REST sending is not configured")
        number = message.address.id
        logged = await self.rest.sent(to=number, since=since)
        known = accepted(message)  # the parts earlier attempts saw accepted
        # a message another outbox item recorded is that item's, whatever its body
        mine = outbox_id(message)
        taken = set(known) | {
            sid
            for item in await self.store.outbox_for(message.address)
            if item.id != mine
            for sid in item.provider_id.split()
        }
        free = [m for m in reversed(logged) if m.sid not in taken]  # oldest first
        parts = self._parts(message)
        sids = list(known)
        # parts go out in order: past the first one Twilio lacks, none was sent
        for part in parts[len(known) :]:
            match = next((m for m in free if m.body == part), None)
            if match is None:
                break
            free.remove(match)
            sids.append(match.sid)
        if len(sids) == len(known):
            return None
        if len(sids) < len(parts) and await self.opted_out(number):
            raise PermanentFailure("the customer opted out of SMS (STOP) mid-message")
        return await self._send_parts(self.rest, number, parts, sids, mine)
