"""`supportbot policy show|hours|sla`: a support lead's view of a plan, from the
same data the bot quotes to customers."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from bot.plan.doc import render_markdown
from bot.plan.policy import CHANNEL_NAMES, Policy, load_policy, profile_names

_JSON_HELP = "print one JSON object instead of text"


def add_policy_commands(psub: Any) -> None:
    name_help = f"a shipped profile ({', '.join(profile_names())}) or a plan file"
    show = psub.add_parser("show", help="render the plan as a support-plan page in Markdown")
    show.add_argument("name", help=name_help)
    show.add_argument("--lang", default="en", choices=["en", "es"], help="page language")
    show.set_defaults(func=_show)

    hours = psub.add_parser(
        "hours", help="are humans on duty on a channel at a time, and when next"
    )
    hours.add_argument("name", help=name_help)
    hours.add_argument(
        "--channel",
        required=True,
        choices=[c for c in CHANNEL_NAMES],
        help="the channel whose hours to read",
    )
    hours.add_argument("--at", help="ISO 8601 time with offset (default: now)")
    hours.add_argument("--json", action="store_true", help=_JSON_HELP)
    hours.set_defaults(func=_hours)

    sla = psub.add_parser("sla", help="first-response and update due times for a ticket")
    sla.add_argument("name", help=name_help)
    sla.add_argument(
        "--priority", required=True, help="a priority id of the plan, in any case (P3, p3)"
    )
    sla.add_argument("--opened", help="ISO 8601 time with offset (default: now)")
    sla.add_argument("--json", action="store_true", help=_JSON_HELP)
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


def local_time(at: datetime, tz: tzinfo) -> str:
    """How the command line prints a time: ISO 8601 in `tz` with its offset, to the minute
    (2026-11-24T18:00-06:00). Every time `supportbot` prints goes through here."""
    return at.astimezone(tz).isoformat(timespec="minutes")


def resolve_priority(policy: Policy, text: str) -> str | None:
    """The plan's priority id that `text` names, case aside (p3 -> P3); None when it names
    none, or more than one."""
    if text in policy.priority_by_id:
        return text
    matches = [pid for pid in policy.priority_by_id if pid.casefold() == text.casefold()]
    return matches[0] if len(matches) == 1 else None


def _local(policy: Policy, at: datetime, calendar: str | None = None) -> str:
    tz = policy.calendar(calendar).tz if calendar else ZoneInfo(policy.plan.timezone)
    return local_time(at, tz)


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
    priority = resolve_priority(policy, args.priority)
    if priority is None:
        known = ", ".join(policy.priority_by_id)
        print(
            f"supportbot: unknown priority {args.priority!r} in {policy.plan.name} (known: {known})",
            file=sys.stderr,
        )
        return 2
    report = sla_report(policy, priority, _parse_time(args.opened))
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(
            f"{policy.plan.title}: {priority} opened {report['opened']} (clock: {report['clock']})"
        )
        print(f"first response due: {report['first_response_due']}  ({report['first_response']})")
        print(f"next update due:    {report['next_update_due']}  ({report['update_every']})")
        if report["resolution_due"]:
            print(f"resolution due:     {report['resolution_due']}")
        for step in report["escalation"]:
            print(f"escalation level {step['level']} from {step['from']}: {step['who']}")
    return 0
