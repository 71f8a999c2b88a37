"""The contact directory: the operator's CSV or TOML file (phones made E.164 in the plan's
region, every problem as FILE: KEY: REASON, read again when it changes, a bad edit keeping
the last good entries) and the store's API-added contacts, together."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.app import build_services
from bot.config import ConfigError
from bot.contacts.directory import ContactFile, Directory, Duplicate, parse_contacts_file
from bot.store.sqlite.store import SqliteStore
from domain.contacts import Contact, Sender
from tests.app_harness import app_settings

CSV = """account,name,role,phone,email,telegram
AC-10442,Mia Boss,MPOC,,Mia@Example.com,
AC-10442,Bob Listed,authorized,(415) 555-0199,,
ZX-1,Zoe,mpoc,+44 20 7946 0958,,987654321
"""
TOML = """[[contacts]]
account = "AC-10442"
name = "Mia Boss"
role = "mpoc"
email = "mia@example.com"

[[contacts]]
account = "AC-10442"
name = "Tom Telegram"
telegram = 123456789
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csv_file_is_read_with_phones_in_e164_and_emails_in_lower_case(tmp_path: Path) -> None:
    mia, bob, zoe = parse_contacts_file(_write(tmp_path, "c.csv", CSV), region="US")
    assert (mia.role, mia.email, mia.id, mia.source) == (
        "mpoc",
        "mia@example.com",
        "file:1",
        "file",
    )
    assert (bob.role, bob.phone) == ("authorized", "+14155550199")  # read in the US region
    assert (zoe.phone, zoe.telegram) == ("+442079460958", "987654321")


def test_a_toml_file_is_read_and_a_role_defaults_to_authorized(tmp_path: Path) -> None:
    mia, tom = parse_contacts_file(_write(tmp_path, "c.toml", TOML), region="US")
    assert mia.is_mpoc and not tom.is_mpoc
    assert tom.telegram == "123456789"  # a TOML integer is a Telegram id too


@pytest.mark.parametrize(
    ("name", "text", "lines"),
    [
        (
            "c.csv",
            "account,name,role,phone,email\nAC-1,Ann,boss,12,not-an-email\n,Ben,mpoc,,b@x.io\n",
            [
                "{path}: line 2.role: expected one of mpoc, authorized, maintenance",
                "{path}: line 2.phone: not a phone number (give it in E.164, e.g. +14155550100)",
                "{path}: line 2.email: not an email address",
                "{path}: line 3.account: required",
            ],
        ),
        (
            "c.toml",
            '[[contacts]]\naccount = "AC-1"\nname = "Ann"\nfax = "1"\n',
            [
                "{path}: contacts[0].fax: unknown key; expected account, name, role, phone, email, telegram, products",
                "{path}: contacts[0].(contact): give at least one of phone, email, telegram",
            ],
        ),
        ("c.toml", "[[contacts]\n", None),
        ("c.txt", "account\n", ["{path}: (file): expected a .csv or .toml file"]),
        ("c.csv", "account,name\nAC-1,Ann,extra\n", None),
    ],
)
def test_a_bad_file_is_reported_as_file_key_reason(
    tmp_path: Path, name: str, text: str, lines: list[str] | None
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(ConfigError) as caught:
        parse_contacts_file(path, region="US")
    if lines is not None:
        assert str(caught.value).splitlines() == [line.format(path=path) for line in lines]
    else:
        assert str(caught.value).startswith(f"{path}: ")


def test_a_missing_or_bad_contacts_file_stops_the_start(tmp_path: Path) -> None:
    settings = app_settings(tmp_path, channels={}, contacts={"file": "missing.csv"})
    with pytest.raises(ConfigError, match=r"missing\.csv: \(file\): no such file"):
        build_services(settings)
    _write(tmp_path, "bad.csv", "account,name,phone\nAC-1,Ann,12\n")
    settings = app_settings(tmp_path, channels={}, contacts={"file": str(tmp_path / "bad.csv")})
    with pytest.raises(ConfigError, match=r"bad\.csv: line 2\.phone: not a phone number"):
        build_services(settings)


def test_the_file_is_read_again_when_it_changes_and_a_bad_edit_keeps_the_last_entries(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "c.csv", CSV)
    file = ContactFile(path, region="US")
    assert [c.name for c in file.entries()] == ["Mia Boss", "Bob Listed", "Zoe"]
    path.write_text("account,name,email\nAC-10442,Nia New,nia@example.com\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different modification time, whatever the file system's clock
    assert [c.name for c in file.entries()] == ["Nia New"]
    path.write_text("account,name,email\nAC-10442,Typo,not-an-address\n", encoding="utf-8")
    os.utime(path, ns=(2, 2))
    assert [c.name for c in file.entries()] == ["Nia New"]  # the typo unlisted nobody


async def test_the_directory_matches_file_and_store_contacts_and_lists_mpocs_once(
    tmp_path: Path,
) -> None:
    async with SqliteStore(tmp_path / "bot.db") as store:
        directory = Directory(
            book=store, file=ContactFile(_write(tmp_path, "c.csv", CSV), region="US"), region="US"
        )
        added = await directory.add(
            "AC-10442", {"name": "Max Api", "role": "mpoc", "email": "max@example.com"}
        )
        assert added.source == "api" and added.id.startswith("c")
        with pytest.raises(Duplicate):
            await directory.add("ac-10442", {"name": "Mia", "email": "MIA@example.com"})
        assert [c.email for c in await directory.mpocs("AC-10442")] == [
            "mia@example.com",
            "max@example.com",
        ]
        bob = await directory.match("AC-10442", Sender(phone="+14155550199"))
        assert bob is not None and bob.name == "Bob Listed"
        max_ = await directory.match("ac 10442", Sender(email="max@example.com"))
        assert isinstance(max_, Contact) and max_.source == "api"
        assert await directory.match("ZX-1", Sender(phone="+14155550199")) is None  # other account
        assert await directory.match("", Sender(phone="+14155550199")) is None  # no account named


async def test_maintenance_notices_go_to_an_accounts_maintenance_contacts_else_its_mpocs(
    tmp_path: Path,
) -> None:
    async with SqliteStore(tmp_path / "bot.db") as store:
        directory = Directory(
            book=store, file=ContactFile(_write(tmp_path, "c.csv", CSV), region="US"), region="US"
        )
        # ZX-1 names no maintenance contact: its MPOC (a phone, no email) is told by SMS;
        # AC-10442 names one through the API: only she is, not its MPOC Mia
        await directory.add(
            "ac 10442", {"name": "Nora Ops", "role": "maintenance", "email": "NORA@example.com"}
        )
        told = await directory.maintenance_contacts()
        assert sorted(((c.account, c.address) for c in told), key=lambda p: p[1]) == [
            ("ac 10442", "email:nora@example.com"),  # as the API was given it
            ("ZX-1", "sms:+442079460958"),
        ]
        # a maintenance contact is listed (may open tickets) but approves no MACD
        nora = await directory.match("AC-10442", Sender(email="nora@example.com"))
        assert nora is not None and nora.role == "maintenance" and not nora.is_mpoc
        assert [c.email for c in await directory.mpocs("AC-10442")] == ["mia@example.com"]


def test_a_contacts_file_may_name_maintenance_contacts(tmp_path: Path) -> None:
    text = "account,name,role,phone,email,telegram\nAC-1,Tom,Maintenance,,,42\n"
    [tom] = parse_contacts_file(_write(tmp_path, "c.csv", text), region="US")
    assert (tom.role, tom.address) == ("maintenance", "telegram:42")
    assert Contact.from_json(tom.to_json()) == tom
