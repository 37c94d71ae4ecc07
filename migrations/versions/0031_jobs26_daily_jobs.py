"""daily jobs: runs, steps done per day, the SQLite lock row; reminder choice, mail log, calendar feed tokens

Revision ID: 0031_jobs26_daily_jobs
Revises: 0031_search25_zoektocht
Create Date: 2026-12-04 02:30:00

Issue 26, points 1 to 3. New tables only.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0031_jobs26_daily_jobs'
down_revision = '0031_search25_zoektocht'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job_run',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('status', sa.String(12), nullable=False),
        sa.Column('counts', sa.Text(), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
    )
    op.create_index(op.f('ix_job_run_day'), 'job_run', ['day'])
    op.create_table(
        'job_step_done',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('step', sa.String(40), nullable=False),
        sa.Column('run_id', sa.Integer(), nullable=False),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('day', 'step', name='uq_job_step_done_day_step'),
    )
    op.create_index(op.f('ix_job_step_done_run_id'), 'job_step_done', ['run_id'])
    op.create_table(
        'job_lock',
        sa.Column('name', sa.String(40), primary_key=True),
        sa.Column('holder', sa.String(80), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        'reminder_preference',
        sa.Column('user_id', sa.Integer(),
                  sa.ForeignKey('user_account.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('frequency', sa.String(10), nullable=False),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("frequency IN ('daily', 'weekly', 'off')",
                           name=op.f('ck_reminder_preference_frequency')),
    )
    op.create_table(
        'mail_log',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('user_id', sa.Integer(),
                  sa.ForeignKey('user_account.id', ondelete='CASCADE'), nullable=False),
        sa.Column('address', sa.String(254), nullable=False),
        sa.Column('digest', sa.String(10), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('user_id', 'day', name='uq_mail_log_user_id_day'),
    )
    op.create_table(
        'calendar_token',
        sa.Column('user_id', sa.Integer(),
                  sa.ForeignKey('user_account.id', ondelete='CASCADE'), primary_key=True),
        sa.Column('token_hash', sa.String(64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint('token_hash', name='uq_calendar_token_token_hash'),
    )


def downgrade():
    op.drop_table('calendar_token')
    op.drop_table('mail_log')
    op.drop_table('reminder_preference')
    op.drop_table('job_lock')
    op.drop_index(op.f('ix_job_step_done_run_id'), table_name='job_step_done')
    op.drop_table('job_step_done')
    op.drop_index(op.f('ix_job_run_day'), table_name='job_run')
    op.drop_table('job_run')
