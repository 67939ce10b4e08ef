"""Indexes the proactive worker's pass finds due messages by.

`bookings (status, start_at, session_group_id)`: the confirmed sessions
starting within the reminder lead, and the sessions completed or missed recently
(the plans a nudge may be due for), with their plan, read from the index alone.
`session_groups (status, package_expires_at)`: the active plans
expiring within the warning. A pass reads these ranges instead of every active
plan, so its cost follows what is due, not how many plans sit idle.

Revision ID: 0006_turncost
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006_turncost"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_bookings_status_start_at_session_group_id",
        "bookings",
        ["status", "start_at", "session_group_id"],
    )
    op.create_index(
        "ix_session_groups_status_package_expires_at",
        "session_groups",
        ["status", "package_expires_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_session_groups_status_package_expires_at", table_name="session_groups")
    op.drop_index("ix_bookings_status_start_at_session_group_id", table_name="bookings")
