"""A signed webhook body, read piece by piece and stored, losing nothing readable.

`parse_webhook` refuses a whole delivery when one part of it is malformed, but
Meta redelivers a refused delivery for days, and the good messages in it must
still be answered. So each part stands alone:

- `read_events` decodes the body with `json_input.load_json` (depth, huge
  numbers and invalid UTF-8 cannot sink the whole body) and cleans it with
  `storable.storable_tree` (no NUL, no lone surrogate: PostgreSQL takes it), then
  parses each message and status of each change on its own. A malformed message
  that still has a sender, an id and a timestamp is kept as an unreadable message
  (the customer is told that only text is understood); anything else is reported
  as a problem with its raw JSON, which the webhook logs.
- A change for another phone number id than ours (`BOOKBOT_WHATSAPP_PHONE_NUMBER_ID`;
  one Meta app may serve several numbers) is skipped: counted, logged, never
  stored or answered from our number.
- `store_messages` is the ingest role's way on PostgreSQL, for deliveries of
  messages only (the usual case): each message is one statement in its own
  transaction on the event loop (`bookbot.store.ingest.AsyncStore`), the NOTIFY
  naming its customer in it; a message refused is reported, the others kept.
- `store_events` stores each part in a savepoint of the caller's transaction:
  new messages `pending` (`bookbot.store.inbound.store_inbound_message`; a message id
  seen before is skipped), statuses applied to the sent messages
  (`statuses.apply_status`). A part the database still refuses is rolled back
  alone and reported; the others are kept. Each inbound message keeps Meta's
  (cleaned) JSON in its payload; a profile name is clipped to the column, and a
  message id longer than its column is stored as its SHA-256 (`storable_id`).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from bookbot.api.json_input import load_json
from bookbot.api.statuses import apply_status
from bookbot.api.storable import (
    MAX_DEPTH,
    Cleaned,
    storable_id,
    storable_name,
    storable_tree,
)
from bookbot.api.whatsapp import (
    Event,
    InboundMessage,
    StatusUpdate,
    WebhookPayloadError,
    parse_webhook,
)
from bookbot.api.whatsapp.payload import WEBHOOK_OBJECT
from bookbot.store.customers import normalize_phone
from bookbot.store.inbound import Stored, store_inbound_message
from bookbot.store.ingest import REFUSED, UNAVAILABLE, AsyncStore, Inbound

log = logging.getLogger(__name__)

WHATSAPP_CHANNEL = "whatsapp"
_NO_METADATA = {"display_phone_number": "", "phone_number_id": ""}
_PART_KEYS = ("messages", "statuses")
Raw = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Piece:
    event: Event
    raw: Raw
    where: str = ""


@dataclass(slots=True)
class Read:
    pieces: list[Piece] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cleaned: str = ""  # what was replaced or cut to make the body storable (kept, not lost)
    other_number: int = 0  # messages and statuses for another phone number id, skipped


@dataclass(slots=True)
class StoredBatch:
    customers: list[int] = field(default_factory=list)  # with new messages, in arrival order
    new: int = 0
    duplicates: int = 0
    statuses: int = 0
    problems: list[str] = field(default_factory=list)  # parts the database refused

    def count(self, customer_id: int | None) -> None:
        """One message more: new (of `customer_id`), or seen before (None)."""
        if customer_id is None:
            self.duplicates += 1
            return
        self.new += 1
        if customer_id not in self.customers:
            self.customers.append(customer_id)


def read_events(raw_body: bytes, *, phone_number_id: str | None = None) -> Read:
    """Every readable message and status of a delivery, in order, and what was not readable.

    With `phone_number_id`, changes addressed to another number are skipped (counted).
    """
    read = Read()
    try:
        decoded = load_json(raw_body)
    except ValueError as exc:
        read.problems.append(f"body is not valid JSON: {exc}")
        return read
    cleaned = Cleaned()
    body = decoded if nothing_to_clean(raw_body) else storable_tree(decoded, cleaned)
    read.cleaned = cleaned.describe()
    is_delivery = isinstance(body, dict) and body.get("object") == WEBHOOK_OBJECT
    entries = body.get("entry") if isinstance(body, dict) else None
    if not is_delivery or not isinstance(entries, list):
        read.problems.append(f"not a WhatsApp Business Account delivery: {_clip(body)}")
        return read
    for i, entry in enumerate(entries):
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            read.problems.append(f"entry[{i}]: no 'changes' list: {_clip(entry)}")
            continue
        for j, change in enumerate(changes):
            _read_change(change, f"entry[{i}].changes[{j}]", read, phone_number_id)
    return read


def nothing_to_clean(raw_body: bytes) -> bool:
    """Whether `storable_tree` would give `load_json(raw_body)` back unchanged, from the
    bytes alone (most deliveries: the walk of the tree is then skipped). A NUL or a lone
    surrogate reaches a decoded string only escaped (`\\u...`: `json.loads` refuses raw
    control characters, and invalid UTF-8 is decoded to U+FFFD); `load_json` keeps
    non-finite numbers as text; and no more than MAX_DEPTH brackets cannot nest deeper."""
    return b"\\u" not in raw_body and raw_body.count(b"[") + raw_body.count(b"{") <= MAX_DEPTH


def _read_change(change: object, where: str, read: Read, phone_number_id: str | None) -> None:
    if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
        read.problems.append(f"{where}: no 'value' object: {_clip(change)}")
        return
    if change.get("field", "messages") != "messages":
        return  # template status, account updates, ...: not ours
    value: Raw = change["value"]
    if phone_number_id and _addressed_to(value) != phone_number_id:
        _skip_other_number(value, where, read)
        return
    base = {k: v for k, v in value.items() if k not in _PART_KEYS}
    for key in _PART_KEYS:
        parts = value.get(key) or []
        if not isinstance(parts, list):
            read.problems.append(f"{where}.value.{key}: not a list: {_clip(parts)}")
            continue
        for k, part in enumerate(parts):
            _read_part(base, key, part, f"{where}.value.{key}[{k}]", read)


def _addressed_to(value: Raw) -> object:
    metadata = value.get("metadata")
    return metadata.get("phone_number_id") if isinstance(metadata, dict) else None


def _skip_other_number(value: Raw, where: str, read: Read) -> None:
    parts = [p for key in _PART_KEYS if isinstance(value.get(key), list) for p in value[key]]
    read.other_number += len(parts)
    log.warning(
        "webhook: %s is for phone number id %s, not ours: %d part(s) skipped: %s",
        where,
        _clip(_addressed_to(value), 100),
        len(parts),
        _clip(parts),
    )


def _read_part(base: Raw, key: str, part: object, where: str, read: Read) -> None:
    try:
        (event,) = _parse_value({**base, key: [part]})
        read.pieces.append(Piece(event, part if isinstance(part, dict) else {"value": part}, where))
        return
    except (WebhookPayloadError, ValueError) as exc:
        problem = f"{where}: {exc}"
    if key == "messages" and isinstance(part, dict):
        fallback = _unreadable(base, part)
        if fallback is not None:
            read.pieces.append(Piece(fallback, part, where))
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
    """Store each piece in its own savepoint; a piece the database refuses is reported."""
    stored = StoredBatch()
    for piece in pieces:
        try:
            with session.begin_nested():
                outcome = _store(session, piece.event, piece.raw)
        except (OperationalError, InterfaceError):
            raise  # the database itself is unavailable: nothing can be stored
        except (SQLAlchemyError, ValueError, TypeError) as exc:
            where = piece.where or "part"
            stored.problems.append(f"{where}: not stored: {exc}: {_clip(piece.raw)}")
            continue
        if isinstance(outcome, bool):
            stored.statuses += outcome
        else:
            stored.count(None if outcome is None else outcome.customer_id)
    return stored


def only_messages(pieces: list[Piece]) -> bool:
    """Whether every piece is a customer's message (no status): `store_messages` takes them."""
    return all(isinstance(piece.event, InboundMessage) for piece in pieces)


async def store_messages(store: AsyncStore, pieces: list[Piece], *, wake: str) -> StoredBatch:
    """`store_events` for messages on the ingest's event loop (PostgreSQL): each message
    one statement, its own transaction, with the NOTIFY on `wake` naming its customer
    when it is new ('' : none). A message the database refuses is reported and the
    others kept; an unreachable database raises (nothing more can be stored)."""
    stored = StoredBatch()
    for piece in pieces:
        event = piece.event
        if not isinstance(event, InboundMessage):
            raise TypeError(f"{piece.where}: a status goes through store_events")
        try:
            outcome = await store(inbound_of(event, piece.raw), wake=wake)
        except UNAVAILABLE:
            raise
        except (REFUSED, ValueError, TypeError) as exc:
            where = piece.where or "part"
            stored.problems.append(f"{where}: not stored: {exc}: {_clip(piece.raw)}")
            continue
        stored.count(None if outcome.message_id is None else outcome.customer_id)
    return stored


def inbound_of(event: InboundMessage, raw: Raw) -> Inbound:
    """The message as the store keeps it (a phone that is not E.164 raises ValueError)."""
    return Inbound(
        phone=normalize_phone(event.from_phone),
        text=message_text(event),
        at=event.timestamp,
        channel=WHATSAPP_CHANNEL,
        name=storable_name(event.profile_name),
        wa_message_id=storable_id(event.message_id),
        payload=_payload(event, raw),
    )


def _payload(event: InboundMessage, raw: Raw) -> dict[str, Any]:
    return {"kind": event.kind, "event": event.model_dump(mode="json"), "raw": raw}


def _store(session: Session, event: Event, raw: Raw) -> bool | Stored | None:
    """A status: whether it named a message of ours. A message: stored, or None if seen."""
    if isinstance(event, StatusUpdate):
        return apply_status(session, event)
    return store_inbound_message(session, inbound_of(event, raw))


def message_text(message: InboundMessage) -> str:
    """What the agent reads: the text, or the title of the tapped button or list row."""
    if message.kind == "unsupported":
        return f"[{message.unsupported_type or 'unsupported'} message]"
    return message.text


def _clip(value: object, limit: int = 2000) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + "…"
