"""exchange_item may name a search: an imported search keeps the id it had in its file

Revision ID: 0032_s25x_exchange_search_items
Revises: 0031_jobs26_daily_jobs
Create Date: 2026-12-04 19:40:00

Issue 25, point 6: searches in caseflow-history/2. Only the kind check of exchange_item widens.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0032_s25x_exchange_search_items'
down_revision = '0032_m24sum_monitor_summary'
branch_labels = None
depends_on = None

OLD = ('phase', 'placement', 'event', 'member', 'analysis', 'decision')
NEW = (*OLD, 'search')


def _kinds(kinds):
    return "kind IN ('" + "', '".join(kinds) + "')"


def _replace(kinds):
    with op.batch_alter_table('exchange_item', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_exchange_item_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_exchange_item_kind'), _kinds(kinds))


def upgrade():
    _replace(NEW)


def downgrade():
    items = sa.table('exchange_item', sa.column('kind'))
    op.execute(items.delete().where(items.c.kind == 'search'))
    _replace(OLD)
