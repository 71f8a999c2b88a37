"""One contact entry as an operator or an API client writes it, checked and normalised:
the account, a name, the role (mpoc, authorized or maintenance), and at least one of a
phone (made E.164 with phonenumbers, in the plan's default region), an email, a Telegram user id;
optionally the products the account uses (a list, or in a CSV cell separated by `;`).
Problems are (key, reason) pairs, never the value itself (a phone number is personal)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

import phonenumbers

from domain.contacts import ROLES, Contact, Role

FIELDS: Final = ("account", "name", "role", "phone", "email", "telegram")
KEYS: Final = (*FIELDS, "products")
MAX_TEXT: Final = 200
MAX_PRODUCTS: Final = 50
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
    unknown = sorted(set(data) - set(KEYS))
    problems += [(k, f"unknown key; expected {', '.join(KEYS)}") for k in unknown]
    products = _products(data.get("products"), problems)
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
        products=products,
    )


def _products(value: Any, problems: list[tuple[str, str]]) -> tuple[str, ...]:
    """The products an entry lists: a list of names, or one string of names separated by
    `;` (a CSV cell); each stripped, blanks dropped, the first of each name kept."""
    if value is None or value == "":
        return ()
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        problems.append(("products", "a list of names, or names separated by ;"))
        return ()
    names = list(dict.fromkeys(i.strip() for i in items if i.strip()))
    if len(names) > MAX_PRODUCTS or any(len(n) > MAX_TEXT for n in names):
        problems.append(("products", f"at most {MAX_PRODUCTS} names of {MAX_TEXT} characters"))
        return ()
    return tuple(names)
