"""Meta's webhook JSON as pydantic models, field for field (the `messages` field only).

Tolerant: Meta adds fields over time (`pricing`, `identity_key_hash`, ...), so extra
keys are kept, never rejected. Strict: what bookbot reads is required and typed.
`payload.parse_webhook` turns these into the normalized events the rest of bookbot uses.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

_UNIX_DIGITS = 12
"""Unix seconds of more digits are after year 33658: refused before converting."""


def _from_unix(value: object) -> datetime:
    """Meta sends Unix seconds as a string ("1739321024"); an int is accepted too."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("expected Unix seconds as a string")
    text = str(value)
    if not text.isascii() or not text.isdigit():
        raise ValueError(f"expected Unix seconds, got {text[:40]!r}")
    if len(text) > _UNIX_DIGITS:
        raise ValueError(f"Unix seconds out of range: {text[:40]!r}")
    try:
        return datetime.fromtimestamp(int(text), tz=UTC)
    except (OverflowError, OSError, ValueError) as exc:  # beyond year 9999 or the platform's
        raise ValueError(f"Unix seconds out of range: {text!r} ({exc})") from None


UnixTime = Annotated[datetime, BeforeValidator(_from_unix)]


class Wire(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)


class Metadata(Wire):
    display_phone_number: str
    phone_number_id: str


class Profile(Wire):
    name: str | None = None


class Contact(Wire):
    wa_id: str
    profile: Profile | None = None


class Text(Wire):
    body: str


class Reply(Wire):
    """A tapped reply button (`button_reply`) or list row (`list_reply`)."""

    id: str
    title: str
    description: str | None = None


class Interactive(Wire):
    type: str
    button_reply: Reply | None = None
    list_reply: Reply | None = None


class QuickReply(Wire):
    """A quick-reply button of a template (message type `button`)."""

    text: str
    payload: str | None = None


class Reaction(Wire):
    """An emoji put on (or, without `emoji` or with an empty one, taken off) a message."""

    message_id: str
    emoji: str | None = None


class Context(Wire):
    id: str | None = None
    from_: str | None = Field(default=None, alias="from")


class ErrorData(Wire):
    details: str | None = None


class Error(Wire):
    code: int
    title: str | None = None
    message: str | None = None
    error_data: ErrorData | None = None
    href: str | None = None


class Message(Wire):
    from_: str = Field(alias="from")
    id: str
    timestamp: UnixTime
    type: str
    context: Context | None = None
    text: Text | None = None
    interactive: Interactive | None = None
    button: QuickReply | None = None
    reaction: Reaction | None = None


class Status(Wire):
    id: str
    status: str
    timestamp: UnixTime
    recipient_id: str
    errors: list[Error] = []


class Value(Wire):
    """`entry[].changes[].value` of a change with `field: messages`."""

    messaging_product: Literal["whatsapp"]
    metadata: Metadata
    contacts: list[Contact] = []
    messages: list[Message] = []
    statuses: list[Status] = []
    errors: list[Error] = []


class Change(Wire):
    field: str = "messages"
    value: dict[str, object]  # read as `Value` only when field == "messages"


class Entry(Wire):
    id: str | None = None  # the WhatsApp Business Account id
    changes: list[Change]


class Envelope(Wire):
    object: str
    entry: list[Entry]
