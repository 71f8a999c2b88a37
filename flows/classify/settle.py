"""Rules signals that settle a dimension over the learned model's mix (since round 4).

The n-grams are loud where the rules' evidence is specific: "nobody", "any phone" and
"calls" push towards a site outage of calling even in "calls work fine, but the wallboard
is frozen for everybody". `settled_by_rules` names the dimensions such a signal settles,
and why (`--explain` prints it as "adjust: <why>: service=other over the model"), the way
the plan's keywords settle theirs. `whole_says` is what the whole message says that a part
read alone loses (only a share or one class of the calls fails; calling works); the rules
read it too (flows.classify.classifier). Pure, stdlib `re` only.
"""

from __future__ import annotations

import re

from flows.classify.assessment import Assessment
from flows.classify.blend import rules_reading
from flows.classify.counts import only_that_person, writer_and_others
from flows.classify.cues import weigh, word_starts
from flows.classify.denials import NO_PROBLEM, OUTAGE_DENIED
from flows.classify.faults import (
    CALLS_CUT_EVERY_TIME,
    CALLS_FAIL,
    CAPACITY,
    CHANNELS_CUT_ASKED,
    ECHO_HEARD,
    GETTING_THROUGH,
    NO_AUDIO_EVERY_CALL,
    ONE_WAY_AUDIO,
    audio_lost,
)
from flows.classify.features import CALLS_RECORDED, COSMETIC_DISPLAY, LAMPS_WRONG
from flows.classify.gate import may
from flows.classify.impact import EVERY_CALL
from flows.classify.impact import TABLES as IMPACT_TABLES
from flows.classify.menus import IVR_FAULT, menu_fault_told
from flows.classify.numbers import (
    CALLERS_FAIL,
    CARRIER_MAILBOX,
    DEVICE_NO_SERVICE,
    DEVICE_SAYS_CUT,
    EVERY_PHONE,
    MAIN_NUMBER,
    SUSPENDED,
)
from flows.classify.scope import (
    NOT_WHOLE_PLACE,
    ONE_PHONE_UNREGISTERED,
    ONLY_PHONE,
    most_fine,
    one_persons_phone,
    others_fine,
)
from flows.classify.scope import TABLES as SCOPE_TABLES
from flows.classify.service import (
    CALL_FAULT,
    DESK_PHONE_FINE,
    FILE_UPLOAD,
    HOWTO_LEAD,
    PHONE_APP_DOWN,
)
from flows.classify.service import TABLES as SERVICE_TABLES
from flows.classify.sitewide import (
    SITE_NO_CALLS,
    calling_lost_beside_features_fine,
    site_calling_lost,
)
from flows.classify.supposed import settled as supposed_settled
from flows.classify.text import normalise
from flows.classify.wholes import feature_is_the_fault, one_destination, whole_says

OTHER_CUES = SERVICE_TABLES["other"]  # the non-critical features' cue table
_ONE_SURE = 0.75  # the rules' confidence in a single user that settles the scope
_LIST_MARK = re.compile(r"\b\d{1,2} (?=\D)")  # "2 como cambio mi buzon 3 oficina": item marks
# "Nothing comes in" names no service: it is calling's only where calling is named.
_NOTHING = re.compile(r"\b(?:nada|nothing)\b")
_CALLING = re.compile(
    r"\b(?:call\w*|llam\w*|marc\w*|dial\w*|phones?|telefon\w*|tono|ring\w*|suena\w*|lines?|linea\w*"
    r"|centralita|conmutador|extensions?|extensiones|trunk\w*|troncal\w*|pri|sip)\b"
)
_ASKED_FOR = 6  # an enhancement cue this strong names a request, not a fault


def settled_by_rules(rules: Assessment, live: str, lang: str | None) -> dict[str, tuple[str, str]]:
    """The dimensions a specific rules signal settles over the mix, and why: evidence the
    n-grams do not weigh ("nobody can reach" and "calls" are loud in them)."""
    out: dict[str, tuple[str, str]] = {}
    norm = normalise(live, lang)
    asked = supposed_settled(rules, live, norm, lang)
    if asked:
        return asked  # Round 20: a disputed charge, a supposed fault, a price: the request
    partial, calls_work = whole_says(norm)
    if partial and any(p[0] == "outage" and p[2] == "voice" for p in rules.parts):
        # Round 19: a part read as calling lost survives the rules' parts check only when the
        # partial wording is in no faulty part ("- nadie puede marcar afuera ... - consulta
        # por tarifa de llamadas a Chile"): the loss is not partial.
        partial = False
    if rules.impact == "degraded" and partial:
        # "other carriers are fine", "30% of the calls": the loss is partial.
        out["impact"] = ("degraded", "one class or a share of the calls fails")
    elif (
        rules.impact == "degraded"
        and rules.service == "voice"
        and not rules.parts
        and ("echo" in norm or "eco" in norm)
        and ECHO_HEARD.search(norm) is not None
        and not audio_lost(norm)
    ):
        # Round 17: "everyone hears an echo of their own voice on every outside call": the
        # calls connect and are degraded, however "every call" reads as a loss in the n-grams.
        out["impact"] = ("degraded", "an echo on the calls: degraded, not lost")
    elif (
        rules.impact == "degraded"
        and not rules.parts
        and calls_work
        and GETTING_THROUGH.search(norm) is not None
        and CALLS_FAIL.search(norm) is None
        and not weigh(norm, IMPACT_TABLES["outage"], word_starts(norm))
    ):
        # Round 22: "phones take 30 seconds to re-register and calls sound muffled; calls are
        # getting through everywhere": calls said to connect are degraded, never lost, however
        # loud "register" is in the n-grams.
        out["impact"] = ("degraded", "calls are said to get through: degraded, not lost")
    if (
        rules.impact == "outage"
        and not partial
        and may(norm, "audio")
        and NO_AUDIO_EVERY_CALL.search(norm)
    ):
        # "one-way audio on every call": a total loss of audio, not a degradation; and audio
        # on calls is calling, whatever feature stands beside it in a list.
        out["impact"] = ("outage", "no audio or one-way audio on every call")
        recorded = "record" in norm or "grabac" in norm  # a recording's audio is not calling
        if not calls_work and not recorded:
            out["service"] = ("voice", "no audio or one-way audio on every call")
    if (
        rules.impact == "outage"
        and rules.service == "voice"
        and rules.scope_options == ("site",)
        and not partial
        and (
            (may(norm, "audio") and ONE_WAY_AUDIO.search(norm) is not None)
            or MAIN_NUMBER.search(norm) is not None
        )
    ):
        # "callers to our main number hear a disconnect message", "audio en un solo sentido
        # en las llamadas de la sede": every caller or every call of the site, a total loss.
        out["impact"] = ("outage", "the main number or the site's audio is lost")
        if MAIN_NUMBER.search(norm) is not None and CALLS_FAIL.search(norm) is not None:
            # Round 18: "- new voicemail greeting - add a user - all inbound calls to our main
            # line fail": calling, whatever the list's requests weigh in the n-grams.
            _site_outage(out, "the main number's calls fail")
    if (
        ("outage", "site", "voice") in rules.parts
        and not partial
        and "impact" not in out
        and (
            audio_lost(norm)
            or (
                MAIN_NUMBER.search(norm) is not None
                # "callers to the main number get a busy signal once 4 calls are up": fewer
                # call paths than bought, a degradation.
                and not (may(norm, "cap") and CAPACITY.search(norm) is not None)
            )
            # Round 20: or no call at all in or out ("..., el directorio sale vacio y no sale
            # ninguna llamada desde la oficina de Sevilla": the list's features lean the n-grams).
            or (may(norm, "nocalls") and SITE_NO_CALLS.search(norm) is not None)
        )
    ):
        # Round 14: "1) fax slow 2) a PIN reset 3) across the office calls connect but neither
        # side hears anything": the item read alone is the site's audio lost; the list's
        # features lean the n-grams to a feature. Round 15: or the main number failing for
        # every caller ("- new voicemail greeting - add a user - all inbound calls to our main
        # line fail": the requests lean the n-grams to a change).
        _site_outage(out, "a part is the site's audio or main number lost")
    if (
        rules.impact == "outage"
        and rules.service == "voice"
        and CARRIER_MAILBOX.search(norm) is not None
    ):
        # Round 15: "every caller hears 'the mailbox is full' ... not our voicemail": the
        # number fails for every caller; "mailbox" leans the n-grams to voicemail.
        _site_outage(out, "every caller hears a carrier's mailbox-full message")
    if (
        rules.impact == "outage"
        and rules.service == "voice"
        and "site" in rules.scope_options
        and not partial
        and "impact" not in out
        and CALLS_CUT_EVERY_TIME.search(norm) is not None
        and EVERY_CALL.search(norm) is not None
    ):
        # Round 14: "every time, every phone, the call cuts off after 2 seconds", "marcamos a
        # donde sea y se corta ... todo": no call out lasts; "cuts off" leans to drops.
        # Round 23: also cut the moment it is answered ("todas entran, suenan y al descolgar
        # se cortan en el acto"), through CALLS_CUT_EVERY_TIME.
        out["impact"] = ("outage", "every call is cut the same way")
    if (
        (rules.impact == "question" or (rules.impact is None and OUTAGE_DENIED.search(norm)))
        and (may(norm, "noprob") and NO_PROBLEM.search(norm))
        # Round 23: not where calling is what is denied and a feature is named failing ("no hay
        # problema con las llamadas, es el directorio: está vacío para todos"): the feature's.
        and not (calls_work and rules.impact is None and feature_is_the_fault(norm, calls_work))
    ):
        # "No outage or anything. Just want to know...": a problem denied, not reported.
        # Round 11: also where an outage is denied and the rules read nothing left once it
        # is cut ("our phones are not down. I just want the hunt group's order changed").
        # Round 15: also "no es queja: los telefonos van de maravilla ... ya pueden cerrar".
        out["impact"] = ("question", "a problem is denied")
    if (
        rules.claimed_priority is not None
        and rules.impact == "question"
        and rules.service in ("billing", "change")
        and "impact" not in out
        and not rules.parts
        and _no_fault_cue(norm)
        and not (may(norm, "cap") and CAPACITY.search(norm))
        and not (may(norm, "ivr") and IVR_FAULT.search(norm))
        and CALLERS_FAIL.search(norm) is None
    ):
        # Round 12: "Marking this P2: we'd like a new option in the menu", "P1: send us a
        # call detail report": a self-assigned priority on a request with no fault word at
        # all; "menu", "calls" and the claim's "critical" lean to a fault in the n-grams.
        out["impact"] = ("question", "a request, no fault named")
    if (
        rules.impact == "cosmetic"
        and not rules.parts
        and COSMETIC_DISPLAY.search(norm)
        and LAMPS_WRONG.search(norm) is None  # Round 17: a team's busy lamps wrong beside it
    ):
        # "the ringtone changed", "all phones show the wrong date": cosmetic at any scope.
        out["impact"] = ("cosmetic", "a cosmetic fault, whatever the scope")
    elif (
        rules.impact == "degraded"
        and rules.service == "other"
        and rules.scope_options in (("several",), ("site",))
        and LAMPS_WRONG.search(norm) is not None
    ):
        # Round 22: "my clock is an hour off. More important: message waiting lights on all
        # the nurse station phones stay on": a team's lamps are a non-critical feature
        # degraded (P3), however the clock beside them reads cosmetic in the n-grams.
        out["impact"] = ("degraded", "a team's lamps show wrong: a feature degraded")
        out["scope"] = (rules.scope_options[0], "a team's lamps show wrong: a feature degraded")
    if (
        rules.impact == "enhancement"
        and not rules.parts
        and (
            weigh(norm, IMPACT_TABLES["enhancement"], word_starts(norm)) >= _ASKED_FOR
            # Round 18: "nothing is broken. We'd love the caller's name to pop up": a wish
            # after a fault denied, however "call" reads in the n-grams.
            or (may(norm, "noprob") and NO_PROBLEM.search(norm) is not None)
        )
    ):
        # Round 10: "this needs to be added", "you don't offer a call-back option": a
        # missing feature demanded, however loud "can't" and "critical" are in the n-grams.
        out["impact"] = ("enhancement", "a missing feature is asked for")
    if (
        rules.scope_options == ("site",)
        and rules.impact == "outage"
        and rules.service == "voice"
        and ONLY_PHONE.search(norm) is not None
    ):
        # Round 11: "the kiosk's phone (the only line we have) has no dial tone": a small
        # site's every phone, however "the phone" reads as one device in the n-grams.
        out["scope"] = ("site", "the only phone or line the business has")
    if rules.scope == "several" and NOT_WHOLE_PLACE.search(norm):
        # "it's not the whole office, but the 4 of us in payroll...": several users.
        out["scope"] = ("several", "the whole place is denied")
    elif rules.scope_options == ("one",) and only_that_person(norm):
        # Round 23: "le quitaron el número directo al licenciado, sólo a él, nadie lo puede
        # llamar": one person's line, however loud "nadie" is in the n-grams.
        out["scope"] = ("one", "one person named as the only one affected")
    elif rules.scope_options != ("site",) and writer_and_others(norm):
        # Round 22: "mis dos compañeros y yo no podemos hacer ni recibir llamadas": the writer
        # and a count of others, however "no podemos" leans to a site in the n-grams.
        out["scope"] = ("several", "the writer and a count of others")
    elif rules.scope_options == ("several",) and (
        (rules.scope_confidence >= 0.8 and others_fine(norm)) or most_fine(norm)
    ):
        # Round 13: "the five people in the back office can't call; everyone in the front shop
        # is fine": a team named, the rest said to work; "any calls" leans to a site.
        out["scope"] = ("several", "a team named, the rest said to work")
    r_impact, _, r_service = rules_reading(rules)
    if (
        rules.impact == "degraded"
        and rules.service == "voice"
        and may(norm, "cap")
        and CAPACITY.search(norm) is not None
        and CHANNELS_CUT_ASKED.search(norm) is None
    ):
        # "why pay for 30 sessions if the 13th call is refused?": a fault, not a bill question.
        out["impact"] = ("degraded", "fewer call paths than bought")
        out["service"] = ("voice", "fewer call paths than bought")
    site_lost = (
        None
        if partial
        or calls_work
        or "impact" in out
        or rules.impact != "outage"  # "funciona una hora y luego no entra nada": intermittent
        or rules.scope == "several"  # "a unos cuantos no nos entran": several users
        or not may(norm, "nocalls")
        else SITE_NO_CALLS.search(norm)
    )
    if site_lost is not None and (others_fine(norm) or feature_is_the_fault(norm, calls_work)):
        site_lost = None  # "el fax no funciona, no llega nada": the feature's, not calling
    if site_lost is not None and _NOTHING.search(site_lost.group(0)) and not _CALLING.search(norm):
        site_lost = None  # "customers text us orders and nothing comes in": texts, not calls
    if site_lost is not None:
        # The words around the loss (a list's other item may name "my voicemail PIN").
        before = norm[max(0, site_lost.start() - 60) : site_lost.start()]
        item = _LIST_MARK.split(before)[-1]  # from the list item's number on
        near = item + norm[site_lost.start() : site_lost.end() + 60]
        site_lost = None if one_persons_phone(near, near, word_starts(near)) else site_lost
    if site_lost is not None:
        # Round 10 (helper): "no nos entra nada", "we can't get any outside calls", "callers
        # to our main line hear it doesn't exist", said by "we" or of the main number with no
        # one user's phone and no "the rest works": the site's calling, even as one item of a
        # list of requests (the n-grams of "alta", "how do I" pull to a change or a P4).
        _site_outage(out, "no calls come in or go out, said of the site")
        return out
    if (
        r_impact == "outage"
        and r_service == "voice"
        and not partial
        and may(norm, "lost")
        and site_calling_lost(norm) is not None
    ):
        # "...; and the call center queue isn't delivering any calls": the buried item is a
        # loss of calling for every caller, whatever the list's feature items weigh.
        out["impact"] = ("outage", "no calls in or out, or the queue delivers none")
        out["service"] = ("voice", "no calls in or out, or the queue delivers none")
        if rules.scope_options == ("site",):  # every caller of the business meets it
            out["scope"] = ("site", "no calls in or out, or the queue delivers none")
        elif rules.scope_options == ("one",) and (
            others_fine(norm) or ONE_PHONE_UNREGISTERED.search(norm) is not None
        ):
            # Round 13: "es el unico telefono de la bodega, no entra ni sale nada. En la
            # oficina todo bien": the one device the rules read, the rest said to work.
            # Round 22: or one phone said not to be registered ("warehouse cordless not
            # registered ..., no calls in or out on it"): registration is one device's.
            out["scope"] = ("one", "one device loses its calls, the rest works")
        return out
    if (
        rules.impact == "outage"
        and rules.service == "voice"
        and may(norm, "susp")
        and SUSPENDED.search(norm) is not None
        and CALLERS_FAIL.search(norm) is not None
    ):
        # Round 10: "the tenant shows 'deactivated' in the portal and none of the phones
        # work": the account cut off is a loss of calling, not the portal that shows it.
        out["impact"] = ("outage", "the account or a number is cut off and callers fail")
        out["service"] = ("voice", "the account or a number is cut off and callers fail")
        if rules.scope_options == ("site",):
            out["scope"] = ("site", "the account or a number is cut off and callers fail")
        elif rules.scope_options == ("one",) and DEVICE_SAYS_CUT.search(norm) is not None:
            # Round 11: "our lobby phone says 'Account Disabled'": one device's registration.
            out["scope"] = ("one", "one device shows the account message")
        return out
    if (
        "one" in rules.scope_options
        and rules.impact == "outage"
        and DEVICE_NO_SERVICE.search(norm) is not None
        and EVERY_PHONE.search(norm) is None
    ):
        # Round 23: "my handset shows 'Network unavailable'": one phone cannot call, calling
        # is the fault (its own P3), not a screen's message.
        out["service"] = ("voice", "one device shows it has no service")
        out["impact"] = ("outage", "one device shows it has no service")
    if (
        partial
        and rules.service == "voice"
        and may(norm, "ivr")
        and ((IVR_FAULT.search(norm) and HOWTO_LEAD.match(norm) is None) or menu_fault_told(norm))
    ):
        # "el 'marque 1' manda a una grabacion": the menu fails callers, calling is the fault.
        out["service"] = ("voice", "a keypad menu fails callers")
        if rules.scope_options == ("site",):  # the business's menu: every caller's
            out["scope"] = ("site", "a keypad menu fails callers")
    elif rules.service == "voice" and partial and one_destination(norm):
        # "every long distance call gets a recording": the destination's calls are the fault.
        out["service"] = ("voice", "one destination or call class fails")
        if rules.scope is not None and "one" not in rules.scope_options:
            # "la lada 33 no sale": whoever dials it, the business's calls (P2 at any scope
            # but one user's, which nothing here says).
            out["scope"] = (rules.scope, "one destination or call class fails")
    if calling_lost_beside_features_fine(rules, norm, calls_work):
        # Round 20: "voicemail works fine and the fax too, but nobody at the clinic can make or
        # receive calls": the features named work; "voicemail", "fax" lean the n-grams to them.
        _site_outage(out, "calling lost, the features named work")
        return out
    if rules.service == "other" and FILE_UPLOAD.search(norm) is not None:
        # Round 18: "no me deja subir el audio de la locucion": the greeting's file, not the
        # calls' audio, however "audio" reads in the n-grams.
        out["service"] = ("other", "a feature's file will not upload")
    if (
        rules.service == "other"
        and may(norm, "rec")
        and CALLS_RECORDED.search(norm)
        and ("outage", "site", "voice")
        not in rules.parts  # Round 20: "..., y no sale ninguna llamada"
    ):
        # "no se graba ninguna linea": the calls are what the recording feature misses.
        out["service"] = ("other", "the calls are what a feature records")
        return out
    if (
        rules.service == "voice"
        and rules.impact == "outage"
        and PHONE_APP_DOWN.search(norm)
        and not DESK_PHONE_FINE.search(norm)  # "de momento uso el telefono de mesa": it calls
    ):
        # "the softphone won't sign in": its user cannot call; a phone, not a portal login.
        out["service"] = ("voice", "a softphone or calling app cannot sign in")
    if (
        rules.scope_options == ("one",)
        and rules.scope_confidence >= _ONE_SURE
        and one_persons_phone(norm, live, word_starts(norm))
    ):
        # "my desk phone", "Ana's cordless", "su unico telefono": one person's, said plainly;
        # the n-grams of a loss ("offline", "no tone") lean to the site outages they saw.
        out["scope"] = ("one", "one person's phone or feature, said plainly")
    if (
        "scope" not in out
        and not partial  # "calls to one customer fail; we can call everyone else": a class
        and rules.scope_options == ("one",)
        and rules.impact in ("outage", "degraded")
        and others_fine(norm)
        and weigh(norm, SCOPE_TABLES["several"], word_starts(norm)) <= 0
    ):
        # Round 10: "Lauren in HR gets a fast busy ... Nobody else affected", "el teléfono de
        # Jordi ... El resto sin problema": one user or device, the others said to work; the
        # n-grams of "nobody" and "any number" lean to a site.
        out["scope"] = ("one", "one user or device, the others said to work")
    if (
        "service" not in out
        and rules.service == "voice"
        and rules.impact == "degraded"
        and not rules.parts  # a part read on its own may be worse ("3. ... can't make calls")
        and not calls_work
        and "?" in norm
        and HOWTO_LEAD.match(norm) is None
        and CALL_FAULT.search(norm) is not None
    ):
        # Round 13: "where's the admin guide? how do I change my ringtone? and the four nurses
        # keep losing calls mid-conversation": a fault of calling told beside the questions;
        # "guide", "how do I" lean to a how-to in the n-grams.
        why = "a fault of calling is told beside questions"
        out["service"] = ("voice", why)
        out.setdefault("impact", ("degraded", why))
    if _voice_part(rules):
        return out
    if rules.service == "other" and feature_is_the_fault(norm, calls_work):
        # "the whole office lost voicemail": a named feature is what fails, no call fault
        # is named; however loud "nobody"/"any phone" is in the n-grams, it is not calling.
        out["service"] = ("other", "a non-critical feature is what fails")
    elif calls_work and rules.service == "other":
        # "calls work fine, but the wallboard...": the fault is the feature the rules read,
        # when one is named ("calls connect, but with noise" names none: calling is).
        if weigh(norm, OTHER_CUES, word_starts(norm)) > 0:
            out["service"] = ("other", "calling is said to work")
    elif (
        calls_work
        and rules.service in ("billing", "howto", "change")
        and rules.impact == "question"
    ):
        # "the phones work, we got a suspension notice": the question is about the bill.
        out["service"] = (rules.service, "calling is said to work")
    return out


def _site_outage(out: dict[str, tuple[str, str]], why: str) -> None:
    """Settle the reading as the site's calling lost (outage, voice, site), for `why`."""
    out["impact"] = ("outage", why)
    out["service"] = ("voice", why)
    out["scope"] = ("site", why)


def _no_fault_cue(norm: str) -> bool:
    """No outage, degradation or intermittence cue of the rules' tables in `norm`."""
    starts = word_starts(norm)
    return not any(
        weigh(norm, IMPACT_TABLES[name], starts) for name in ("outage", "degraded", "intermittent")
    )


def _voice_part(rules: Assessment) -> bool:
    """Whether a part of the message the rules read on its own is a fault of calling."""
    return any(service == "voice" for _, _, service in rules.parts)
