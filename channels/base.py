"""What every channel adapter offers the composition root: a name, its limits,
`send()` for the dispatcher, routes for the ASGI app, and a lifecycle."""

from __future__ import annotations

from typing import Protocol

from starlette.routing import BaseRoute

from bot.engine.delivery import Receipt
from bot.store.flags import opt_out_flag
from domain.types import ChannelLimits, Choice, Outbound

__all__ = ["Channel", "choices_as_text", "opt_out_flag", "text_with_choices"]


class Channel(Protocol):
    name: str
    limits: ChannelLimits

    async def send(self, message: Outbound) -> Receipt: ...

    def routes(self) -> list[BaseRoute]: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def choices_as_text(choices: tuple[Choice, ...]) -> str:
    """Buttons degrade to a numbered list on channels that cannot show them."""
    return "\n".join(f"{i}. {c.label}" for i, c in enumerate(choices, start=1))


def text_with_choices(message: Outbound, *, buttons: bool) -> str:
    if buttons or not message.choices:
        return message.text
    return f"{message.text}\n{choices_as_text(message.choices)}"
