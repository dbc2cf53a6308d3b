"""activity identity is per athlete: unique (athlete_id, source, source_id), not (source, source_id)

Two athletes may import the same FIT file or have the same Garmin id in their bodies; each gets
their own activity.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_constraint("uq_activity_source", type_="unique")
        batch_op.create_unique_constraint("uq_activity_athlete_source", ["athlete_id", "source", "source_id"])


def downgrade() -> None:
    with op.batch_alter_table("activity") as batch_op:
        batch_op.drop_constraint("uq_activity_athlete_source", type_="unique")
        batch_op.create_unique_constraint("uq_activity_source", ["source", "source_id"])
