"""scale: case list indexes: open cases by reference (the default list and its count), and all
cases by (reference, id) so a deep page is an index-only scan

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
    op.create_index('ix_casus_reference_id', 'casus', ['reference', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_casus_reference_id', table_name='casus')
    op.drop_index('ix_casus_open_reference', table_name='casus')
