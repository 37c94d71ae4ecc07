"""risk overview: partial index on the active flags

The overview (/risk) aggregates the active flags per case (most severe, how many) to sort and
count in SQL. ``cleared_at IS NULL`` had no index of its own (the existing ones lead with case_id
or code), so every request read the whole flag table, history included, which only grows. This
index holds the active flags only, with the columns the aggregation needs.

Revision ID: 0012_risk_overview
Revises: 0011
Create Date: 2026-11-25 15:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_risk_overview'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        batch_op.create_index(
            'ix_risk_flag_active', ['case_id', 'severity'], unique=False,
            postgresql_where=sa.text('cleared_at IS NULL'),
            sqlite_where=sa.text('cleared_at IS NULL'),
        )


def downgrade():
    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        batch_op.drop_index('ix_risk_flag_active')
