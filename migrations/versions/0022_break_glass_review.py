"""break-glass for professionals and archived cases, and the chair's review of each use

Revision ID: 0022_break_glass_review
Revises: 0018_audit_checkpoints
Create Date: 2026-12-02 16:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022_break_glass_review'
down_revision = '0018_audit_checkpoints'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('break_glass_grant', schema=None) as batch_op:
        # None: a request for a reference that does not exist (kept for the chair's review).
        batch_op.alter_column('case_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('reference', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('reviewed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('review_note', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_break_glass_grant_reviewed_by_id_user_account'),
            'user_account', ['reviewed_by_id'], ['id'],
        )


def downgrade():
    with op.batch_alter_table('break_glass_grant', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_break_glass_grant_reviewed_by_id_user_account'), type_='foreignkey'
        )
        batch_op.drop_column('review_note')
        batch_op.drop_column('reviewed_by_id')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('reference')
    # Requests for unknown references have no case; they cannot be kept under NOT NULL.
    op.execute("DELETE FROM break_glass_grant WHERE case_id IS NULL")
    with op.batch_alter_table('break_glass_grant', schema=None) as batch_op:
        batch_op.alter_column('case_id', existing_type=sa.Integer(), nullable=False)
