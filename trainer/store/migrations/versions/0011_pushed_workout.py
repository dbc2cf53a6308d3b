"""pushed_workout: the sessions trainer put on an athlete's Garmin Connect calendar, with Garmin's ids

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pushed_workout",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("athlete_id", sa.Integer(), sa.ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("garmin_workout_id", sa.BigInteger(), nullable=False),
        sa.Column("garmin_schedule_id", sa.BigInteger(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("pushed_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ux_pushed_athlete_date", "pushed_workout", ["athlete_id", "date"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_pushed_athlete_date", "pushed_workout")
    op.drop_table("pushed_workout")
