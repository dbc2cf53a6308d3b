"""access_grant.feed_hash: an athlete's calendar feed has its own secret address, stored as a hash

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("access_grant") as batch_op:
        batch_op.add_column(sa.Column("feed_hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_access_grant_feed_hash", ["feed_hash"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("access_grant") as batch_op:
        batch_op.drop_index("ix_access_grant_feed_hash")
        batch_op.drop_column("feed_hash")
