"""scale: a partial index on open cases by reference, for the default case list and its count

Revision ID: 0015_case_list_open
Revises: 0014_risk_case_summary
Create Date: 2026-11-25 16:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015_case_list_open'
down_revision = '0014_risk_case_summary'
branch_labels = None
depends_on = None

OPEN = sa.text("phase <> 'afgesloten'")


def upgrade():
    op.create_index('ix_casus_open_reference', 'casus', ['reference', 'id'], unique=False,
                    postgresql_where=OPEN, sqlite_where=OPEN)


def downgrade():
    op.drop_index('ix_casus_open_reference', table_name='casus')
