"""Export: `supportbot tickets export` and GET /api/tickets/export give the same rows."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.store.protocol import TurnCommit
from bot.store.sqlite.store import SqliteStore
from domain.types import Address, TicketEvent
from tests.api.conftest import READER, Api
from tests.factories import T0, make_ticket
from tests.handoff.conftest import Desk


def _tickets() -> list:  # type: ignore[type-arg]
    breach = TicketEvent(T0, "sla_breached", "first_response", by="system")
    return [
        make_ticket(
            number=n,
            address=Address("sms", f"+1415555{n:04d}"),
            created_at=T0 + timedelta(days=n),
            summary="=cmd|' /C calc'!A0" if n == 3 else f"ticket {n} – sin tono",
            fields={"site": "Almacén"},
            events=(breach,) if n == 2 else (),
        )
        for n in range(1, 5)
    ]


def test_cli_exports_jsonl_and_csv_since_a_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    async def seed() -> None:
        async with SqliteStore(tmp_path / "bot.db") as store:
            await store.commit(TurnCommit(at=T0, tickets=tuple(_tickets())))

    asyncio.run(seed())
    cfg = tmp_path / "supportbot.toml"
    cfg.write_text('[store]\nurl = "sqlite:///bot.db"\n', encoding="utf-8")
    since = (T0 + timedelta(days=2)).date().isoformat()
    args = ["tickets", "--config", str(cfg), "export", "--since", since]
    assert main(args) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["number"] for r in rows] == [2, 3, 4]  # oldest first, from the date on
    assert rows[0]["breached"] is True and rows[0]["fields"] == {"site": "Almacén"}
    assert rows[0]["customer"] == "sms:+14155550002"
    assert main([*args, "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["number"] for r in table] == ["2", "3", "4"]
    assert table[1]["summary"].startswith("'=")  # a spreadsheet will not run it
    assert json.loads(table[0]["fields"]) == {"site": "Almacén"}
    with pytest.raises(SystemExit):
        main([*args[:-1], "last tuesday"])


@pytest.mark.route("GET /api/tickets/export")
async def test_api_export_streams_the_same_rows(desk: Desk, api: Api) -> None:
    await desk.store.commit(TurnCommit(at=T0, tickets=tuple(_tickets())))
    since = (T0 + timedelta(days=3)).isoformat()
    r = await api.get("/api/tickets/export", params={"since": since}, token=READER)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/jsonl")
    assert [json.loads(x)["number"] for x in r.text.splitlines()] == [3, 4]
    c = await api.get("/api/tickets/export", params={"format": "csv"})
    assert c.headers["content-type"].startswith("text/csv")
    assert [row["number"] for row in csv.DictReader(io.StringIO(c.text))] == ["1", "2", "3", "4"]
    assert (await api.get("/api/tickets/export", params={"format": "xml"})).status_code == 400
    assert (await api.get("/api/tickets/export", params={"from": "x"})).status_code == 400
