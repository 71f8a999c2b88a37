"""Customer input that is not a fresh line of text: a file without a caption, a
blank line, an edit of an earlier message. Each gets an answer that fits the
moment, never "I didn't get any text" to someone who sent a screenshot. Pure."""

from __future__ import annotations

from typing import Final

from domain.types import Conversation
from flows.dialogue.effects import AddComment, Effect, Say, UpdateFields
from flows.dialogue.intake import answer_value, fill_fields, reassess
from flows.dialogue.turn import INTAKE_STATES, TurnContext, evolve
from flows.extract.fields import extract

# Inbound.meta keys a channel sets on an edit (Telegram's edited_message)
EDITED: Final = "edited"
EDIT_OF: Final = "edit_of"  # the text of the message as it was before the edit


_KIND_NAMES: Final = {
    "image": "an image",
    "document": "a document",
    "audio": "an audio message",
    "video": "a video",
}


def attachment_note(kinds: tuple[str, ...]) -> str:
    """What a ticket comment or an agent sees for files that came without text."""
    names = ", ".join(_KIND_NAMES.get(kind, "a file") for kind in kinds)
    return f"(sent {names} without text)"


def _files_key(kinds: tuple[str, ...]) -> str:
    return "files.screenshot" if all(k == "image" for k in kinds) else "files.file"


def no_text(conv: Conversation, state: str, ctx: TurnContext, resume: list[Effect]) -> list[Effect]:
    """A turn without text: files are acknowledged and kept, a blank line re-asks."""
    number = conv.ticket_number
    has_ticket = number is not None and state not in INTAKE_STATES
    if ctx.attachments:
        key = _files_key(ctx.attachments)
        if has_ticket:
            assert number is not None
            # the engine attaches the files to the ticket with the comment
            return [
                AddComment(number, attachment_note(ctx.attachments)),
                Say(f"{key}.on_ticket", {"ticket": number}),
            ]
        return [Say(key), *resume]
    if has_ticket:
        return [Say("blank.on_ticket", {"ticket": number})]
    if state == "new" or not resume:
        return [Say("empty")]
    return [Say("blank.reask"), *resume]


def agent_relay_text(text: str, ctx: TurnContext) -> str:
    """What the agent sees of this turn: an edit marked as one, files named."""
    if not text:
        return attachment_note(ctx.attachments) if ctx.attachments else ""
    return f"(edited) {text}" if is_edit(ctx) else text


def is_edit(ctx: TurnContext) -> bool:
    return ctx.hints.get(EDITED) == "1"


def on_edit(
    conv: Conversation, state: str, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]] | None:
    """An edited message is a correction of what it said before, never a new case:
    the field that held its old text (or the values extracted from it) change; with a
    ticket open the change goes on the ticket. None: handle it as a new message
    (nothing to correct yet)."""
    if state == "new" and not conv.fields:
        return None
    policy = ctx.policy
    before = ctx.hints.get(EDIT_OF, "").strip()
    found = extract(text, region=policy.plan.default_region)
    updated, _ = fill_fields(conv, found, policy, overwrite=True)
    fields = dict(updated.fields)
    by_key = {f.key: f for f in policy.intake.fields}
    answered = next((k for k, v in conv.fields.items() if before and v == before), None)
    if answered is not None and answered in by_key and fields.get(answered) == before:
        value = answer_value(by_key[answered], text, found, policy)
        if value is not None:
            fields[answered] = value
    changed = {k: v for k, v in fields.items() if conv.fields.get(k) != v and k in by_key}
    number = conv.ticket_number
    has_ticket = number is not None and state not in INTAKE_STATES
    if changed:
        conv = evolve(updated, fields=fields)
        if "description" in changed or "error_text" in changed:
            conv = reassess(conv, policy)
        says: list[Effect] = [
            Say("field_updated", {"label": by_key[k].label.get(conv.lang)}) for k in changed
        ]
        if has_ticket:
            assert number is not None
            return conv, [UpdateFields(number, changed), *says]
        return conv, says
    if has_ticket:
        assert number is not None
        return conv, [
            AddComment(number, f"(edited) {text}"),
            Say("edit.on_ticket", {"ticket": number}),
        ]
    return conv, [Say("edit.unplaced")]
