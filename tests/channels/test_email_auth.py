"""From forgery: with `verify_sender`, a mail that claims an existing ticket joins it only
when the receiving MTA's Authentication-Results (RFC 8601) vouch for its From; otherwise a
new ticket opens, linked to the claimed one. Real messages through smtplib."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.plan.policy import Policy
from bot.store.sqlite.store import SqliteStore
from channels.email_auth import authenticate, parse_header, verdict
from tests.channels.email_support import EmailEnv, corpus, email_env
from tests.conftest import Clock

MX = "mx.support.example"


def stamped(raw: bytes, *results: str) -> bytes:
    """`raw` as our MTA hands it over: its Authentication-Results on top."""
    head = b"".join(f"Authentication-Results: {r}\n".encode() for r in results)
    return head + raw


@pytest.fixture
async def verifying(
    sqlite_store: SqliteStore, calltower: Policy, clock: Clock, tmp_path: Path
) -> AsyncIterator[EmailEnv]:
    async with email_env(
        sqlite_store,
        calltower,
        clock,
        tmp_path,
        verify_sender=True,
        trusted_authserv_ids=[MX.upper()],  # ids compare without case
    ) as env:
        yield env


async def _open_ticket(env: EmailEnv) -> None:
    first = stamped(corpus("new_en_outage.eml"), f"{MX}; dmarc=pass header.from=example.com")
    await env.send(first)
    assert [t.number for t in await env.store.list_tickets()] == [10001]


@pytest.mark.parametrize(
    "results",
    [
        (),  # no Authentication-Results at all
        (
            f"{MX}; spf=fail smtp.mailfrom=example.com; dkim=none; dmarc=fail header.from=example.com",
        ),
        # a pass stamped by an MTA we were not told to trust is what a forger would write
        ("mx.forger.example; dmarc=pass header.from=example.com",),
        # a DKIM pass for another domain says nothing of example.com
        (f"{MX}; dkim=pass header.d=forger.example; spf=pass smtp.mailfrom=bounce@forger.example",),
    ],
    ids=["unstamped", "failed", "untrusted-authserv-id", "unaligned-pass"],
)
async def test_a_forged_from_claiming_a_ticket_opens_a_linked_ticket_instead_of_commenting(
    verifying: EmailEnv, results: tuple[str, ...]
) -> None:
    env = verifying
    await _open_ticket(env)
    forged = stamped(corpus("outlook_reply_en.eml", TICKET=10001), *results)
    assert await env.send(forged, mail_from="ana@example.com") == {}
    old = await env.store.get_ticket(10001)
    new = await env.store.get_ticket(10002)
    assert old is not None and new is not None
    assert not any(e.kind == "comment" for e in old.events)  # nothing added to Ana's ticket
    assert "phone" not in old.fields  # the forged mail's callback number is not on it
    assert new.linked_to == 10001
    assert new.conversation_id != old.conversation_id


@pytest.mark.parametrize(
    "result",
    [
        f"{MX}; dmarc=pass (p=reject) header.from=example.com",
        f"{MX} 1; dkim=pass (2048-bit key) header.d=example.com header.s=sel; spf=softfail",
        f"{MX}; spf=pass smtp.mailfrom=ana@mail.example.com",
    ],
    ids=["dmarc", "dkim-with-version-and-comments", "spf-subdomain"],
)
async def test_an_authenticated_reply_joins_its_ticket(verifying: EmailEnv, result: str) -> None:
    env = verifying
    await _open_ticket(env)
    await env.send(stamped(corpus("outlook_reply_en.eml", TICKET=10001), result))
    (ticket,) = await env.store.list_tickets()
    assert ticket.fields["phone"] == "+13035550147"
    assert any(e.kind == "comment" for e in ticket.events)


async def test_with_the_switch_off_an_unstamped_reply_joins_as_before(env: EmailEnv) -> None:
    await _open_ticket(env)
    await env.send(corpus("outlook_reply_en.eml", TICKET=10001))
    assert [t.number for t in await env.store.list_tickets()] == [10001]


def test_authentication_results_are_read_as_rfc_8601_writes_them() -> None:
    parsed = parse_header(
        "mx.support.example (Postfix) 1; spf=pass (sender SPF authorized) "
        'smtp.mailfrom=ana@example.com; dkim=pass header.d=example.com header.b="abc"; '
        'dmarc=fail reason="policy" header.from=example.com; none'
    )
    assert parsed is not None and parsed.authserv_id == "mx.support.example"
    assert [(r.method, r.result) for r in parsed.results] == [
        ("spf", "pass"),
        ("dkim", "pass"),
        ("dmarc", "fail"),
    ]
    assert parsed.results[1].properties["header.d"] == "example.com"
    # the topmost trusted header is read; an untrusted one never counts
    raw = stamped(b"From: ana@example.com\n\nhi\n", "evil; dmarc=pass", f"{MX}; dkim=neutral")
    assert not authenticate(raw, from_address="ana@example.com", trusted={MX}).authenticated
    assert verdict([], from_address="ana@example.com", trusted={MX}).why.startswith("no trusted")


def test_verifying_senders_without_a_trusted_authserv_id_is_a_start_up_error() -> None:
    from pydantic import ValidationError

    from bot.config_channels import EmailConfig

    with pytest.raises(ValidationError, match="authserv-id"):
        EmailConfig(verify_sender=True)
    assert EmailConfig(
        verify_sender=True, trusted_authserv_ids=[" MX.A "]
    ).trusted_authserv_ids == ["mx.a"]
