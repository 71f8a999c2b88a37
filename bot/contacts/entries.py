"""One contact entry as an operator or an API client writes it, checked and normalised:
the account, a name, the role (mpoc, authorized or maintenance), and at least one of a
phone (made E.164 with phonenumbers, in the plan's default region), an email, a Telegram user id.
Problems are (key, reason) pairs, never the value itself (a phone number is personal)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import phonenumbers

from domain.contacts import ROLES, Contact, Role

FIELDS: Final = ("account", "name", "role", "phone", "email", "telegram")
MAX_TEXT: Final = 200
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TELEGRAM: Final = re.compile(r"^\d{1,20}$")
_ROLE_ALIASES: Final[dict[str, Role]] = {
    "mpoc": "mpoc",
    "authorized": "authorized",
    "authorised": "authorized",
    "maintenance": "maintenance",
}


class InvalidEntry(ValueError):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{k}: {r}" for k, r in problems))
        self.problems = problems


def e164(raw: str, region: str) -> str | None:
    """The number in E.164, or None when it is not a possible number."""
    try:
        parsed = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def parse_entry(
    data: Mapping[str, Any], *, region: str, id: str = "", source: str = "api"
) -> Contact:
    """A contact from a table, a CSV row or a JSON body; `InvalidEntry` lists every problem."""
    problems: list[tuple[str, str]] = []
    unknown = sorted(set(data) - set(FIELDS))
    problems += [(k, f"unknown key; expected {', '.join(FIELDS)}") for k in unknown]
    values: dict[str, str] = {}
    for key in FIELDS:
        value = data.get(key, "")
        if value is None:
            value = ""
        if isinstance(value, int) and not isinstance(value, bool) and key == "telegram":
            value = str(value)
        if not isinstance(value, str):
            problems.append((key, "must be a string"))
            continue
        value = value.strip()
        if len(value) > MAX_TEXT:
            problems.append((key, f"longer than {MAX_TEXT} characters"))
        values[key] = value
    for key in ("account", "name"):
        if key in values and not values[key]:
            problems.append((key, "required"))
    role = _ROLE_ALIASES.get(values.get("role", "").lower() or "authorized")
    if "role" in values and role is None:
        problems.append(("role", f"expected one of {', '.join(ROLES)}"))
    phone = values.get("phone", "")
    if phone:
        normal = e164(phone, region)
        if normal is None:
            problems.append(("phone", "not a phone number (give it in E.164, e.g. +14155550100)"))
        phone = normal or ""
    email = values.get("email", "").lower()
    if email and not _EMAIL.match(email):
        problems.append(("email", "not an email address"))
    telegram = values.get("telegram", "")
    if telegram and not _TELEGRAM.match(telegram):
        problems.append(("telegram", "a Telegram user id is digits"))
    if not (values.get("phone") or values.get("email") or values.get("telegram")):
        problems.append(("(contact)", "give at least one of phone, email, telegram"))
    if problems:
        raise InvalidEntry(problems)
    return Contact(
        account=values["account"],
        name=values["name"],
        role=role or "authorized",
        phone=phone,
        email=email,
        telegram=telegram,
        id=id,
        source=source,
    )
