"""timeline event titles as message id + values, shown in the reader's language

Revision ID: 0032_t23titles_event_title_msgid
Revises: 0031_jobs26_daily_jobs
Create Date: 2026-12-05 10:00:00

Issue 23, point 2. Two nullable columns; ``title`` stays (the Dutch text exports read), old rows
keep showing it.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0032_t23titles_event_title_msgid'
down_revision = '0032_j26x_meeting_mail'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('timeline_event') as batch:
        batch.add_column(sa.Column('title_msgid', sa.String(200), nullable=True))
        batch.add_column(sa.Column('title_values', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('timeline_event') as batch:
        batch.drop_column('title_values')
        batch.drop_column('title_msgid')
