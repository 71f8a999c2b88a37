"""The rules' reading of one text (a whole message or one part of it): the cue tables weighed,
the faults of calling that wear other words (flows.classify.faults, menus, numbers,
destinations, features, denials, sitewide) settling impact, service and scope, and the trace
lines `--explain` prints for it. Moved out of flows.classify.classifier in round 18 (no
behaviour change); `assess_rules` there reads the whole message and its parts with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Final

from domain.dimensions import IMPACTS, SCOPES
from flows.classify import impact as classify_impact
from flows.classify import service as classify_service
from flows.classify.assessment import Assessment
from flows.classify.cues import Compiled, fired, weigh, word_starts
from flows.classify.denials import (
    CALL_RECORDS,
    CANT_FIGURE,
    CLASS_CHARGED,
    CUT_OFF_WARNED,
    NO_PROBLEM,
    OUTAGE_REPORT,
)
from flows.classify.faults import (
    CALLS_CUT_EVERY_TIME,
    CALLS_FAIL,
    CALLS_WORK,
    CAPACITY,
    CHANNELS_CUT_ASKED,
    NO_AUDIO_EVERY_CALL,
    ONE_WAY_AUDIO,
    SHARE_FAILS,
    audio_lost,
    connected_calls_fail,
)
from flows.classify.faults import class_works as one_class_works
from flows.classify.features import (
    CALLS_RECORDED,
    COSMETIC_DISPLAY,
    FEATURE_FAILS,
    FEATURE_IN_OUT,
    LAMPS_WRONG,
)
from flows.classify.gate import may
from flows.classify.impact import EVERY_CALL, FAILS_WHOLE
from flows.classify.menus import IVR_FAULT, MAILBOX_UNWATCHED, menu_fault_told, one_option
from flows.classify.numbers import (
    CALLERS_FAIL,
    CARRIER_MAILBOX,
    DEVICE_SAYS_CUT,
    EVERY_PHONE,
    MAIN_NUMBER,
    SUSPENDED,
)
from flows.classify.prepare import compile_extra
from flows.classify.scope import (
    ONE_DEVICE_NAMED,
    ONE_PHONE_UNREGISTERED,
    ONLY_PHONE,
    ONLY_PHONE_THERE,
    PERSONS_LINE,
    one_persons_phone,
    others_fine,
    scope_of,
)
from flows.classify.scope import TABLES as SCOPE_TABLES
from flows.classify.service import CALL_FAULT, CALLS_FINE, DESK_PHONE_FINE, FEATURE_FINE, HOWTO_LEAD
from flows.classify.sitewide import site_calling_lost
from flows.classify.structure import TONE
from flows.classify.supposed import cut_disputed, cut_supposed, disputed, price_asked, supposed
from flows.classify.text import normalise
from flows.classify.wholes import one_destination

# (what, detail) lines an explanation prints: "outage", "+3 down"; "adjust", "...".
Trace = list[tuple[str, str]]

# A number dialled ("the bridge number", "al numero del hospital"): a destination.
_DIALLED: Final = re.compile(r"\b(?:numbers?|numeros?|lines?|lineas?)\b")

_TABLES: Final[Mapping[str, Compiled]] = {**classify_impact.TABLES, **classify_service.TABLES}

_BILL_NAME: Final = re.compile(r"\bBill(?='s\b)")


def read_text(
    stripped: str,
    lang: str | None,
    extra_keywords: Mapping[str, Sequence[str]] | None,
    claimed: str | None,
    trace: Trace | None,
    *,
    part: bool = False,
) -> Assessment | None:
    """Read one text; for a `part` of a message, None when it names no fault at all."""
    if "Bill" in stripped:
        stripped = _BILL_NAME.sub("Someone", stripped)  # the name, not an invoice
    norm = normalise(stripped, lang)
    if may(norm, "tone") and TONE.search(norm):
        if trace is not None:
            trace.append(("tone", ", ".join(m.group() for m in TONE.finditer(norm))))
        norm = TONE.sub(" ", norm)
    if ("outage" in norm or "informe" in norm) and OUTAGE_REPORT.search(norm):
        # Round 13: "could you send us a reason-for-outage report?": a request about a
        # past outage (its resolved clause already dropped), no fault of its own.
        if trace is not None:
            trace.append(("adjust", "a report on an outage is asked for: a request"))
        norm = OUTAGE_REPORT.sub(" incident report ", norm)
    if CUT_OFF_WARNED.search(norm):
        # Round 17: "final notice before the service is cut off, but the phones all work":
        # a bill's warning, not a loss of service now.
        if trace is not None:
            trace.append(("adjust", "a cut-off warned of, not happened"))
        norm = CUT_OFF_WARNED.sub(" notice ", norm)
    said = norm  # before a denial is cut: "con las llamadas no hay ningun problema" says calls work
    if may(norm, "noprob") and NO_PROBLEM.search(norm):
        note_denial = ", ".join(m.group() for m in NO_PROBLEM.finditer(norm))
        if trace is not None:
            trace.append(("adjust", f"a problem denied, not reported: {note_denial}"))
        norm = NO_PROBLEM.sub(" ", norm)
    # Round 20: a fault supposed in a question, calls on a bill that nobody made: no fault now.
    spans = supposed(stripped, lang)
    if spans:
        if trace is not None:
            trace.append(
                ("adjust", f"a fault supposed in a question, not reported: {' | '.join(spans)}")
            )
        norm = cut_supposed(norm, spans)
    billed = disputed(norm) is not None
    if billed:
        if trace is not None:
            trace.append(("adjust", "calls on a bill that nobody made: a billing question"))
        norm = cut_disputed(norm)
    extra = compile_extra(tuple(sorted((k, tuple(v)) for k, v in (extra_keywords or {}).items())))

    starts = word_starts(norm)
    muted: set[str] = set()

    def note(what: str, detail: str) -> None:
        if trace is not None:
            trace.append((what, detail))

    def score(name: str) -> float:
        if name in muted:
            return 0.0
        value = weigh(norm, _TABLES[name], starts)
        if name in extra:
            value += weigh(norm, extra[name], starts)
        if trace is not None and value:
            cues = fired(norm, _TABLES[name])
            if name in extra:
                cues += fired(norm, extra[name])
            trace.append((name, ", ".join(f"+{w:g} {m!r}" for m, w in cues)))
        return value

    outage = score("outage")
    degraded = score("degraded")
    if part and not (outage or degraded or audio_lost(norm)):
        # Round 14: "calls connect but neither side hears anything" has no cue word of loss.
        return None
    intermittent = score("intermittent")
    voice = score("voice")
    other = score("other")
    call_fault = CALL_FAULT.search(norm) is not None
    if call_fault:
        voice += 3
        note("adjust", "a call fault is named: voice +3")
    class_works = one_class_works(norm)
    calls_work = (
        not class_works  # "US calls are fine": one class of calls fails, calling is the fault
        and may(said, "fine")
        and (CALLS_FINE.search(said) is not None or CALLS_WORK.search(said) is not None)
        and not audio_lost(norm)  # "calls connect but it's dead silence": calling is the fault
        and not connected_calls_fail(norm)  # Round 17: "calls connect" but echo on them
    )
    share = may(said, "share") and SHARE_FAILS.search(said) is not None
    if share:
        intermittent = max(intermittent, 5.0)
        note("adjust", "a share of the calls fails: partial")
        if calls_work and not other:
            calls_work = (
                False  # "calls do connect, but 30% hit a busy signal": calling is the fault
            )
    if class_works:
        intermittent = max(intermittent, 5.0)
        note("adjust", "one class of calls fails, the rest works: partial")
    partial_said = class_works or share
    records = (
        (may(norm, "recs") and CALL_RECORDS.search(norm) is not None)
        or (may(norm, "charged") and CLASS_CHARGED.search(norm) is not None)
        or billed
        # Round 20: "what's the rate for calls to Mexico?": a destination priced, not failing.
        or (not outage and not degraded and price_asked(norm))
    ) and CALLS_FAIL.search(norm) is None
    if records:
        # Round 12: "P1: necesito el detalle de llamadas internacionales de octubre": the
        # calls' records asked for, no call said to fail: a request, not a destination.
        degraded = intermittent = 0.0
        note("adjust", "the calls' records are asked for: a request")
    elif (outage or degraded) and not class_works and one_destination(norm):
        partial_said = True
        voice += 3  # "every long distance call gets a recording": calling is what fails
        intermittent = max(intermittent, 5.0)
        note("adjust", "one destination, carrier or call class fails: partial")
    if calls_work:
        voice = max(0.0, voice - 6)
        note("adjust", "calling is said to work: voice -6")
    if (
        other > 0
        and not call_fault
        and FEATURE_FAILS.search(norm)
        # Round 12: a site said to lose calling beside a feature's fault in another item ("the
        # call report came in blank; the yard has no line at all, not one phone can call").
        and (calls_work or CALLS_FAIL.search(norm) is None)
        # Round 15: "the voicemail transcription is garbled ... every call at the crab house
        # has no audio at all": no audio on every call is calling's fault beside a feature's.
        and not audio_lost(norm)
    ):
        other += 4
        note("adjust", "a non-critical feature is what fails: other +4")
    if class_works and other and (outage or degraded) and _DIALLED.search(norm):
        # Round 12: "dialing into our client's conference bridge number fails; all other
        # calls are normal": the number dialled is the destination, calling the fault.
        voice = max(voice, other + 1)
        note("adjust", "a number dialled fails, the other calls work: calling")
    if may(norm, "rec") and CALLS_RECORDED.search(norm):
        other, voice = max(other, 3.0) + 4, max(0.0, voice - 6)
        note("adjust", "the calls are what a feature records: other +4, voice -6")
    if DESK_PHONE_FINE.search(norm):
        voice = max(0.0, voice - 4)
        note("adjust", "the desk phone works: voice -4")
    if FEATURE_FINE.search(norm):
        other = max(0.0, other - 4)
        note("adjust", "a feature is said to work: other -4")
    if not class_works and may(norm, "audio") and NO_AUDIO_EVERY_CALL.search(norm):
        intermittent = 0.0  # "every call" says it does not come and go
        outage = max(outage + 4, degraded + 1)
        note("adjust", "no audio or one-way audio on every call: a total loss")
    elif (
        intermittent < 5
        and EVERY_CALL.search(norm)
        and (FAILS_WHOLE.search(norm) or CALLS_CUT_EVERY_TIME.search(norm))
    ):
        outage = max(outage + 4, degraded + 1)
        note("adjust", "every call fails the same way: a total loss")
    elif intermittent < 5 and may(norm, "audio") and ONE_WAY_AUDIO.search(norm):
        outage = max(outage, degraded + 1)
        note("adjust", "one-way audio, not said to come and go: a loss of audio")
    howto_lead = HOWTO_LEAD.match(norm) is not None  # it begins with ^: search = match
    callers_side = cut_off = menu_fault = one_device = False  # every caller meets it: the site
    if may(norm, "cap") and CAPACITY.search(norm) and not CHANNELS_CUT_ASKED.search(norm):
        callers_side = True
        voice = max(voice + 4, other + 1)  # Round 12: "after the fax plan changed, only 4 calls..."
        degraded = max(degraded, outage + 1, 4.0)
        muted.update(("billing", "howto", "change"))
        note("adjust", "fewer call paths than bought: calling degraded")
    elif (
        may(norm, "ivr")
        and ((not howto_lead and IVR_FAULT.search(norm)) or menu_fault_told(norm))
        and score("change") < 4
    ):
        callers_side = menu_fault = True
        voice += 4
        if MAILBOX_UNWATCHED.search(norm):  # Round 20: "option 2 sends callers to an empty mailbox"
            voice = max(voice, other + 1)
        degraded = max(degraded, 4.0)
        muted.update(("billing", "howto", "change"))
        note("adjust", "a keypad menu fails callers: calling degraded at least")
        if one_option(norm):
            degraded = max(degraded, outage + 1)
            note("adjust", "one option of the menu fails: one call class, degraded")
        elif site_calling_lost(norm):  # "the auto attendant hangs up on every caller"
            outage = max(outage, degraded + 1, 6.0)
            note("adjust", "the whole menu fails every caller: calling lost")
    if (
        not callers_side
        and (outage or degraded)
        and not partial_said
        and may(norm, "lost")
        and site_calling_lost(norm)
        # "calls are fine, it's the fax: nothing in or out": the feature's loss, not calling's
        and not (calls_work and other > 0)
        and not FEATURE_IN_OUT.search(norm)
    ):
        callers_side = True
        voice += 4
        outage = max(outage, degraded + intermittent + 1, 6.0)
        voice = max(voice, other + 1)  # whatever features the rest of the message lists
        note("adjust", "no calls in or out, or the queue delivers none: calling lost")
    if (
        may(norm, "susp")
        and not (callers_side and degraded > outage)  # the menu sends one option to a recording
        and SUSPENDED.search(norm)
        and CALLERS_FAIL.search(norm)
    ):
        callers_side = cut_off = True
        voice = max(voice + 4, other + 1)  # "the portal shows the account closed": not the portal
        outage = max(outage, degraded + intermittent + 1, 6.0)
        muted.update(("billing", "change"))
        note("adjust", "the account or a number is cut off and callers fail: calling lost")
        if DEVICE_SAYS_CUT.search(norm) and not EVERY_PHONE.search(norm):
            one_device = True
            note("adjust", "one device shows the account message: that device's")
    if not callers_side and CARRIER_MAILBOX.search(norm):
        callers_side = True
        voice = max(voice + 4, other + 1)  # "mailbox" is no voicemail of ours here
        outage = max(outage, degraded + intermittent + 1, 6.0)
        note("adjust", "every caller hears a carrier's mailbox-full message: the number fails")
    if (
        not callers_side
        and outage >= 3
        and outage > degraded + intermittent
        and any(map(norm.__contains__, ("number", "numero", "linea", "line", "800")))
        and MAIN_NUMBER.search(norm)
    ):
        callers_side = True
        if not calls_work and CALLS_FAIL.search(norm):
            # Round 18: "inbound calls to our toll-free number are all failing, the fax is
            # broken and the wallboard is frozen": calling is the fault, whatever the list's
            # features weigh.
            voice = max(voice, other + 1)
        note("adjust", "the main or toll-free number fails: every caller of the business")
    if may(norm, "cant") and outage < 6 and CANT_FIGURE.search(norm):
        outage = max(0.0, outage - 3)
        note("adjust", "'can't change/find' asks how: outage -3")
    problem = max(outage, degraded + intermittent)

    impact: str | None
    service: str | None
    strength: float
    cosmetic_display = (
        may(norm, "cosm")
        and not call_fault
        and outage < 6
        and COSMETIC_DISPLAY.search(norm) is not None
        and LAMPS_WRONG.search(norm) is None  # Round 17: a team's busy lamps wrong beside it
    )
    if cosmetic_display:
        note("adjust", "a name or clock shown wrong: cosmetic, whatever the scope")
    if cosmetic_display or (score("cosmetic") >= 4 and outage < 3 and score("howto") < 4):
        impact, strength = "cosmetic", 0.8
        service = "voice" if voice > other + 2 else "other"
    elif records and problem < 3:
        impact, service, strength = "question", "billing", 0.85
    elif score("enhancement") >= 4:
        impact, strength = "enhancement", 0.8
        service = "voice" if voice > other + 2 else "other"
    elif (score("howto") >= 4 and problem < 3) or (
        problem < 6
        and howto_lead
        and not call_fault
        and not menu_fault
        and ("?" in norm or len(norm.split()) <= 25)
    ):
        impact, service, strength = "question", "howto", 0.8
    elif score("billing") >= 4 and not (
        problem >= 3 and (voice + other >= 4 or (outage >= 6 and voice >= 2))
    ):  # "phones down, we paid our invoice": a strong outage of calling is not billing
        impact, service, strength = "question", "billing", 0.85
    elif score("change") >= 4 and problem < 3:
        impact, service, strength = "question", "change", 0.8
    elif problem > 0:
        if intermittent >= 5 or degraded > outage:
            impact = "degraded"
        else:
            impact = "outage"
        strength = min(1.0, problem / 6) * 0.5 + 0.45
        if voice == 0 and other == 0:
            # A fault while calling is said to work is in a feature.
            service = "other" if calls_work else None
        else:
            service = "other" if other > voice else "voice"
    elif "?" in norm and problem == 0:
        # A question without any sign of a fault is a how-to question.
        impact, service, strength = "question", "howto", 0.6
    else:
        impact, strength = None, 0.3
        if voice or other:
            service = "other" if other > voice else "voice"
        else:
            service = None

    for key in IMPACTS:
        if key in extra and weigh(norm, extra[key], starts) > 0:
            impact, strength = key, max(strength, 0.8)
            note("keywords", f"the plan's {key} keywords")

    scope, scope_conf, options = scope_of(norm, stripped, service, starts)
    team = False
    rest_fine = "site" in options and service == "voice" and others_fine(norm)
    if rest_fine and ONLY_PHONE_THERE.search(norm):
        # Round 13: "the cordless in the shed won't register; it's the only phone out there.
        # The rest of the office is fine": one device's loss, however "no calls in or out" reads.
        one_device = True
        note("adjust", "the only phone of one part of the site, the rest works: that device's")
    elif rest_fine and "several" in options and weigh(norm, SCOPE_TABLES["several"], starts) > 0:
        # Round 13: "the three people in the annex can't call; everyone in the main building
        # is fine": a counted team, the rest said to work: several users, not the site.
        scope, scope_conf, options, team = "several", 0.8, ("several",), True
        note("adjust", "a team named, the rest said to work: several users")
    elif rest_fine and ONE_DEVICE_NAMED.search(norm):
        # Round 17: "the handset of our branch manager is not registering, all other phones
        # are working", "la caja 2 tiene el telefono en 'iniciando' ... los demas funcionan":
        # one device named, the rest said to work: that device's loss.
        one_device = True
        note("adjust", "one device named, the rest said to work: that device's")
    elif (
        service == "voice"
        and ONE_PHONE_UNREGISTERED.search(norm)
        and not EVERY_PHONE.search(norm)
        and weigh(norm, SCOPE_TABLES["site"], starts) == 0
        and weigh(norm, SCOPE_TABLES["several"], starts) == 0
    ):
        # Round 21: "guard shack phone isn't registered, no calls in or out": registration is
        # one device's, its total loss that device's, not the site's.
        one_device = True
        note("adjust", "one phone is not registered: that device's")
    if one_device:  # "the lobby phone says 'Account Disabled'": one device, not the tenant
        scope, scope_conf, options = "one", 0.8, ("one",)
    elif service == "voice" and impact == "outage" and ONLY_PHONE.search(norm) and not team:
        # "the shop's phone (es el unico que tenemos) no da tono": the business's every phone.
        scope, scope_conf, options = "site", 0.8, ("site",)
        note("adjust", "the only phone or line the business has: the whole site")
    if scope is None and partial_said and service == "voice" and not share:
        # One class or destination fails, said of nobody in particular: the business's calls.
        scope, scope_conf, options = "site", 0.3, ("site", "several")
    # "mi linea directa la desactivaron por error": one number cut off is that user's.
    if (
        callers_side
        and not one_device
        and service == "voice"
        and options != ("site",)
        and not (cut_off and options == ("one",))
        # "el telefono de Jordi: solo internas. El resto sin problema": one phone's loss.
        # Round 13: or one person's phone said plainly ("mi extension no recibe llamadas de
        # fuera, solo internas", "al telefono de Ramon no le entra ninguna llamada").
        and not (options == ("one",) and others_fine(norm))
        # Round 14: "three of the seven people can't get any calls in or out; the other four
        # are normal": a counted group, the rest said to work.
        and not (options == ("several",) and others_fine(norm))
        and not team
    ):
        if (
            not menu_fault
            and PERSONS_LINE.search(norm)
            and one_persons_phone(norm, stripped, starts)
        ):
            # Round 13: one person's phone said plainly, no wider scope ("mi interno no recibe
            # llamadas externas, solo internas"); the menu's callers are the business's.
            scope, scope_conf, options = "one", 0.8, ("one",)
            note("adjust", "one person's phone loses its calls: that user's")
        else:
            scope, scope_conf, options = "site", 0.8, ("site",)
            note("adjust", "the business's callers or trunk are hit: the whole site")
    for key in SCOPES:
        if key in extra and weigh(norm, extra[key], starts) > 0:
            scope, scope_conf, options = key, 0.9, (key,)
            note("keywords", f"the plan's {key} keywords")
    if trace is not None:
        trace.append(("scope", f"{scope} ({scope_conf:g}), open: {'/'.join(options)}"))
        trace.append(("service", f"voice {voice:g} vs other {other:g}"))

    service_conf = (
        0.9
        if service in ("billing", "howto", "change")
        else (min(1.0, 0.4 + 0.15 * abs(voice - other)) if service else 0.2)
    )
    confidence = round(0.45 * strength + 0.25 * service_conf + 0.3 * scope_conf, 2)
    return Assessment(
        impact=impact,
        scope=scope,
        service=service,
        confidence=confidence,
        scope_confidence=scope_conf,
        claimed_priority=claimed,
        scope_options=options,
    )
