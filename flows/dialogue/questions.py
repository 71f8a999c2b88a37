"""The customer asks back instead of answering ("how long until someone calls me back?",
"¿cuánto cuesta?", "when are you open?"): what they asked, and the answer the plan
gives, so the intake can go on (issue 12, point 1). Pure: no I/O, no clock."""

from __future__ import annotations

import re
from typing import Final

from domain.text import fold
from domain.types import Conversation
from flows.catalog import messages as catalog
from flows.catalog.durations import format_duration
from flows.classify.classifier import SCOPES, assess
from flows.dialogue.effects import Effect, Say
from flows.dialogue.intake import final_priority, note
from flows.dialogue.turn import TurnContext

_HOW_LONG: Final = re.compile(
    r"\b(?:how\s+long|how\s+soon|when\s+will|when\s+can\s+i\s+expect|when\s+do\s+i\s+get|"
    r"call(?:s|ing)?\s+me\s+back|get\s+back\s+to\s+me|eta\b|any\s+time\s*frame|"
    r"cuanto\s+(?:van\s+a\s+)?tarda|cuanto\s+tiempo|cuando\s+me\s+(?:van\s+a\s+)?(?:llama|contesta|responde|atiende)|"
    r"cuando\s+(?:lo|la)\s+(?:van\s+a\s+)?(?:arregla|soluciona)|en\s+cuanto\s+tiempo)"
)
_COST: Final = re.compile(
    r"\b(?:cost|costs|how\s+much|charge|charged|price|pricing|fee|fees|pay|paid|free\s+of\s+charge|"
    r"cuesta|cuestan|cuanto\s+vale|precio|cobran|cobrar|coste|costo|cargo|pagar|gratis)\b"
)
_HOURS: Final = re.compile(
    r"\b(?:are\s+you\s+open|when\s+are\s+(?:you|agents|your\s+agents|they)\s+(?:back|open|available)|"
    r"opening\s+hours|business\s+hours|is\s+anyone\s+there|anybody\s+there|"
    r"horario|estan\s+abiertos|cuando\s+vuelven|hay\s+alguien)\b"
)
_ASKING: Final = re.compile(
    r"^(?:why\s+do|why\s+does|why\s+is|how\s+much|how\s+long|when\s+will|what\s+for|"
    r"por\s*que\s+(?:necesita|hace\s+falta|quiere)|cuanto\s+(?:cuesta|vale|tarda)|para\s+que)\b"
)
_UNSURE: Final = re.compile(
    r"^(?:i'?m\s+)?(?:not\s+sure|no\s+idea|don'?t\s+know|dunno|idk|no\s+se|ni\s+idea|no\s+estoy\s+segur[oa])\b"
)


def asked(text: str) -> str | None:
    """What the customer asked: "how_long", "cost", "hours", "other"; None for no question."""
    folded = fold(text).lstrip("¿¡ ")
    # "can't reserve numbers" starts like a question and is an answer: a question word
    # counts only without a question mark when it asks "how much" / "why" / "when"
    is_question = "?" in text or "¿" in text or _ASKING.match(folded) is not None
    if _HOURS.search(folded):
        return "hours"
    if _HOW_LONG.search(folded):
        return "how_long"
    if is_question and _COST.search(folded):
        return "cost"
    return "other" if is_question else None


def unsure(text: str) -> bool:
    return _UNSURE.match(fold(text)) is not None


def answer(
    kind: str, text: str, conv: Conversation, ctx: TurnContext
) -> tuple[Conversation, list[Effect]]:
    """The plan's answer to the customer's question; a question it has no answer for is
    kept for the agent (it goes on the ticket as `customer_questions`)."""
    policy = ctx.policy
    lang = conv.lang
    if kind == "how_long":
        priority = final_priority(conv, ctx)[0]
        wait = policy.first_response_wait(priority, conv.fields.get("category"))
        if wait is None:
            return conv, [Say("answer.how_long_unknown")]
        duration, business_day = wait
        words = format_duration(duration, lang, business_day=business_day)
        return conv, [Say("answer.how_long", {"duration": words})]
    if kind == "cost":
        if policy.texts.cost_note is not None:
            return conv, [Say("answer.plan_text", {"text": policy.texts.cost_note.get(lang)})]
        return conv, [Say("answer.cost_unknown")]
    if kind == "hours":
        if policy.humans_on_duty(ctx.channel, ctx.now):
            return conv, [Say("answer.agents_on_duty")]
        back = ctx.format_time(policy.humans_back_at(ctx.channel, ctx.now), lang)
        return conv, [Say("answer.agents_back", {"back": back})]
    questions = [*conv.assessment.get("questions", []), text.strip()[:300]]
    return note(conv, questions=questions), [Say("answer.question_noted")]


_EXPLICIT_SCOPE: Final = re.compile(
    r"\b(?:only\s+me|just\s+me|me\s+only|only\s+(?:my|one|1)\b|just\s+(?:my|one)|single\s+user|one\s+user|"
    r"everyone|everybody|all\s+of\s+us|whole|entire|all\s+(?:users|phones|staff|the\s+office|sites?|locations?)|"
    r"several|some\s+(?:users|people|of\s+us)|a\s+few|multiple|many|"
    r"solo\s+(?:a\s+)?mi|solo\s+yo|solo\s+(?:un|una|mi)\b|todos|todas|toda\s+la|todo\s+el|nadie|"
    r"varios|varias|algunos|algunas|unos\s+cuantos)"
)


def scope_answer(text: str, lang: str) -> str | None:
    """The scope an answer to "who is affected?" names: a choice (its number, value or
    label) or a plain statement of it. A question, a complaint or "not sure" is None."""
    folded = fold(text).strip(" .!")
    if folded in SCOPES:
        return folded
    if folded in ("1", "2", "3"):
        return SCOPES[int(folded) - 1]
    for s in SCOPES:
        for lg in ("en", "es"):
            if folded == fold(catalog.render(lg, f"scope.{s}")):
                return s
    if asked(text) is not None or unsure(text) or not _EXPLICIT_SCOPE.search(folded):
        return None
    return assess(text, lang=lang).scope
