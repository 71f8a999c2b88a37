"""The contact directory: the operator's file (`[contacts] file`, CSV or TOML, read again
whenever it changes, like the API tokens file) and the contacts added through the API
(the store's ContactBook), together.

How the two combine: both count. A sender listed in either is listed; the MPOCs asked
to approve are those of both (one email once). The file belongs to the operator: the
API lists its entries (`source: "file"`) but cannot remove them (edit the file); what
the API adds lives in the store, survives restarts and is shared by every worker.

At start-up a file that cannot be read or has a bad entry stops the bot with
`FILE: KEY: REASON` (keys like `contacts[2].phone` in TOML, `line 3.phone` in CSV);
later, a bad edit keeps the entries the file had and says so in the log, so a typo
cannot unlist every MPOC at once.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import secrets
import tomllib
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config import ConfigError
from bot.contacts.entries import InvalidEntry, parse_entry
from bot.store.contacts import ContactBook
from domain.contacts import Contact, Sender, account_key

log = logging.getLogger("supportbot.contacts")


class Duplicate(ValueError):
    """The account already lists this phone, email or Telegram user."""

    def __init__(self, existing: Contact) -> None:
        super().__init__(f"already listed for {existing.account} as {existing.id}")
        self.existing = existing


def parse_contacts_file(path: Path, *, region: str) -> list[Contact]:
    """Every entry of the file; `ConfigError` lists every problem as FILE: KEY: REASON."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(source, [("(file)", "no such file")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, [("(file)", f"unreadable: {type(exc).__name__}")]) from None
    rows: list[tuple[str, dict[str, Any]]]
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        rows = [(f"line {reader.line_num}", dict(row)) for row in reader]
        # csv gives a short row's missing cells as None and extra cells under the key None
        for key, row in rows:
            if None in row:
                raise ConfigError(source, [(key, "more cells than the header has columns")])
    elif path.suffix.lower() == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(source, [("(syntax)", str(exc))]) from None
        tables = data.get("contacts", [])
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise ConfigError(source, [("contacts", "expected [[contacts]] tables")])
        rows = [(f"contacts[{i}]", t) for i, t in enumerate(tables)]
    else:
        raise ConfigError(source, [("(file)", "expected a .csv or .toml file")])
    contacts: list[Contact] = []
    problems: list[tuple[str, str]] = []
    for n, (where, row) in enumerate(rows, start=1):
        try:
            contacts.append(parse_entry(row, region=region, id=f"file:{n}", source="file"))
        except InvalidEntry as exc:
            problems += [(f"{where}.{k}", r) for k, r in exc.problems]
    if problems:
        raise ConfigError(source, problems)
    return contacts


class ContactFile:
    """The operator's file, read again whenever its modification time or size changes."""

    def __init__(self, path: str | Path, *, region: str) -> None:
        self.path = Path(path)
        self.region = region
        self._stamp = self._stat()
        self._entries = parse_contacts_file(self.path, region=region)  # start-up: strict

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def entries(self) -> list[Contact]:
        stamp = self._stat()
        if stamp is not None and stamp != self._stamp:
            self._stamp = stamp
            try:
                self._entries = parse_contacts_file(self.path, region=self.region)
            except ConfigError as exc:
                # keys and reasons only: never a phone number or an address in the log
                log.warning("contacts file not loaded, keeping its last entries:\n%s", exc)
            else:
                log.info("contacts file loaded: %d entries", len(self._entries))
        return list(self._entries)


class Directory:
    def __init__(self, *, book: ContactBook, file: ContactFile | None, region: str) -> None:
        self.book = book
        self.file = file
        self.region = region

    async def contacts(self, account: str | None = None) -> list[Contact]:
        """The file's entries, then the API's, for one account or all."""
        listed = self.file.entries() if self.file is not None else []
        if account is not None:
            listed = [c for c in listed if account_key(c.account) == account_key(account)]
        return [*listed, *await self.book.list_contacts(account)]

    async def match(self, account: str, sender: Sender) -> Contact | None:
        """The listed contact of `account` the sender is, or None."""
        if not account.strip():
            return None
        return next((c for c in await self.contacts(account) if sender.matches(c)), None)

    async def mpocs(self, account: str) -> list[Contact]:
        """The account's MPOCs with an email (who approval requests go to), one per email."""
        seen: set[str] = set()
        out: list[Contact] = []
        for c in await self.contacts(account):
            if c.is_mpoc and c.email and c.email not in seen:
                seen.add(c.email)
                out.append(c)
        return out

    async def maintenance_contacts(self) -> list[Contact]:
        """Who gets maintenance notices without subscribing (CallTower: "los contactos para
        la notificación de mantenimiento", named among the MPOCs): each account's contacts
        of role `maintenance`, or its MPOCs when it names none. One per address, each with
        its account's products: every product any entry of the account lists (none: the
        account's products are unknown)."""
        by_account: dict[str, list[Contact]] = {}
        for c in await self.contacts():
            by_account.setdefault(account_key(c.account), []).append(c)
        seen: set[str] = set()
        out: list[Contact] = []
        for listed in by_account.values():
            products = tuple(dict.fromkeys(p for c in listed for p in c.products))
            named = [c for c in listed if c.role == "maintenance"]
            for c in named or [c for c in listed if c.is_mpoc]:
                if c.address and c.address not in seen:
                    seen.add(c.address)
                    out.append(replace(c, products=products))
        return out

    async def add(self, account: str, data: dict[str, Any]) -> Contact:
        """Parse and store a contact for `account` (`InvalidEntry`, or `Duplicate` when the
        account already lists the same phone, email or Telegram user)."""
        contact = parse_entry(
            {**data, "account": account},
            region=self.region,
            id="c" + secrets.token_hex(6),
            source="api",
        )
        same = Sender(contact.phone, contact.email, contact.telegram)
        existing = await self.match(account, same)
        if existing is not None:
            raise Duplicate(existing)
        await self.book.save_contact(contact)
        return contact
