"""The card's ⋯ menu: "Shipping…", "Put on hold…", "Reassign to…", "Mark duplicate
of…" and "Make master incident…" (handoff/slack_incident_forms.py) each open a form (a modal, views.open with
the click's trigger_id) whose submission runs the same agent action as `/ticket N
shipping NOTE`, `hold DATE`, `reassign @AGENT` and `duplicate M` (`SlackHandoff.perform`).

Bolt wants every request acknowledged within 3 s, so each listener acks first: the
click before views.open; a submission once its answer is known to be usable (a
date in the future, an existing other ticket), with the problem shown under the
field and the form left open otherwise. Whatever the action itself refuses after
that (the ticket was closed meanwhile) reaches the agent as an ephemeral message,
as for the card's buttons.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError

from handoff import slack_blocks as blocks
from handoff import slack_incident_forms as incident_forms

if TYPE_CHECKING:
    from handoff.slack import SlackHandoff

log = logging.getLogger("supportbot.slack")

HOLD_VIEW: Final = "ticket_hold_form"
DUPLICATE_VIEW: Final = "ticket_duplicate_form"
HOLD_BLOCK: Final = "until"  # block ids: where Slack shows a field's error
HOLD_INPUT: Final = "date"
DUPLICATE_BLOCK: Final = "of"
DUPLICATE_INPUT: Final = "number"
SHIPPING_VIEW: Final = "ticket_shipping_form"
SHIPPING_BLOCK: Final = "tracking"
SHIPPING_INPUT: Final = "note"
REASSIGN_VIEW: Final = "ticket_reassign_form"
REASSIGN_BLOCK: Final = "to"
REASSIGN_INPUT: Final = "agent"


def _text(text: str) -> dict[str, str]:
    return {"type": "plain_text", "text": text}


def _form(
    callback_id: str, number: int, channel: str, *, submit: str, blocks_: list[Any]
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": _text(f"Ticket #{number}"[:24]),
        "submit": _text(submit),
        "close": _text("Cancel"),
        # where to tell the agent about a refusal once the form has closed
        "private_metadata": json.dumps({"ticket": number, "channel": channel}),
        "blocks": blocks_,
    }


def hold_form(number: int, *, channel: str) -> dict[str, Any]:
    return _form(
        HOLD_VIEW,
        number,
        channel,
        submit="Put on hold",
        blocks_=[
            {
                "type": "input",
                "block_id": HOLD_BLOCK,
                "label": _text("On hold until"),
                "element": {"type": "datepicker", "action_id": HOLD_INPUT},
                "hint": _text("The customer is told the date; SLA clocks pause until then."),
            }
        ],
    )


def duplicate_form(number: int, *, channel: str) -> dict[str, Any]:
    return _form(
        DUPLICATE_VIEW,
        number,
        channel,
        submit="Close as duplicate",
        blocks_=[
            {
                "type": "input",
                "block_id": DUPLICATE_BLOCK,
                "label": _text("Duplicate of ticket number"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": DUPLICATE_INPUT,
                    "placeholder": _text("e.g. 10001"),
                    "max_length": 12,
                },
                "hint": _text(
                    f"Ticket #{number} is closed; the customer is told the work goes on there."
                ),
            }
        ],
    )


def shipping_form(number: int, *, channel: str) -> dict[str, Any]:
    return _form(
        SHIPPING_VIEW,
        number,
        channel,
        submit="Set shipping",
        blocks_=[
            {
                "type": "input",
                "block_id": SHIPPING_BLOCK,
                "optional": True,
                "label": _text("Tracking note (optional)"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": SHIPPING_INPUT,
                    "max_length": 300,
                },
                "hint": _text("The customer is told the hardware is on its way, with this note."),
            }
        ],
    )


def reassign_form(number: int, *, channel: str) -> dict[str, Any]:
    return _form(
        REASSIGN_VIEW,
        number,
        channel,
        submit="Reassign",
        blocks_=[
            {
                "type": "input",
                "block_id": REASSIGN_BLOCK,
                "label": _text("Give the ticket to"),
                "element": {"type": "users_select", "action_id": REASSIGN_INPUT},
            }
        ],
    )


FORMS: Final = {
    blocks.MORE_HOLD: hold_form,
    blocks.MORE_DUPLICATE: duplicate_form,
    blocks.MORE_SHIPPING: shipping_form,
    blocks.MORE_REASSIGN: reassign_form,
}
DIRECT: Final = {blocks.MORE_PROGRESS: "progress"}  # menu items that act without a form


def _metadata(view: dict[str, Any]) -> tuple[int, str]:
    data = json.loads(view.get("private_metadata") or "{}")
    return int(data.get("ticket", 0)), str(data.get("channel", ""))


def _value(view: dict[str, Any], block_id: str, action_id: str) -> dict[str, Any]:
    values: dict[str, Any] = view.get("state", {}).get("values", {})
    field: dict[str, Any] = values.get(block_id, {}).get(action_id, {})
    return field


def register(app: AsyncApp, sh: SlackHandoff) -> None:
    """The menu's listener and one submission listener per form."""
    desk, actions = sh.desk, sh.actions

    @app.action(blocks.ACTION_MORE)
    async def on_more(ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        number_text, _, choice = str(action.get("selected_option", {}).get("value", "")).partition(
            ":"
        )
        form = FORMS.get(choice)
        if not number_text.isdigit():
            return
        channel = (body.get("channel") or {}).get("id") or desk.queue_channel
        if choice in DIRECT:
            agent = await desk.agent(body["user"]["id"])
            await sh.perform(int(number_text), DIRECT[choice], "", agent, channel=channel)
            return
        if choice == blocks.MORE_MASTER:
            ticket = await sh.store.get_ticket(int(number_text))
            if ticket is None:
                return
            view = incident_forms.master_form(ticket, channel=channel)
        elif form is None:
            return
        else:
            view = form(int(number_text), channel=channel)
        try:
            await desk.open_modal(trigger_id=str(body.get("trigger_id", "")), view=view)
        except SlackApiError as exc:  # e.g. expired_trigger_id: the click came too late
            log.warning("views.open failed: %s", exc.response.get("error"))
            user = body["user"]["id"]
            await desk.tell(channel=channel, user=user, text="The form did not open; try again.")

    @app.view(HOLD_VIEW)
    async def on_hold(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        number, channel = _metadata(view)
        picked = _value(view, HOLD_BLOCK, HOLD_INPUT).get("selected_date") or ""
        try:
            problem = actions.hold_refusal(date.fromisoformat(picked))
        except ValueError:
            problem = "Pick the date the ticket comes back."
        if problem:
            await ack(response_action="errors", errors={HOLD_BLOCK: problem})
            return
        await ack()
        agent = await desk.agent(body["user"]["id"])
        await sh.perform(number, "hold", picked, agent, channel=channel or desk.queue_channel)

    @app.view(DUPLICATE_VIEW)
    async def on_duplicate(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        number, channel = _metadata(view)
        typed = str(_value(view, DUPLICATE_BLOCK, DUPLICATE_INPUT).get("value") or "")
        of = typed.strip().lstrip("#").strip()
        if of.isdecimal():
            problem = await actions.duplicate_refusal(number, int(of))
        else:
            problem = "Type the other ticket's number, e.g. 10001."
        if problem:
            await ack(response_action="errors", errors={DUPLICATE_BLOCK: problem})
            return
        await ack()
        agent = await desk.agent(body["user"]["id"])
        await sh.perform(number, "duplicate", of, agent, channel=channel or desk.queue_channel)

    @app.view(SHIPPING_VIEW)
    async def on_shipping(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        await ack()
        number, channel = _metadata(view)
        note = str(_value(view, SHIPPING_BLOCK, SHIPPING_INPUT).get("value") or "").strip()
        agent = await desk.agent(body["user"]["id"])
        await sh.perform(number, "shipping", note, agent, channel=channel or desk.queue_channel)

    @app.view(REASSIGN_VIEW)
    async def on_reassign(ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        to = str(_value(view, REASSIGN_BLOCK, REASSIGN_INPUT).get("selected_user") or "")
        if not to:
            await ack(response_action="errors", errors={REASSIGN_BLOCK: "Pick an agent."})
            return
        await ack()
        number, channel = _metadata(view)
        agent = await desk.agent(body["user"]["id"])
        await sh.perform(number, "reassign", to, agent, channel=channel or desk.queue_channel)
