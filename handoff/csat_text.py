"""How the desk shows a customer's satisfaction answer: a line in the ticket's thread and
a line on its card. Plain text for the thread (no customer words: those were relayed as
the customer's message, made safe there); the card's line escapes the comment."""

from __future__ import annotations

from collections.abc import Sequence

from domain.types import Ticket
from flows.dialogue.effects import RecordCsat
from handoff.slack_text import escape

LABELS = {1: "very poor", 2: "poor", 3: "okay", 4: "good", 5: "excellent"}
COMMENT_ON_CARD = 300


def stars(score: int) -> str:
    return "★" * score + "☆" * (5 - score)


def csat_note(ticket: Ticket, answers: Sequence[RecordCsat]) -> str:
    """The thread's line for what this turn recorded."""
    csat = ticket.csat
    score = csat.score if csat is not None else None
    gave_score = any(a.score is not None for a in answers)
    commented = any(a.comment for a in answers)
    if gave_score and score is not None:
        text = (
            f"Customer satisfaction on ticket #{ticket.number}: {stars(score)} {score}/5 "
            f"({LABELS[score]})"
        )
        return text + (", with the comment above." if commented else ".")
    shown = f" (score {score}/5)" if score is not None else ""
    return f"The customer's satisfaction comment on ticket #{ticket.number}{shown} is above."


def csat_line(ticket: Ticket) -> str:
    """The card's line, once the customer gave a score ("" before)."""
    csat = ticket.csat
    if csat is None or csat.score is None:
        return ""
    line = f"*Satisfaction:* {stars(csat.score)} {csat.score}/5 ({LABELS[csat.score]})"
    if csat.comment:
        comment = csat.comment
        if len(comment) > COMMENT_ON_CARD:
            comment = comment[: COMMENT_ON_CARD - 1] + "…"
        line += f" · “{escape(comment)}”"
    return line
