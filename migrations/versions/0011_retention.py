"""retention

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-25 14:46:23.075158

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('destruction_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('executed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('executed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['executed_by_id'], ['user_account.id'], name=op.f('fk_destruction_request_executed_by_id_user_account')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_destruction_request_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_destruction_request'))
    )
    with op.batch_alter_table('destruction_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_destruction_request_case_id'), ['case_id'], unique=False)




def downgrade():

    with op.batch_alter_table('destruction_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_destruction_request_case_id'))

    op.drop_table('destruction_request')

