"""What the bot says about input that is not a fresh line of text: files sent
without a caption, a blank line, an edited message (en + es, merged into
`flows.catalog.messages.MESSAGES`)."""

from __future__ import annotations

from typing import Final

INPUT_MESSAGES: Final[dict[str, dict[str, str]]] = {
    "files.screenshot": {
        "en": "Got your screenshot, thanks; it will be attached to your ticket.",
        "es": "Recibí su captura, gracias; irá adjunta a su ticket.",
    },
    "files.screenshot.short": {
        "en": "Got your screenshot; it goes on your ticket.",
        "es": "Recibí su captura; irá en su ticket.",
    },
    "files.file": {
        "en": "Got your file, thanks; it will be attached to your ticket.",
        "es": "Recibí su archivo, gracias; irá adjunto a su ticket.",
    },
    "files.file.short": {
        "en": "Got your file; it goes on your ticket.",
        "es": "Recibí su archivo; irá en su ticket.",
    },
    "files.screenshot.on_ticket": {
        "en": "Got your screenshot; it is attached to ticket #{ticket}.",
        "es": "Recibí su captura; está adjunta al ticket #{ticket}.",
    },
    "files.file.on_ticket": {
        "en": "Got your file; it is attached to ticket #{ticket}.",
        "es": "Recibí su archivo; está adjunto al ticket #{ticket}.",
    },
    "agent.file": {
        "en": "{agent} sent you a file: {names}",
        "es": "{agent} le ha enviado un archivo: {names}",
    },
    "agent.files": {
        "en": "{agent} sent you these files: {names}",
        "es": "{agent} le ha enviado estos archivos: {names}",
    },
    "blank.reask": {
        "en": "I didn't get any text.",
        "es": "No recibí ningún texto.",
    },
    "blank.on_ticket": {
        "en": "I didn't get any text. Anything you write here is added to ticket #{ticket}.",
        "es": "No recibí ningún texto. Lo que escriba aquí se añade al ticket #{ticket}.",
    },
    "edit.on_ticket": {
        "en": "I saw your edit and added it to ticket #{ticket}.",
        "es": "Vi su corrección y la añadí al ticket #{ticket}.",
    },
    "edit.unplaced": {
        "en": "I saw your edit, but I can't tell which answer it changes. If it matters, "
        "please write the new value.",
        "es": "Vi su corrección, pero no sé qué respuesta cambia. Si es importante, "
        "escriba el dato nuevo, por favor.",
    },
}
