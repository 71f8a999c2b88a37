"""`AgentDesk` on Slack's Web API: cards in the queue channel, threads for each
ticket, re-pings and on-call pages. One AsyncWebClient, built once by the
composition root with the configured `api_base_url`."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.files.links import FileLinks
from bot.plan.policy import Policy
from domain.types import Attachment, Ticket
from handoff import slack_blocks as blocks
from handoff.desk import AfterHours, Agent, Card

log = logging.getLogger("supportbot.slack")


class SlackDesk:
    def __init__(
        self,
        *,
        client: AsyncWebClient,
        policy: Policy,
        queue_channel: str,
        oncall_group: str,
        format_time: Callable[[datetime], str],
        routes: Mapping[str, str] | None = None,
        files: FileLinks | None = None,
    ) -> None:
        self.files = files  # signed download links for customers' files
        self.routes = {k.lower(): v for k, v in (routes or {}).items()}
        self.client = client
        self.policy = policy
        self.queue_channel = queue_channel
        self.oncall_group = oncall_group
        self.format_time = format_time
        self._agents: dict[str, Agent] = {}

    def route(self, ticket: Ticket) -> str:
        """The channel for a ticket's card (`slack.routes`): by priority, then category,
        then the customer's channel; the queue channel otherwise."""
        keys = (ticket.priority, ticket.fields.get("category") or "", ticket.channel)
        for key in keys:
            channel = self.routes.get(key.lower()) if key else None
            if channel:
                return channel
        return self.queue_channel

    def file_url(self, ticket: Ticket) -> blocks.FileUrl | None:
        files = self.files
        if files is None:
            return None

        def url(index: int, attachment: Attachment) -> str | None:
            link = files.link(ticket, attachment, index)
            return link.url if link is not None else None

        return url

    def file_links(
        self, ticket: Ticket, attachments: Sequence[Attachment] = ()
    ) -> list[tuple[str, str]]:
        """(name, url) for these of the ticket's files (all of them when none are named)."""
        if self.files is None:
            return []
        return [(f.name, f.url) for f in self.files.links(ticket, tuple(attachments))]

    # -- AgentDesk --------------------------------------------------------------------------

    async def post_card(
        self, ticket: Ticket, *, after_hours: AfterHours | None, page: bool
    ) -> Card:
        body = blocks.card(
            ticket,
            self.policy,
            owner=None,
            format_time=self.format_time,
            after_hours=after_hours,
            file_url=self.file_url(ticket),
        )
        resp = await self.client.chat_postMessage(
            channel=self.route(ticket),
            text=body["text"],
            attachments=body["attachments"],
            unfurl_links=False,
            unfurl_media=False,
        )
        card = Card(channel=str(resp["channel"]), ts=str(resp["ts"]))
        await self.post_in_thread(card, blocks.thread_intro(ticket))
        if page:
            await self.page_oncall(ticket, card)
        return card

    async def update_card(self, ticket: Ticket, card: Card, *, owner: Agent | None) -> None:
        body = blocks.card(
            ticket,
            self.policy,
            owner=owner,
            breached=card.breached,
            format_time=self.format_time,
            after_hours=card.after_hours,
            level=card.level,
            file_url=self.file_url(ticket),
            children=card.children,
        )
        await self.client.chat_update(
            channel=card.channel, ts=card.ts, text=body["text"], attachments=body["attachments"]
        )

    async def relay_customer(
        self,
        ticket: Ticket,
        card: Card,
        text: str,
        *,
        attachments: int = 0,
        files: Sequence[Attachment] = (),
    ) -> None:
        links = self.file_links(ticket, files) if files else []
        await self.post_in_thread(card, blocks.customer_line(text, attachments, links))

    async def post_in_thread(self, card: Card, text: str) -> None:
        await self.client.chat_postMessage(
            channel=card.channel,
            thread_ts=card.ts,
            text=text,
            unfurl_links=False,
            unfurl_media=False,
        )

    async def ping_queue(self, ticket: Ticket, card: Card, text: str) -> None:
        # broadcast from the thread, so the channel sees it and the context stays with the card
        await self.client.chat_postMessage(
            channel=card.channel, thread_ts=card.ts, text=text, reply_broadcast=True
        )

    async def post_transcript(self, card: Card, lines: list[tuple[str, str]]) -> None:
        await self.post_in_thread(card, blocks.transcript(lines))

    async def remind(self, ticket: Ticket, card: Card, text: str, *, owner: Agent | None) -> None:
        # the owner is mentioned in the thread; a ticket nobody owns is shown to the channel
        if owner is not None:
            await self.post_in_thread(card, f"<@{owner.id}> {text}")
        else:
            await self.ping_queue(ticket, card, text)

    async def notify(self, card: Card, target: str, text: str) -> str:
        target = target or self.oncall_group
        if not target:
            await self.ping_queue_card(card, text)
            return ""
        if target[0] in "CG":  # a channel: the news goes there, pointing at the thread
            await self.client.chat_postMessage(
                channel=target,
                text=f"{text} The ticket's thread is in <#{card.channel}>.",
                unfurl_links=False,
            )
            await self.post_in_thread(card, f"{text} <#{target}> was told.")
            return target
        mention = f"<!subteam^{target}>" if target[0] == "S" else f"<@{target}>"
        await self.client.chat_postMessage(
            channel=card.channel, thread_ts=card.ts, text=f"{mention} {text}", reply_broadcast=True
        )
        return target

    async def ping_queue_card(self, card: Card, text: str) -> None:
        await self.client.chat_postMessage(
            channel=card.channel, thread_ts=card.ts, text=text, reply_broadcast=True
        )

    async def page_oncall(self, ticket: Ticket, card: Card) -> None:
        if not self.oncall_group:
            log.warning(
                "on-call paging wanted but slack.oncall_group is not set",
                extra={"ticket": ticket.number},
            )
            return
        label = blocks.priority_label(self.policy, ticket.priority)
        text = (
            f"<!subteam^{self.oncall_group}> {label} ticket #{ticket.number} arrived after hours "
            f"on {ticket.channel}; the customer is waiting."
        )
        await self.client.chat_postMessage(
            channel=card.channel, thread_ts=card.ts, text=text, reply_broadcast=True
        )

    async def open_modal(self, *, trigger_id: str, view: dict[str, Any]) -> None:
        """views.open: the trigger_id of an agent's click is good for 3 seconds."""
        await self.client.views_open(trigger_id=trigger_id, view=view)

    # -- agents -----------------------------------------------------------------------------

    async def agent(self, user_id: str) -> Agent:
        """The Slack user as an agent; names come from users.info once per user."""
        known = self._agents.get(user_id)
        if known is not None:
            return known
        try:
            resp = await self.client.users_info(user=user_id)
        except SlackApiError as exc:
            log.warning("users.info failed for an agent: %s", exc.response.get("error"))
            return Agent(id=user_id, name=user_id, first_name="")
        user = resp.get("user") or {}
        profile = user.get("profile") or {}
        name = (
            profile.get("real_name")
            or user.get("real_name")
            or profile.get("display_name")
            or user.get("name")
            or user_id
        )
        first = profile.get("first_name") or name.split()[0]
        agent = Agent(id=user_id, name=name, first_name=first)
        self._agents[user_id] = agent
        return agent

    async def names(self, user_ids: Sequence[str]) -> dict[str, str]:
        return {uid: (await self.agent(uid)).name for uid in user_ids}

    async def tell(
        self, *, channel: str, user: str, text: str, thread_ts: str | None = None
    ) -> None:
        """A message only this agent sees (a refusal, a confirmation)."""
        kwargs: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
        await self.client.chat_postEphemeral(channel=channel, user=user, text=text, **kwargs)
