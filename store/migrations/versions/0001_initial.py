"""Initial schema: businesses, services, customers, session groups, bookings and
their audit trail, conversations, messages, proposals, the outbox, turns and
tool calls.

Written from Alembic's autogenerate output and tidied by hand; the types are
spelled out here (not imported from the models) so this file stays as it was
when the models move on.

Revision ID: 0001
Revises:
Create Date: 2026-03-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NUMBERED = sa.text("status IN ('confirmed', 'completed')")
STRATEGIES = "IN ('immediate', 'sequential', 'flexible')"


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def _ts(name: str, *, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str, *, nullable: bool = False) -> sa.Column[object]:
    kind = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    return sa.Column(name, kind, nullable=nullable)


def _fk(
    column: str, table: str, owner: str, *, ondelete: str | None = None
) -> sa.ForeignKeyConstraint:
    name = op.f(f"fk_{owner}_{column}_{table}")
    return sa.ForeignKeyConstraint([column], [f"{table}.id"], name=name, ondelete=ondelete)


def _pk(table: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}"))


def _check(table: str, name: str, condition: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(condition, name=op.f(f"ck_{table}_{name}"))


def _index(table: str, *columns: str) -> None:
    op.create_index(op.f(f"ix_{table}_{'_'.join(columns)}"), table, list(columns))


def upgrade() -> None:
    op.create_table(
        "businesses",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        _json("config"),
        _ts("created_at"),
        _ts("updated_at"),
        _pk("businesses"),
        sa.UniqueConstraint("name", name=op.f("uq_businesses_name")),
    )
    op.create_table(
        "customers",
        _id(),
        sa.Column("phone", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=True),
        _ts("created_at"),
        _pk("customers"),
        sa.UniqueConstraint("phone", name=op.f("uq_customers_phone")),
    )
    op.create_table(
        "services",
        _id(),
        sa.Column("business_id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("requires_multiple_sessions", sa.Boolean(), nullable=False),
        sa.Column("total_sessions_required", sa.Integer(), nullable=False),
        sa.Column("multi_session_strategy", sa.String(20), nullable=False),
        _json("session_buffer_config"),
        _json("config"),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(12, 2), nullable=True),
        _ts("created_at"),
        _ts("updated_at"),
        _check("services", "strategy", f"multi_session_strategy {STRATEGIES}"),
        _check("services", "capacity", "capacity >= 1"),
        _check("services", "total_sessions", "total_sessions_required >= 1"),
        _fk("business_id", "businesses", "services", ondelete="CASCADE"),
        _pk("services"),
        sa.UniqueConstraint("business_id", "slug", name=op.f("uq_services_business_id_slug")),
    )
    op.create_table(
        "session_groups",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("strategy", sa.String(20), nullable=False),
        sa.Column("total_sessions", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        _ts("created_at"),
        _ts("package_expires_at", nullable=True),
        _check("session_groups", "status", "status IN ('active', 'completed', 'cancelled')"),
        _check("session_groups", "strategy", f"strategy {STRATEGIES}"),
        _fk("customer_id", "customers", "session_groups"),
        _fk("service_id", "services", "session_groups"),
        _pk("session_groups"),
    )
    _index("session_groups", "customer_id", "service_id")
    _create_bookings()
    _create_conversation_tables()
    _create_outbox_and_turns()


def _create_bookings() -> None:
    op.create_table(
        "bookings",
        _id(),
        sa.Column("session_group_id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("session_number", sa.Integer(), nullable=False),
        sa.Column("total_sessions", sa.Integer(), nullable=False),
        sa.Column("is_part_of_multi_session", sa.Boolean(), nullable=False),
        _ts("start_at"),
        _ts("end_at"),
        sa.Column("status", sa.String(16), nullable=False),
        _ts("created_at"),
        _ts("updated_at"),
        _check(
            "bookings", "status", "status IN ('confirmed', 'completed', 'no_show', 'cancelled')"
        ),
        _check("bookings", "interval", "end_at > start_at"),
        _check("bookings", "session_number", "session_number >= 1"),
        _fk("session_group_id", "session_groups", "bookings"),
        _fk("service_id", "services", "bookings"),
        _fk("customer_id", "customers", "bookings"),
        _pk("bookings"),
    )
    _index("bookings", "service_id", "start_at")
    _index("bookings", "session_group_id")
    _index("bookings", "customer_id", "start_at")
    op.create_index(
        "uq_bookings_group_session_active",
        "bookings",
        ["session_group_id", "session_number"],
        unique=True,
        sqlite_where=NUMBERED,
        postgresql_where=NUMBERED,
    )
    op.create_table(
        "booking_events",
        _id(),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(16), nullable=True),
        sa.Column("to_status", sa.String(16), nullable=False),
        _ts("at"),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        _fk("booking_id", "bookings", "booking_events"),
        _pk("booking_events"),
    )
    _index("booking_events", "booking_id")
    _index("booking_events", "to_status", "id")


def _create_conversation_tables() -> None:
    op.create_table(
        "conversations",
        _id(),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(32), nullable=False),
        _json("state"),
        _ts("created_at"),
        _ts("last_inbound_at", nullable=True),
        _fk("customer_id", "customers", "conversations"),
        _pk("conversations"),
        sa.UniqueConstraint(
            "customer_id", "channel", name=op.f("uq_conversations_customer_id_channel")
        ),
    )
    op.create_table(
        "messages",
        _id(),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("wa_message_id", sa.String(128), nullable=True),
        _ts("created_at"),
        sa.Column("status", sa.String(32), nullable=True),
        _json("payload", nullable=True),
        _check("messages", "direction", "direction IN ('inbound', 'outbound')"),
        _fk("conversation_id", "conversations", "messages"),
        _pk("messages"),
        sa.UniqueConstraint("wa_message_id", name=op.f("uq_messages_wa_message_id")),
    )
    _index("messages", "conversation_id", "created_at")
    op.create_table(
        "proposals",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("session_group_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        _json("sessions"),
        _ts("created_at"),
        _ts("shown_at", nullable=True),
        _ts("answered_at", nullable=True),
        _ts("booked_at", nullable=True),
        _ts("expires_at", nullable=True),
        _fk("conversation_id", "conversations", "proposals"),
        _fk("customer_id", "customers", "proposals"),
        _fk("service_id", "services", "proposals"),
        _fk("session_group_id", "session_groups", "proposals"),
        _pk("proposals"),
    )
    _index("proposals", "conversation_id")


def _create_outbox_and_turns() -> None:
    op.create_table(
        "outbox",
        _id(),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("dedupe_key", sa.String(200), nullable=False),
        _json("body"),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _ts("created_at"),
        _ts("send_after"),
        _ts("sent_at", nullable=True),
        sa.Column("provider_message_id", sa.String(128), nullable=True),
        _check("outbox", "status", "status IN ('pending', 'sent', 'failed')"),
        _fk("customer_id", "customers", "outbox"),
        _pk("outbox"),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_dedupe_key")),
    )
    _index("outbox", "status", "send_after")
    op.create_table(
        "turns",
        _id(),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        _ts("started_at"),
        sa.Column("model", sa.String(100), nullable=True),
        sa.Column("prompt_tokens", sa.Integer(), nullable=True),
        sa.Column("completion_tokens", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        _fk("conversation_id", "conversations", "turns"),
        _pk("turns"),
    )
    _index("turns", "conversation_id", "started_at")
    op.create_table(
        "tool_calls",
        _id(),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("turn_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(100), nullable=False),
        _json("arguments"),
        _json("result", nullable=True),
        sa.Column("is_error", sa.Boolean(), nullable=False),
        sa.Column("tokens", sa.Integer(), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=True),
        _ts("created_at"),
        _fk("conversation_id", "conversations", "tool_calls"),
        _fk("turn_id", "turns", "tool_calls"),
        _pk("tool_calls"),
    )
    _index("tool_calls", "conversation_id", "id")
    _index("tool_calls", "turn_id")


TABLES_NEWEST_FIRST = (
    "tool_calls",
    "turns",
    "outbox",
    "proposals",
    "messages",
    "conversations",
    "booking_events",
    "bookings",
    "session_groups",
    "services",
    "customers",
    "businesses",
)


def downgrade() -> None:
    # Dropping a table drops its indexes and constraints with it.
    for table in TABLES_NEWEST_FIRST:
        op.drop_table(table)
