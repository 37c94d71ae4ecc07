"""risk: severity informatie, the region's versioned risk settings, when each user last looked,
and the explanation's message id with its numbers

Revision ID: 0030_risk_severity
Revises: 0029_meeting_corrections
Create Date: 2026-12-03 17:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0030_risk_severity'
down_revision = '0029_meeting_corrections'
branch_labels = None
depends_on = None

OLD = "severity IN ('hoog', 'midden', 'laag')"
NEW = "severity IN ('hoog', 'midden', 'laag', 'informatie')"


def upgrade():
    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_risk_flag_severity'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_risk_flag_severity'), NEW)
        batch_op.add_column(sa.Column('message', sa.JSON(), nullable=True))
    op.create_table(
        'risk_settings_version',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('thresholds', sa.JSON(), nullable=False),
        sa.Column('severities', sa.JSON(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('backtest', sa.JSON(), nullable=True),
        sa.Column('changed_by_id', sa.Integer(), nullable=True),
        sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['changed_by_id'], ['user_account.id'],
            name=op.f('fk_risk_settings_version_changed_by_id_user_account'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_settings_version')),
        sa.UniqueConstraint('version', name=op.f('uq_risk_settings_version_version')),
    )
    op.create_table(
        'risk_seen',
        sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['user_id'], ['user_account.id'],
            name=op.f('fk_risk_seen_user_id_user_account'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_risk_seen')),
    )


def downgrade():
    op.drop_table('risk_seen')
    op.drop_table('risk_settings_version')
    op.execute("UPDATE risk_flag SET severity = 'laag' WHERE severity = 'informatie'")
    with op.batch_alter_table('risk_flag', schema=None) as batch_op:
        batch_op.drop_column('message')
        batch_op.drop_constraint(batch_op.f('ck_risk_flag_severity'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_risk_flag_severity'), OLD)
