"""monitor indexes: the monitor's period filters on the phase history and on placements

The monitor (/monitor) selects phase moves by moment (re-openings, closings and the stays that
ended in a period) and placements by start or end date (first placement; placements running in
a period: started before its end and not ended before its start). Without these indexes each of
those aggregates read the whole table, which grows with every year of history.

Revision ID: 0013_monitor_indexes
Revises: 0012_risk_overview
Create Date: 2026-11-25 16:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013_monitor_indexes'
down_revision = '0012_risk_overview'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_phase_transition_at', 'phase_transition', ['at'], unique=False)
    op.create_index(
        'ix_phase_transition_to_phase_at', 'phase_transition', ['to_phase', 'at'], unique=False
    )
    op.create_index('ix_placement_start_date', 'placement', ['start_date'], unique=False)
    op.create_index('ix_placement_actual_end', 'placement', ['actual_end'], unique=False)


def downgrade():
    op.drop_index('ix_placement_actual_end', table_name='placement')
    op.drop_index('ix_placement_start_date', table_name='placement')
    op.drop_index('ix_phase_transition_to_phase_at', table_name='phase_transition')
    op.drop_index('ix_phase_transition_at', table_name='phase_transition')
