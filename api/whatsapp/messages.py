"""Request bodies for `POST /{phone-number-id}/messages`, checked against WhatsApp's limits.

Pure functions, shared by the sync and async clients. A message WhatsApp would
refuse raises `MessageValidationError` here, before anything is sent; a reply
button title longer than 20 characters is shortened with "…" instead, since the
button's id, not its label, is what comes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import MessageValidationError
from .phone import to_wa_id

MAX_TEXT_BODY = 4096
MAX_BUTTON_BODY = 1024
MAX_BUTTONS = 3
MAX_BUTTON_TITLE = 20
MAX_BUTTON_ID = 256

Payload = dict[str, Any]


def text_message(to: str, body: str, *, preview_url: bool = False) -> Payload:
    _check_body(body, MAX_TEXT_BODY, "text body")
    return _envelope(to, "text", {"preview_url": preview_url, "body": body})


def buttons_message(to: str, body: str, buttons: Sequence[tuple[str, str]]) -> Payload:
    """An interactive message with 1-3 reply buttons, each given as `(id, title)`."""
    _check_body(body, MAX_BUTTON_BODY, "button message body")
    replies = [{"type": "reply", "reply": {"id": i, "title": t}} for i, t in _buttons(buttons)]
    interactive = {"type": "button", "body": {"text": body}, "action": {"buttons": replies}}
    return _envelope(to, "interactive", interactive)


def template_message(
    to: str, name: str, language_code: str, body_params: Sequence[str] = ()
) -> Payload:
    """An approved template; `body_params` fill its body's {{1}}, {{2}}, ... in order."""
    if not name.strip() or not language_code.strip():
        raise MessageValidationError("template name and language code must not be empty")
    for n, param in enumerate(body_params, start=1):
        if not param.strip():
            raise MessageValidationError(f"template parameter {{{{{n}}}}} is empty")
    template: Payload = {"name": name, "language": {"code": language_code}}
    if body_params:
        params = [{"type": "text", "text": p} for p in body_params]
        template["components"] = [{"type": "body", "parameters": params}]
    return _envelope(to, "template", template)


def shorten(title: str, limit: int = MAX_BUTTON_TITLE) -> str:
    """`title` cut to `limit` characters, ending in "…" when it was cut."""
    title = title.strip()
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def _buttons(buttons: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    if not 1 <= len(buttons) <= MAX_BUTTONS:
        raise MessageValidationError(
            f"reply buttons: {len(buttons)} given, WhatsApp allows 1 to {MAX_BUTTONS}"
        )
    result = [(button_id, shorten(title)) for button_id, title in buttons]
    for button_id, title in result:
        if not button_id.strip() or len(button_id) > MAX_BUTTON_ID:
            raise MessageValidationError(
                f"reply button id {button_id!r}: must be 1 to {MAX_BUTTON_ID} characters"
            )
        if not title:
            raise MessageValidationError(f"reply button {button_id!r}: empty title")
    for kind, values in (("ids", [b[0] for b in result]), ("titles", [b[1] for b in result])):
        if len(set(values)) != len(values):
            raise MessageValidationError(f"reply buttons: {kind} must be unique, got {values}")
    return result


def _check_body(body: str, limit: int, what: str) -> None:
    if not body.strip():
        raise MessageValidationError(f"{what} is empty")
    if len(body) > limit:
        raise MessageValidationError(f"{what} has {len(body)} characters, the limit is {limit}")


def _envelope(to: str, kind: str, content: Payload) -> Payload:
    try:
        recipient = to_wa_id(to)
    except ValueError as exc:
        raise MessageValidationError(f"recipient: {exc}") from exc
    return {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": recipient,
        "type": kind,
        kind: content,
    }
