"""Renders a plan as a readable support-plan page (Markdown), in English or Spanish."""

from __future__ import annotations

from typing import Final

from bot.plan.maintenance import describe
from bot.plan.policy import Policy

_H: Final[dict[str, dict[str, str]]] = {
    "en": {
        "priorities": "Priorities and response times",
        "level": "Level",
        "definition": "Definition",
        "examples": "Examples",
        "first": "First response",
        "update": "Update frequency",
        "resolution": "Resolution",
        "clock": "Clock",
        "hours": "When people answer",
        "channel": "Channel",
        "calendar": "Hours",
        "calendars": "Calendars",
        "tz": "time zone",
        "holidays": "holidays",
        "intake": "What we will ask you",
        "field": "Field",
        "required": "Required",
        "when": "When",
        "yes": "yes",
        "no": "no",
        "always": "always",
        "calls": "problems with calls",
        "error": "when an error is mentioned",
        "never": "never",
        "lifecycle": "Case lifecycle",
        "reopen": "A closed case can be reopened within {n} calendar days; after that a new case linked to it is opened.",
        "noresp": "A case with no customer response after {d} is closed (no response).",
        "escalation": "Escalation",
        "contacts": "Contacts",
        "default_priority": "opens at {p} until reviewed",
        "quoted": "quoted only",
        "requirements": "To escalate, please give",
        "none": "-",
        "categories": "Categories",
        "statuses": "Ticket statuses",
        "callback": "When nobody is on duty we call or email you back within {d}.",
        "routes": "{team} handles these directly (level {level})",
        "staff_only": "set by staff only",
        "maintenance": "Maintenance windows",
    },
    "es": {
        "priorities": "Prioridades y tiempos de respuesta",
        "level": "Nivel",
        "definition": "Definición",
        "examples": "Ejemplos",
        "first": "Respuesta inicial",
        "update": "Frecuencia de actualización",
        "resolution": "Resolución",
        "clock": "Reloj",
        "hours": "Cuándo le atiende una persona",
        "channel": "Canal",
        "calendar": "Horario",
        "calendars": "Calendarios",
        "tz": "zona horaria",
        "holidays": "festivos",
        "intake": "Qué le preguntaremos",
        "field": "Dato",
        "required": "Obligatorio",
        "when": "Cuándo",
        "yes": "sí",
        "no": "no",
        "always": "siempre",
        "calls": "problemas con llamadas",
        "error": "si menciona un error",
        "never": "nunca",
        "lifecycle": "Ciclo de vida del caso",
        "reopen": "Un caso cerrado puede reabrirse en un plazo de {n} días naturales; después se abre un caso nuevo relacionado.",
        "noresp": "Un caso sin respuesta del cliente tras {d} se cierra sin respuesta.",
        "escalation": "Escalado",
        "contacts": "Contactos",
        "default_priority": "se abre como {p} hasta su revisión",
        "quoted": "solo informativo",
        "requirements": "Para escalar, indique",
        "none": "-",
        "categories": "Categorías",
        "statuses": "Estados del ticket",
        "callback": "Si no hay nadie de guardia le llamamos o escribimos en un plazo de {d}.",
        "routes": "{team} atiende estos casos directamente (nivel {level})",
        "staff_only": "solo lo asigna el personal",
        "maintenance": "Ventanas de mantenimiento",
    },
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(policy: Policy, lang: str = "en") -> str:
    h = _H["es" if lang == "es" else "en"]
    out: list[str] = [f"# {policy.plan.title}", ""]
    out += [f"## {h['priorities']}", ""]
    out.append(
        f"| {h['level']} | {h['definition']} | {h['examples']} | {h['first']} | {h['update']} | {h['clock']} |"
    )
    out.append("|---|---|---|---|---|---|")
    for p in sorted(policy.priorities, key=lambda p: p.rank):
        examples = "; ".join(p.examples.get(lang))
        definition = p.definition.get(lang)
        if p.promise is not None:
            definition += " " + p.promise.get(lang)
        if p.agent_only:
            definition += f" ({h['staff_only']})"
        clock = ", ".join([p.clock, *(f"{cat}: {cal}" for cat, cal in p.clocks.items())])
        out.append(
            f"| {_cell(p.name.get(lang))} ({p.id}) | {_cell(definition)} | {_cell(examples)} "
            f"| {p.first_response or h['none']} | {p.update_every or h['none']} | {clock} |"
        )
    if policy.categories:
        out += ["", f"## {h['categories']}", ""]
        out += [f"- **{c.name.get(lang)}**: {c.definition.get(lang)}" for c in policy.categories]
    out += ["", f"## {h['hours']}", "", f"| {h['channel']} | {h['calendar']} |", "|---|---|"]
    for name, rules in policy.channels.items():
        extra = []
        if rules.default_priority:
            extra.append(h["default_priority"].format(p=rules.default_priority))
        if rules.quoted_only:
            extra.append(h["quoted"])
        suffix = f" ({'; '.join(extra)})" if extra else ""
        out.append(f"| {name} | {rules.hours}{suffix} |")
    out += ["", f"## {h['calendars']}", ""]
    for name, cal in policy.calendars.items():
        line = f"- **{name}**: {', '.join(cal.open)} ({h['tz']} {cal.timezone})"
        if cal.holidays is not None:
            sub = f"-{cal.holidays.subdivision}" if cal.holidays.subdivision else ""
            line += f"; {h['holidays']}: {cal.holidays.country}{sub}"
        if cal.dates:
            line += "; " + ", ".join(d.isoformat() for d in cal.dates)
        out.append(line)
    out += [
        "",
        f"## {h['intake']}",
        "",
        f"| {h['field']} | {h['required']} | {h['when']} |",
        "|---|---|---|",
    ]
    for f in policy.intake.fields:
        if not (f.required or f.ask):
            continue
        when = h.get(f.when, f.when)
        out.append(
            f"| {_cell(f.label.get(lang))} | {h['yes'] if f.required else h['no']} | {_cell(when)} |"
        )
    out += ["", f"## {h['lifecycle']}", "", h["reopen"].format(n=policy.lifecycle.reopen_days)]
    if policy.lifecycle.close_no_response_after:
        out += ["", h["noresp"].format(d=policy.lifecycle.close_no_response_after)]
    if policy.lifecycle.callback_within:
        out += ["", h["callback"].format(d=policy.lifecycle.callback_within)]
    named = [(s.name, s.definition) for s in policy.statuses if s.name is not None]
    if named:
        out += ["", f"## {h['statuses']}", ""]
        for status_name, status_def in named:
            desc = f": {status_def.get(lang)}" if status_def is not None else ""
            out.append(f"- **{status_name.get(lang)}**{desc}")
    if policy.escalation.levels:
        out += ["", f"## {h['escalation']}", ""]
        if policy.escalation.note is not None:
            out += [policy.escalation.note.get(lang), ""]
        for level in policy.escalation.levels:
            after = ", ".join(f"{pid}: {dur}" for pid, dur in level.after.items())
            out.append(f"{level.level}. {level.who.get(lang)}" + (f" ({after})" if after else ""))
        for r in policy.escalation.routes:
            what = ", ".join(r.impacts + r.services + r.keywords)
            out.append(f"- {h['routes'].format(team=r.team.get(lang), level=r.level)}: {what}")
        reqs = policy.escalation.requirements.get(lang)
        if reqs:
            out += ["", f"{h['requirements']}:", *[f"- {r}" for r in reqs]]
    if policy.maintenance:
        out += ["", f"## {h['maintenance']}", ""]
        out += [f"- {describe(r, lang, policy.plan.timezone)}" for r in policy.maintenance]
    c = policy.contacts
    out += ["", f"## {h['contacts']}", ""]
    for label, value in (
        ("Phone", c.phone),
        ("SMS", c.sms),
        ("Email", c.email),
        ("Chat", c.chat_url),
        ("Portal", c.portal_url),
        ("Status", c.status_url),
        ("Docs", c.docs_url),
    ):
        if value:
            out.append(f"- {label}: {value}")
    for note in c.notes.get(lang):
        out.append(f"- {note}")
    return "\n".join(out) + "\n"
