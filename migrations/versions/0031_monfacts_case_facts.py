"""case facts for the monitor: legal framework periods, sibling links, siblings outside
caseflow, a placement's "gecontracteerd"

Revision ID: 0031_monfacts_case_facts
Revises: 0031_ops2_totp_sealed
Create Date: 2026-12-04 01:10:00

Issue 24, point 1. New tables only, plus a nullable column on placement and placement_revision
(NULL: not recorded, so existing placements are neither counted as contracted nor as not).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0031_monfacts_case_facts'
down_revision = '0031_ops2_totp_sealed'
branch_labels = None
depends_on = None

FRAMEWORKS = ("'vrijwillig', 'ondertoezichtstelling', 'voogdij', 'jeugdreclassering', "
              "'machtiging_gesloten_jeugdhulp'")

def upgrade():
    op.create_table(
        'casus_kader',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('casus.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('framework', sa.String(40), nullable=False),
        sa.Column('from_date', sa.Date(), nullable=False),
        sa.Column('until_date', sa.Date(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), sa.ForeignKey('user_account.id')),
        sa.Column('revision_count', sa.SmallInteger(), nullable=False, server_default='1'),
        sa.Column('last_revised_at', sa.DateTime(timezone=True)),
        sa.Column('retracted_at', sa.DateTime(timezone=True)),
        sa.Column('retracted_by_id', sa.Integer(), sa.ForeignKey('user_account.id')),
        sa.Column('retraction_reason', sa.Text()),
        sa.CheckConstraint(f"framework IN ({FRAMEWORKS})", name=op.f('ck_casus_kader_framework')),
        sa.CheckConstraint("until_date IS NULL OR until_date >= from_date",
                           name=op.f('ck_casus_kader_period')),
    )
    op.create_index('ix_casus_kader_case_from', 'casus_kader', ['case_id', 'from_date'])
    op.create_index('ix_casus_kader_framework_from', 'casus_kader', ['framework', 'from_date'])
    op.create_table(
        'casus_kader_revision',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('framework_id', sa.Integer(),
                  sa.ForeignKey('casus_kader.id', ondelete='CASCADE'), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('framework', sa.String(40), nullable=False),
        sa.Column('from_date', sa.Date(), nullable=False),
        sa.Column('until_date', sa.Date()),
        sa.Column('changed_fields', sa.JSON(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), sa.ForeignKey('user_account.id')),
        sa.UniqueConstraint('framework_id', 'number'),
    )
    op.create_index('ix_casus_kader_revision_framework_id', 'casus_kader_revision',
                    ['framework_id'])
    op.create_table(
        'casus_broer_zus',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('casus.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('sibling_id', sa.Integer(), sa.ForeignKey('casus.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), sa.ForeignKey('user_account.id')),
        sa.Column('removed_at', sa.DateTime(timezone=True)),
        sa.Column('removed_by_id', sa.Integer(), sa.ForeignKey('user_account.id')),
        sa.Column('removal_reason', sa.Text()),
        sa.CheckConstraint("case_id < sibling_id", name=op.f('ck_casus_broer_zus_ordered')),
    )
    op.create_index('ix_casus_broer_zus_case', 'casus_broer_zus', ['case_id'])
    op.create_index('ix_casus_broer_zus_sibling', 'casus_broer_zus', ['sibling_id'])
    op.create_table(
        'casus_broers_zussen_buiten',
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('case_id', sa.Integer(), sa.ForeignKey('casus.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('count', sa.SmallInteger(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), sa.ForeignKey('user_account.id')),
        sa.CheckConstraint("count >= 0 AND count <= 30",
                           name=op.f('ck_casus_broers_zussen_buiten_count')),
    )
    op.create_index('ix_casus_broers_zussen_buiten_case_id', 'casus_broers_zussen_buiten',
                    ['case_id'])
    with op.batch_alter_table('placement') as batch:
        batch.add_column(sa.Column('contracted', sa.Boolean(), nullable=True))
    with op.batch_alter_table('placement_revision') as batch:
        batch.add_column(sa.Column('contracted', sa.Boolean(), nullable=True))

def downgrade():
    with op.batch_alter_table('placement_revision') as batch:
        batch.drop_column('contracted')
    with op.batch_alter_table('placement') as batch:
        batch.drop_column('contracted')
    op.drop_table('casus_broers_zussen_buiten')
    op.drop_table('casus_broer_zus')
    op.drop_table('casus_kader_revision')
    op.drop_table('casus_kader')
