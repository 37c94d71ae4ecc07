"""meeting_mail: each .ics mailed to a RET meeting's attendee (to whom, kind, METHOD, SEQUENCE, when)

Revision ID: 0032_j26x_meeting_mail
Revises: 0031_jobs26_daily_jobs
Create Date: 2026-12-04 12:00:00

Issue 26, point 3. A new table only.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0032_j26x_meeting_mail'
down_revision = '0031_jobs26_daily_jobs'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'meeting_mail',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('meeting_id', sa.Integer(),
                  sa.ForeignKey('ret_meeting.id', ondelete='CASCADE'), nullable=False),
        sa.Column('user_id', sa.Integer(),
                  sa.ForeignKey('user_account.id', ondelete='CASCADE'), nullable=False),
        sa.Column('address', sa.String(254), nullable=False),
        sa.Column('kind', sa.String(12), nullable=False),
        sa.Column('method', sa.String(7), nullable=False),
        sa.Column('sequence', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('meeting_id', 'user_id', 'method', 'sequence',
                            name=op.f('uq_meeting_mail_sent_once')),
        sa.CheckConstraint("method IN ('REQUEST', 'CANCEL')", name=op.f('ck_meeting_mail_method')),
    )
    op.create_index(op.f('ix_meeting_mail_meeting_id'), 'meeting_mail', ['meeting_id'])


def downgrade():
    op.drop_index(op.f('ix_meeting_mail_meeting_id'), table_name='meeting_mail')
    op.drop_table('meeting_mail')
