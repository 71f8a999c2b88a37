"""Talk to the bot in a terminal, under any channel's rules (`--channel sms`
gets the SMS wording and hours). Replies come back inline, as on web chat."""

from __future__ import annotations

import asyncio
import getpass
import sys
import uuid
from collections.abc import Callable
from typing import TextIO

from bot.engine.turns import Engine
from channels.base import text_with_choices
from domain.types import Address, Inbound

PROMPT = "you> "


async def chat_loop(
    engine: Engine,
    *,
    channel: str = "console",
    user: str | None = None,
    read_line: Callable[[], str | None] | None = None,
    out: TextIO | None = None,
) -> None:
    out = out or sys.stdout
    address = Address(channel, user or f"console-{getpass.getuser()}")
    reader = read_line or _stdin_line
    interactive = read_line is None and sys.stdin.isatty()
    print(
        f"supportbot ({engine.policy.plan.provider}, channel {channel}). Ctrl-D to quit.", file=out
    )
    while True:
        if interactive:
            print(PROMPT, end="", file=out, flush=True)
        line = await asyncio.to_thread(reader)
        if line is None:
            print("", file=out)
            return
        if not interactive:
            print(f"{PROMPT}{line}", file=out)  # piped input: show both sides of the transcript
        inbound = Inbound(
            address=address, text=line, external_id=uuid.uuid4().hex, received_at=engine.clock()
        )
        result = await engine.handle(inbound, inline=True)
        for reply in result.replies:
            print(f"bot> {text_with_choices(reply, buttons=False)}", file=out, flush=True)


def _stdin_line() -> str | None:
    line = sys.stdin.readline()
    if not line:
        return None
    return line.rstrip("\n")
