"""A signed webhook body, read piece by piece and stored, losing nothing readable.

`parse_webhook` refuses a whole delivery when one part of it is malformed, but
Meta redelivers a refused delivery forever, and the good messages in it must
still be answered. So `read_events` parses each message and status of each
change on its own: a malformed message that still has a sender, an id and a
timestamp is kept as an unreadable message (the customer is told that only text
is understood); anything else is reported as a problem with its raw JSON, which
the webhook logs. Each inbound message keeps Meta's raw JSON in its payload.

`store_events` stores one delivery in the caller's transaction: new messages
`pending` (`bookbot.store.inbox.store_message`; a message id seen before is
skipped), statuses applied to the sent messages (`statuses.apply_status`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from bookbot.api.statuses import apply_status
from bookbot.api.whatsapp import (
    Event,
    InboundMessage,
    StatusUpdate,
    WebhookPayloadError,
    parse_webhook,
)
from bookbot.api.whatsapp.payload import WEBHOOK_OBJECT
from bookbot.store.inbox import store_message

WHATSAPP_CHANNEL = "whatsapp"
_NO_METADATA = {"display_phone_number": "", "phone_number_id": ""}
Raw = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Piece:
    event: Event
    raw: Raw


@dataclass(slots=True)
class Read:
    pieces: list[Piece] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StoredBatch:
    customers: list[int] = field(default_factory=list)  # with new messages, in arrival order
    new: int = 0
    duplicates: int = 0
    statuses: int = 0


def read_events(raw_body: bytes) -> Read:
    """Every readable message and status of a delivery, in order, and what was not readable."""
    read = Read()
    try:
        body = json.loads(raw_body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        read.problems.append(f"body is not valid JSON: {exc}")
        return read
    entries = body.get("entry") if isinstance(body, dict) else None
    if not isinstance(entries, list) or body.get("object") != WEBHOOK_OBJECT:
        read.problems.append(f"not a WhatsApp Business Account delivery: {_clip(body)}")
        return read
    for i, entry in enumerate(entries):
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            read.problems.append(f"entry[{i}]: no 'changes' list: {_clip(entry)}")
            continue
        for j, change in enumerate(changes):
            _read_change(change, f"entry[{i}].changes[{j}]", read)
    return read


def _read_change(change: object, where: str, read: Read) -> None:
    if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
        read.problems.append(f"{where}: no 'value' object: {_clip(change)}")
        return
    if change.get("field", "messages") != "messages":
        return  # template status, account updates, ...: not ours
    value: Raw = change["value"]
    base = {k: v for k, v in value.items() if k not in ("messages", "statuses")}
    for key in ("messages", "statuses"):
        parts = value.get(key) or []
        if not isinstance(parts, list):
            read.problems.append(f"{where}.value.{key}: not a list: {_clip(parts)}")
            continue
        for k, part in enumerate(parts):
            _read_part(base, key, part, f"{where}.value.{key}[{k}]", read)


def _read_part(base: Raw, key: str, part: object, where: str, read: Read) -> None:
    try:
        (event,) = _parse_value({**base, key: [part]})
        read.pieces.append(Piece(event, part if isinstance(part, dict) else {"value": part}))
        return
    except (WebhookPayloadError, ValueError) as exc:
        problem = f"{where}: {exc}"
    if key == "messages" and isinstance(part, dict):
        fallback = _unreadable(base, part)
        if fallback is not None:
            read.pieces.append(Piece(fallback, part))
            return
    read.problems.append(f"{problem}: {_clip(part)}")


def _unreadable(base: Raw, message: Raw) -> InboundMessage | None:
    """A malformed message that still names its sender, id and time: kept as unreadable."""
    minimal = {k: message.get(k) for k in ("from", "id", "timestamp")}
    minimal["type"] = "unreadable"
    metadata = base.get("metadata")
    ok_metadata = isinstance(metadata, dict) and all(
        isinstance(metadata.get(k), str) for k in _NO_METADATA
    )
    value = {
        "messaging_product": "whatsapp",
        "metadata": metadata if ok_metadata else _NO_METADATA,
        "messages": [minimal],
    }
    try:
        (event,) = _parse_value(value)
    except (WebhookPayloadError, ValueError):
        return None
    return event if isinstance(event, InboundMessage) else None


def _parse_value(value: Raw) -> tuple[Event, ...]:
    change = {"field": "messages", "value": value}
    envelope = {"object": WEBHOOK_OBJECT, "entry": [{"changes": [change]}]}
    return parse_webhook(envelope).events


def store_events(session: Session, pieces: list[Piece]) -> StoredBatch:
    stored = StoredBatch()
    for piece in pieces:
        event = piece.event
        if isinstance(event, StatusUpdate):
            stored.statuses += apply_status(session, event)
            continue
        message = store_message(
            session,
            phone=event.from_phone,
            text=message_text(event),
            at=event.timestamp,
            channel=WHATSAPP_CHANNEL,
            name=event.profile_name,
            wa_message_id=event.message_id,
            payload={"kind": event.kind, "event": event.model_dump(mode="json"), "raw": piece.raw},
        )
        if message is None:
            stored.duplicates += 1
            continue
        stored.new += 1
        if message.customer_id not in stored.customers:
            stored.customers.append(message.customer_id)
    return stored


def message_text(message: InboundMessage) -> str:
    """What the agent reads: the text, or the title of the tapped button or list row."""
    if message.kind == "unsupported":
        return f"[{message.unsupported_type or 'unsupported'} message]"
    return message.text


def _clip(value: object, limit: int = 2000) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"
