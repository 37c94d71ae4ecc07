"""audit: checkpoints that anchor the access log's chain head (HMAC with a key outside the database)

Revision ID: 0018_audit_checkpoints
Revises: 0017_risk_new_high
Create Date: 2026-12-02 16:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018_audit_checkpoints'
down_revision = '0017_risk_new_high'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_checkpoint',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('head_id', sa.Integer(), nullable=False),
        sa.Column('head_hash', sa.String(length=64), nullable=False),
        sa.Column('row_count', sa.Integer(), nullable=False),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('mac', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_checkpoint')),
        sa.UniqueConstraint('mac', name=op.f('uq_audit_checkpoint_mac')),
    )
    op.create_index(op.f('ix_audit_checkpoint_head_id'), 'audit_checkpoint', ['head_id'],
                    unique=False)


def downgrade():
    op.drop_index(op.f('ix_audit_checkpoint_head_id'), table_name='audit_checkpoint')
    op.drop_table('audit_checkpoint')
