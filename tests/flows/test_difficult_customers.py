"""The scripted "difficult customer" suite (issue 12): whole conversations from
tests/flows/data/difficult_customers.py played through the engine on a settable clock.
Held-out cases run only with SUPPORTBOT_HELD_OUT=1 (they were kept out of tuning)."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

import pytest

from bot.engine.turns import Engine
from bot.plan.policy import load_policy
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, Inbound
from tests.conftest import Clock
from tests.flows.data.difficult_customers import CASES

MAX_TURNS = 25
_HELD_OUT = os.environ.get("SUPPORTBOT_HELD_OUT") == "1"


def _params() -> list[Any]:
    out = []
    for case in CASES:
        marks = []
        if case.get("held_out") and not _HELD_OUT:
            marks.append(pytest.mark.skip(reason="held out: run with SUPPORTBOT_HELD_OUT=1"))
        out.append(pytest.param(case, id=case["id"], marks=marks))
    return out


@pytest.mark.parametrize("case", _params())
async def test_difficult_customer_conversation(
    sqlite_store: SqliteStore, case: dict[str, Any]
) -> None:
    clock = Clock(datetime.fromisoformat(case["at"]))
    engine = Engine(store=sqlite_store, policy=load_policy(case["plan"]), clock=clock)
    engine.handoff = True  # an agent desk is wired, as in production
    channel = case.get("channel", "webchat")
    who = "+13035550199" if channel == "sms" else "customer-1"
    answers = {k: list(v) if isinstance(v, list) else [v] for k, v in case["answers"].items()}
    transcript: list[str] = []
    asked: list[str] = []
    counter = iter(range(1, 10_000))
    opened = None

    async def say(text: str) -> Any:
        nonlocal opened
        clock.advance(seconds=30)
        meta = {"known_phone": who} if channel == "sms" else {}
        inbound = Inbound(Address(channel, who), text, f"m{next(counter)}", clock(), meta=meta)
        result = await engine.handle(inbound, inline=True)
        transcript.append(f"> {text}")
        transcript.extend(r.text for r in result.replies)
        opened = opened or result.ticket
        return result.conversation

    conv = None
    for line in case["say"]:
        conv = await say(line)
    for _ in range(MAX_TURNS):
        if (
            conv is None
            or opened is not None
            or conv.state not in ("new", "collecting", "clarifying", "confirming")
        ):
            break
        pending = conv.pending or ("description" if conv.state == "new" else "")
        asked.append(pending)
        queue = answers.get(pending)
        if queue:
            reply = queue.pop(0) if len(queue) > 1 else queue[0]
        elif pending == "confirm":
            reply = "yes"
        elif pending == "" and conv.state == "collecting":
            break  # the bot asked "what should I change?" and the script has nothing to change
        else:
            reply = "skip"
        conv = await say(reply)

    expect = case["expect"]
    text = "\n".join(transcript)
    context = f"\n--- transcript ---\n{text}"
    if "priority" in expect:
        if expect["priority"] is None:
            assert opened is None, f"no ticket expected, got #{opened.number}{context}"
        else:
            assert opened is not None, f"no ticket opened{context}"
            assert opened.priority == expect["priority"], context
    for key, value in expect.get("fields", {}).items():
        assert opened is not None, f"no ticket opened{context}"
        assert opened.fields.get(key) == value, f"{key}: {opened.fields.get(key)!r}{context}"
    for phrase in expect.get("says", []):
        assert phrase.lower() in text.lower(), f"missing {phrase!r}{context}"
    for phrase in expect.get("not_says", []):
        assert phrase.lower() not in text.lower(), f"unexpected {phrase!r}{context}"
    for key in expect.get("never_asks", []):
        assert key not in asked, f"asked {key}{context}"
