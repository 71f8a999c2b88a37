"""`supportbot policy show|hours|sla`: a support lead's view of a plan, from the
same data the bot quotes to customers."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.plan.doc import render_markdown
from bot.plan.policy import CHANNEL_NAMES, Policy, load_policy


def add_policy_commands(psub: Any) -> None:
    show = psub.add_parser("show", help="render the plan as a support-plan page in Markdown")
    show.add_argument("name", help="profile name or plan file")
    show.add_argument("--lang", default="en", choices=["en", "es"])
    show.set_defaults(func=_show)

    hours = psub.add_parser(
        "hours", help="are humans on duty on a channel at a time, and when next"
    )
    hours.add_argument("name")
    hours.add_argument("--channel", required=True, choices=[c for c in CHANNEL_NAMES])
    hours.add_argument("--at", help="ISO 8601 time with offset (default: now)")
    hours.add_argument("--json", action="store_true")
    hours.set_defaults(func=_hours)

    sla = psub.add_parser("sla", help="first-response and update due times for a ticket")
    sla.add_argument("name")
    sla.add_argument("--priority", required=True)
    sla.add_argument("--opened", help="ISO 8601 time with offset (default: now)")
    sla.add_argument("--json", action="store_true")
    sla.set_defaults(func=_sla)


def _parse_time(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC)
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise SystemExit(
            f"supportbot: not an ISO 8601 time: {text!r} (e.g. 2026-11-24T18:00-06:00)"
        ) from None
    if at.tzinfo is None:
        raise SystemExit(
            f"supportbot: {text!r} has no UTC offset; write e.g. 2026-11-24T18:00-06:00"
        )
    return at


def _local(policy: Policy, at: datetime, calendar: str | None = None) -> str:
    tz = policy.calendar(calendar).tz if calendar else ZoneInfo(policy.plan.timezone)
    return at.astimezone(tz).isoformat(timespec="minutes")


def _show(args: argparse.Namespace) -> int:
    policy = load_policy(args.name)
    sys.stdout.write(render_markdown(policy, args.lang))
    return 0


def hours_report(policy: Policy, channel: str, at: datetime) -> dict[str, Any]:
    rules = policy.channel_rules(channel)
    cal = policy.calendar(rules.hours)
    is_open = cal.is_open(at)
    report: dict[str, Any] = {
        "policy": policy.plan.name,
        "channel": channel,
        "calendar": rules.hours,
        "timezone": str(cal.tz),
        "at": _local(policy, at, rules.hours),
        "open": is_open,
    }
    if is_open:
        report["next_open"] = _local(policy, at, rules.hours)
        try:
            report["closes"] = _local(policy, cal.next_close(at), rules.hours)
        except ValueError:
            report["closes"] = None  # always open
    else:
        report["next_open"] = _local(policy, cal.next_open(at), rules.hours)
    return report


def sla_report(policy: Policy, priority: str, opened: datetime) -> dict[str, Any]:
    level = policy.priority(priority)
    out: dict[str, Any] = {
        "policy": policy.plan.name,
        "priority": priority,
        "clock": level.clock,
        "opened": _local(policy, opened, level.clock),
        "first_response": level.first_response,
        "update_every": level.update_every,
    }
    for which, key in (
        ("first_response", "first_response_due"),
        ("update_every", "next_update_due"),
        ("resolution", "resolution_due"),
    ):
        due = policy.due(priority, which, opened)
        out[key] = _local(policy, due, policy.clock_name(priority, which)) if due else None
    out["escalation"] = [
        {
            "level": lv.level,
            "who": lv.who.en,
            "after": lv.after[priority],
            "from": _local(policy, at),
        }
        for lv, at in policy.escalation_times(priority, opened)
    ]
    return out


def _hours(args: argparse.Namespace) -> int:
    policy = load_policy(args.name)
    report = hours_report(policy, args.channel, _parse_time(args.at))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        state = "open" if report["open"] else "closed"
        print(
            f"{policy.plan.title}: {args.channel} is {state} at {report['at']} ({report['timezone']})"
        )
        if not report["open"]:
            print(f"next opening: {report['next_open']}")
        elif report.get("closes"):
            print(f"closes: {report['closes']}")
    return 0


def _sla(args: argparse.Namespace) -> int:
    policy = load_policy(args.name)
    if args.priority not in policy.priority_by_id:
        known = ", ".join(policy.priority_by_id)
        print(
            f"supportbot: unknown priority {args.priority!r} in {policy.plan.name} (known: {known})",
            file=sys.stderr,
        )
        return 2
    report = sla_report(policy, args.priority, _parse_time(args.opened))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(
            f"{policy.plan.title}: {args.priority} opened {report['opened']} (clock: {report['clock']})"
        )
        print(f"first response due: {report['first_response_due']}  ({report['first_response']})")
        print(f"next update due:    {report['next_update_due']}  ({report['update_every']})")
        if report["resolution_due"]:
            print(f"resolution due:     {report['resolution_due']}")
        for step in report["escalation"]:
            print(f"escalation level {step['level']} from {step['from']}: {step['who']}")
    return 0
