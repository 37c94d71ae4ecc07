"""corrections: versions of a case's intake data, placement revisions and retraction

Revision ID: 0028_corrections
Revises: 0025_exchange_contract
Create Date: 2026-12-03 14:45:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0028_corrections'
down_revision = '0027_region_setup'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'casus_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('pseudonym', sa.String(length=60), nullable=False),
        sa.Column('birth_year', sa.SmallInteger(), nullable=False),
        sa.Column('birth_month', sa.SmallInteger(), nullable=False),
        sa.Column('gemeente_id', sa.Integer(), nullable=False),
        sa.Column('referrer_type', sa.String(length=20), nullable=False),
        sa.Column('referrer_organisation_id', sa.Integer(), nullable=True),
        sa.Column('problem_areas', sa.JSON(), nullable=False),
        sa.Column('question', sa.Text(), nullable=False),
        sa.Column('changed_fields', sa.JSON(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_casus_revision_case_id_casus'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_casus_revision_gemeente_id_gemeente')),
        sa.ForeignKeyConstraint(['referrer_organisation_id'], ['organisation.id'], name=op.f('fk_casus_revision_referrer_organisation_id_organisation')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_casus_revision_recorded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_casus_revision')),
        sa.UniqueConstraint('case_id', 'number', name=op.f('uq_casus_revision_case_id_number')),
    )
    with op.batch_alter_table('casus_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casus_revision_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_casus_revision_recorded_at'), ['recorded_at'], unique=False)

    op.create_table(
        'placement_revision',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('placement_id', sa.Integer(), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('type', sa.String(length=30), nullable=False),
        sa.Column('provider_name', sa.String(length=200), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=True),
        sa.Column('in_region', sa.Boolean(), nullable=False),
        sa.Column('start_date', sa.Date(), nullable=False),
        sa.Column('planned_end', sa.Date(), nullable=True),
        sa.Column('actual_end', sa.Date(), nullable=True),
        sa.Column('ending', sa.String(length=20), nullable=True),
        sa.Column('end_reason', sa.String(length=30), nullable=True),
        sa.Column('end_note', sa.Text(), nullable=False),
        sa.Column('changed_fields', sa.JSON(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_placement_revision_placement_id_placement'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_placement_revision_recorded_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_revision')),
        sa.UniqueConstraint('placement_id', 'number', name=op.f('uq_placement_revision_placement_id_number')),
    )
    with op.batch_alter_table('placement_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_revision_placement_id'), ['placement_id'], unique=False)

    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision_count', sa.SmallInteger(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('last_revised_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('retracted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('retracted_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('retraction_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_placement_retracted_by_id_user_account'),
            'user_account', ['retracted_by_id'], ['id'],
        )


def downgrade():
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_placement_retracted_by_id_user_account'), type_='foreignkey'
        )
        batch_op.drop_column('retraction_reason')
        batch_op.drop_column('retracted_by_id')
        batch_op.drop_column('retracted_at')
        batch_op.drop_column('last_revised_at')
        batch_op.drop_column('revision_count')
    with op.batch_alter_table('placement_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_revision_placement_id'))
    op.drop_table('placement_revision')
    with op.batch_alter_table('casus_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casus_revision_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_casus_revision_case_id'))
    op.drop_table('casus_revision')
