"""`supportbot inbox dead-letters [--retry ID]`: the email inbox's dead letters."""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from bot.config import load_settings, store_url
from bot.store.backends import open_store
from channels.email_dead import DeadLetters


def add_inbox_commands(sub: Any, *, config_help: str) -> None:
    inbox = sub.add_parser("inbox", help="the email inbox: mail accepted and not turned")
    inbox.add_argument("--config", help=config_help)
    isub = inbox.add_subparsers(dest="inbox_command", required=True, metavar="ACTION")
    dead = isub.add_parser(
        "dead-letters", help="accepted mail that could not be read: kept, each with a ticket"
    )
    dead.add_argument("--retry", metavar="ID", help="queue this dead letter's mail again")
    dead.add_argument("--json", action="store_true", help="print the list as a JSON array")
    inbox.set_defaults(func=_inbox)


def _inbox(args: argparse.Namespace) -> int:
    settings = load_settings(getattr(args, "config", None))

    async def run() -> int:
        store = open_store(store_url(settings))
        await store.open()
        try:
            letters = DeadLetters(store)
            if args.retry:
                item = await letters.retry(args.retry, now=datetime.now(UTC))
                if item is None:
                    print(f"no dead letter {args.retry} (or its bytes are gone)")
                    return 1
                print(f"dead letter {args.retry} queued again as {item}")
                return 0
            found = await letters.list()
            if args.json:
                print(json.dumps([asdict(d) for d in found], ensure_ascii=False, indent=2))
            elif not found:
                print("No dead letters.")
            else:
                print(f"{'ID':<28} {'TICKET':<8} {'SINCE':<26} {'SENDER':<32} REASON")
                for d in found:
                    ticket = f"#{d.ticket}" if d.ticket is not None else "-"
                    print(f"{d.id:<28} {ticket:<8} {d.at[:25]:<26} {d.sender:<32} {d.reason[:80]}")
            return 0
        finally:
            await store.close()

    return asyncio.run(run())
