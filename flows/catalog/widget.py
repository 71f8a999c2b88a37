"""The web chat page's and the embeddable widget's own words (labels, buttons,
upload errors), en + es. The page is rendered in the language it is asked for and
switches when the conversation's language is known."""

from __future__ import annotations

from typing import Final

PAGE_LANGS: Final = ("en", "es")

WIDGET_TEXT: Final[dict[str, dict[str, str]]] = {
    "en": {
        "title": "Support chat",
        "header": "Support",
        "log": "Conversation",
        "placeholder": "Type your message...",
        "message": "Message",
        "send": "Send",
        "attach": "Attach a file",
        "close": "Close the chat",
        "launcher": "Open the support chat",
        "launcher_close": "Close the support chat",
        "unread": "{n} unread",
        "typing": "Typing...",
        "ticket": "Ticket #{n}",
        "file_sent": "File sent: {name}",
        "file_sent_plain": "File sent",
        "uploading": "Sending {name}...",
        "upload_too_large": "That file is too large (the limit is {limit}).",
        "upload_type": "That kind of file can't be sent here: images, PDFs and text logs can.",
        "upload_failed": "The file could not be sent; please try again.",
        "upload_session": "The chat is still connecting; please try again in a moment.",
        "upload_rate": "That is a lot of files at once; please wait a minute before the next.",
    },
    "es": {
        "title": "Chat de soporte",
        "header": "Soporte",
        "log": "Conversación",
        "placeholder": "Escriba su mensaje...",
        "message": "Mensaje",
        "send": "Enviar",
        "attach": "Adjuntar un archivo",
        "close": "Cerrar el chat",
        "launcher": "Abrir el chat de soporte",
        "launcher_close": "Cerrar el chat de soporte",
        "unread": "{n} sin leer",
        "typing": "Escribiendo...",
        "ticket": "Ticket #{n}",
        "file_sent": "Archivo enviado: {name}",
        "file_sent_plain": "Archivo enviado",
        "uploading": "Enviando {name}...",
        "upload_too_large": "El archivo es demasiado grande (el límite es {limit}).",
        "upload_type": "Ese tipo de archivo no se puede enviar aquí: sí imágenes, PDF y registros de texto.",
        "upload_failed": "No se pudo enviar el archivo; inténtelo de nuevo.",
        "upload_session": "El chat aún se está conectando; inténtelo de nuevo en un momento.",
        "upload_rate": "Son muchos archivos seguidos; espere un minuto antes del siguiente.",
    },
}


def page_lang(value: str | None, default: str = "en") -> str:
    """One of PAGE_LANGS from a query parameter or a data-lang ("es-MX" -> "es")."""
    lang = (value or "").strip().lower()[:2]
    if lang in PAGE_LANGS:
        return lang
    return default if default in PAGE_LANGS else "en"
