"""The ticket card lists the customer's files (web chat uploads, email attachments)."""

from __future__ import annotations

from datetime import datetime

from bot.plan.policy import Policy
from domain.types import Attachment
from handoff import slack_blocks as blocks
from tests.factories import make_ticket


def _texts(card: dict) -> str:
    return "\n".join(
        b["text"]["text"] for a in card["attachments"] for b in a["blocks"] if "text" in b
    )


def test_the_card_lists_the_customers_files_by_name_kind_and_size(calltower: Policy) -> None:
    files = (
        Attachment("image", "router-lights.png", "image/png", 48_000, ref="/var/a/1-router.png"),
        Attachment("document", "<!channel>.log", "text/plain", 3 * 1048576, ref="/var/a/2"),
    )
    card = blocks.card(
        make_ticket(attachments=files),
        calltower,
        owner=None,
        format_time=lambda when: when.isoformat(),
    )
    text = _texts(card)
    assert (
        "*Files:* router-lights.png (image, 47 KB) · &lt;!channel&gt;.log (document, 3.0 MB)"
        in text
    )
    assert "/var/a" not in text  # where the server keeps them is not Slack's business


def test_a_card_without_files_has_no_files_line(calltower: Policy) -> None:
    card = blocks.card(
        make_ticket(),
        calltower,
        owner=None,
        format_time=lambda when: datetime.isoformat(when),
    )
    assert "Files:" not in _texts(card)
