"""timeline event descriptions caseflow writes as message id + values

Revision ID: 0033_r2titles_descriptions
Revises: 0032_s25x_exchange_search_items
Create Date: 2026-12-05 12:00:00

Issue 23, point 2, the descriptions next to the titles of 0032_t23titles ("binnen de regio" on a
placement, the search's hints). Two nullable columns; ``description`` stays (the Dutch text
exports and retrospective copies read), old rows keep showing it.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0033_r2titles_descriptions'
down_revision = '0032_s25x_exchange_search_items'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('timeline_event') as batch:
        batch.add_column(sa.Column('description_msgid', sa.String(200), nullable=True))
        batch.add_column(sa.Column('description_values', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('timeline_event') as batch:
        batch.drop_column('description_values')
        batch.drop_column('description_msgid')
