"""Flags: small values by key (SMS opt-outs, Slack thread and e-mail Message-ID
mappings, rate counters), set on their own or with a turn's commit."""

from __future__ import annotations

from typing import Final, Protocol

from domain.types import Address

# channels whose opt-out flag makes send() refuse (SMS STOP, a Telegram chat that blocked us)
OPT_OUT_CHANNELS: Final = frozenset({"sms", "telegram"})


class Flags(Protocol):
    async def get_flag(self, key: str) -> str | None: ...

    async def set_flag(self, key: str, value: str | None) -> None:
        """Set `key` to `value`; None deletes it."""
        ...


def opt_out_flag(address: Address) -> str:
    """The store flag that stops every message to an address: an SMS STOP, a Telegram
    chat that blocked the bot. Set while it holds; `send()` refuses the address."""
    return f"optout:{address.channel}:{address.id}"


async def is_opted_out(flags: Flags, address: Address) -> bool:
    """Whether `address` opted out: its channel would refuse a message, so a notice for
    it is not queued at all (one flag read, and only on the channels that opt out)."""
    if address.channel not in OPT_OUT_CHANNELS:
        return False
    return await flags.get_flag(opt_out_flag(address)) is not None


def automatic_mail_flag(sender: str) -> str:
    """Set while the last mail from `sender` was automatic (an auto-reply, a list or bulk
    mail): nothing optional, such as the satisfaction question, is mailed to it."""
    return f"email:automatic:{sender.lower()}"
