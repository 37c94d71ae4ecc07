"""scale: the start page's newest unacknowledged high flags from a partial index

Revision ID: 0017_risk_new_high
Revises: 0016_access_log_case
Create Date: 2026-11-25 16:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017_risk_new_high'
down_revision = '0016_access_log_case'
branch_labels = None
depends_on = None

NEW_HIGH = sa.text("cleared_at IS NULL AND acknowledged_at IS NULL AND severity = 'hoog'")


def upgrade():
    op.create_index('ix_risk_flag_new_high', 'risk_flag', ['raised_at', 'id'], unique=False,
                    postgresql_where=NEW_HIGH, sqlite_where=NEW_HIGH)


def downgrade():
    op.drop_index('ix_risk_flag_new_high', table_name='risk_flag')
