"""Inbound webhooks: parse Meta's deliveries into bookbot's events, and the GET handshake.

One POST may carry several entries, changes, messages and statuses; `parse_webhook`
flattens them, in delivery order, into `InboundMessage` and `StatusUpdate` events.
Changes of other webhook fields (template status, account updates) are skipped.
Anything malformed raises `WebhookPayloadError` naming the path, e.g.
`entry[0].changes[0].value.messages[0]: missing 'from'`.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from . import wire
from .errors import WebhookPayloadError
from .phone import to_e164

WEBHOOK_OBJECT = "whatsapp_business_account"

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

MessageKind = Literal["text", "button", "list", "reaction", "unsupported"]


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DeliveryError(_Event):
    """An error Meta reports in a webhook (a failed status, an unsupported message)."""

    code: int
    title: str | None = None
    message: str | None = None
    details: str | None = None


class InboundMessage(_Event):
    """A customer's message. `text` is the body, or the tapped button's or row's title.

    A reaction's `text` is its emoji ("" when the customer took the reaction off)
    and `context_id` the message it was put on.
    """

    message_id: str
    from_phone: str  # E.164, with "+"
    profile_name: str | None
    timestamp: datetime  # aware, UTC
    phone_number_id: str  # the business number it was sent to
    kind: MessageKind
    text: str = ""
    reply_id: str | None = None  # the button or list-row id we sent (quick reply: its payload)
    reply_description: str | None = None  # a list row's description
    context_id: str | None = None  # the message this one answers (a tapped button's message)
    unsupported_type: str | None = None  # "image", "audio", "interactive.nfm_reply", ...


class StatusUpdate(_Event):
    """What happened to a message we sent: sent, delivered, read or failed."""

    message_id: str
    status: str  # sent | delivered | read | failed (Meta may add others; kept as is)
    timestamp: datetime  # aware, UTC
    recipient: str  # E.164 for a person; a group id as Meta sends it
    phone_number_id: str
    errors: tuple[DeliveryError, ...] = ()


Event = InboundMessage | StatusUpdate


class WebhookBatch(_Event):
    """Everything one webhook delivery carried, in order."""

    events: tuple[Event, ...] = ()
    errors: tuple[DeliveryError, ...] = ()  # change-level errors (`value.errors`)

    @property
    def messages(self) -> tuple[InboundMessage, ...]:
        return tuple(e for e in self.events if isinstance(e, InboundMessage))

    @property
    def statuses(self) -> tuple[StatusUpdate, ...]:
        return tuple(e for e in self.events if isinstance(e, StatusUpdate))


def parse_webhook(raw: bytes | str | Mapping[str, Any]) -> WebhookBatch:
    """Parse one webhook POST body (raw bytes or decoded JSON) into a `WebhookBatch`."""
    envelope = _validate(wire.Envelope, _decode(raw), "")
    if envelope.object != WEBHOOK_OBJECT:
        raise WebhookPayloadError(f"object: expected {WEBHOOK_OBJECT!r}, got {envelope.object!r}")
    events: list[Event] = []
    errors: list[DeliveryError] = []
    for i, entry in enumerate(envelope.entry):
        for j, change in enumerate(entry.changes):
            if change.field != "messages":
                continue
            path = f"entry[{i}].changes[{j}].value"
            value = _validate(wire.Value, change.value, path)
            events.extend(_events(value, path))
            errors.extend(_error(e) for e in value.errors)
    return WebhookBatch(events=tuple(events), errors=tuple(errors))


def verify_handshake(
    mode: str | None, token: str | None, challenge: str | None, expected_token: str | None
) -> str | None:
    """The challenge to echo for Meta's GET subscription check, or None to refuse it.

    Meta sends `hub.mode=subscribe`, `hub.verify_token` and `hub.challenge`; the
    challenge goes back as the plain-text body only when the token is ours.
    """
    if mode != "subscribe" or not token or not expected_token or challenge is None:
        return None
    if not hmac.compare_digest(token.encode(), expected_token.encode()):
        return None
    return challenge


def _decode(raw: bytes | str | Mapping[str, Any]) -> object:
    if isinstance(raw, Mapping):
        return raw
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WebhookPayloadError(f"body is not valid JSON: {exc}") from exc


def _validate(model: type[M], data: object, path: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise WebhookPayloadError(_describe(exc, path)) from exc


def _describe(exc: ValidationError, path: str) -> str:
    problems = []
    for err in exc.errors(include_url=False)[:5]:
        loc = _join(path, err["loc"][:-1] if err["type"] == "missing" else err["loc"])
        if err["type"] == "missing":
            problems.append(f"{loc or 'body'}: missing {err['loc'][-1]!r}")
        else:
            problems.append(f"{loc or 'body'}: {err['msg']}")
    more = exc.error_count() - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def _join(path: str, loc: tuple[int | str, ...]) -> str:
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def _events(value: wire.Value, path: str) -> list[Event]:
    names = {c.wa_id: c.profile.name if c.profile else None for c in value.contacts}
    phone_id = value.metadata.phone_number_id
    events: list[Event] = []
    for k, msg in enumerate(value.messages):
        where = f"{path}.messages[{k}]"
        sender = _phone(msg.from_, f"{where}.from")
        name = names.get(msg.from_.removeprefix("+"))
        if name is None and len(value.contacts) == 1:
            name = names.get(value.contacts[0].wa_id)
        events.append(_inbound(msg, sender, name, phone_id, where))
    for k, st in enumerate(value.statuses):
        events.append(_status(st, phone_id, f"{path}.statuses[{k}]"))
    return events


def _inbound(
    msg: wire.Message, sender: str, name: str | None, phone_id: str, where: str
) -> InboundMessage:
    common: dict[str, Any] = {
        "message_id": msg.id,
        "from_phone": sender,
        "profile_name": name,
        "timestamp": msg.timestamp,
        "phone_number_id": phone_id,
        "context_id": msg.context.id if msg.context else None,
    }
    if msg.type == "text":
        body = _need(msg.text, where, "text")
        return InboundMessage(kind="text", text=body.body, **common)
    if msg.type == "button":
        quick = _need(msg.button, where, "button")
        return InboundMessage(kind="button", text=quick.text, reply_id=quick.payload, **common)
    if msg.type == "interactive":
        return _interactive(_need(msg.interactive, where, "interactive"), where, common)
    if msg.type == "reaction":
        reaction = _need(msg.reaction, where, "reaction")
        common["context_id"] = reaction.message_id
        return InboundMessage(kind="reaction", text=reaction.emoji or "", **common)
    return InboundMessage(kind="unsupported", unsupported_type=msg.type, **common)


def _interactive(inter: wire.Interactive, where: str, common: dict[str, Any]) -> InboundMessage:
    if inter.type == "button_reply":
        reply = _need(inter.button_reply, f"{where}.interactive", "button_reply")
        return InboundMessage(kind="button", text=reply.title, reply_id=reply.id, **common)
    if inter.type == "list_reply":
        row = _need(inter.list_reply, f"{where}.interactive", "list_reply")
        return InboundMessage(
            kind="list",
            text=row.title,
            reply_id=row.id,
            reply_description=row.description,
            **common,
        )
    return InboundMessage(
        kind="unsupported", unsupported_type=f"interactive.{inter.type}", **common
    )


def _status(st: wire.Status, phone_id: str, where: str) -> StatusUpdate:
    recipient = st.recipient_id
    if recipient.removeprefix("+").isdigit():
        recipient = _phone(recipient, f"{where}.recipient_id")
    return StatusUpdate(
        message_id=st.id,
        status=st.status,
        timestamp=st.timestamp,
        recipient=recipient,
        phone_number_id=phone_id,
        errors=tuple(_error(e) for e in st.errors),
    )


def _error(err: wire.Error) -> DeliveryError:
    details = err.error_data.details if err.error_data else None
    return DeliveryError(code=err.code, title=err.title, message=err.message, details=details)


def _need(part: T | None, where: str, key: str) -> T:
    if part is None:
        raise WebhookPayloadError(f"{where}: type {key!r} but no {key!r} object")
    return part


def _phone(number: str, where: str) -> str:
    try:
        return to_e164(number)
    except ValueError as exc:
        raise WebhookPayloadError(f"{where}: {exc}") from exc
