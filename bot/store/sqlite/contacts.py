"""The SQLite store's contact SQL (`bot.store.contacts`), run on its one connection."""

from __future__ import annotations

import json
import sqlite3

from bot.store.records import dumps
from domain.contacts import Contact, account_key


def save_contact(conn: sqlite3.Connection, contact: Contact) -> None:
    conn.execute(
        "INSERT INTO contacts (account, id, name, json) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (account, id) DO UPDATE SET name = excluded.name, json = excluded.json",
        (account_key(contact.account), contact.id, contact.name, dumps(contact.to_json())),
    )


def delete_contact(conn: sqlite3.Connection, account: str, contact_id: str) -> bool:
    return (
        conn.execute(
            "DELETE FROM contacts WHERE account = ? AND id = ?", (account_key(account), contact_id)
        ).rowcount
        > 0
    )


def list_contacts(conn: sqlite3.Connection, account: str | None) -> list[Contact]:
    if account is None:
        rows = conn.execute("SELECT json FROM contacts ORDER BY account, name, id").fetchall()
    else:
        rows = conn.execute(
            "SELECT json FROM contacts WHERE account = ? ORDER BY name, id",
            (account_key(account),),
        ).fetchall()
    return [Contact.from_json(json.loads(r[0])) for r in rows]
