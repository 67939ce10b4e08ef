"""Confirmation is data: how each customer message answers a proposal.

`messages` gets the answer read from an inbound message (`confirmation`: yes,
no, change or unclear; `confirmation_source`: button, reaction or text) and the
proposal a button or the quoted message names (`proposal_id`). `proposals` get
the reply that showed them (`shown_in_message_id`), the customer's message that
answers them (`answer_message_id`) and its answer to this proposal (`answer`):
only a "yes" makes a proposal bookable.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ANSWERS = "IN ('yes', 'no', 'change', 'unclear')"
SOURCES = "IN ('button', 'reaction', 'text')"


def upgrade() -> None:
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("confirmation", sa.String(8), nullable=True))
        batch.add_column(sa.Column("confirmation_source", sa.String(8), nullable=True))
        batch.add_column(sa.Column("proposal_id", sa.Uuid(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_messages_confirmation"), sa.text(f"confirmation {ANSWERS}")
        )
        batch.create_check_constraint(
            op.f("ck_messages_source"), sa.text(f"confirmation_source {SOURCES}")
        )
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("shown_in_message_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("answer_message_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("answer", sa.String(8), nullable=True))
        batch.create_check_constraint(op.f("ck_proposals_answer"), sa.text(f"answer {ANSWERS}"))
        for column in ("shown_in_message_id", "answer_message_id"):
            batch.create_foreign_key(
                op.f(f"fk_proposals_{column}_messages"), "messages", [column], ["id"]
            )


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        for column in ("shown_in_message_id", "answer_message_id"):
            batch.drop_constraint(op.f(f"fk_proposals_{column}_messages"), type_="foreignkey")
        batch.drop_constraint(op.f("ck_proposals_answer"), type_="check")
        batch.drop_column("answer")
        batch.drop_column("answer_message_id")
        batch.drop_column("shown_in_message_id")
    with op.batch_alter_table("messages") as batch:
        batch.drop_constraint(op.f("ck_messages_source"), type_="check")
        batch.drop_constraint(op.f("ck_messages_confirmation"), type_="check")
        batch.drop_column("proposal_id")
        batch.drop_column("confirmation_source")
        batch.drop_column("confirmation")
