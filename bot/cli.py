"""`supportbot`: serve, chat, tickets, inbox, classify, extract, policy."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

from bot import classify_cli
from bot.config import ConfigError, Settings, load_settings, store_url
from bot.plan.policy import Policy, PolicyError, load_policy, load_policy_file

if TYPE_CHECKING:
    from domain.types import Ticket

EXIT_CONFIG = 2
_CONFIG_HELP = "TOML config file (default: $SUPPORTBOT_CONFIG or built-in defaults)"
_POLICY_HELP = "profile name or plan file (default: the config's)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except (ConfigError, PolicyError) as exc:
        print(f"supportbot: invalid configuration\n{exc}", file=sys.stderr)
        return EXIT_CONFIG
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="supportbot", description="Omnichannel support bot for telecom and VoIP providers."
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {_version()}",
        help="print the installed version and exit",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    serve = sub.add_parser(
        "serve", help="run the HTTP server, the SMTP listener and the outbox dispatcher"
    )
    serve.add_argument(
        "--config", help="TOML config file (default: $SUPPORTBOT_CONFIG or built-in defaults)"
    )
    serve.add_argument(
        "--store", help="store URL, overrides the config (sqlite:///path or redis://host:port/db)"
    )
    serve.add_argument("--host", help="address to listen on, overrides the config")
    serve.add_argument("--port", type=int, help="HTTP port, overrides the config")
    serve.set_defaults(func=_serve)

    chat = sub.add_parser("chat", help="talk to the bot in this terminal")
    chat.add_argument("--config", help=_CONFIG_HELP)
    chat.add_argument(
        "--channel",
        default="console",
        choices=["console", "webchat", "sms", "telegram", "email"],
        help="apply this channel's limits, wording and hours",
    )
    chat.add_argument("--user", help="who you are to the bot (default: console-<login>)")
    chat.set_defaults(func=_chat)

    tickets = sub.add_parser("tickets", help="list or show tickets")
    tickets.add_argument("--config", help=_CONFIG_HELP)
    tsub = tickets.add_subparsers(dest="tickets_command", required=True, metavar="ACTION")
    tl = tsub.add_parser("list", help="the newest tickets, one a line (times in the plan's zone)")
    tl.add_argument("--open", action="store_true", help="only open tickets")
    tl.add_argument("--limit", type=int, default=50, help="at most this many tickets (default: 50)")
    tl.add_argument("--json", action="store_true", help="print the tickets as a JSON array")
    ts = tsub.add_parser("show", help="one ticket: fields, due times and events")
    ts.add_argument("number", type=int, help="the ticket number, e.g. 10001")
    ts.add_argument(
        "--json", action="store_true", help="print the ticket as JSON (as GET /api/tickets/N)"
    )
    te = tsub.add_parser(
        "export", help="tickets created since a date, oldest first, for your own reporting"
    )
    te.add_argument(
        "--since", type=_since, default=None, help="YYYY-MM-DD or an ISO date-time (UTC if no zone)"
    )
    te.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="default: jsonl")
    tickets.set_defaults(func=_tickets)

    from channels.email_dead_cli import add_inbox_commands

    add_inbox_commands(sub, config_help=_CONFIG_HELP)

    classify = sub.add_parser(
        "classify", help="JSON lines {text, lang?} on stdin -> priority estimates"
    )
    classify.add_argument("--policy", default=None, help=_POLICY_HELP)
    classify.add_argument("--config", help=_CONFIG_HELP)
    classify_cli.add_arguments(classify)
    classify.set_defaults(func=_classify)

    extract = sub.add_parser(
        "extract", help="JSON lines {text} on stdin -> extracted intake fields"
    )
    extract.add_argument(
        "--policy", default=None, help=_POLICY_HELP + "; its default region reads phone numbers"
    )
    extract.add_argument("--config", help=_CONFIG_HELP)
    extract.set_defaults(func=_extract)

    policy = sub.add_parser("policy", help="check and render support plans")
    psub = policy.add_subparsers(dest="policy_command", required=True, metavar="ACTION")
    pc = psub.add_parser("check", help="validate a plan file; errors name file, key and reason")
    pc.add_argument("file", help="the plan's TOML file")
    pc.set_defaults(func=_policy_check)
    from bot.plan.cli import add_policy_commands

    add_policy_commands(psub)
    return p


def _version() -> str:
    try:
        return metadata.version("supportbot")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown (not installed)"


def _settings(args: argparse.Namespace) -> Settings:
    return load_settings(getattr(args, "config", None))


def _policy(args: argparse.Namespace) -> Policy:
    settings = _settings(args)
    name = getattr(args, "policy", None) or settings.policy
    return load_policy(name, base_dir=Path(settings.base_dir))


def _setup_logging(level: str, settings: Settings | None = None) -> None:
    from bot.logs import setup_logging

    setup_logging(level, secrets=configured_secrets(settings) if settings else ())


_SECRET_KEYS: Final = frozenset(
    {
        "api_token",
        "session_secret",
        "auth_token",
        "token",
        "secret_token",
        "username",
        "password",
        "bot_token",
        "signing_secret",
        "app_token",
        "link_secret",
    }
)


def configured_secrets(model: Any) -> list[str]:
    """Every secret value in the settings (plain or SecretStr), for the log formatter to mask."""
    found: list[str] = []
    for name, value in vars(model).items():
        if hasattr(value, "__pydantic_fields__"):
            found.extend(configured_secrets(value))
        elif name in _SECRET_KEYS and value:
            secret = value.get_secret_value() if hasattr(value, "get_secret_value") else value
            if isinstance(secret, str) and secret:
                found.append(secret)
    return found


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from bot.app import build_app, build_services
    from bot.gc_tuning import tune_for_serving
    from bot.listen import claim_ports

    overrides = {
        key: value
        for key, value in (
            ("store.url", args.store),
            ("server.host", args.host),
            ("server.port", args.port),
        )
        if value is not None
    }
    settings = load_settings(args.config, overrides=overrides)
    # every check before anything is built or says "ready": the ports, then the services
    sock = claim_ports(settings)
    try:
        _setup_logging(settings.log_level, settings)
        services = build_services(settings)
        app = build_app(services)
    except BaseException:
        sock.close()
        raise
    config = uvicorn.Config(
        app,
        host=settings.server.host,
        port=settings.server.port,
        log_level=settings.log_level.lower(),
        log_config=None,  # uvicorn's lines go through our handler: masked, no query strings
        lifespan="on",
        # X-Forwarded-For is read by the app, from [server] trusted_proxies only (bot.proxies);
        # uvicorn's own reading would trust 127.0.0.1 by default
        proxy_headers=False,
    )
    print(
        f"supportbot: web chat on http://{settings.server.host}:{settings.server.port}/chat",
        file=sys.stderr,
    )
    tune_for_serving()
    uvicorn.Server(config).run(sockets=[sock])
    return 0


def _chat(args: argparse.Namespace) -> int:
    from bot.engine.turns import Engine
    from bot.store.backends import open_store
    from channels.console import chat_loop

    settings = _settings(args)
    _setup_logging("WARNING")
    policy = load_policy(settings.policy, base_dir=Path(settings.base_dir))

    async def run() -> None:
        store = open_store(store_url(settings))
        await store.open()
        try:
            engine = Engine(
                store=store, policy=policy, max_message_chars=settings.limits.max_message_chars
            )
            await chat_loop(engine, channel=args.channel, user=args.user)
        finally:
            await store.close()

    asyncio.run(run())
    return 0


def _since(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not YYYY-MM-DD or an ISO date-time"
        ) from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _tickets(args: argparse.Namespace) -> int:
    from bot.store.backends import open_store

    settings = _settings(args)
    # times print in the plan's zone, as the bot quotes them to customers
    tz = ZoneInfo(load_policy(settings.policy, base_dir=Path(settings.base_dir)).plan.timezone)

    async def run() -> int:
        store = open_store(store_url(settings))
        await store.open()
        try:
            if args.tickets_command == "export":
                from bot.export import export_lines

                async for line in export_lines(store, args.since, args.format):
                    sys.stdout.write(line)
                return 0
            if args.tickets_command == "list":
                tickets = await store.list_tickets(open_only=args.open, limit=args.limit)
                if args.json:
                    print(json.dumps([t.to_json() for t in tickets], ensure_ascii=False, indent=2))
                elif not tickets:
                    print("No open tickets." if args.open else "No tickets yet.")
                else:
                    print("\n".join(ticket_rows(tickets, tz)))
                return 0
            ticket = await store.get_ticket(args.number)
            if ticket is None:
                print(f"no ticket #{args.number}", file=sys.stderr)
                return 1
            if args.json:
                print(json.dumps(ticket.to_json(), ensure_ascii=False, indent=2))
            else:
                print("\n".join(ticket_lines(ticket, tz)))
            return 0
        finally:
            await store.close()

    return asyncio.run(run())


_COLUMNS = ("TICKET", "PRIORITY", "STATUS", "CHANNEL", "OPENED", "SUMMARY")


def ticket_rows(tickets: Sequence[Ticket], tz: tzinfo) -> list[str]:
    """`tickets list`: a header row, then one aligned row a ticket."""
    from bot.plan.cli import local_time

    rows = [_COLUMNS] + [
        (
            f"#{t.number}",
            t.priority,
            t.status.value,
            t.channel,
            local_time(t.created_at, tz),
            t.summary[:60],
        )
        for t in tickets
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS) - 1)]
    return [
        "  ".join(
            [*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]
        ).rstrip()
        for row in rows
    ]


def ticket_lines(ticket: Ticket, tz: tzinfo) -> list[str]:
    """`tickets show`: the ticket as text, every time as `tickets list` prints it."""
    from bot.plan.cli import local_time

    def when(at: datetime | None) -> str:
        return local_time(at, tz) if at else "-"

    lines = [
        f"Ticket #{ticket.number}  {ticket.priority}  {ticket.status.value}",
        f"  channel: {ticket.channel}",
        f"  address: {ticket.address}",
        f"  lang: {ticket.lang}",
        f"  created_at: {when(ticket.created_at)}",
        f"  first_response_due: {when(ticket.first_response_due)}",
        f"  next_update_due: {when(ticket.next_update_due)}",
        "  fields:",
        *(f"    {key}: {value}" for key, value in ticket.fields.items()),
        "  events:",
        *(f"    {when(e.at)} {e.kind} {e.detail}" for e in ticket.events),
    ]
    return lines


def _json_lines() -> list[dict[str, Any] | None]:
    out: list[dict[str, Any] | None] = []
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError:
            out.append(None)
            continue
        out.append(item if isinstance(item, dict) and isinstance(item.get("text"), str) else None)
    return out


def _classify(args: argparse.Namespace) -> int:
    from flows.classify.classifier import assess, decide, model_for

    policy = _policy(args)
    if classify_cli.wants_own(args):
        return classify_cli.run(args, policy)
    for item in _json_lines():
        if item is None:
            print(json.dumps({"error": "expected a JSON object with a string 'text'"}))
            continue
        a = assess(
            item["text"],
            lang=item.get("lang"),
            extra_keywords=policy.classification.keywords or None,
            model=model_for(policy.classification.learned),
            audience=policy.audience,
        )
        d = decide(a, policy.rules, default=policy.classification.default)
        print(
            json.dumps(
                {
                    "priority": d.priority,
                    "impact": a.impact,
                    "scope": a.scope,
                    "service": a.service,
                    "confidence": round(a.confidence, 3),
                    "would_ask": d.would_ask,
                },
                ensure_ascii=False,
            )
        )
    return 0


def _extract(args: argparse.Namespace) -> int:
    from flows.extract.fields import extract

    policy = _policy(args)
    for item in _json_lines():
        if item is None:
            print(json.dumps({"error": "expected a JSON object with a string 'text'"}))
            continue
        found = extract(item["text"], region=policy.plan.default_region)
        fields = {
            k: v
            for k, v in found.as_dict().items()
            if k in ("phone", "email", "call_id", "ticket", "account_id", "name")
        }
        print(json.dumps({"fields": fields}, ensure_ascii=False))
    return 0


def _policy_check(args: argparse.Namespace) -> int:
    try:
        policy = load_policy_file(Path(args.file))
    except PolicyError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_CONFIG
    print(
        f"{args.file}: ok ({policy.plan.title}; {len(policy.priorities)} priorities, "
        f"{len(policy.calendars)} calendars)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
