"""What the customer is told about their ticket: the opening line with the plan's
first-response promise, after-hours returns and callback promises, escalation
times, and "connecting you to a person". Rendered from the catalog, in the
customer's language and the plan's time zone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.engine.timefmt import format_duration
from bot.plan.policy import Policy
from domain.types import ChannelLimits, Ticket, TicketEvent
from flows.catalog import messages as catalog


class TicketNotices:
    def __init__(
        self,
        *,
        policy: Policy,
        format_time: Callable[[datetime, str], str],
        format_short: Callable[[datetime, str], str] | None = None,
    ) -> None:
        self.policy = policy
        self._long_time = format_time
        self._short_time = format_short or format_time

    def _when(self, at: datetime, lang: str, limits: ChannelLimits) -> str:
        """A time as the channel affords it: "mié 25 nov, 08:00" on SMS."""
        return (self._short_time if limits.short else self._long_time)(at, lang)

    def opening(self, t: Ticket, lang: str, limits: ChannelLimits, now: datetime) -> list[str]:
        policy = self.policy
        level = policy.priority(t.priority)
        category = t.fields.get("category")
        duration, cal = policy.sla_target(t.priority, "first_response", category)
        if duration is not None and t.first_response_due is not None:
            said = {"due": self._when(t.first_response_due, lang, limits)}
            # the SMS sentence names the time only: its duration is not worded for nothing
            if catalog.uses(lang, "promise.first_response", "duration", short=limits.short):
                said["duration"] = format_duration(duration, lang, business_day=cal.business_day)
            promise = catalog.render(lang, "promise.first_response", short=limits.short, **said)
        elif level.promise is not None:
            promise = level.promise.get(lang, short=limits.short)
        else:
            promise = ""
        texts = [
            catalog.render(
                lang,
                "ticket_opened",
                short=limits.short,
                ticket=t.number,
                priority=level.name.get(lang),
                promise=promise,
            ).strip()
        ]
        channel = t.address.channel
        if channel != "console" and not policy.humans_on_duty(channel, now):
            texts.extend(self.off_duty(t, lang, limits, now))
        for level_, due in policy.escalation_times(t.priority, t.created_at)[1:2]:
            texts.append(
                catalog.render(
                    lang,
                    "promise.escalation",
                    short=limits.short,
                    who=level_.who.get(lang, short=limits.short),
                    due=self._when(due, lang, limits),
                )
            )
        if policy.texts.opened_note is not None:
            texts.append(policy.texts.opened_note.get(lang, short=limits.short))
        if t.needs_review:
            texts.append(
                catalog.render(
                    lang,
                    "email_review",
                    priority=level.name.get(lang),
                    phone=policy.contacts.phone or "-",
                )
            )
        return texts

    def off_duty(self, t: Ticket, lang: str, limits: ChannelLimits, now: datetime) -> list[str]:
        """One promise, not two (issue 12): a priority whose clock runs 24x7 is with the
        on-call team now, with the plan's 24/7 number for anything urgent; only one that
        waits for business hours hears when agents are back and the callback promise."""
        policy = self.policy
        if policy.around_the_clock(t.priority, t.fields.get("category")):
            texts = [catalog.render(lang, "on_call", short=limits.short)]
            if policy.contacts.urgent_phone:
                texts.append(
                    catalog.render(
                        lang,
                        "on_call_phone",
                        short=limits.short,
                        phone=policy.contacts.urgent_phone,
                    )
                )
            return texts
        back = self._when(policy.humans_back_at(t.address.channel, now), lang, limits)
        texts = [catalog.render(lang, "after_hours", short=limits.short, back=back)]
        texts.extend(self.off_duty_promises(lang, limits, now, priority=t.priority))
        return texts

    def off_duty_promises(
        self, lang: str, limits: ChannelLimits, now: datetime, *, priority: str | None = None
    ) -> list[str]:
        """The plan's callback promise and its own after-hours words (bot/profiles); the
        words only to the priorities they speak to (ConnexCS: paid support for P3/P4)."""
        texts = []
        callback = self.policy.callback_due(now)
        if callback is not None:
            duration, due = callback
            cal = self.policy.calendar(self.policy.lifecycle.callback_clock)
            texts.append(
                catalog.render(
                    lang,
                    "promise.callback",
                    short=limits.short,
                    due=self._when(due, lang, limits),
                    duration=format_duration(duration, lang, business_day=cal.business_day),
                )
            )
        note = self.policy.texts.after_hours_note
        for_priorities = self.policy.texts.after_hours_note_priorities
        if note is not None and (
            priority is None or not for_priorities or priority in for_priorities
        ):
            texts.append(note.get(lang, short=limits.short))
        return texts

    def promised(self, channel: str, now: datetime) -> list[TicketEvent]:
        """What the opening reply promised that the ticket must remember: the plan's
        callback, when nobody is on duty (its reminder is the `callback_due` timer)."""
        callback = self.policy.callback_due(now)
        if callback is None or channel == "console" or self.policy.humans_on_duty(channel, now):
            return []
        return [TicketEvent(now, "callback_promised", callback[1].isoformat(), by="bot")]

    def handoff(
        self, t: Ticket, lang: str, limits: ChannelLimits, now: datetime, *, opening: bool
    ) -> list[str]:
        """On duty: "connecting you, expected wait". Off duty: when agents return (the
        opening texts already say it) and the plan's callback promise."""
        channel = t.address.channel
        policy = self.policy
        if policy.humans_on_duty(channel, now):
            category = t.fields.get("category")
            wait, cal = policy.sla_target(t.priority, "first_response", category)
            if wait is None:
                return []
            text = format_duration(wait, lang, business_day=cal.business_day)
            return [
                catalog.render(
                    lang, "handoff.connecting", short=limits.short, ticket=t.number, wait=text
                )
            ]
        if opening:  # opening() already said who has it, or when agents return
            return []
        return self.off_duty(t, lang, limits, now)
