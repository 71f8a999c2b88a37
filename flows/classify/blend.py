"""The rules' reading and the learned model's, mixed per dimension into one assessment that
the plan's table turns into a priority (`flows.classify.decide`; no priority is made here).

Each dimension's mix is `RULES_WEIGHT` on the class the rules read and the rest on the
model's probabilities. Grouped by corpus (train on every corpus but one, score the one left
out) the mix beats either alone; the weight and the ask threshold are the ones measured in
docs/classification.md, not tuned per message kind. A floor for a likely whole-site
outage of calling was measured and left out: a mixed outage x site x voice share of 0.5 or
more already reads as one, and lower floors raised P4 questions the rules misread.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from domain.dimensions import SCOPES
from flows.classify.assessment import Assessment
from flows.classify.learned import NO_SCOPE, Reading

RULES_WEIGHT: Final = 0.3
# The scope is settled when its mixed share reaches this; below it, every scope with more
# than `_OPEN` of the share stays open and the table decides whether the answer matters.
SCOPE_SURE: Final = 0.7
_OPEN: Final = 0.1
_IMPACT_RANK: Final = {"outage": 0, "degraded": 1}
_FAULTS: Final = frozenset(_IMPACT_RANK)
_SCOPE_RANK: Final = {"site": 0, "several": 1, "one": 2}


def _severity(reading: tuple[str, str, str]) -> tuple[int, int, int]:
    impact, scope, service = reading
    return (service != "voice", _IMPACT_RANK.get(impact, 2), _SCOPE_RANK.get(scope, 3))


def rules_reading(a: Assessment) -> tuple[str | None, tuple[str, ...], str | None]:
    """What the rules vote for: impact, the scopes they leave open, service. A part of the
    message the rules read as more severe than the whole (an item of a list) is their vote."""
    impact, service = a.impact, a.service
    scopes: tuple[str, ...] = a.scope_options or ((a.scope,) if a.scope else ())
    for part in a.parts:
        whole = (impact or "", scopes[0] if scopes else "", service or "")
        if _severity(part) < _severity(whole):
            impact, scopes, service = part[0], (part[1],), part[2]
    return impact, scopes, service


def _mix(model: Mapping[str, float], vote: str | None) -> dict[str, float]:
    mixed = {k: (1 - RULES_WEIGHT) * p for k, p in model.items()}
    if vote is not None:
        mixed[vote] = mixed.get(vote, 0.0) + RULES_WEIGHT
    return mixed


def mixed_scopes(model: Mapping[str, float], votes: tuple[str, ...]) -> dict[str, float]:
    """The share of each scope: the model's (its "no scope" spread evenly) and the rules'."""
    spread = model.get(NO_SCOPE, 0.0) / len(SCOPES)
    mixed = {s: (1 - RULES_WEIGHT) * (model.get(s, 0.0) + spread) for s in SCOPES}
    for s in votes:
        mixed[s] += RULES_WEIGHT / len(votes)
    total = sum(mixed.values())
    return {s: v / total for s, v in mixed.items()}


def blend(
    rules: Assessment, model: Reading, *, forced: Mapping[str, str] | None = None
) -> Assessment:
    """One assessment from both readings; `forced` holds the dimensions the plan's own
    keywords settle (a product name under `voice`), which neither reading overrides."""
    r_impact, r_scopes, r_service = rules_reading(rules)
    impacts = _mix(model.probabilities["impact"], r_impact)
    services = _mix(model.probabilities["service"], r_service)
    shares = mixed_scopes(model.probabilities["scope"], r_scopes)
    impact = max(impacts, key=impacts.__getitem__)
    service = max(services, key=services.__getitem__)
    scope = max(shares, key=shares.__getitem__)
    forced = forced or {}
    impact = forced.get("impact", impact)
    service = forced.get("service", service)
    if "scope" in forced:
        scope = forced["scope"]
        shares = {s: float(s == scope) for s in SCOPES}
    options = (
        (scope,) if shares[scope] >= SCOPE_SURE else tuple(s for s in SCOPES if shares[s] > _OPEN)
    )
    if (
        "impact" not in forced
        and impact == "degraded"
        and r_impact == "outage"
        and service == "voice"
        and len(options) > 1
        and "site" in options
    ):
        # "Outbound calls fail with a fast busy", scope unsaid: while the bot asks, a loss of
        # calling the rules read stays a loss (held at the most severe candidate); the
        # n-grams of "calls ... fail" lean to the one-class failures they were trained on.
        impact = "outage"
    confidence = round(impacts[impact] * services.get(service, 1.0) * shares[scope], 2)
    # Built whole: `dataclasses.replace` costs half as much again, once a message.
    return Assessment(
        impact=impact,
        scope=scope,
        service=service,
        confidence=confidence,
        scope_confidence=round(shares[scope], 2),
        claimed_priority=rules.claimed_priority,
        scope_options=options,
        # A part the rules read on its own (a list's last item) settles the scope question
        # when the mix agrees with it on what fails and how; any other would outrank the mix,
        # except where the mix reads no fault at all: "1) add ext 215 2) how do I... 3) the
        # Lakeview site has no phones" is a list of requests with one live fault in it, and
        # the most severe active problem sets the level wherever it sits.
        parts=tuple(
            p for p in rules.parts if (p[0], p[2]) == (impact, service) or impact not in _FAULTS
        ),
    )


def mix_lines(
    rules: Assessment,
    reading: Reading,
    keywords: Mapping[str, str],
    settled: Mapping[str, tuple[str, str]],
) -> list[tuple[str, str]]:
    """What `--explain` prints of the mix: the rules' vote, the model's two likeliest classes
    per dimension with its loudest features, the plan's keywords and the rules signals that
    settled a dimension over the model."""
    r_impact, r_scopes, r_service = rules_reading(rules)
    lines = [
        (
            "rules",
            f"{r_impact}/{'|'.join(r_scopes) or None}/{r_service} (mixed in at {RULES_WEIGHT:g})",
        )
    ]
    for dim in ("impact", "scope", "service"):
        probs = sorted(reading.probabilities[dim].items(), key=lambda kv: -kv[1])[:2]
        pushes = ", ".join(f"{w:+.2f} {f[1:]!r}" for f, w in reading.top[dim])
        lines.append(
            ("model", f"{dim} " + " ".join(f"{c} {p:.2f}" for c, p in probs) + f" ({pushes})")
        )
    if keywords:
        lines.append(("keywords", ", ".join(f"{k}={v}" for k, v in sorted(keywords.items()))))
    for dim, (value, why) in sorted(settled.items()):
        if keywords.get(dim, value) == value:
            lines.append(("adjust", f"{why}: {dim}={value} over the model"))
    return lines
