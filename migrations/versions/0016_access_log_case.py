"""scale: a case's access history from one index in id order (case_id, id)

Revision ID: 0016_access_log_case
Revises: 0015_case_list_open
Create Date: 2026-11-25 16:35:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016_access_log_case'
down_revision = '0015_case_list_open'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_access_log_case_id_id', 'access_log', ['case_id', 'id'], unique=False)
    op.drop_index('ix_access_log_case_id', table_name='access_log')


def downgrade():
    op.create_index('ix_access_log_case_id', 'access_log', ['case_id'], unique=False)
    op.drop_index('ix_access_log_case_id_id', table_name='access_log')
