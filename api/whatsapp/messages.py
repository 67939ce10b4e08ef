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
MAX_LIST_BODY = 4096
MAX_LIST_ROWS = 10
MAX_ROW_TITLE = 24
MAX_ROW_ID = 200
MAX_LIST_BUTTON = 20

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


def list_message(to: str, body: str, button: str, rows: Sequence[tuple[str, str]]) -> Payload:
    """An interactive list: `button` opens a menu of 1-10 rows, each given as `(id, title)`.

    WhatsApp's answer to more than three choices; a tapped row comes back as a
    `list_reply` with the row's id and title. Titles longer than 24 characters are
    shortened with "…" (the id is what comes back)."""
    _check_body(body, MAX_LIST_BODY, "list message body")
    label = shorten(button, MAX_LIST_BUTTON)
    if not label:
        raise MessageValidationError("list message: the button text is empty")
    checked = _choices(rows, "list rows", MAX_LIST_ROWS, MAX_ROW_ID, MAX_ROW_TITLE)
    section = {"rows": [{"id": i, "title": t} for i, t in checked]}
    interactive = {
        "type": "list",
        "body": {"text": body},
        "action": {"button": label, "sections": [section]},
    }
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
    return _choices(buttons, "reply buttons", MAX_BUTTONS, MAX_BUTTON_ID, MAX_BUTTON_TITLE)


def _choices(
    choices: Sequence[tuple[str, str]], what: str, most: int, id_limit: int, title_limit: int
) -> list[tuple[str, str]]:
    """`(id, title)` pairs within WhatsApp's limits for `what` (buttons or list rows)."""
    if not 1 <= len(choices) <= most:
        raise MessageValidationError(f"{what}: {len(choices)} given, WhatsApp allows 1 to {most}")
    result = [(choice_id, shorten(title, title_limit)) for choice_id, title in choices]
    for choice_id, title in result:
        if not choice_id.strip() or len(choice_id) > id_limit:
            raise MessageValidationError(
                f"{what}: id {choice_id!r} must be 1 to {id_limit} characters"
            )
        if not title:
            raise MessageValidationError(f"{what}: {choice_id!r} has an empty title")
    for kind, values in (("ids", [c[0] for c in result]), ("titles", [c[1] for c in result])):
        if len(set(values)) != len(values):
            raise MessageValidationError(f"{what}: {kind} must be unique, got {values}")
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
