"""One desk action and the line its card's thread gets, for every door an agent uses: the
Slack desk's buttons, forms and `/ticket` verbs (handoff/slack.py) and the ticket API
(api/tickets_write.py). Both call `run`, so an action taken over HTTP commits, tells the
customer and notes the thread exactly as the same action taken in Slack does; each door
only parses its own input into these arguments."""

from __future__ import annotations

from datetime import date
from typing import Final

from handoff.actions import ActionResult, AgentActions
from handoff.cards import Agent
from handoff.slack_blocks import who as shown

VERBS: Final = frozenset(
    {
        "claim",
        "resolve",
        "escalate",
        "unclaim",
        "progress",
        "shipping",
        "close",
        "reopen",
        "reassign",
        "priority",
        "hold",
        "duplicate",
        "note",
    }
)


async def run(
    actions: AgentActions,
    number: int,
    verb: str,
    agent: Agent,
    *,
    to: Agent | None = None,
    until: date | None = None,
    tracking: str = "",
    of: int | None = None,
    priority: str = "",
    text: str = "",
    dedup_key: str | None = None,
) -> tuple[ActionResult, str]:
    """Apply `verb` as `agent`: (the desk's result, the note for the card's thread).
    The arguments a verb needs (`to` for reassign, `until` for hold...) are the caller's
    to check; a missing one is a programming error (ValueError)."""
    a, who, key = actions, shown(agent), dedup_key
    if verb == "claim":
        return await a.claim(number, agent, dedup_key=key), f"Claimed by {who}."
    if verb == "resolve":
        result = await a.resolve(number, agent, dedup_key=key)
        return result, f"Resolved by {who}; the customer was asked to confirm."
    if verb == "escalate":
        return await a.escalate(number, agent, dedup_key=key), f"escalated by {who}"
    if verb == "unclaim":
        result = await a.unclaim(number, agent, dedup_key=key)
        return result, f"Unclaimed by {who}; back in the queue."
    if verb == "progress":
        return await a.in_progress(number, agent, dedup_key=key), f"Set in progress by {who}."
    if verb == "shipping":
        result = await a.shipping(number, agent, tracking, dedup_key=key)
        return result, f"Shipping, set by {who}." + (f" Tracking: {tracking}" if tracking else "")
    if verb == "close":
        return await a.close(number, agent, dedup_key=key), f"Closed by {who}."
    if verb == "reopen":
        result = await a.reopen(number, agent, dedup_key=key)
        # a new linked case gets its own lines (SlackHandoff.show)
        return result, f"Reopened by {who}." if result.opened is None else ""
    if verb == "reassign" and to is not None:
        result = await a.reassign(number, agent, to, dedup_key=key)
        return result, f"Reassigned by {who} to {shown(to)}."
    if verb == "priority" and priority:
        result = await a.set_priority(number, agent, priority, dedup_key=key)
        return result, f"Priority changed by {who} to {priority.upper()}."
    if verb == "hold" and until is not None:
        result = await a.hold(number, agent, until, dedup_key=key)
        return result, f"On hold until {until.isoformat()} ({who})."
    if verb == "duplicate" and of is not None:
        result = await a.duplicate(number, agent, of, dedup_key=key)
        return result, f"Closed by {who} as a duplicate of #{of}."
    if verb == "note" and text:
        return await a.note(number, agent, text, dedup_key=key), f"*Note from {who}:* {text}"
    raise ValueError(f"desk verb {verb!r} without what it needs")
