"""risk case summary: per case the most severe active flag and the number of active flags

The overview (/risk) sorted every flagged case on every request (aggregating the active flags
per case), so its time grew with the region. ``risk_case_summary`` keeps that aggregate per
case with active flags (kept by ``recompute`` in the same transaction as the flags; gone with
the case), indexed in the overview's order, so a page reads its 25 index entries. Backfilled
here from the active flags.

Revision ID: 0014_risk_case_summary
Revises: 0013_monitor_indexes
Create Date: 2026-11-25 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014_risk_case_summary'
down_revision = '0013_monitor_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'risk_case_summary',
        sa.Column('case_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('worst_rank', sa.SmallInteger(), nullable=False),
        sa.Column('active_count', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=20), nullable=False),
        sa.Column('last_raised_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['case_id'], ['casus.id'], name=op.f('fk_risk_case_summary_case_id_casus'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('case_id', name=op.f('pk_risk_case_summary')),
    )
    op.create_index(
        'ix_risk_case_summary_order', 'risk_case_summary',
        ['worst_rank', sa.text('active_count DESC'), 'reference', 'case_id'], unique=False,
    )
    # Ranks as caseflow.risk.rules.SEVERITY_ORDER (hoog 0, midden 1, laag 2).
    op.execute(
        """
        INSERT INTO risk_case_summary (case_id, worst_rank, active_count, reference, last_raised_at)
        SELECT f.case_id,
               MIN(CASE f.severity WHEN 'hoog' THEN 0 WHEN 'midden' THEN 1 WHEN 'laag' THEN 2
                   ELSE 3 END),
               COUNT(*), c.reference, MAX(f.raised_at)
        FROM risk_flag f JOIN casus c ON c.id = f.case_id
        WHERE f.cleared_at IS NULL
        GROUP BY f.case_id, c.reference
        """
    )


def downgrade():
    op.drop_index('ix_risk_case_summary_order', table_name='risk_case_summary')
    op.drop_table('risk_case_summary')
