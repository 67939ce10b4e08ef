"""The tables, as SQLAlchemy 2 typed declarative models.

Field names follow the product guide (`requires_multiple_sessions`,
`session_group_id`, `session_number`, ...). Every datetime column is a
`UTCDateTime` (aware UTC in, aware UTC out). Statuses are short strings with a
CHECK constraint, so adding one is a small migration on every database.

Changing a model means writing a migration in `store/migrations/versions/`;
`tests/store/test_migrations.py` fails while the two disagree.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bookbot.core.types import ACTIVE_STATUSES
from bookbot.store.columns import JSONType, UTCDateTime, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

BOOKING_STATUSES = ("confirmed", "completed", "no_show", "cancelled")
NUMBERED_STATUSES = ("confirmed", "completed")
"""Statuses that hold a session number in a group (a no-show or a cancelled
session may be booked again under the same number)."""
SLOT_STATUSES = tuple(sorted(s.value for s in ACTIVE_STATUSES))
"""Statuses that hold capacity in the calendar (the core's ACTIVE_STATUSES)."""
MAX_SESSION = timedelta(hours=24)
"""The longest a booking may last (the config allows 24 h); bounds index range scans."""
GROUP_STATUSES = ("active", "completed", "cancelled")
STRATEGIES = ("immediate", "sequential", "flexible")
OUTBOX_STATUSES = ("pending", "sent", "failed")
DIRECTIONS = ("inbound", "outbound")
CONFIRMATIONS = ("yes", "no", "change", "unclear")
"""How a customer's message answers a proposal (see `bookbot.store.confirmations`)."""
CONFIRMATION_SOURCES = ("button", "reaction", "text")
HANDOFF_STATUSES = ("requested", "taken")
"""A conversation waiting for a person, or one a person took over (NULL: the bot's)."""


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


NUMBERED_WHERE = text(_one_of("status", NUMBERED_STATUSES))


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType}


class BusinessRow(Base):
    __tablename__ = "businesses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    config: Mapped[dict[str, Any]]
    source_digest: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the business file last imported (None: never imported from a file)."""
    imported_config: Mapped[dict[str, Any] | None]
    """The whole business (services included) as last imported from a file: a field the
    database holds differently was edited in the admin since (None: not known)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    services: Mapped[list[ServiceRow]] = relationship(
        back_populates="business", order_by="ServiceRow.position"
    )


class ServiceRow(Base):
    __tablename__ = "services"
    __table_args__ = (
        UniqueConstraint("business_id", "slug"),
        CheckConstraint(_one_of("multi_session_strategy", STRATEGIES), name="strategy"),
        CheckConstraint("capacity >= 1", name="capacity"),
        CheckConstraint("total_sessions_required >= 1", name="total_sessions"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    business_id: Mapped[int] = mapped_column(ForeignKey("businesses.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(100))
    """The service `id` of the business YAML."""
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    requires_multiple_sessions: Mapped[bool] = mapped_column(default=False)
    total_sessions_required: Mapped[int] = mapped_column(default=1)
    multi_session_strategy: Mapped[str] = mapped_column(String(20), default="flexible")
    session_buffer_config: Mapped[dict[str, Any]]
    config: Mapped[dict[str, Any]]
    """The whole service as in the YAML; `load_business` rebuilds from it."""
    capacity: Mapped[int] = mapped_column(default=1)
    duration_minutes: Mapped[int] = mapped_column(default=60)
    price: Mapped[float | None] = mapped_column(Numeric(12, 2, asdecimal=False))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    business: Mapped[BusinessRow] = relationship(back_populates="services")


class CustomerRow(Base):
    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    phone: Mapped[str] = mapped_column(String(16), unique=True)
    """E.164: a plus and 7 to 15 digits."""
    name: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SessionGroupRow(Base):
    __tablename__ = "session_groups"
    __table_args__ = (
        CheckConstraint(_one_of("status", GROUP_STATUSES), name="status"),
        CheckConstraint(_one_of("strategy", STRATEGIES), name="strategy"),
        Index(None, "customer_id", "service_id"),
        Index(None, "status", "package_expires_at"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    strategy: Mapped[str] = mapped_column(String(20))
    total_sessions: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="active")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    package_expires_at: Mapped[datetime | None]

    bookings: Mapped[list[BookingRow]] = relationship(
        back_populates="group", order_by="(BookingRow.session_number, BookingRow.start_at)"
    )
    service: Mapped[ServiceRow] = relationship()
    customer: Mapped[CustomerRow] = relationship()


class BookingRow(Base):
    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint(_one_of("status", BOOKING_STATUSES), name="status"),
        CheckConstraint("end_at > start_at", name="interval"),
        CheckConstraint("session_number >= 1", name="session_number"),
        Index(None, "service_id", "start_at"),
        Index(None, "session_group_id"),
        Index(None, "customer_id", "start_at"),
        Index(None, "status", "start_at", "session_group_id"),
        Index(
            "uq_bookings_group_session_active",
            "session_group_id",
            "session_number",
            unique=True,
            sqlite_where=NUMBERED_WHERE,
            postgresql_where=NUMBERED_WHERE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("session_groups.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    session_number: Mapped[int] = mapped_column(default=1)
    total_sessions: Mapped[int] = mapped_column(default=1)
    is_part_of_multi_session: Mapped[bool] = mapped_column(default=False)
    start_at: Mapped[datetime]
    end_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    group: Mapped[SessionGroupRow] = relationship(back_populates="bookings")
    service: Mapped[ServiceRow] = relationship()
    customer: Mapped[CustomerRow] = relationship()


class BookingEventRow(Base):
    """Audit trail: one row per status change (and per creation, move, renumbering)."""

    __tablename__ = "booking_events"
    __table_args__ = (Index(None, "booking_id"), Index(None, "to_status", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)


class ConversationRow(Base):
    __tablename__ = "conversations"
    __table_args__ = (
        UniqueConstraint("customer_id", "channel"),
        CheckConstraint(_one_of("handoff_status", HANDOFF_STATUSES), name="handoff_status"),
        Index(None, "handoff_status", "handoff_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    channel: Mapped[str] = mapped_column(String(32), default="whatsapp")
    state: Mapped[dict[str, Any]] = mapped_column(default=dict)
    """Free-form memory of the agent (summary, language, ...)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_inbound_at: Mapped[datetime | None]
    """Start of WhatsApp's 24-hour customer-service window."""
    handoff_status: Mapped[str | None] = mapped_column(String(16))
    """None while the bot answers; "requested" (waiting for a person) or "taken" (a
    person answers): the bot holds the customer's messages (`service.handoff`)."""
    handoff_since: Mapped[datetime | None]
    """When the thread was handed off or taken over, or staff last wrote in it."""
    handoff_by: Mapped[str | None] = mapped_column(String(100))
    """The staff member who took the thread over."""


class MessageRow(Base):
    __tablename__ = "messages"
    __table_args__ = (
        CheckConstraint(_one_of("direction", DIRECTIONS), name="direction"),
        CheckConstraint(_one_of("confirmation", CONFIRMATIONS), name="confirmation"),
        CheckConstraint(_one_of("confirmation_source", CONFIRMATION_SOURCES), name="source"),
        Index(None, "conversation_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    direction: Mapped[str] = mapped_column(String(8))
    text: Mapped[str] = mapped_column(Text, default="")
    wa_message_id: Mapped[str | None] = mapped_column(String(128), unique=True)
    """WhatsApp's message id: a redelivered webhook cannot store a message twice."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str | None] = mapped_column(String(32))
    payload: Mapped[dict[str, Any] | None]
    confirmation: Mapped[str | None] = mapped_column(String(8))
    """An inbound message's answer to the proposal(s) it answers: yes, no, change, unclear."""
    confirmation_source: Mapped[str | None] = mapped_column(String(8))
    """Where `confirmation` was read from: a reply button, a reaction, or the text."""
    proposal_id: Mapped[uuid.UUID | None]
    """The proposal a reply button's id or the quoted/reacted-to message names."""
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    """The process answering the message (`processing`): host, pid and a random part."""
    claim_expires_at: Mapped[datetime | None]
    """Until when that claim holds; renewed while the turn runs, re-queued once past."""
    claimed_at: Mapped[datetime | None]
    """When the message's last claim was taken, by the database's clock (`columns.db_now`)
    in the claiming statement, after the customer's lock was granted."""
    closed_at: Mapped[datetime | None]
    """When the claim's owner closed the message (answered, failed or held for staff), by
    the database's clock in the closing statement: before its commit, so a later claim of
    the customer that saw the close has a later `claimed_at`."""
    claims: Mapped[int | None]
    """How many times the message was claimed (more than once: re-queued after its claim
    expired or was released, so a turn of it may have run beside the next)."""


class ProposalRow(Base):
    """A schedule shown to a customer; only what was shown may be booked."""

    __tablename__ = "proposals"
    __table_args__ = (
        CheckConstraint(_one_of("answer", CONFIRMATIONS), name="answer"),
        Index(None, "conversation_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    session_group_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("session_groups.id"))
    kind: Mapped[str] = mapped_column(String(32))
    sessions: Mapped[dict[str, Any]]
    """The planned sessions (and renumbering) as JSON."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    shown_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    booked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    shown_in_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    """The reply that first showed it."""
    answer_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    """The customer's latest message written after it was shown."""
    answer: Mapped[str | None] = mapped_column(String(8))
    """How that message answers this proposal; only "yes" makes it bookable."""


class OutboxRow(Base):
    __tablename__ = "outbox"
    __table_args__ = (
        CheckConstraint(_one_of("status", OUTBOX_STATUSES), name="status"),
        Index(None, "status", "send_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    phone: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    """Sends each proactive message at most once (e.g. `reminder:booking:12`)."""
    body: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    send_after: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    provider_message_id: Mapped[str | None] = mapped_column(String(128))


class TurnRow(Base):
    """One agent turn: a customer message in, a reply out, tokens and time spent."""

    __tablename__ = "turns"
    __table_args__ = (Index(None, "conversation_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    model: Mapped[str | None] = mapped_column(String(100))
    prompt_tokens: Mapped[int | None]
    completion_tokens: Mapped[int | None]
    latency_ms: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(Text)


class ToolCallRow(Base):
    __tablename__ = "tool_calls"
    __table_args__ = (Index(None, "conversation_id", "id"), Index(None, "turn_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"))
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("turns.id"))
    name: Mapped[str] = mapped_column(String(100))
    arguments: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any] | None]
    is_error: Mapped[bool] = mapped_column(default=False)
    tokens: Mapped[int | None]
    latency_ms: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
