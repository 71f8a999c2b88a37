"""Contacts added through the API (`/api/accounts/{account}/contacts`); the operator's
file is read by bot.contacts and never written here. An account is compared by
`domain.contacts.account_key`, so "ac 10442" lists AC-10442's contacts."""

from __future__ import annotations

from typing import Protocol

from domain.contacts import Contact


class ContactBook(Protocol):
    async def save_contact(self, contact: Contact) -> None:
        """Add `contact`, or replace the one with its account and `id` (ids are the caller's)."""
        ...

    async def delete_contact(self, account: str, contact_id: str) -> bool:
        """Remove a contact; False when the account lists no such id."""
        ...

    async def list_contacts(self, account: str | None = None) -> list[Contact]:
        """The account's contacts (every account's without one), by account, name and id."""
        ...
