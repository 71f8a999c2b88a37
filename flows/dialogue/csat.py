"""The satisfaction question and its answer (issue 17 item 6). Pure: no I/O, no clock.

The question is asked once, when a ticket closes resolved (bot/engine/csat.py decides
whether it may be); the conversation then waits for a score (`pending = "csat"`) and, if
the plan wants one, a line of comment (`pending = "csat_comment"`). Nothing here holds the
conversation up: an answer later than the plan's window, or a message that is no answer
(a new problem, a question, "help"), lets the question go and is read as usual, so a new
problem starts a new intake and is never filed as a comment. On email the one reply
carries both ("4 - quick, but I had to call twice"): no second question.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

from domain.plan import SupportPlan
from domain.text import fold
from domain.types import Choice, Conversation, Ticket
from flows.catalog import messages as catalog
from flows.classify.classifier import assess_rules
from flows.dialogue.effects import Effect, RecordCsat, Say
from flows.dialogue.opened import COURTESY
from flows.dialogue.turn import TurnContext, evolve
from flows.extract.csat import SCORES, parse_score
from flows.extract.fields import is_no, is_skip

SCORE: Final = "csat"
COMMENT: Final = "csat_comment"
SKIP: Final = "skip"  # the value of the comment question's "No, thanks" button
ASKED_AT: Final = "csat_at"  # conversation note: when the pending question was asked
_NEW_PROBLEM: Final = re.compile(
    r"\b(?:another|a new|new|other|different|one more|second)\s+(?:problem|issue|question|request)|"
    r"\b(?:otro|nuevo|otra|nueva)\s+(?:problema|incidencia|fallo|consulta|caso)|"
    r"\b(?:still|again)\s+(?:not|no|can'?t|cannot|doesn'?t|isn'?t|won'?t)\b|"
    r"\b(?:not working|doesn'?t work|isn'?t working|stopped working|can'?t (?:call|hear|dial|log)|"
    r"no funciona|sigue sin|dejo de funcionar|no puedo|no me deja|otra vez)\b"
)
_DECLINE: Final = re.compile(
    r"^(?:no|nope|nah|no thanks?|no thank you|no gracias|nothing|nada|all good|todo bien|"
    r"prefer not|rather not|prefiero no|skip|omitir|n/a)[\s!.,]*(?:thanks?|thank you|gracias)?[\s!.]*$"
)


def question(
    plan: SupportPlan, ticket: int, lang: str, *, short: bool, buttons: bool, email: bool
) -> tuple[str, tuple[Choice, ...]]:
    """The question as the channel shows it: the plan's words or the catalog's, then
    the 1-5 scale as buttons, as "reply 1-5", or (email) with room for a comment."""
    wording = plan.csat.question
    if wording is not None:
        text = wording.get(lang, short=short).format(ticket=ticket)
    else:
        text = catalog.render(lang, "csat.ask", short=short, ticket=ticket)
    if buttons:
        scale = catalog.render(lang, "csat.scale.buttons")
        choices = tuple(
            Choice(str(n), catalog.render(lang, f"csat.label.{n}")) for n in reversed(SCORES)
        )
        return f"{text} {scale}", choices
    key = "csat.scale.email" if email else "csat.scale.reply"
    return f"{text} {catalog.render(lang, key, short=short)}", ()


def waiting(conv: Conversation) -> bool:
    return conv.pending in (SCORE, COMMENT) and conv.ticket_number is not None


def let_go(conv: Conversation) -> Conversation:
    """Stop waiting for an answer (the message is read as any other)."""
    notes = {k: v for k, v in conv.assessment.items() if k != ASKED_AT}
    return evolve(conv, pending="", assessment=notes)


def is_new_problem(text: str, lang: str) -> bool:
    """Whether `text` reports a problem rather than judging how the last one was handled."""
    folded = fold(text)
    if _NEW_PROBLEM.search(folded):
        return True
    if len(folded.split()) < 3:  # "no thanks" reads as "no (service)" to the classifier
        return False
    # the rules alone: a new problem names its fault ("still no dial tone"); the learned
    # model reads every text as something and once took "the first reply took a day" for a
    # degradation, starting an intake where the customer was commenting on the last one
    a = assess_rules(text, lang=lang or None, extra_keywords=None, trace=None)
    return a.impact in ("outage", "degraded")


def _declined(text: str) -> bool:
    folded = fold(text)
    return bool(folded == SKIP or _DECLINE.match(folded) or is_skip(text) or is_no(text)) or bool(
        COURTESY.match(folded)
    )


def _asked_at(conv: Conversation) -> datetime | None:
    raw = conv.assessment.get(ASKED_AT)
    return datetime.fromisoformat(raw) if isinstance(raw, str) and raw else None


def answer(
    conv: Conversation, text: str, ctx: TurnContext, *, one_message: bool = False
) -> tuple[Conversation, list[Effect]] | None:
    """The customer's answer to the pending question; None when `text` is no answer (or
    comes too late): the caller lets the question go and reads the message as usual.
    `one_message`: the channel asked for score and comment at once (email)."""
    number = conv.ticket_number
    asked = _asked_at(conv)
    if number is None or asked is None:
        return None
    rules = ctx.policy.csat
    window = rules.answer_window if conv.pending == SCORE else rules.comment_window
    if ctx.now - asked > window:
        return None
    if conv.pending == SCORE:
        return _score(conv, number, text, ctx, one_message=one_message)
    return _comment(conv, number, text, ctx)


def _score(
    conv: Conversation, number: int, text: str, ctx: TurnContext, *, one_message: bool
) -> tuple[Conversation, list[Effect]] | None:
    got = parse_score(text)
    # a comment may well name the problem that was fixed ("the fast busy took a day"):
    # only words that report a new one, or a bare count ("2 phones are down"), are no score
    if got is None or (
        got.comment
        and (
            _NEW_PROBLEM.search(fold(got.comment))
            or (got.loose and is_new_problem(got.comment, conv.lang))
        )
    ):
        if got is None and _declined(text) and not is_new_problem(text, conv.lang):
            return let_go(conv), [Say("csat.skipped")]
        return None
    recorded = RecordCsat(number, score=got.score, comment=got.comment)
    if got.comment or one_message or not ctx.policy.csat.comment:
        key = "csat.thanks_comment" if got.comment else "csat.thanks"
        return let_go(conv), [recorded, Say(key)]
    conv = evolve(
        conv, pending=COMMENT, assessment={**conv.assessment, ASKED_AT: ctx.now.isoformat()}
    )
    wording = ctx.policy.csat.comment_question
    skip = (Choice(SKIP, catalog.render(conv.lang or "en", "csat.skip")),) if ctx.buttons else ()
    if wording is not None:
        # the plan's own words: written out as given, through a catalog key that says "{text}"
        text = wording.get(conv.lang, short=ctx.short)
        ask = Say("csat.custom", {"text": text}, skip)
    else:
        ask = Say("csat.comment_ask", {}, skip)
    return conv, [recorded, ask]


def _comment(
    conv: Conversation, number: int, text: str, ctx: TurnContext
) -> tuple[Conversation, list[Effect]] | None:
    if _declined(text):
        return let_go(conv), [Say("csat.thanks")]
    again = parse_score(text)
    if again is not None and not again.comment:
        # a button pressed twice, or a changed mind: the score is the latest one
        ticket: Ticket | None = next((t for t in ctx.tickets if t.number == number), None)
        if ticket is not None and ticket.csat is not None and ticket.csat.score == again.score:
            return conv, []
        return conv, [
            RecordCsat(number, score=again.score),
            Say("csat.updated", {"score": again.score}),
        ]
    if is_new_problem(text, conv.lang):
        return None
    return let_go(conv), [RecordCsat(number, comment=text), Say("csat.thanks_comment")]
