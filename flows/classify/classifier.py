"""Severity classification of a customer's first message (English and Spanish).

`assess` reads free text and estimates three things a support plan's priority
table is written in: the *impact* (outage, degraded, cosmetic, question,
enhancement), the *scope* (whole site, several users, one user) and the
*service* (voice = the provider's critical service, other = non-critical
features, billing, howto, change = MACD).  `decide` (flows.classify.decide) maps an
assessment through a plan's rules, the one place a priority is made; when the scope is
unsure and the possible scopes would give different priorities it says so (`would_ask`)
so the dialogue can ask one question, and `with_scope` folds the answer back in.

Pure and stdlib only: no I/O, no clock.  The customer's claimed priority and
tone are recorded but never move the priority (plans such as ConnexCS warn
that customers over-claim).  The cues are weighted regular expressions over a
normalised text (lower case, no accents, SMS spellings expanded, one-letter
typos corrected against the cue vocabulary).  Clauses that report a problem as
resolved are dropped first, and each item of a list is read on its own as well
(flows.classify.structure), so the most severe active problem sets the level.

The cue tables live per dimension in `flows.classify.impact`, `flows.classify.scope`
(with `scope_of`, which weighs them) and `flows.classify.service`; faults of calling
that wear other words in `flows.classify.faults` (calls failing or working) and by kind in
`menus`, `numbers`, `destinations`, `features`, `denials` and `sitewide`, behind the word
gate of `flows.classify.gate`; their shared type in
`flows.classify.cues`, and the normalisation in `flows.classify.text`; the rules signals
that settle a dimension over the learned model's mix in `flows.classify.settle`; the claimed
priority, the live text and the model's text in `flows.classify.prepare`. One text (the whole
message or one item of a list) is read by `flows.classify.reading.read_text`; this module
reads the whole and its parts and mixes in the model. `explain` (flows.classify.explain)
replays `assess` with a trace.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Final

from domain.dimensions import IMPACTS, SCOPES, SERVICES, AudienceKind
from domain.plan import RuleSpec
from flows.classify.assessment import Assessment
from flows.classify.audience import who_of
from flows.classify.blend import blend, mix_lines
from flows.classify.cues import new_message
from flows.classify.decide import Decision, Rule, decide, with_scope
from flows.classify.denials import CLASS_CHARGED
from flows.classify.faults import SHARE_FAILS
from flows.classify.faults import class_works as one_class_works
from flows.classify.gate import may
from flows.classify.learned import MODEL, Model
from flows.classify.numbers import MAIN_NUMBER
from flows.classify.prepare import forced_by_keywords, model_text, prepared
from flows.classify.reading import Trace, read_text
from flows.classify.scope import NAMES_PLACE, ONLY_PHONE_THERE, others_fine
from flows.classify.settle import settled_by_rules
from flows.classify.structure import segments
from flows.classify.supposed import DISPUTED_CALLS, disputed, supposed
from flows.classify.text import basic, normalise, reads_spanish
from flows.classify.wholes import feature_is_the_fault, one_destination, whole_says

__all__ = [
    "IMPACTS",
    "SCOPES",
    "SERVICES",
    "Assessment",
    "Decision",
    "Rule",
    "Trace",
    "assess",
    "classify",
    "decide",
    "model_text",
    "with_scope",
]

_MAX_PARTS: Final = 8
_PART_SURE: Final = 0.6
# Words of calling itself, for a part read on its own.
_CALLING: Final = re.compile(
    r"\b(?:calls?|calling|dial\w*|dial tone|audio|trunks?|inbound|outbound|incoming|outgoing|llamad\w*|llamar"
    r"|marcar|tono|troncal\w*|entrantes|salientes|pri|t1|circuits?|sip|pstn|no phones|reorder|fast busy|conmutador|centralita)\b"
)


# --------------------------------------------------------------------------
# assess
# --------------------------------------------------------------------------


def assess(
    text: str,
    *,
    lang: str | None = None,
    extra_keywords: Mapping[str, Sequence[str]] | None = None,
    model: Model | None = MODEL,
    audience: tuple[AudienceKind, ...] = (),
) -> Assessment:
    """Estimate impact, scope and service of a customer's message (`model`: the learned
    model to mix in; the shipped one unless told, None for the rules alone; `audience`: the
    plan's own scope kinds, read into `who`)."""
    return assess_traced(
        text,
        lang=lang,
        extra_keywords=extra_keywords,
        trace=None,
        model=model,
        audience=audience,
    )


def model_for(learned: bool) -> Model | None:
    """The model a plan mixes in: the shipped one, or none (`classification.learned = false`)."""
    return MODEL if learned else None


def assess_traced(
    text: str,
    *,
    lang: str | None,
    extra_keywords: Mapping[str, Sequence[str]] | None,
    trace: Trace | None,
    model: Model | None = MODEL,
    audience: tuple[AudienceKind, ...] = (),
) -> Assessment:
    """`assess`, writing what it read into `trace` when one is given: the rules' reading,
    mixed with the learned model's when one is shipped (`flows.classify.blend`), and who is
    affected in the plan's own terms when the plan names its scope kinds."""
    a = _assess_traced(text, lang=lang, extra_keywords=extra_keywords, trace=trace, model=model)
    if not audience:
        return a
    found = who_of(prepared(text)[1], audience)
    if found is None:
        return a
    if trace is not None:
        trace.append(("who", f"{found[0]} ({found[1]})"))
    return replace(a, who=found[0])


def _assess_traced(
    text: str,
    *,
    lang: str | None,
    extra_keywords: Mapping[str, Sequence[str]] | None,
    trace: Trace | None,
    model: Model | None,
) -> Assessment:
    new_message()
    rules = assess_rules(text, lang=lang, extra_keywords=extra_keywords, trace=trace)
    if model is None or (rules.impact == "question" and rules.service is None):
        return rules  # nothing active is left to read (every problem reported is over)
    live = prepared(text)[1]
    reading = model.read(model_text(text), top=3 if trace is not None else 0)
    keywords = forced_by_keywords(live, lang, extra_keywords)
    settled = settled_by_rules(rules, live, lang)
    forced = {**{dim: value for dim, (value, _) in settled.items()}, **keywords}
    a = blend(rules, reading, forced=forced)
    if trace is not None:
        trace.extend(mix_lines(rules, reading, keywords, settled))
    return a


def assess_rules(
    text: str,
    *,
    lang: str | None,
    extra_keywords: Mapping[str, Sequence[str]] | None,
    trace: Trace | None,
) -> Assessment:
    """The rules' reading alone (cue tables, faults of calling, parts)."""
    claimed, live, dropped = prepared(text)
    if trace is not None and dropped:
        trace.append(("resolved", " | ".join(dropped)))
    if dropped and not live.strip():
        # Everything it reports is over: nothing active to rate.
        return Assessment("question", None, None, 0.8, 0.0, claimed, ())
    whole = read_text(live, lang, extra_keywords, claimed, trace)
    assert whole is not None  # only a part reads as None
    if dropped and whole.impact is None and whole.service is None:
        # What is left after the resolved clauses names no fault ("Thanks!"): nothing active.
        return Assessment("question", None, None, 0.8, 0.0, claimed, ())
    reading = (whole.impact, whole.scope, whole.service)
    settled = len(whole.scope_options) == 1
    if settled and reading == ("outage", "site", "voice"):
        return whole  # nothing in a part can outrank it
    parts = segments(live)
    if not 1 < len(parts) <= _MAX_PARTS:
        return whole
    if lang is None:  # a short part says too little to tell its language
        lang = "es" if reads_spanish(live) else "en"
    norm = normalise(live, lang)
    partial, calls_work = whole_says(norm)
    # Each part normalised once, for every test below that reads it normalised.
    norms = [normalise(part, lang) for part in parts]
    if partial:
        partial = _partial_told_of_a_fault(parts, norms, lang, extra_keywords)
    feature_fault = whole.service == "other" and feature_is_the_fault(norm, calls_work)
    charged = may(norm, "charged") and CLASS_CHARGED.search(norm) is not None
    # Round 20: what the whole says is no fault now, a part alone loses ("Nobody here dialled
    # it." after a charge; "cuando se cae el internet las llamadas fallan;" before "¿podrían
    # añadir...?").
    billed = disputed(norm) is not None
    spans = supposed(live, lang)
    found: list[tuple[str, str, str]] = []
    one_fault = whole.scope == "one" and whole.impact in ("outage", "degraded")
    for part, part_norm in zip(parts, norms, strict=True):
        a = read_text(part, lang, extra_keywords, None, None, part=True)
        if a is not None and _told_of_no_fault(part_norm, billed, spans):
            a = None
        if a is not None and (
            (whole.scope != "one" and set(a.scope_options) == {"site", "several"})
            # Round 12: "- cambiar el nombre de la extension 22 - las llamadas a celulares
            # Movistar no salen": one destination failing, said of nobody, is the business's
            # calls, whatever one user another item names.
            or (
                whole.scope == "one"
                and a.impact == "degraded"
                and a.service == "voice"
                and "one" not in a.scope_options
                and one_destination(part_norm)
            )
        ):
            # Several users at least, maybe the site: the part counts at the narrower
            # of the two, so it never raises the level on the wider guess alone.
            a = replace(a, scope="several", scope_options=("several",))
        if (
            a is not None
            and a.impact in ("outage", "degraded")
            and a.service in ("voice", "other")
            and a.scope is not None
            and len(a.scope_options) == 1
            and (not settled or (a.impact, a.scope, a.service) != reading)
            # A part read alone loses what the whole says: that only one class or a share
            # of the calls fails, or that calling works and a feature is the fault.
            and not (partial and a.impact == "outage" and a.service == "voice")
            and not (calls_work and whole.service == "other" and a.service == "voice")
            # "the office lost voicemail: it says unavailable on every phone": the part
            # without the feature's name speaks of the feature, unless it names calling.
            # Round 20: unless the part names the main or toll-free number ("- no entra nada al
            # numero principal, los clientes oyen que no existe" beside the fax): every caller.
            and not (
                feature_fault
                and a.service == "voice"
                and not _CALLING.search(basic(part))
                and not MAIN_NUMBER.search(basic(part))
            )
            # "solo es mi linea: no recibo ninguna llamada": the whole names whose it is.
            # Round 10: unless the part names the business's number ("3. no customers can
            # call in on our main number"): every caller of the business.
            # Round 13: "es el unico telefono de la bodega, no entra ni sale nada" beside "en la
            # oficina todo bien": the part names the one device, not the place's every phone.
            # Round 23: only when the whole reports a fault: in a message read as a request
            # ("2. add speed dial to ext 30 3. one-way audio on ALL our calls"), the one user
            # is the request's, not the fault's.
            and not (one_fault and a.scope == "site" and ONLY_PHONE_THERE.search(basic(part)))
            and not (
                one_fault
                and a.scope == "site"
                and not NAMES_PLACE.search(basic(part))
                and not MAIN_NUMBER.search(basic(part))
            )
            # Round 14: "four of the nine staff have no calls in or out. The other five are
            # fine": the whole names a counted group and the rest working; its part alone
            # loses both.
            and not (
                whole.scope_options == ("several",)
                and a.scope == "site"
                and others_fine(norm)
                and not MAIN_NUMBER.search(basic(part))
            )
            # Round 17: "P1!!! why a charge for calls to Mexico? nobody here calls abroad": the
            # charged class said of nobody's habit, no destination failing.
            and not (charged and a.service == "voice" and one_destination(part_norm))
            # In a message read as a question or a request, only a clearly read fault counts
            # ("why did our bill go up? we didn't add any lines" reports none).
            and (whole.impact in ("outage", "degraded") or a.confidence >= _PART_SURE)
        ):
            found.append((a.impact, a.scope, a.service))
            if trace is not None:
                trace.append(("part", f"{a.impact}/{a.scope}/{a.service}: {part!r}"))
    if found:
        return replace(whole, parts=tuple(dict.fromkeys(found)))
    return whole


def _partial_told_of_a_fault(
    parts: Sequence[str],
    norms: Sequence[str],
    lang: str,
    extra_keywords: Mapping[str, Sequence[str]] | None,
) -> bool:
    """Round 19: whether the whole's partial wording is told of a fault. "- Nadie puede marcar
    afuera ..., todo da ocupado - Consulta por tarifa de llamadas a Chile": a destination named
    only in an item that reads no fault (a rate question) does not make the whole site's lost
    outbound calling partial. Any other partial wording ("other carriers are fine", "a third
    of the calls", a menu option) keeps the whole partial, wherever it is told. `norms`: each
    part normalised, in `parts`' order."""
    told_in_a_part = False
    for part, norm in zip(parts, norms, strict=True):
        partial, _ = whole_says(norm)
        if not partial:
            continue
        told_in_a_part = True
        if not one_destination(norm) or one_class_works(norm) or _share_fails(norm):
            return True
        if not _ASKS_OR_PRICES.search(norm):
            return True  # "larga distancia si": the rest said to work, no question
        a = read_text(part, lang, extra_keywords, None, None, part=True)
        if a is not None and a.impact in ("outage", "degraded"):
            return True
    # Partial in the whole but in no part alone ("about a | third of the calls", split): kept.
    return not told_in_a_part


def _told_of_no_fault(norm: str, billed: bool, spans: Sequence[str]) -> bool:
    """Round 20: a part whose fault words the whole reads as no fault now: the calls of a
    disputed charge, or a part of a supposed fault's question."""
    if billed and DISPUTED_CALLS.search(norm) is not None:
        return True
    said = norm.strip(" ?")
    return bool(said) and any(said in span for span in spans)


# A question, a price or a plan change asked about: an item that asks, not one that reports.
_ASKS_OR_PRICES: Final = re.compile(
    r"\b(?:tarifas?|precios?|cuanto|cuesta|costo|consultas?|plan|pedimos|queremos|rates?|price|pricing"
    r"|cost|costs|how much|cheaper|quote|plan|ask|asking)\b"
)


def _share_fails(norm: str) -> bool:
    return may(norm, "share") and SHARE_FAILS.search(norm) is not None


def classify(
    text: str,
    *,
    rules: Sequence[RuleSpec],
    default: str,
    lang: str | None = None,
    extra_keywords: Mapping[str, Sequence[str]] | None = None,
    model: Model | None = MODEL,
    audience: tuple[AudienceKind, ...] = (),
) -> Decision:
    """assess + decide."""
    a = assess(text, lang=lang, extra_keywords=extra_keywords, model=model, audience=audience)
    return decide(a, rules, default=default)
