"""Authorized contacts (CallTower's MPOC rule): who may open tickets for an account, and
what a ticket's history says about the person who opened it.

A ticket carries its contact check as events, like its breaches: `contact_unverified`
(the sender is not listed for the account they named), `approval_requested` (a MACD
request waits for an MPOC), then `approval_granted` or `approval_denied`. The API and
the card read them through `contact_status`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final, Literal

# `maintenance`: a listed contact the customer named for maintenance notices (CallTower:
# "los contactos para la notificación de mantenimiento"); listed like `authorized`, and
# not an MPOC (it approves no MACD)
ROLES: Final = ("mpoc", "authorized", "maintenance")
Role = Literal["mpoc", "authorized", "maintenance"]
SOURCES: Final = ("file", "api")

UNVERIFIED: Final = "contact_unverified"
VERIFIED: Final = "contact_verified"
APPROVAL_REQUESTED: Final = "approval_requested"
APPROVAL_GRANTED: Final = "approval_granted"
APPROVAL_DENIED: Final = "approval_denied"
APPROVAL_KINDS: Final = (APPROVAL_REQUESTED, APPROVAL_GRANTED, APPROVAL_DENIED)

_PUNCTUATION: Final = re.compile(r"[\W_]+")


def account_key(account: str) -> str:
    """An account id as compared: case, spaces and punctuation do not matter, as customers
    type it ("ac 10442" and "AC10442" are AC-10442)."""
    return _PUNCTUATION.sub("", account).upper()


@dataclass(frozen=True, slots=True)
class Contact:
    """One person listed for an account. `phone` is E.164, `email` lower case,
    `telegram` the numeric Telegram user id; at least one of them is set."""

    account: str
    name: str
    role: Role
    phone: str = ""
    email: str = ""
    telegram: str = ""
    id: str = ""  # the store's id (API-added) or "file:<n>" (the operator's file)
    source: str = "api"
    # the products or platforms the account uses, as this entry lists them (an account's
    # are what all its entries list; none listed: unknown), for maintenance notices
    products: tuple[str, ...] = ()

    @property
    def is_mpoc(self) -> bool:
        return self.role == "mpoc"

    @property
    def address(self) -> str:
        """Where a notice to this contact goes: its email, else its phone (SMS), else its
        Telegram user (a private chat's id is the user's)."""
        if self.email:
            return f"email:{self.email}"
        if self.phone:
            return f"sms:{self.phone}"
        return f"telegram:{self.telegram}" if self.telegram else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "account": self.account,
            "name": self.name,
            "role": self.role,
            "phone": self.phone,
            "email": self.email,
            "telegram": self.telegram,
            "source": self.source,
            "products": list(self.products),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Contact:
        role = data.get("role", "authorized")
        return cls(
            account=str(data["account"]),
            name=str(data.get("name", "")),
            role=role if role in ("mpoc", "maintenance") else "authorized",
            phone=str(data.get("phone", "")),
            email=str(data.get("email", "")),
            telegram=str(data.get("telegram", "")),
            id=str(data.get("id", "")),
            source=str(data.get("source", "api")),
            products=tuple(str(p) for p in data.get("products", ())),
        )


@dataclass(frozen=True, slots=True)
class Sender:
    """Who opened a ticket, as far as the channel tells: `proven` when the identity came
    from the channel itself (the SMS number, the Telegram user, the mail's From), not
    from a field the customer typed (the web chat's email field)."""

    phone: str = ""
    email: str = ""
    telegram: str = ""
    proven: bool = True

    def matches(self, contact: Contact) -> bool:
        return bool(
            (self.phone and self.phone == contact.phone)
            or (self.email and self.email == contact.email)
            or (self.telegram and self.telegram == contact.telegram)
        )


@dataclass(frozen=True, slots=True)
class ContactStatus:
    """What a ticket's events say: None where the plan never checked."""

    verified: bool | None
    account: str
    approval: Literal["awaiting", "approved", "denied"] | None

    def to_json(self) -> dict[str, Any]:
        return {"verified": self.verified, "account": self.account, "approval": self.approval}


def contact_status(events: Any) -> ContactStatus:
    """The contact check and the approval state from a ticket's events (oldest first)."""
    verified: bool | None = None
    account = ""
    approval: Literal["awaiting", "approved", "denied"] | None = None
    for e in events:
        if e.kind in (UNVERIFIED, VERIFIED):
            verified, account = e.kind == VERIFIED, e.detail
        elif e.kind == APPROVAL_REQUESTED:
            approval = "awaiting"
        elif e.kind == APPROVAL_GRANTED:
            approval = "approved"
        elif e.kind == APPROVAL_DENIED:
            approval = "denied"
    return ContactStatus(verified, account, approval)
