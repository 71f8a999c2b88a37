"""Why a message got its priority: the cues that fired for impact, scope and service, the
table row that decided, and why the bot would ask (for `supportbot classify --explain`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from domain.dimensions import AudienceKind
from domain.plan import RuleSpec
from flows.classify.classifier import Trace, assess_traced
from flows.classify.decide import Decision, decide
from flows.classify.learned import MODEL, Model

_IMPACT_LINES = ("outage", "degraded", "intermittent", "cosmetic", "enhancement")
_SERVICE_LINES = ("voice", "other", "billing", "howto", "change")


@dataclass(frozen=True, slots=True)
class Explanation:
    decision: Decision
    trace: tuple[tuple[str, str], ...]

    @property
    def rule_text(self) -> str:
        rule = self.decision.rule
        if rule is None:
            return "no row matched: the plan's default"
        return f"impact={rule.impact} scope={rule.scope} service={rule.service} -> {rule.priority}"

    @property
    def ask_reason(self) -> str:
        d = self.decision
        if not d.would_ask:
            return ""
        a = d.assessment
        open_scopes = "/".join(a.scope_options) if a.scope_options else "site/several/one"
        held = " (held at the most severe until answered)" if d.priority == d.candidates[0] else ""
        return (
            f"the scope is unsure ({a.scope or 'none'}, confidence {a.scope_confidence:g}; open: "
            f"{open_scopes}) and the answer changes the priority: {'/'.join(d.candidates)}{held}"
        )

    def lines(self, group: str) -> list[str]:
        names = {"impact": _IMPACT_LINES, "service": _SERVICE_LINES}.get(group, (group,))
        return [f"{what}: {detail}" for what, detail in self.trace if what in names]

    def one_line(self) -> str:
        d = self.decision
        a = d.assessment
        impact, scope, service = d.read_as or (a.impact, a.scope, a.service)
        parts = [
            f"{d.priority}{' (asks)' if d.would_ask else ''}",
            f"read as {impact}/{scope}/{service}"
            + (f" (who: {a.who})" if a.who else "")
            + (" from one part" if d.from_part else ""),
            f"rule: {self.rule_text}",
        ]
        cues = [f"{w}: {x}" for w, x in self.trace if w not in ("scope", "service", "model")]
        model = [x for w, x in self.trace if w == "model"]
        if model:
            cues.append("model: " + "; ".join(model))
        if cues:
            parts.append("cues: " + "; ".join(cues))
        if d.would_ask:
            parts.append("asks: " + self.ask_reason)
        return " | ".join(parts)


def explain(
    text: str,
    *,
    rules: Sequence[RuleSpec],
    default: str,
    lang: str | None = None,
    extra_keywords: Mapping[str, Sequence[str]] | None = None,
    model: Model | None = MODEL,
    audience: tuple[AudienceKind, ...] = (),
) -> Explanation:
    """`classify`, with every cue and adjustment that shaped the result (a plan's scope kind
    read from who is affected is the "who" cue)."""
    trace: Trace = []
    a = assess_traced(
        text,
        lang=lang,
        extra_keywords=extra_keywords,
        trace=trace,
        model=model,
        audience=audience,
    )
    return Explanation(decide(a, rules, default=default), tuple(trace))
