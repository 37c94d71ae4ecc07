"""search: zoektocht, aanvragen, revisions; timeline events of kind 'zoektocht'

Revision ID: 0031_search25_zoektocht
Revises: 0031_monfacts_case_facts
Create Date: 2026-12-04 02:00:20.724800

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0031_search25_zoektocht'
down_revision = '0031_monfacts_case_facts'
branch_labels = None
depends_on = None

OLD_KINDS = "'crisis', 'incident', 'gesprek', 'besluit', 'analyse', 'school', 'wachtlijst', 'netwerk', 'evaluatiemoment', 'contact_jeugdige', 'wisseling_regisseur', 'fase', 'plaatsing', 'overig'"
NEW_KINDS = OLD_KINDS + ", 'zoektocht'"


def _event_kinds(kinds: str) -> None:
    with op.batch_alter_table('timeline_event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_timeline_event_kind'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_timeline_event_kind'), f"kind IN ({kinds})")


def upgrade():
    _event_kinds(NEW_KINDS)
    op.create_table('zoektocht',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('opened_in_phase', sa.String(length=30), nullable=False),
    sa.Column('care_types', sa.JSON(), nullable=False),
    sa.Column('setting_needs', sa.JSON(), nullable=False),
    sa.Column('closed_basis', sa.Text(), nullable=False),
    sa.Column('school', sa.String(length=200), nullable=False),
    sa.Column('needs_note', sa.Text(), nullable=False),
    sa.Column('region_preference', sa.String(length=20), nullable=False),
    sa.Column('weighing', sa.Text(), nullable=False),
    sa.Column('network_contact', sa.Text(), nullable=False),
    sa.Column('werving_status', sa.String(length=20), nullable=False),
    sa.Column('werving_note', sa.Text(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('close_kind', sa.String(length=20), nullable=True),
    sa.Column('close_note', sa.Text(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('revision_count', sa.SmallInteger(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("close_kind IS NULL OR close_kind IN ('plaatsing', 'thuis_ambulant', 'maatwerk', 'gestopt')", name=op.f('ck_zoektocht_close_kind')),
    sa.CheckConstraint("region_preference IN ('in_regio', 'buiten_regio', 'geen_voorkeur')", name=op.f('ck_zoektocht_region')),
    sa.CheckConstraint("werving_status IN ('geen', 'gestart', 'kandidaat', 'gevonden', 'gestopt')", name=op.f('ck_zoektocht_werving')),
    sa.CheckConstraint('closed_on IS NULL OR closed_on >= opened_on', name=op.f('ck_zoektocht_period')),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_zoektocht_case_id_casus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_zoektocht_placement_id_placement'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_zoektocht_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zoektocht'))
    )
    with op.batch_alter_table('zoektocht', schema=None) as batch_op:
        batch_op.create_index('ix_zoektocht_case', ['case_id', 'opened_on'], unique=False)
        batch_op.create_index('ix_zoektocht_open', ['closed_on'], unique=False)

    op.create_table('zoektocht_aanvraag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('search_id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('care_type', sa.String(length=30), nullable=False),
    sa.Column('requested_on', sa.Date(), nullable=False),
    sa.Column('reasked', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('answer', sa.String(length=20), nullable=True),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('wait_weeks', sa.SmallInteger(), nullable=True),
    sa.Column('refusal_reason', sa.String(length=20), nullable=True),
    sa.Column('refusal_other', sa.Text(), nullable=False),
    sa.Column('revision_count', sa.SmallInteger(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("answer IS NULL OR answer IN ('ja', 'nee', 'wachtlijst', 'geen_reactie')", name=op.f('ck_zoektocht_aanvraag_answer')),
    sa.CheckConstraint("refusal_reason IS NULL OR refusal_reason IN ('vol', 'doelgroep', 'te_complex', 'leeftijd', 'regio', 'financiering', 'anders')", name=op.f('ck_zoektocht_aanvraag_refusal')),
    sa.CheckConstraint('answered_on IS NULL OR answered_on >= requested_on', name=op.f('ck_zoektocht_aanvraag_order')),
    sa.CheckConstraint('wait_weeks IS NULL OR wait_weeks >= 0', name=op.f('ck_zoektocht_aanvraag_wait_weeks')),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_zoektocht_aanvraag_case_id_casus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provider_id'], ['organisation.id'], name=op.f('fk_zoektocht_aanvraag_provider_id_organisation')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_zoektocht_aanvraag_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['search_id'], ['zoektocht.id'], name=op.f('fk_zoektocht_aanvraag_search_id_zoektocht'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zoektocht_aanvraag'))
    )
    with op.batch_alter_table('zoektocht_aanvraag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zoektocht_aanvraag_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_zoektocht_aanvraag_provider', ['provider_id'], unique=False)
        batch_op.create_index('ix_zoektocht_aanvraag_search', ['search_id', 'requested_on'], unique=False)

    op.create_table('zoektocht_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('search_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_zoektocht_revision_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['search_id'], ['zoektocht.id'], name=op.f('fk_zoektocht_revision_search_id_zoektocht'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zoektocht_revision'))
    )
    with op.batch_alter_table('zoektocht_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zoektocht_revision_search_id'), ['search_id'], unique=False)

    op.create_table('zoektocht_aanvraag_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_zoektocht_aanvraag_revision_recorded_by_id_user_account')),
    sa.ForeignKeyConstraint(['request_id'], ['zoektocht_aanvraag.id'], name=op.f('fk_zoektocht_aanvraag_revision_request_id_zoektocht_aanvraag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_zoektocht_aanvraag_revision'))
    )
    with op.batch_alter_table('zoektocht_aanvraag_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_zoektocht_aanvraag_revision_request_id'), ['request_id'], unique=False)



def downgrade():
    op.execute("DELETE FROM timeline_event WHERE kind = 'zoektocht'")
    _event_kinds(OLD_KINDS)
    with op.batch_alter_table('zoektocht_aanvraag_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zoektocht_aanvraag_revision_request_id'))

    op.drop_table('zoektocht_aanvraag_revision')
    with op.batch_alter_table('zoektocht_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_zoektocht_revision_search_id'))

    op.drop_table('zoektocht_revision')
    with op.batch_alter_table('zoektocht_aanvraag', schema=None) as batch_op:
        batch_op.drop_index('ix_zoektocht_aanvraag_search')
        batch_op.drop_index('ix_zoektocht_aanvraag_provider')
        batch_op.drop_index(batch_op.f('ix_zoektocht_aanvraag_case_id'))

    op.drop_table('zoektocht_aanvraag')
    with op.batch_alter_table('zoektocht', schema=None) as batch_op:
        batch_op.drop_index('ix_zoektocht_open')
        batch_op.drop_index('ix_zoektocht_case')

    op.drop_table('zoektocht')
