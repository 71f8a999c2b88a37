"""Replies through a relay that demands STARTTLS, implicit TLS (port 465) or AUTH: a real
aiosmtpd on a free port with a throwaway CA (trustme) on the other side. The relay's
certificate is always verified; a relay that refuses our settings is an error in the log
and in /metrics, and the reply stays owed."""

from __future__ import annotations

import asyncio
import logging
import ssl
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

from bot.config import ConfigError, load_settings
from bot.engine.delivery import TemporaryFailure
from channels.email_outbound import (
    SETTINGS_RETRY_AFTER,
    Letter,
    Relay,
    RelaySettingsRefused,
    build_message,
    deliver,
)
from channels.email_threading import ThreadRecord
from tests.channels.email_support import SUPPORT, CapturingRelay, EmailEnv, corpus

RELAY_ERRORS = "supportbot_email_relay_errors_total"


@dataclass
class SecureRelay(CapturingRelay):
    """The capturing relay behind TLS: `starttls` offers and demands STARTTLS, `implicit`
    wraps the listening socket (port 465 style); with `logins`, AUTH is required."""

    starttls: ssl.SSLContext | None = None
    implicit: ssl.SSLContext | None = None
    logins: dict[str, str] = field(default_factory=dict)
    secure: list[bool] = field(default_factory=list)  # was each DATA over TLS
    users: list[str] = field(default_factory=list)  # who each DATA was authenticated as

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.secure.append(server.transport.get_extra_info("ssl_object") is not None)
        self.users.append(session.auth_data.decode() if session.authenticated else "")
        return await super().handle_DATA(server, session, envelope)

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        logins = self.logins

        def check(
            server: Any, session: Any, envelope: Any, mechanism: str, data: Any
        ) -> AuthResult:
            ok = isinstance(data, LoginPassword) and logins.get(data.login.decode()) == (
                data.password.decode()
            )
            return AuthResult(success=ok, handled=False, auth_data=data.login if ok else None)

        def protocol() -> SMTP:
            return SMTP(
                self,
                hostname="relay.test",
                loop=loop,
                tls_context=self.starttls,
                require_starttls=self.starttls is not None,
                authenticator=check if logins else None,
                auth_required=bool(logins),
                # aiosmtpd cannot see a socket it did not wrap itself as TLS: port 465
                # style is TLS from the first byte, so AUTH there is not in clear
                auth_require_tls=self.implicit is None,
            )

        self._server = await loop.create_server(protocol, "127.0.0.1", 0, ssl=self.implicit)
        self.port = self._server.sockets[0].getsockname()[1]


@dataclass(frozen=True)
class Pki:
    ca_file: str  # trusted by the bot
    server: ssl.SSLContext  # the relay's certificate for 127.0.0.1 and localhost, from that CA
    stranger_ca_file: str  # another CA that did not sign the relay's certificate
    wrong_name: ssl.SSLContext  # signed by the trusted CA, for another host


def _server_context(cert: trustme.LeafCert) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    return context


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    folder = tmp_path_factory.mktemp("pki")
    ca, stranger = trustme.CA(), trustme.CA()
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    stranger.cert_pem.write_to_path(str(folder / "stranger.pem"))
    return Pki(
        ca_file=str(folder / "ca.pem"),
        server=_server_context(ca.issue_cert("127.0.0.1", "localhost")),
        stranger_ca_file=str(folder / "stranger.pem"),
        wrong_name=_server_context(ca.issue_cert("relay.internal.example")),
    )


def reply() -> EmailMessage:
    letter = Letter(
        to="ana@example.com",
        text="We are on it.",
        footer="CallTower Support",
        subject_fallback="Your support request",
        ticket=10001,
        message_id="<sb.relay@example.com>",
        record=ThreadRecord(subject="Fax line not working", refs=(), last=""),
        lang="en",
        automatic=True,
    )
    return build_message(
        letter,
        from_address=SUPPORT,
        from_name="CallTower Support",
        reply_to=SUPPORT,
        at=datetime(2026, 11, 24, tzinfo=UTC),
    )


async def started(**kwargs: Any) -> SecureRelay:
    relay = SecureRelay(**kwargs)
    await relay.start()
    return relay


async def test_starttls_relay_receives_the_reply_over_a_verified_connection(pki: Pki) -> None:
    relay = await started(starttls=pki.server)
    try:
        sent = Relay("127.0.0.1", relay.port, starttls=True, ca_file=pki.ca_file)
        assert await deliver(reply(), sent) == "<sb.relay@example.com>"
    finally:
        await relay.stop()
    assert relay.secure == [True]
    assert relay.last()["Subject"] == "Re: Fax line not working [#10001]"


async def test_implicit_tls_relay_receives_the_reply(pki: Pki) -> None:
    relay = await started(implicit=pki.server)
    try:
        await deliver(reply(), Relay("127.0.0.1", relay.port, tls=True, ca_file=pki.ca_file))
    finally:
        await relay.stop()
    assert relay.secure == [True]
    assert relay.last()["To"] == "ana@example.com"


async def test_auth_over_starttls_with_the_right_password_delivers(pki: Pki) -> None:
    relay = await started(starttls=pki.server, logins={"bot@example.com": "s3cret"})
    sent = Relay(
        "127.0.0.1",
        relay.port,
        starttls=True,
        username="bot@example.com",
        password="s3cret",
        ca_file=pki.ca_file,
    )
    try:
        await deliver(reply(), sent)
    finally:
        await relay.stop()
    assert relay.users == ["bot@example.com"] and relay.secure == [True]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
async def test_auth_over_implicit_tls_with_the_right_password_delivers(pki: Pki) -> None:
    relay = await started(implicit=pki.server, logins={"bot": "s3cret"})
    sent = Relay(
        "127.0.0.1", relay.port, tls=True, username="bot", password="s3cret", ca_file=pki.ca_file
    )
    try:
        await deliver(reply(), sent)
    finally:
        await relay.stop()
    assert relay.users == ["bot"]


async def test_a_wrong_password_is_a_logged_temporary_failure_that_keeps_the_reply(
    pki: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    relay = await started(starttls=pki.server, logins={"bot": "s3cret"})
    sent = Relay(
        "127.0.0.1",
        relay.port,
        starttls=True,
        username="bot",
        password="hunter2",
        ca_file=pki.ca_file,
    )
    try:
        with pytest.raises(RelaySettingsRefused, match="authentication failed: 535") as failed:
            await deliver(reply(), sent)
    finally:
        await relay.stop()
    assert relay.received == []
    assert failed.value.retry_after == SETTINGS_RETRY_AFTER  # a fix takes a person
    assert failed.value.kind == "auth"  # what the channel counts (relay_errors{reason})
    (record,) = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "channels.email.relay" in record.getMessage() and "hunter2" not in record.getMessage()


async def test_no_credentials_for_a_relay_that_requires_auth_is_a_temporary_failure(
    pki: Pki,
) -> None:
    relay = await started(starttls=pki.server, logins={"bot": "s3cret"})
    try:
        with pytest.raises(TemporaryFailure, match="530"):
            await deliver(
                reply(), Relay("127.0.0.1", relay.port, starttls=True, ca_file=pki.ca_file)
            )
    finally:
        await relay.stop()
    assert relay.received == []


async def test_sending_in_clear_to_a_relay_that_demands_starttls_is_a_loud_temporary_failure(
    pki: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    relay = await started(starttls=pki.server)
    try:
        with pytest.raises(
            RelaySettingsRefused, match="530 Must issue a STARTTLS command first"
        ) as failed:
            await deliver(reply(), Relay("127.0.0.1", relay.port))
    finally:
        await relay.stop()
    assert relay.received == []
    assert failed.value.kind == "tls"
    assert any(r.levelno == logging.ERROR for r in caplog.records)


async def test_starttls_never_falls_back_to_clear_when_the_relay_does_not_offer_it() -> None:
    relay = await started()  # a plain relay: no STARTTLS in its EHLO
    try:
        with pytest.raises(TemporaryFailure, match="STARTTLS extension not supported"):
            await deliver(reply(), Relay("127.0.0.1", relay.port, starttls=True))
    finally:
        await relay.stop()
    assert relay.received == []


@pytest.mark.parametrize("mode", ["starttls", "tls"])
@pytest.mark.parametrize(
    ("server", "trust"),
    [
        ("server", "stranger_ca_file"),  # signed by a CA we do not trust
        ("server", ""),  # the system store does not know the test CA either
        ("wrong_name", "ca_file"),  # trusted CA, but issued for another host
    ],
)
async def test_a_relay_certificate_that_does_not_verify_is_refused(
    pki: Pki, mode: str, server: str, trust: str
) -> None:
    context: ssl.SSLContext = getattr(pki, server)
    relay = await started(**{"starttls" if mode == "starttls" else "implicit": context})
    ca_file = getattr(pki, trust) if trust else ""
    sent = Relay(
        "127.0.0.1", relay.port, starttls=mode == "starttls", tls=mode == "tls", ca_file=ca_file
    )
    try:
        with pytest.raises(TemporaryFailure, match="CERTIFICATE_VERIFY_FAILED"):
            await deliver(reply(), sent)
    finally:
        await relay.stop()
    assert relay.received == []


async def test_implicit_tls_to_a_starttls_port_is_a_settings_failure(pki: Pki) -> None:
    relay = await started(starttls=pki.server)
    try:
        with pytest.raises(TemporaryFailure, match="relay settings: TLS failed"):
            await deliver(reply(), Relay("127.0.0.1", relay.port, tls=True, ca_file=pki.ca_file))
    finally:
        await relay.stop()
    assert relay.received == []


async def test_an_unreadable_ca_file_is_a_temporary_failure_naming_it(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-such-ca.pem")
    with pytest.raises(TemporaryFailure, match="no-such-ca.pem"):
        await deliver(reply(), Relay("127.0.0.1", 1, starttls=True, ca_file=missing))


async def test_a_reply_refused_for_a_wrong_password_goes_out_once_it_is_fixed(
    env: EmailEnv, pki: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    relay = await started(starttls=pki.server, logins={"bot": "s3cret"})
    wrong = Relay(
        "127.0.0.1", relay.port, starttls=True, username="bot", password="old", ca_file=pki.ca_file
    )
    try:
        env.channel.relay = wrong
        await env.send(corpus("new_en_outage.eml"))
        await env.dispatcher.deliver_due()
        assert relay.received == []
        ticket = await env.store.get_ticket(10001)
        assert ticket is not None
        assert "delivery_failed" not in [e.kind for e in ticket.events]  # still owed
        retried = [r.getMessage() for r in caplog.records if r.name == "supportbot.dispatch"]
        assert any("relay settings: authentication failed" in m for m in retried)
        assert env.metrics.value(RELAY_ERRORS, reason="auth") == 1  # on /metrics

        env.channel.relay = replace(wrong, password="s3cret")  # the operator fixes it
        env.clock.advance(minutes=10)
        await env.dispatcher.deliver_due()
    finally:
        await relay.stop()
    assert relay.last()["Subject"].endswith("[#10001]")
    assert relay.users == ["bot"] and relay.secure == [True]


def test_relay_settings_come_from_the_file_and_the_password_from_the_environment(
    tmp_path: Path,
) -> None:
    path = tmp_path / "supportbot.toml"
    path.write_text(
        "[channels.email.relay]\n"
        'host = "smtp.internal.example"\nport = 587\nstarttls = true\n'
        'ca_file = "/etc/ssl/internal-ca.pem"\n'
    )
    settings = load_settings(
        path,
        environ={"SUPPORTBOT_SMTP_USERNAME": "bot", "SUPPORTBOT_SMTP_PASSWORD": "s3cret"},
    )
    relay = Relay.from_config(settings.channels.email.relay)
    assert relay == Relay(
        "smtp.internal.example",
        587,
        starttls=True,
        username="bot",
        password="s3cret",
        ca_file="/etc/ssl/internal-ca.pem",
    )
    assert "s3cret" not in repr(relay)


def test_starttls_and_tls_together_are_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "supportbot.toml"
    path.write_text("[channels.email.relay]\nport = 465\nstarttls = true\ntls = true\n")
    with pytest.raises(ConfigError, match="not both"):
        load_settings(path, environ={})
