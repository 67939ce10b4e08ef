"""Remember what the business file said at its last import (`businesses.imported_config`).

`bookbot import-business` compares three versions of a business: the file, the
database, and the file as last imported. A field where the database differs from
that last import was edited in the admin; importing a file that differs there
would overwrite the edit, so the command names it and asks for `--force`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    kind = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    with op.batch_alter_table("businesses") as batch:
        batch.add_column(sa.Column("imported_config", kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("businesses") as batch:
        batch.drop_column("imported_config")
