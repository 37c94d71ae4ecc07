"""risk: at most one active flag per (case, code), a partial unique index

Revision ID: 0030_risk_one_active
Revises: 0030_risk_severity
Create Date: 2026-12-03 17:00:00

Two writers recomputing one case at once could each insert the same active flag (issue 22,
point 7). Duplicates already stored are cleared first (the oldest raising stays active), and the
per-case summaries are brought in line with the flags that stay active.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0030_risk_one_active'
down_revision = '0030_risk_severity'
branch_labels = None
depends_on = None

ACTIVE = sa.text("cleared_at IS NULL")


def upgrade():
    op.execute(
        "UPDATE risk_flag SET cleared_at = CURRENT_TIMESTAMP, cleared_on = CURRENT_DATE "
        "WHERE cleared_at IS NULL AND id NOT IN ("
        "SELECT min(id) FROM risk_flag WHERE cleared_at IS NULL GROUP BY case_id, code)"
    )
    op.execute(
        "UPDATE risk_case_summary SET "
        "active_count = (SELECT count(*) FROM risk_flag f "
        "WHERE f.case_id = risk_case_summary.case_id AND f.cleared_at IS NULL), "
        "last_raised_at = (SELECT max(f.raised_at) FROM risk_flag f "
        "WHERE f.case_id = risk_case_summary.case_id AND f.cleared_at IS NULL) "
        "WHERE EXISTS (SELECT 1 FROM risk_flag f "
        "WHERE f.case_id = risk_case_summary.case_id AND f.cleared_at IS NULL)"
    )
    op.create_index('uq_risk_flag_active', 'risk_flag', ['case_id', 'code'], unique=True,
                    postgresql_where=ACTIVE, sqlite_where=ACTIVE)


def downgrade():
    op.drop_index('uq_risk_flag_active', table_name='risk_flag')
