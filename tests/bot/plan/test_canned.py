"""`[[canned]]`: a plan's saved replies are checked when the plan loads."""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from importlib import resources
from typing import Any

import pytest

from bot.plan.canned import find
from bot.plan.policy import PolicyError, load_policy, parse_policy, profile_names


@cache
def _calltower() -> dict[str, Any]:
    text = (resources.files("bot") / "profiles" / "calltower.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _with_canned(*replies: dict[str, str]) -> dict[str, Any]:
    data = copy.deepcopy(_calltower())
    data["canned"] = list(replies)
    return data


def _problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(PolicyError) as info:
        parse_policy(data, source="plan.toml")
    return info.value.problems


def test_calltower_ships_reboot_and_mpoc_approval_in_both_languages() -> None:
    plan = load_policy("calltower")
    reboot, mpoc = find(plan.canned, "reboot"), find(plan.canned, "MPOC")
    assert reboot is not None and "reboot the phone" in reboot.text("en")
    assert "reinicie el teléfono" in reboot.text("es")
    assert mpoc is not None and "approval" in mpoc.en and "aprobación" in mpoc.es


@pytest.mark.parametrize("name", profile_names())
def test_every_shipped_canned_reply_has_a_label_and_both_languages(name: str) -> None:
    for reply in load_policy(name).canned:
        assert reply.label and reply.en.strip() and reply.es.strip() and reply.en != reply.es


def test_duplicate_keys_are_refused() -> None:
    same = {"key": "reboot", "en": "Reboot.", "es": "Reinicie."}
    problems = _problems(_with_canned(same, same))
    assert any(k == "canned" and "duplicate canned reply keys: reboot" in r for k, r in problems)


def test_a_missing_language_is_named() -> None:
    problems = _problems(_with_canned({"key": "reboot", "en": "Reboot."}))
    assert ("canned[0].es", "Field required") in problems


def test_an_empty_text_is_refused() -> None:
    problems = _problems(_with_canned({"key": "reboot", "en": "Reboot.", "es": "  "}))
    assert any(k == "canned[0].es" and "both languages" in r for k, r in problems)


def test_a_key_an_agent_cannot_type_is_refused() -> None:
    problems = _problems(_with_canned({"key": "Reboot phone", "en": "Reboot.", "es": "Reinicie."}))
    assert any(k == "canned[0].key" and "lower-case" in r for k, r in problems)


def test_a_plan_without_canned_replies_has_none() -> None:
    data = copy.deepcopy(_calltower())
    del data["canned"]
    assert parse_policy(data, source="plan.toml").canned == []
