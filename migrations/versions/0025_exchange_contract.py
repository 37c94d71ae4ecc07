"""the documented exchange contract: a general hypotheses text, date precision of analyses and
phase moves, and the x- notes an imported file carried

Revision ID: 0025_exchange_contract
Revises: 0022_break_glass_review
Create Date: 2026-12-03 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0025_exchange_contract'
down_revision = '0022_break_glass_review'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('explanatory_analysis', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hypotheses', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('precision', sa.String(length=12), nullable=True))
    with op.batch_alter_table('phase_transition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('precision', sa.String(length=12), nullable=True))
    with op.batch_alter_table('exchange_case', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notes', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('exchange_case', schema=None) as batch_op:
        batch_op.drop_column('notes')
    with op.batch_alter_table('phase_transition', schema=None) as batch_op:
        batch_op.drop_column('precision')
    with op.batch_alter_table('explanatory_analysis', schema=None) as batch_op:
        batch_op.drop_column('precision')
        batch_op.drop_column('hypotheses')
