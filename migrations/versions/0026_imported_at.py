"""imported history known from its own dates; the import's time kept apart as imported_at

Revision ID: 0026_imported_at
Revises: 0025_exchange_contract
Create Date: 2026-12-03 14:10:00

Before, an imported event or placement had the import's time as ``recorded_at``, so every "as known
on" view (timeline, risk report, backtest, retrospectives) saw nothing of it before the import day.
Existing imported rows are moved to their own dates (noon UTC of the day it happened, as the
importer does now), and their old ``recorded_at`` is kept as ``imported_at``.
"""
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0026_imported_at'
down_revision = '0025_exchange_contract'
branch_labels = None
depends_on = None

TABLES = ('timeline_event', 'timeline_event_revision', 'placement', 'phase_transition',
          'explanatory_analysis')


def _noon(day):
    if isinstance(day, str):
        day = date.fromisoformat(day[:10])
    return datetime.combine(day, time(12), tzinfo=UTC)


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('imported_at', sa.DateTime(timezone=True), nullable=True))
    bind = op.get_bind()
    events = sa.table('timeline_event', sa.column('id'), sa.column('occurred_on'),
                      sa.column('recorded_at'), sa.column('retracted_at'),
                      sa.column('source'), sa.column('imported_at'))
    rows = bind.execute(sa.select(events.c.id, events.c.occurred_on, events.c.recorded_at,
                                  events.c.retracted_at)
                        .where(events.c.source == 'import')).all()
    for event_id, occurred_on, recorded_at, retracted_at in rows:
        known = _noon(occurred_on)
        bind.execute(events.update().where(events.c.id == event_id).values(
            imported_at=recorded_at, recorded_at=known,
            retracted_at=known if retracted_at is not None else None))
    placements = sa.table('placement', sa.column('id'), sa.column('start_date'),
                          sa.column('actual_end'), sa.column('recorded_at'),
                          sa.column('ended_recorded_at'), sa.column('imported'),
                          sa.column('imported_at'))
    rows = bind.execute(sa.select(placements.c.id, placements.c.start_date,
                                  placements.c.actual_end, placements.c.recorded_at)
                        .where(placements.c.imported == sa.true())).all()
    for placement_id, start, end, recorded_at in rows:
        bind.execute(placements.update().where(placements.c.id == placement_id).values(
            imported_at=recorded_at, recorded_at=_noon(start),
            ended_recorded_at=_noon(end) if end is not None else None))
    # Phases and analyses already carried their own dates; the import's time is the case's.
    cases = sa.table('exchange_case', sa.column('case_id'), sa.column('imported_at'))
    moves = sa.table('phase_transition', sa.column('case_id'), sa.column('imported'),
                     sa.column('imported_at'))
    items = sa.table('exchange_item', sa.column('kind'), sa.column('object_id'),
                     sa.column('case_id'))
    analyses = sa.table('explanatory_analysis', sa.column('id'), sa.column('imported_at'))
    for case_id, imported_at in bind.execute(sa.select(cases.c.case_id, cases.c.imported_at)):
        bind.execute(moves.update().where(moves.c.case_id == case_id,
                                          moves.c.imported == sa.true())
                     .values(imported_at=imported_at))
        ids = sa.select(items.c.object_id).where(items.c.case_id == case_id,
                                                 items.c.kind == 'analysis')
        bind.execute(analyses.update().where(analyses.c.id.in_(ids))
                     .values(imported_at=imported_at))


def downgrade():
    # Back to the old meaning: an imported row counts as recorded at the import.
    for table in ('timeline_event', 'placement'):
        rows = sa.table(table, sa.column('recorded_at'), sa.column('imported_at'))
        op.execute(rows.update().where(rows.c.imported_at.is_not(None))
                   .values(recorded_at=rows.c.imported_at))
    op.execute(sa.text("UPDATE timeline_event SET retracted_at = imported_at "
                       "WHERE imported_at IS NOT NULL AND retracted_at IS NOT NULL"))
    op.execute(sa.text("UPDATE placement SET ended_recorded_at = imported_at "
                       "WHERE imported_at IS NOT NULL AND actual_end IS NOT NULL"))
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('imported_at')
