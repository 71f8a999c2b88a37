"""CSAT in the integrations (issue 16 + issue 17 item 6): the score on the ticket's
detail, the list filtered by score, the export's csat columns, and the signed
`csat.received` webhook event, verified by a receiver with `standardwebhooks`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from bot.config import WebhookConfig
from handoff import slack_blocks as blocks
from tests.api.conftest import READER, running_api
from tests.api.webhook_receiver import SECRET, receiver
from tests.conftest import Clock
from tests.handoff.conftest import Desk


async def _rated(desk: Desk, score: str, comment: str, *, sender: str) -> int:
    """A ticket over SMS, closed by an agent from its card, rated by the customer."""
    t = await desk.open_ticket(sender=sender)
    card = await desk.card(t.number)
    await desk.action(blocks.ACTION_CLAIM, str(t.number), card=card)
    await desk.action(blocks.ACTION_CLOSE, str(t.number), card=card)
    await desk.text(f"{score} - {comment}" if comment else score, sender=sender)
    return t.number


@pytest.mark.route("GET /api/tickets/{number}")
@pytest.mark.route("GET /api/tickets")
@pytest.mark.route("GET /api/tickets/export")
async def test_score_comment_when_and_channel_in_detail_filter_and_export(
    tmp_path: Path, clock: Clock
) -> None:
    async with running_api(tmp_path, clock) as (desk, api):
        happy = await _rated(desk, "5", "", sender="+14155550101")
        unhappy = await _rated(desk, "2", "nobody called me back", sender="+14155550102")
        unasked = (await desk.open_ticket(sender="+14155550103")).number

        detail = (await api.get(f"/api/tickets/{unhappy}", token=READER)).json()
        assert (detail["csat"]["score"], detail["csat"]["comment"]) == (2, "nobody called me back")
        assert detail["csat"]["channel"] == "sms"  # the Csat schema is checked by Api
        assert detail["csat"]["answered_at"] == clock().isoformat()
        assert (await api.get(f"/api/tickets/{unasked}")).json()["csat"] is None

        low = await api.get("/api/tickets?csat=1,2")
        assert [t["number"] for t in low.json()["tickets"]] == [unhappy]
        both = await api.get("/api/tickets", params=[("csat", "5"), ("csat", "2")])
        assert sorted(t["number"] for t in both.json()["tickets"]) == [happy, unhappy]
        bad = await api.get("/api/tickets?csat=6")
        assert bad.status_code == 400 and bad.json()["parameter"] == "csat"

        rows = (await api.get("/api/tickets/export", params={"format": "csv"})).text
        table = {int(r["number"]): r for r in csv.DictReader(io.StringIO(rows))}
        assert table[unhappy]["csat_score"] == "2"
        assert table[unhappy]["csat_comment"] == "nobody called me back"
        assert table[unhappy]["csat_channel"] == "sms" and table[unhappy]["csat_at"]
        assert table[unasked]["csat_score"] == "" and table[unasked]["csat_channel"] == ""
        lines = (await api.get("/api/tickets/export")).text.splitlines()
        by_number = {json.loads(x)["number"]: json.loads(x) for x in lines}
        assert by_number[happy]["csat_score"] == 5 and by_number[unasked]["csat_score"] is None


async def test_csat_received_is_a_signed_webhook_event_with_the_score_and_priority(
    tmp_path: Path, clock: Clock
) -> None:
    async with receiver() as rec:
        hook = WebhookConfig(name="crm", url=rec.url, secret=SECRET, events=["csat.received"])  # type: ignore[arg-type]
        async with running_api(tmp_path, clock, webhooks=[hook]) as (desk, _api):
            n = await _rated(desk, "4", "", sender="+14155550104")
            await desk.text("Please call before 5pm next time", sender="+14155550104")
            await desk.services.dispatcher.deliver_due()
    assert rec.refused == []  # every signature verified by standardwebhooks
    assert rec.types() == ["csat.received", "csat.received"]  # the score, then the comment
    score, comment = (r.data for r in rec.got)
    assert score["ticket"]["number"] == n
    assert score["csat"]["score"] == 4 and score["csat"]["comment"] == ""
    assert score["csat"]["channel"] == "sms" and score["csat"]["priority"] == "P4"
    assert comment["csat"]["comment"] == "Please call before 5pm next time"
