"""The SMS webhook's answer: TwiML, as twilio's `MessagingResponse` writes it, built
without an element tree (the webhook's hot path), and the Starlette response carrying it."""

from __future__ import annotations

from typing import Final

from starlette.responses import Response
from twilio.twiml.messaging_response import MessagingResponse

EMPTY_TWIML: Final = str(MessagingResponse())


def to_twiml(texts: list[str]) -> str:
    """The TwiML twilio's `MessagingResponse` writes for these messages, byte for byte
    (tests/channels/test_sms.py proves it on random text), built without an element
    tree: on the hot path that cost more than the rest of the channel's work."""
    if not texts:
        return EMPTY_TWIML
    body = "".join(
        f"<Message>{_xml_text(text)}</Message>" if text else "<Message />" for text in texts
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Response>{body}</Response>'


def twiml_reference(texts: list[str]) -> str:
    """The same document through twilio's own builder (tests compare the two)."""
    response = MessagingResponse()
    for text in texts:
        response.message(text)
    return str(response)


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def twiml(body: str, status: int = 200) -> Response:
    if status == 200:
        return _Twiml(body)
    return Response(body, status_code=status, media_type="application/xml")


class _Twiml(Response):
    """`Response(body, media_type="application/xml")` with its two headers written at once,
    not worked out by `init_headers` for any content and media type (a tenth of the SMS
    webhook's response work): the same status, body and headers, in the same order
    (tests/channels/test_sms.py compares them)."""

    media_type = "application/xml"

    def __init__(self, body: str) -> None:
        self.status_code = 200
        self.background = None
        self.body = data = body.encode()
        self.raw_headers = [
            (b"content-length", str(len(data)).encode()),
            (b"content-type", b"application/xml"),
        ]
