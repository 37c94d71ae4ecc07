"""monitor summary: the year view's figures per period and split, and the rebuild stamp

Revision ID: 0032_m24sum_monitor_summary
Revises: 0031_jobs26_daily_jobs
Create Date: 2026-12-04 19:30:00

Issue 24, point 6. New tables only; filled by the daily job's step "monitor_summary".
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0032_m24sum_monitor_summary'
down_revision = '0032_t23titles_event_title_msgid'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'monitor_summary_cell',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('period_kind', sa.String(8), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('split', sa.String(16), nullable=False),
        sa.Column('grp', sa.String(200), nullable=False),
        sa.Column('series', sa.String(16), nullable=False),
        sa.Column('item', sa.String(40), nullable=False),
        sa.Column('value', sa.Float(), nullable=True),
        sa.Column('base', sa.Integer(), nullable=True),
        sa.Column('whole', sa.Boolean(), nullable=False),
        sa.UniqueConstraint('period_kind', 'year', 'number', 'split', 'grp', 'series', 'item',
                            name='uq_monitor_summary_cell'),
    )
    op.create_table(
        'monitor_summary_build',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('built_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('first_year', sa.Integer(), nullable=False),
        sa.Column('last_year', sa.Integer(), nullable=False),
        sa.Column('cells', sa.Integer(), nullable=False),
    )


def downgrade():
    op.drop_table('monitor_summary_build')
    op.drop_table('monitor_summary_cell')
