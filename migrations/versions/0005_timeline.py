"""timeline and placements

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 13:08:05.772807

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('placement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
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
    sa.Column('ended_recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('imported', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint("end_reason IS NULL OR end_reason IN ('crisis', 'aanbieder_stopt', 'weggelopen', 'geen_passend_vervolg', 'overig')", name=op.f('ck_placement_end_reason')),
    sa.CheckConstraint("ending IS NULL OR ending IN ('planmatig', 'onplanmatig')", name=op.f('ck_placement_ending')),
    sa.CheckConstraint("type IN ('pleegzorg', 'gezinshuis', 'verblijf_24uur', 'ggz_verblijf', 'driemilieu', 'beschermd_wonen', 'gesloten', 'kortdurend_verblijf', 'thuis_ambulant', 'maatwerk')", name=op.f('ck_placement_type')),
    sa.CheckConstraint('actual_end IS NULL OR actual_end >= start_date', name=op.f('ck_placement_period')),
    sa.CheckConstraint('planned_end IS NULL OR planned_end >= start_date', name=op.f('ck_placement_planned')),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_placement_case_id_casus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provider_id'], ['organisation.id'], name=op.f('fk_placement_provider_id_organisation')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_placement_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement'))
    )
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.create_index('ix_placement_case_start', ['case_id', 'start_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index('ix_placement_type_start', ['type', 'start_date'], unique=False)

    op.create_table('timeline_event_organisation',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['timeline_event.id'], name=op.f('fk_timeline_event_organisation_event_id_timeline_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_timeline_event_organisation_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('event_id', 'organisation_id', name=op.f('pk_timeline_event_organisation'))
    )
    with op.batch_alter_table('timeline_event_organisation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_timeline_event_organisation_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('timeline_event_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('precision', sa.String(length=12), nullable=False),
    sa.Column('organisation_ids', sa.JSON(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('change_note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['timeline_event.id'], name=op.f('fk_timeline_event_revision_event_id_timeline_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_timeline_event_revision_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_event_revision')),
    sa.UniqueConstraint('event_id', 'number', name=op.f('uq_timeline_event_revision_event_id_number'))
    )
    with op.batch_alter_table('timeline_event_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_timeline_event_revision_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('casus', schema=None) as batch_op:
        batch_op.add_column(sa.Column('follow_up_weeks', sa.SmallInteger(), nullable=True))
        batch_op.add_column(sa.Column('follow_up_due_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_casus_follow_up_due_on'), ['follow_up_due_on'], unique=False)

    with op.batch_alter_table('timeline_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('placement_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('revision_count', sa.SmallInteger(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('last_revised_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('retracted_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('retracted_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('retraction_reason', sa.Text(), nullable=True))
        batch_op.create_index('ix_timeline_event_case_recorded', ['case_id', 'recorded_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_timeline_event_placement_id'), ['placement_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_timeline_event_placement_id_placement'), 'placement', ['placement_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_timeline_event_retracted_by_id_user_account'), 'user_account', ['retracted_by_id'], ['id'])




def downgrade():

    with op.batch_alter_table('timeline_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_timeline_event_retracted_by_id_user_account'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_timeline_event_placement_id_placement'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_timeline_event_placement_id'))
        batch_op.drop_index('ix_timeline_event_case_recorded')
        batch_op.drop_column('retraction_reason')
        batch_op.drop_column('retracted_by_id')
        batch_op.drop_column('retracted_at')
        batch_op.drop_column('last_revised_at')
        batch_op.drop_column('revision_count')
        batch_op.drop_column('placement_id')

    with op.batch_alter_table('casus', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casus_follow_up_due_on'))
        batch_op.drop_column('follow_up_due_on')
        batch_op.drop_column('follow_up_weeks')

    with op.batch_alter_table('timeline_event_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timeline_event_revision_event_id'))

    op.drop_table('timeline_event_revision')
    with op.batch_alter_table('timeline_event_organisation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_timeline_event_organisation_organisation_id'))

    op.drop_table('timeline_event_organisation')
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_index('ix_placement_type_start')
        batch_op.drop_index(batch_op.f('ix_placement_provider_id'))
        batch_op.drop_index('ix_placement_case_start')

    op.drop_table('placement')

