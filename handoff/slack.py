"""The Slack agent desk: a slack-bolt AsyncApp at POST /slack/events (Events API,
interactivity, the /ticket slash command), or over Socket Mode when
`slack.app_token` is set.

Bolt verifies every HTTP request with the signing secret and refuses requests
whose timestamp is more than five minutes off. `process_before_response` makes
the HTTP answer wait for our commit, so Slack only gets its 200 after an agent's
reply is safely in the outbox. Retried events (X-Slack-Retry-Num) carry the same
event_id, which is the commit's dedup key; messages from bots (ours included)
are ignored.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from starlette.routing import BaseRoute, Route

from bot.config import SlackConfig
from bot.engine.outcome import TurnListener
from bot.engine.sla_timers import SLA_TIMER_KINDS
from bot.engine.timers import TimerHandler
from bot.files.links import FileLinks
from bot.incidents.desk import IncidentDesk, LinkListener, UnlinkListener
from bot.incidents.reminders import UpdateOwed
from bot.metrics import Metrics
from bot.plan.policy import Policy
from bot.store.protocol import DuplicateTurn, OutboxItem, Store, Timer, TurnCommit
from domain.incident import Incident
from domain.types import Attachment, ChannelLimits, Ticket, TicketStatus
from handoff import desk_verbs, slack_ignored, slack_incident_forms, slack_modals
from handoff import slack_blocks as blocks
from handoff.actions import ActionResult, AgentActions
from handoff.desk import Agent, Cards, Handoff
from handoff.incident_cards import SUMMARY as LINK_SUMMARY
from handoff.slack_desk import SlackDesk
from handoff.slack_files import FileRefused, SlackFiles
from handoff.slack_http import SlackEventsDoor
from handoff.slack_incident_reminders import IncidentReminder
from handoff.slack_incidents import incident_command
from handoff.slack_text import mentioned_users, to_plain

log = logging.getLogger("supportbot.slack")

EVENTS_PATH: Final = "/slack/events"
_COMMAND: Final = re.compile(r"^\s*#?(\d+)\s*(\w+)?\s*(.*)$", re.DOTALL)
_ALIASES: Final = {
    "in_progress": "progress",
    "working": "progress",
    "ship": "shipping",
    "dup": "duplicate",
}
# verbs that take something after them (`reassign @maria`, `hold 2026-12-01`...)
_NEEDS_MORE: Final = frozenset({"reassign", "priority", "hold", "duplicate", "note"})


@dataclass
class SlackHandoff:
    """Everything the Slack desk runs: built once by `build_slack_desk`, started by the app's
    lifespan."""

    desk: SlackDesk
    actions: AgentActions
    handoff: Handoff
    store: Store
    app_token: str = ""
    files: SlackFiles | None = None  # what agents share in a thread (file_share)
    incidents: IncidentDesk = field(init=False)  # /incident (set by build_slack_desk)
    bolt: AsyncApp = field(init=False)  # set by build_bolt
    _socket: Any = None
    _tasks: list[Any] = field(default_factory=list)

    @property
    def cards(self) -> Cards:
        return self.handoff.cards

    # -- lifecycle (the app's lifespan calls these) ------------------------------------------

    async def start(self) -> None:
        if self.app_token:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.bolt, self.app_token)
            await self._socket.connect_async()
            log.info("slack socket mode connected")

    async def stop(self) -> None:
        import asyncio

        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        if self.files is not None:
            await self.files.close()

    # -- after an action: keep the card and the thread in step ---------------------------------

    async def show(self, number: int, result: ActionResult, note: str = "") -> None:
        if result.ticket is None or result.duplicate:
            return
        card = await self.cards.get(number)
        if card is None:  # a ticket from before every ticket had a card: it gets one now
            card = await self.handoff.open_card(result.ticket)
        await self.handoff.refresh_card(result.ticket, card, owner=result.owner)
        if result.claimed:
            conv_id = result.ticket.conversation_id or str(result.ticket.address)
            lines = [(line.who, line.text) for line in await self.store.transcript(conv_id)]
            await self.desk.post_transcript(card, lines)
        if note and not result.level:
            await self.desk.post_in_thread(card, note)
        if result.level:  # the escalation's own post says who did it, with the mention
            await self.handoff.escalated(result.ticket, result.level, by=note or "by an agent")
        if result.opened is not None:
            new_card = await self.handoff.open_card(result.opened)
            await self.desk.post_in_thread(
                card, f"New case #{result.opened.number} opened, linked to this one."
            )
            await self.desk.post_in_thread(
                new_card, f"Follows ticket #{number}, which could not be reopened."
            )

    async def on_hold_end(self, timer: Timer) -> None:
        number = int(timer.payload.get("ticket", "0"))
        result = await self.actions.end_hold(number)
        if result.ok:
            await self.show(number, result, f"Ticket #{number} is back from hold.")

    # -- /ticket --------------------------------------------------------------------------------

    async def command(self, text: str, agent: Agent) -> str:
        words = text.strip()
        if not words or words == "help":
            return blocks.USAGE
        fmt = self.desk.format_time
        if words == "queue":
            tickets = await self.store.list_tickets(open_only=True, limit=500)
            waiting = [t for t in tickets if t.status in (TicketStatus.NEW, TicketStatus.REOPENED)]
            unclaimed = [t for t in waiting if await self.cards.owner(t.number) is None]
            far = datetime.max.replace(tzinfo=self.handoff.clock().tzinfo)
            unclaimed.sort(key=lambda t: (t.first_response_due or far, t.number))
            return blocks.queue_text(unclaimed, self.handoff.policy, format_time=fmt)
        m = _COMMAND.match(words)
        if m is None:
            return f"I don't understand `{words[:80]}`. {blocks.USAGE}"
        number, verb, rest = int(m.group(1)), (m.group(2) or "").lower(), m.group(3).strip()
        if not verb:
            ticket = await self.store.get_ticket(number)
            if ticket is None:
                return f"There is no ticket #{number}."
            owner = await self.cards.owner(number)
            return blocks.ticket_text(ticket, self.handoff.policy, owner=owner, format_time=fmt)
        result, note = await self.run_verb(number, verb, rest, agent)
        if result is None:
            return note
        if result.ok:
            await self.show(number, result, note if note else "")
        return result.message

    async def perform(
        self, number: int, verb: str, rest: str, agent: Agent, *, channel: str
    ) -> None:
        """A card button, menu item or form: the `/ticket` verb, shown on the card and in its
        thread; a refusal is shown to this agent alone (in `channel`)."""
        result, note = await self.run_verb(number, verb, rest, agent)
        if result is not None and result.ok:
            await self.show(number, result, note)
        elif result is None or not result.duplicate:
            text = note if result is None else result.message
            await self.desk.tell(channel=channel, user=agent.id, text=text)

    async def run_verb(
        self, number: int, verb: str, rest: str, agent: Agent
    ) -> tuple[ActionResult | None, str]:
        """Apply one verb of `/ticket N VERB REST`: (result, thread note), or (None, why not).
        The action itself and its note are desk_verbs.run's, shared with the ticket API."""
        verb = _ALIASES.get(verb, verb)
        if verb == "reply":  # a canned reply: the desk's own, not an API verb
            return await self._canned(number, rest, agent)
        if verb == "files":
            return None, await self._files(number)
        kwargs: dict[str, Any] = {}
        if verb == "shipping":
            kwargs["tracking"] = rest
        elif verb == "reassign" and rest:
            ids = mentioned_users(rest) or [w for w in rest.split() if w[:1] in "UW"]
            if not ids:
                return None, "Name the agent: `/ticket 12345 reassign @maria`."
            kwargs["to"] = await self.desk.agent(ids[0])
        elif verb == "priority" and rest:
            kwargs["priority"] = rest.split()[0]
        elif verb == "hold" and rest:
            try:
                kwargs["until"] = date.fromisoformat(rest.split()[0])
            except ValueError:
                return (
                    None,
                    "Give the hold date as YYYY-MM-DD, e.g. `/ticket 12345 hold 2026-12-01`.",
                )
        elif verb == "duplicate" and rest.lstrip("#").isdigit():
            kwargs["of"] = int(rest.lstrip("#"))
        elif verb == "note" and rest:
            kwargs["text"] = rest
        elif verb in _NEEDS_MORE or verb not in desk_verbs.VERBS:
            return None, f"I don't understand that action. {blocks.USAGE}"
        return await desk_verbs.run(self.actions, number, verb, agent, **kwargs)

    async def _files(self, number: int) -> str:
        """Fresh download links to the ticket's files (the card's expire after a while)."""
        ticket = await self.store.get_ticket(number)
        if ticket is None:
            return f"There is no ticket #{number}."
        links = self.desk.file_links(ticket)
        if not links:
            return f"Ticket #{number} has no files to download."
        return f"Files of ticket #{number}:\n" + "\n".join(f"• <{u}|{n}>" for n, u in links)

    async def _canned(self, number: int, key: str, agent: Agent) -> tuple[ActionResult | None, str]:
        """`/ticket N reply KEY` and the card's canned-reply menu: the text the customer got
        goes in the thread, as an agent's own reply would be there."""
        if not key:
            keys = ", ".join(f"`{r.key}`" for r in self.handoff.policy.canned) or "none"
            return None, f"Name the canned reply: `/ticket {number} reply KEY` ({keys})."
        result = await self.actions.reply_canned(number, agent, key.split()[0], dedup_key=None)
        events = result.ticket.events if result.ok and result.ticket else ()
        sent = next((e.detail for e in reversed(events) if e.kind == "agent_reply"), "")
        return result, f"Canned reply `{key.split()[0]}` sent by <@{agent.id}>:\n>{sent}"


def build_bolt(sh: SlackHandoff, *, signing_secret: str, client: AsyncWebClient) -> None:
    """Register the event, action and command listeners on a new AsyncApp (sets `sh.bolt`)."""
    app = AsyncApp(
        client=client,  # carries the bot token
        signing_secret=signing_secret,
        process_before_response=True,
        request_verification_enabled=True,
    )
    sh.bolt = app
    desk, actions = sh.desk, sh.actions

    @app.event("message")
    async def on_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        subtype = event.get("subtype")
        if event.get("bot_id") or subtype not in (None, "file_share") or not event.get("user"):
            return  # bots (we are one), edits, deletions, joins; an agent's files go on
        thread_ts, channel = event.get("thread_ts"), event.get("channel", "")
        if not thread_ts or thread_ts == event.get("ts"):
            return
        number = await sh.cards.ticket_for_thread(channel, thread_ts)
        if number is None:
            return
        dedup = f"slack:{body.get('event_id') or event.get('client_msg_id') or event.get('ts')}"
        agent = await desk.agent(event["user"])
        text = event.get("text", "")
        if text.lstrip().lower().startswith(blocks.NOTE_PREFIX):
            body_text = text.lstrip()[len(blocks.NOTE_PREFIX) :].strip()
            result = await actions.note(number, agent, body_text, dedup_key=dedup)
        else:
            plain = to_plain(text, await desk.names(mentioned_users(text)))
            files: tuple[Attachment, ...] = ()
            if event.get("files") and sh.files is not None and not await sh.store.seen(dedup):
                try:
                    files = await sh.files.keep(event["files"], by=agent.tag)
                except FileRefused as exc:
                    await desk.tell(
                        channel=channel, user=agent.id, text=str(exc), thread_ts=thread_ts
                    )
                    return
            result = await actions.reply(number, agent, plain, files=files, dedup_key=dedup)
            if result.ok and result.claimed:
                await sh.show(number, result, f"Claimed by <@{agent.id}> by replying.")
        if not result.ok:
            await desk.tell(
                channel=channel, user=agent.id, text=result.message, thread_ts=thread_ts
            )

    async def button(body: dict[str, Any], action: dict[str, Any], verb: str) -> None:
        raw = str(action.get("value") or action.get("selected_option", {}).get("value", ""))
        number_text, _, rest = raw.partition(":")  # "12345" or "12345:P2" (priority select)
        if not number_text.isdigit():
            return
        agent = await desk.agent(body["user"]["id"])
        channel = (body.get("channel") or {}).get("id") or desk.queue_channel
        await sh.perform(int(number_text), verb, rest, agent, channel=channel)

    def on_button(verb: str) -> Callable[..., Awaitable[None]]:
        async def listener(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
            await ack()  # first: Slack wants the answer within 3 s
            await button(body, action, verb)

        return listener

    app.action(blocks.ACTION_CLAIM)(on_button("claim"))
    app.action(blocks.ACTION_RESOLVE)(on_button("resolve"))
    app.action(blocks.ACTION_PROGRESS)(on_button("progress"))
    app.action(blocks.ACTION_ESCALATE)(on_button("escalate"))
    app.action(blocks.ACTION_PRIORITY)(on_button("priority"))
    app.action(blocks.ACTION_UNCLAIM)(on_button("unclaim"))
    app.action(blocks.ACTION_CLOSE)(on_button("close"))
    app.action(blocks.ACTION_REOPEN)(on_button("reopen"))
    app.action(blocks.ACTION_CANNED)(on_button("reply"))

    slack_modals.register(app, sh)

    slack_incident_forms.register(app, sh)

    @app.command("/incident")
    async def on_incident(ack: Any, command: dict[str, Any]) -> None:
        channel = command.get("channel_id") or desk.queue_channel

        async def offer(incident: Incident) -> bool:
            """The matching open tickets as a checkbox form, with the command's trigger."""
            tickets, more = await slack_incident_forms.offered(sh.incidents, incident)
            if not tickets:
                return False
            form = slack_incident_forms.children_form(incident, tickets, more=more, channel=channel)
            try:
                await desk.open_modal(trigger_id=str(command.get("trigger_id", "")), view=form)
            except SlackApiError as exc:  # too late for the trigger: the answer lists them
                log.warning("views.open failed: %s", exc.response.get("error"))
                return False
            return True

        answer = await incident_command(sh.incidents, command.get("text", ""), offer=offer)
        await ack(text=answer, response_type="ephemeral")

    @app.command("/ticket")
    async def on_ticket(ack: Any, command: dict[str, Any]) -> None:
        agent = await desk.agent(command.get("user_id", ""))
        await ack(text=await sh.command(command.get("text", ""), agent), response_type="ephemeral")

    slack_ignored.register(app)  # last: only what no listener above took


@dataclass(frozen=True, slots=True)
class SlackDeskParts:
    """The Slack desk, in pieces for the composition root (`bot.app`) to wire: nothing
    here registers itself, so the app's routes, timers and listeners are all in one place."""

    desk: SlackHandoff  # started and stopped by the app's lifespan
    routes: tuple[BaseRoute, ...]
    timer_handlers: Mapping[str, TimerHandler]  # timer kind -> handler
    listeners: tuple[TurnListener, ...]  # run by the engine after each committed turn
    # run after the no-response rule closed a ticket (the card and its thread show it)
    close_listeners: tuple[Callable[[Ticket], Awaitable[None]], ...] = ()
    # told by the dispatcher when a reply will not, or may not, reach the customer
    on_undelivered: Callable[[OutboxItem, str, str], Awaitable[None]] | None = None
    # run after staff link a ticket to an incident (it folds under the master's card)
    link_listeners: tuple[LinkListener, ...] = ()
    # run after a child left its incident (the master's card counts one fewer)
    unlink_listeners: tuple[UnlinkListener, ...] = ()
    # run when an incident went its update interval without an update (the queue reminded)
    update_owed: tuple[UpdateOwed, ...] = ()


def first_time_in(store: Store, clock: Callable[[], datetime]) -> Callable[[str], Awaitable[bool]]:
    """A signed request's first arrival at any worker: its signature as a dedup key, kept
    by the store past Slack's 5-minute signature window (the dedup TTL is days)."""

    async def first_time(signature: str) -> bool:
        try:
            await store.commit(TurnCommit(at=clock(), dedup_key=f"slack:signed:{signature}"))
        except DuplicateTurn:
            return False
        return True

    return first_time


def build_slack_desk(
    cfg: SlackConfig,
    *,
    store: Store,
    policy: Policy,
    clock: Callable[[], datetime],
    format_time: Callable[[datetime, str], str],
    kick: Callable[[], None],
    limits: Mapping[str, ChannelLimits],
    metrics: Metrics | None = None,
    incidents: IncidentDesk | None = None,
    files: FileLinks | None = None,
    files_dir: Path | None = None,
    max_file_bytes: int = 25 * 1024 * 1024,
) -> SlackDeskParts:
    """Build the Slack desk: its bolt app and route, agent actions, timer handlers and the
    engine listener that posts cards. `kick` wakes the outbox dispatcher after an agent's
    reply is committed; `format_time` and `limits` are the engine's."""
    missing = [k for k in ("bot_token", "signing_secret", "queue_channel") if not getattr(cfg, k)]
    if missing:
        raise ValueError(f"slack.enabled needs {', '.join('slack.' + k for k in missing)}")
    client = AsyncWebClient(token=cfg.bot_token.get_secret_value(), base_url=cfg.api_base_url)

    def format_time_en(at: datetime) -> str:
        return format_time(at, "en")

    desk = SlackDesk(
        client=client,
        policy=policy,
        queue_channel=cfg.queue_channel,
        oncall_group=cfg.oncall_group,
        format_time=format_time_en,
        routes=cfg.routes,
        files=files,
    )
    actions = AgentActions(store=store, policy=policy, clock=clock, kick=kick, limits=limits)
    handoff = Handoff(
        store=store,
        policy=policy,
        desk=desk,
        clock=clock,
        format_time=format_time,
        metrics=metrics,
    )
    sh = SlackHandoff(
        desk=desk,
        actions=actions,
        handoff=handoff,
        store=store,
        app_token=cfg.app_token.get_secret_value(),
    )
    if files_dir is not None:  # agents' files are kept there on their way to the customer
        sh.files = SlackFiles(
            client=client,
            token=cfg.bot_token.get_secret_value(),
            api_base_url=cfg.api_base_url,
            root=files_dir,
            max_bytes=max_file_bytes,
            clock=clock,
        )
    # the app's desk (its fan-out tells subscribers too); a desk of our own without one
    sh.incidents = incidents or IncidentDesk(store=store, policy=policy, clock=clock, kick=kick)
    build_bolt(sh, signing_secret=cfg.signing_secret.get_secret_value(), client=client)
    handler = AsyncSlackRequestHandler(sh.bolt)
    door = SlackEventsDoor(
        handler.handle,
        signing_secret=cfg.signing_secret.get_secret_value(),
        first_time=first_time_in(store, clock),
    )
    timer_handlers: dict[str, TimerHandler] = {kind: handoff.on_timer for kind in SLA_TIMER_KINDS}
    timer_handlers["ticket_hold_end"] = sh.on_hold_end
    # a big outage's link lines, batched into a summary line (handoff/incident_cards.py)
    handoff.children.batch_after = cfg.link_lines
    handoff.children.summary_every = timedelta(seconds=cfg.link_summary_seconds)
    timer_handlers[LINK_SUMMARY] = handoff.children.on_summary
    reminder = IncidentReminder(
        store=store, policy=policy, desk=desk, cards=handoff.cards, clock=clock
    )
    return SlackDeskParts(
        desk=sh,
        routes=(Route(EVENTS_PATH, door.handle, methods=["POST"]),),
        timer_handlers=timer_handlers,
        listeners=(handoff.on_turn,),
        close_listeners=(handoff.on_closed_no_response,),
        on_undelivered=handoff.on_undelivered,
        link_listeners=(handoff.on_linked,),
        unlink_listeners=(handoff.children.unlinked,),
        update_owed=(reminder.remind,),
    )
