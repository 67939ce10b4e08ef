"""When an inbound message's claim was taken and when its owner closed it.

`messages.claimed_at` (the claiming statement's clock, after the customer's lock
was granted), `messages.closed_at` (the closing statement's clock: answered,
failed, held) and `messages.claims` (how many times it was claimed), all written
by the database's clock in the statements that already write the row. They make
"one turn per customer at a time" checkable from the database alone: a customer's
claims, ordered by `claimed_at`, each begin after the previous one's `closed_at`,
and a message claimed more than once was re-queued (its claim expired or was
released). Nothing is indexed: they are read per message or by a bench's check.

Revision ID: 0008_claim_times
Revises: 0007_handoff
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_claim_times"
down_revision: str | None = "0007_handoff"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("claims", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("claims")
        batch.drop_column("closed_at")
        batch.drop_column("claimed_at")
