"""Block Kit for the agent desk: the ticket card, its thread intro, the transcript,
`/ticket` answers. Pure functions of domain values; every customer-supplied string
goes through `escape` before it reaches Slack."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Final

from bot.plan.policy import Policy
from domain.contacts import APPROVAL_REQUESTED, contact_status
from domain.types import Attachment, Ticket, TicketStatus
from handoff.csat_text import csat_line
from handoff.desk import AfterHours, Agent
from handoff.slack_text import escape

Block = dict[str, Any]
FormatTime = Callable[[datetime], str]
# a download link for the ticket's file at this index (None: no link, the file was not kept)
FileUrl = Callable[[int, Attachment], str | None]

ACTION_CLAIM: Final = "ticket_claim"
ACTION_RESOLVE: Final = "ticket_resolve"
ACTION_PRIORITY: Final = "ticket_priority"
ACTION_ESCALATE: Final = "ticket_escalate"
ACTION_UNCLAIM: Final = "ticket_unclaim"
ACTION_CLOSE: Final = "ticket_close"
ACTION_REOPEN: Final = "ticket_reopen"
ACTION_PROGRESS: Final = "ticket_progress"
ACTION_MORE: Final = "ticket_more"  # the ⋯ menu (handoff/slack_modals.py)
ACTION_CANNED: Final = "ticket_canned"  # the plan's canned replies (`/ticket N reply KEY`)
MORE_PROGRESS: Final = "progress"  # a button now; still understood from cards posted before
MORE_MASTER: Final = "master"  # "Make master incident…" (handoff/slack_incident_forms.py)
MORE_SHIPPING: Final = "shipping"
MORE_HOLD: Final = "hold"
MORE_REASSIGN: Final = "reassign"
MORE_DUPLICATE: Final = "duplicate"
CLOCK_LABELS: Final = {
    "first_response": "First-response",
    "update": "Update",
    "resolution": "Resolution",
}
SECTION_MAX: Final = 2900
NOTE_PREFIX: Final = "note:"


def who(agent: Agent) -> str:
    """A Slack mention for a desk user; a name for someone acting through the API (an
    `api:` id is no Slack user)."""
    return f"{agent.name} (via API)" if agent.id.startswith("api:") else f"<@{agent.id}>"


def _cut(text: str, limit: int = SECTION_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _md(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text)}}


def priority_label(policy: Policy, pid: str) -> str:
    level = policy.priority_by_id.get(pid)
    return f"{level.name.en} ({pid})" if level else pid


def card(
    ticket: Ticket,
    policy: Policy,
    *,
    owner: Agent | None,
    breached: Sequence[str] = (),
    format_time: FormatTime,
    after_hours: AfterHours | None = None,
    level: int = 0,
    file_url: FileUrl | None = None,
    children: int = 0,
) -> dict[str, Any]:
    """`text` (notification fallback) and `attachments` (coloured by priority) for chat.postMessage/update."""
    rank = policy.priority_by_id.get(ticket.priority)
    color = rank.color if rank else "#999999"
    head = (
        f"*Ticket #{ticket.number}* · {priority_label(policy, ticket.priority)} · {ticket.channel}"
    )
    customer = escape(ticket.fields.get("name") or str(ticket.address.id))
    lines = [head, f"*Customer:* {customer} ({escape(str(ticket.address))})"]
    if ticket.summary:
        lines.append(f"*Summary:* {escape(ticket.summary)}")
    if ticket.attachments:
        lines.append(f"*Files:* {files_line(ticket.attachments, url=file_url)}")
    if satisfaction := csat_line(ticket):
        lines.append(satisfaction)
    blocks: list[Block] = [_md("\n".join(lines))]
    labels = {f.key: f.label.en for f in policy.intake.fields}
    fields = [
        {"type": "mrkdwn", "text": _cut(f"*{labels.get(k, k)}*\n{escape(v) or '—'}", 1900)}
        for k, v in ticket.fields.items()
        if k != "description"
    ][:10]
    if fields:
        blocks.append({"type": "section", "fields": fields})
    blocks.append(
        {
            "type": "context",
            "elements": [
                {
                    "type": "mrkdwn",
                    "text": _status_line(
                        ticket,
                        policy,
                        owner=owner,
                        breached=breached,
                        format_time=format_time,
                        after_hours=after_hours,
                        level=level,
                        children=children,
                    ),
                }
            ],
        }
    )
    if not ticket.status.is_closed and ticket.status is not TicketStatus.RESOLVED_PENDING:
        blocks.append(_actions(ticket, policy, claimed=owner is not None))
    else:  # resolved or closed: what an agent can still do is reopen (or close it for good)
        elements = [_button(ACTION_REOPEN, "Reopen", str(ticket.number))]
        if ticket.status is TicketStatus.RESOLVED_PENDING:
            elements.append(_button(ACTION_CLOSE, "Close", str(ticket.number)))
        blocks.append(
            {"type": "actions", "block_id": f"ticket-{ticket.number}", "elements": elements}
        )
    text = f"Ticket #{ticket.number} ({ticket.priority}) from {ticket.channel}"
    return {"text": text, "attachments": [{"color": color, "fallback": text, "blocks": blocks}]}


def status_label(policy: Policy, ticket: Ticket) -> str:
    return policy.status_name(ticket.status.value, "en") or ticket.status.value


def files_line(
    attachments: tuple[Attachment, ...], *, most: int = 10, url: FileUrl | None = None
) -> str:
    """The customer's files by name, kind and size, each a download link when `url` gives
    one (where the server keeps them is never shown)."""
    shown = []
    for i, a in enumerate(attachments[:most]):
        name = escape(a.name or a.kind)
        link = url(i, a) if url is not None else None
        label = f"<{link}|{name}>" if link else name
        sender = f", from {escape(a.by.removeprefix('agent:'))}" if a.by else ""
        shown.append(f"{label} ({a.kind}{', ' + _size(a.size) if a.size else ''}{sender})")
    more = len(attachments) - most
    return " · ".join(shown) + (f" · +{more} more" if more > 0 else "")


def _size(size: int) -> str:
    return f"{size / 1048576:.1f} MB" if size >= 1048576 else f"{max(1, round(size / 1024))} KB"


def _status_line(
    ticket: Ticket,
    policy: Policy,
    *,
    owner: Agent | None,
    breached: Sequence[str],
    format_time: FormatTime,
    after_hours: AfterHours | None,
    level: int,
    children: int = 0,
) -> str:
    parts = [f"Status: *{status_label(policy, ticket)}*"]
    master_of = ticket.fields.get("incident_master", "")
    if master_of or children:
        # the children fold under this card (handoff/incident_cards.py): say how many
        incident = f"incident {escape(master_of)}" if master_of else "its incident"
        parts.append(f":rotating_light: Master of {incident}: {children} linked tickets")
    last = {e.kind: e for e in ticket.events}
    if ticket.status is TicketStatus.ON_HOLD and "on_hold" in last:
        parts.append(f"until {last['on_hold'].detail}")
    shipping = next(
        (e.detail for e in reversed(ticket.events) if e.detail.startswith("shipping: ")), ""
    )
    if ticket.status is TicketStatus.SHIPPING and shipping:
        parts.append(f"tracking: {escape(shipping.removeprefix('shipping: '))}")
    if ticket.linked_to is not None:
        parts.append(f"linked to #{ticket.linked_to}")
    if owner is not None:
        parts.append(f"Claimed by {who(owner)}")
    elif not ticket.status.is_closed:
        parts.append("Unclaimed")
    if (
        ticket.first_response_due is not None
        and owner is None
        and ticket.status is TicketStatus.NEW
    ):
        parts.append(f"First response due {format_time(ticket.first_response_due)}")
    if ticket.callback_due is not None and not ticket.status.is_closed:
        parts.append(f"Callback promised by {format_time(ticket.callback_due)}")
    if ticket.human_requested:
        parts.append("Customer asked for a person")
    parts.extend(contact_parts(ticket))
    if level:
        parts.append(f":arrow_double_up: Escalated to level {level}")
    for clock in breached:
        parts.append(f":rotating_light: {CLOCK_LABELS.get(clock, clock)} SLA breached")
    if after_hours is not None:
        told = f"After hours: customer told agents return {format_time(after_hours.back)}"
        if after_hours.callback_due is not None:
            told += f", callback promised by {format_time(after_hours.callback_due)}"
        parts.append(told)
    return " · ".join(parts)


def contact_parts(ticket: Ticket) -> list[str]:
    """The authorized contacts check (bot/contacts/gate.py), when the plan makes it."""
    status = contact_status(ticket.events)
    parts = []
    if status.verified is False:
        named = f"account {escape(status.account)}" if status.account else "no account named"
        parts.append(f":warning: *Unverified contact* (not listed for {named})")
    if status.approval == "awaiting":
        asked = next(e.detail for e in reversed(ticket.events) if e.kind == APPROVAL_REQUESTED)
        parts.append(
            f":hourglass: *Awaiting MPOC approval* ({escape(asked)}): do not work this MACD yet"
        )
    elif status.approval == "approved":
        parts.append(":white_check_mark: Approved by the account's MPOC")
    elif status.approval == "denied":
        parts.append(":no_entry: Denied by the account's MPOC")
    return parts


def _button(action_id: str, label: str, value: str, *, style: str = "") -> Block:
    button: Block = {
        "type": "button",
        "action_id": action_id,
        "text": {"type": "plain_text", "text": label},
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def _actions(ticket: Ticket, policy: Policy, *, claimed: bool) -> Block:
    value = str(ticket.number)
    elements: list[Block] = [
        _button(ACTION_UNCLAIM, "Unclaim", value)
        if claimed
        else _button(ACTION_CLAIM, "Claim", value, style="primary"),
        _button(ACTION_PROGRESS, "In progress", value),
        _button(ACTION_RESOLVE, "Resolve", value),
        {
            "type": "static_select",
            "action_id": ACTION_PRIORITY,
            "placeholder": {"type": "plain_text", "text": "Priority"},
            "options": [
                {
                    "text": {"type": "plain_text", "text": priority_label(policy, p.id)[:75]},
                    "value": f"{value}:{p.id}",
                }
                for p in policy.priorities
            ],
        },
        _button(ACTION_ESCALATE, "Escalate", value),
        _button(ACTION_CLOSE, "Close", value),
        {
            # Slack allows at most five options: "Set in progress" became a button to make
            # room for "Make master incident…", offered on a ticket not in an incident yet
            "type": "overflow",
            "action_id": ACTION_MORE,
            "options": [
                {"text": {"type": "plain_text", "text": label}, "value": f"{value}:{choice}"}
                for choice, label in _more(ticket)
            ],
        },
    ]
    if policy.canned:
        elements.append(_canned_menu(policy, value))
    return {"type": "actions", "block_id": f"ticket-{value}", "elements": elements}


def _canned_menu(policy: Policy, value: str) -> Block:
    return {
        "type": "static_select",
        "action_id": ACTION_CANNED,
        "placeholder": {"type": "plain_text", "text": "Canned reply"},
        "options": [  # Slack takes at most 100
            {"text": {"type": "plain_text", "text": r.title[:75]}, "value": f"{value}:{r.key}"}
            for r in policy.canned[:100]
        ],
    }


def _more(ticket: Ticket) -> list[tuple[str, str]]:
    more = [
        (MORE_SHIPPING, "Shipping…"),
        (MORE_HOLD, "Put on hold…"),
        (MORE_REASSIGN, "Reassign to…"),
        (MORE_DUPLICATE, "Mark duplicate of…"),
    ]
    if not ticket.fields.get("incident") and not ticket.fields.get("incident_master"):
        more.append((MORE_MASTER, "Make master incident…"))
    return more


def thread_intro(ticket: Ticket) -> str:
    return (
        f"Reply in this thread to answer the customer on {ticket.channel}; replies are signed with your first name. "
        f"A message that starts with `{NOTE_PREFIX}` stays between agents and is never sent to the customer. "
        "Claim the ticket first. The card's ⋯ menu sets it shipping or on hold, "
        "reassigns it, marks it a duplicate or makes it the master of an outage incident; "
        "`/ticket help` lists every action."
    )


def transcript(lines: Sequence[tuple[str, str]]) -> str:
    if not lines:
        return "_No transcript yet._"
    out = ["*Conversation so far:*"]
    for who, text in lines:
        label = (
            "Customer"
            if who == "customer"
            else "Bot"
            if who == "bot"
            else who.removeprefix("agent:")
        )
        out.append(f"*{escape(label)}:* {escape(text)}")
    return _cut("\n".join(out), 39_000)


def customer_line(text: str, attachments: int = 0, links: Sequence[tuple[str, str]] = ()) -> str:
    """The customer's message in the thread; `links` (name, url) to the files it carried."""
    body = escape(text) if text.strip() else ""
    if attachments:
        body = f"{body} _(+{attachments} attachment{'s' if attachments > 1 else ''})_".strip()
    line = f"*Customer:* {body}"
    if links:
        line += "\n:paperclip: " + " · ".join(f"<{url}|{escape(name)}>" for name, url in links)
    return line


def ticket_text(
    ticket: Ticket, policy: Policy, *, owner: Agent | None, format_time: FormatTime
) -> str:
    lines = [
        f"*Ticket #{ticket.number}* · {priority_label(policy, ticket.priority)} · {status_label(policy, ticket)} · {ticket.channel}",
        f"Customer: {escape(str(ticket.address))}"
        + (f" · owner {who(owner)}" if owner else " · unclaimed"),
        f"Opened {format_time(ticket.created_at)}",
    ]
    if ticket.first_response_due is not None:
        lines.append(f"First response due {format_time(ticket.first_response_due)}")
    if ticket.summary:
        lines.append(f"Summary: {escape(ticket.summary)}")
    lines.extend(contact_parts(ticket))
    for event in ticket.events[-5:]:
        lines.append(
            f"• {format_time(event.at)} {event.kind} {escape(event.detail[:120])} ({escape(event.by)})"
        )
    return "\n".join(lines)


def queue_text(tickets: Sequence[Ticket], policy: Policy, *, format_time: FormatTime) -> str:
    if not tickets:
        return "The queue is empty: no unclaimed tickets."
    lines = [f"*Unclaimed tickets ({len(tickets)}), by first-response due:*"]
    for t in tickets:
        due = format_time(t.first_response_due) if t.first_response_due else "no SLA"
        summary = escape(t.summary[:80])
        lines.append(f"• #{t.number} {t.priority} · {t.channel} · due {due} · {summary}")
    return _cut("\n".join(lines), 39_000)


USAGE: Final = (
    "`/ticket queue` lists unclaimed tickets by SLA due · `/ticket 12345` shows a ticket · "
    "`/ticket 12345 claim|unclaim|progress|resolve|close|reopen|escalate` · "
    "`/ticket 12345 reassign @agent` · `/ticket 12345 shipping [tracking note]` · "
    "`/ticket 12345 priority P2` · `/ticket 12345 hold 2026-12-01` · "
    "`/ticket 12345 duplicate 12000` · `/ticket 12345 note <text>` · "
    "`/ticket 12345 reply KEY` sends one of the plan's canned replies · "
    "`/ticket 12345 files` gives fresh download links to the customer's files"
)
