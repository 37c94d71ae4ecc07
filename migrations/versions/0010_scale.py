"""scale: an index for every sort the case list offers (phase_since without a phase filter)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 14:30:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_casus_phase_since', 'casus', ['phase_since'], unique=False)


def downgrade():
    op.drop_index('ix_casus_phase_since', table_name='casus')
