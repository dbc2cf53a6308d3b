"""notify_sent.outcome: a message is claimed before it is sent (sending), then sent, failed (tried
again next run) or maybe (the receiver answered too slowly: it may have it, so it is not sent again)

Revision ID: 0020
Revises: 0019
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notify_sent") as batch_op:
        batch_op.add_column(sa.Column("outcome", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notify_sent") as batch_op:
        batch_op.drop_column("outcome")
