"""Human handoff: a conversation a person from the business has taken over.

`conversations.handoff_status` is NULL while the bot answers, "requested" once the
customer asked for a person (or accepted the bot's offer), "taken" once staff
took the thread over; `handoff_since` is when that happened (or staff last wrote),
`handoff_by` the staff member's name. The admin inbox reads the waiting threads,
oldest first, by `(handoff_status, handoff_since)`.

Revision ID: 0007_handoff
Revises: 0006_turncost
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_handoff"
down_revision: str | None = "0006_turncost"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("handoff_status", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("handoff_since", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("handoff_by", sa.String(length=100), nullable=True))
        batch.create_check_constraint(
            "handoff_status", "handoff_status IN ('requested', 'taken')"
        )
    op.create_index(
        "ix_conversations_handoff_status_handoff_since",
        "conversations",
        ["handoff_status", "handoff_since"],
    )


def downgrade() -> None:
    op.drop_index("ix_conversations_handoff_status_handoff_since", table_name="conversations")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_constraint("handoff_status", type_="check")
        batch.drop_column("handoff_by")
        batch.drop_column("handoff_since")
        batch.drop_column("handoff_status")
