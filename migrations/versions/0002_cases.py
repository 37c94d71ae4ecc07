"""cases

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:49:56.768500

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('gemeente',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gemeente')),
    sa.UniqueConstraint('name', name=op.f('uq_gemeente_name'))
    )
    op.create_table('reference_counter',
    sa.Column('region', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last_number', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('region', 'year', name=op.f('pk_reference_counter'))
    )
    op.create_table('casus',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('pseudonym', sa.String(length=60), nullable=False),
    sa.Column('birth_year', sa.SmallInteger(), nullable=False),
    sa.Column('birth_month', sa.SmallInteger(), nullable=False),
    sa.Column('gemeente_id', sa.Integer(), nullable=False),
    sa.Column('referrer_type', sa.String(length=20), nullable=False),
    sa.Column('referrer_organisation_id', sa.Integer(), nullable=True),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('current_situation', sa.Text(), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=False),
    sa.Column('phase', sa.String(length=30), nullable=False),
    sa.Column('phase_since', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closing_reason', sa.String(length=30), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('casusregisseur_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("closing_reason IS NULL OR closing_reason IN ('afgerond', 'niet_ontvankelijk', 'overgedragen', 'ingetrokken', 'overig')", name=op.f('ck_casus_closing_reason')),
    sa.CheckConstraint("phase IN ('aanmelding', 'verklarende_analyse', 'ret_bespreking', 'plaatsing', 'blijven_volgen', 'evaluatie', 'afgesloten')", name=op.f('ck_casus_phase')),
    sa.CheckConstraint("referrer_type IN ('gemeente', 'gi', 'huisarts', 'zorgaanbieder', 'veilig_thuis', 'onderwijs', 'ouders', 'overig')", name=op.f('ck_casus_referrer_type')),
    sa.CheckConstraint('birth_month BETWEEN 1 AND 12', name=op.f('ck_casus_birth_month')),
    sa.ForeignKeyConstraint(['casusregisseur_id'], ['user_account.id'], name=op.f('fk_casus_casusregisseur_id_user_account')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_casus_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['gemeente_id'], ['gemeente.id'], name=op.f('fk_casus_gemeente_id_gemeente')),
    sa.ForeignKeyConstraint(['referrer_organisation_id'], ['organisation.id'], name=op.f('fk_casus_referrer_organisation_id_organisation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casus')),
    sa.UniqueConstraint('reference', name=op.f('uq_casus_reference'))
    )
    with op.batch_alter_table('casus', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casus_casusregisseur_id'), ['casusregisseur_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_casus_gemeente_id'), ['gemeente_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_casus_phase'), ['phase'], unique=False)
        batch_op.create_index('ix_casus_phase_phase_since', ['phase', 'phase_since'], unique=False)
        batch_op.create_index(batch_op.f('ix_casus_pseudonym'), ['pseudonym'], unique=False)
        batch_op.create_index(batch_op.f('ix_casus_referrer_organisation_id'), ['referrer_organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_casus_referrer_type'), ['referrer_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_casus_registered_on'), ['registered_on'], unique=False)

    op.create_table('casus_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('geen_plaatsing_nodig', 'besluit_buiten_vergadering')", name=op.f('ck_casus_decision_kind')),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_casus_decision_case_id_casus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_casus_decision_decided_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casus_decision'))
    )
    with op.batch_alter_table('casus_decision', schema=None) as batch_op:
        batch_op.create_index('ix_casus_decision_case_kind', ['case_id', 'kind', 'decided_at'], unique=False)

    op.create_table('casus_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("role IN ('casusregisseur', 'jeugdbeschermer', 'zorgaanbieder', 'consulent_gemeente', 'onderwijs', 'gedragswetenschapper', 'overig')", name=op.f('ck_casus_member_role')),
    sa.CheckConstraint('until IS NULL OR until >= since', name=op.f('ck_casus_member_period')),
    sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'], name=op.f('fk_casus_member_added_by_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_casus_member_case_id_casus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_casus_member_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_casus_member'))
    )
    with op.batch_alter_table('casus_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casus_member_case_id'), ['case_id'], unique=False)
        batch_op.create_index('ix_casus_member_user_active', ['user_id', 'until'], unique=False)

    op.create_table('casus_problem_area',
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=30), nullable=False),
    sa.CheckConstraint("area IN ('trauma', 'hechting', 'ass', 'lvb', 'ggz', 'gedrag', 'verslaving', 'thuiszitten', 'huiselijk_geweld', 'overig')", name=op.f('ck_casus_problem_area_area')),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_casus_problem_area_case_id_casus'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('case_id', 'area', name=op.f('pk_casus_problem_area'))
    )
    with op.batch_alter_table('casus_problem_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_casus_problem_area_area'), ['area'], unique=False)

    op.create_table('explanatory_analysis',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('question', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('hypotheses_child', sa.Text(), nullable=False),
    sa.Column('hypotheses_family', sa.Text(), nullable=False),
    sa.Column('hypotheses_care', sa.Text(), nullable=False),
    sa.Column('working_theory', sa.Text(), nullable=False),
    sa.Column('goals', sa.Text(), nullable=False),
    sa.Column('scenarios', sa.Text(), nullable=False),
    sa.Column('made_with_family', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('behavioural_scientist_involved', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_explanatory_analysis_case_id_casus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_explanatory_analysis_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_explanatory_analysis')),
    sa.UniqueConstraint('case_id', 'version_number', name=op.f('uq_explanatory_analysis_case_id_version_number'))
    )
    with op.batch_alter_table('explanatory_analysis', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_explanatory_analysis_case_id'), ['case_id'], unique=False)

    op.create_table('phase_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('trigger', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('closing_reason', sa.String(length=30), nullable=True),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("status IN ('open', 'aanvaard', 'afgewezen', 'vervallen')", name=op.f('ck_phase_proposal_status')),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_phase_proposal_case_id_casus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_phase_proposal_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user_account.id'], name=op.f('fk_phase_proposal_proposed_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phase_proposal'))
    )
    with op.batch_alter_table('phase_proposal', schema=None) as batch_op:
        batch_op.create_index('ix_phase_proposal_case_status', ['case_id', 'status'], unique=False)

    op.create_table('phase_transition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('from_phase', sa.String(length=30), nullable=True),
    sa.Column('to_phase', sa.String(length=30), nullable=False),
    sa.Column('trigger', sa.String(length=30), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('closing_reason', sa.String(length=30), nullable=True),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('imported', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.CheckConstraint("from_phase IS NULL OR from_phase IN ('aanmelding', 'verklarende_analyse', 'ret_bespreking', 'plaatsing', 'blijven_volgen', 'evaluatie', 'afgesloten')", name=op.f('ck_phase_transition_from_phase')),
    sa.CheckConstraint("to_phase IN ('aanmelding', 'verklarende_analyse', 'ret_bespreking', 'plaatsing', 'blijven_volgen', 'evaluatie', 'afgesloten')", name=op.f('ck_phase_transition_to_phase')),
    sa.ForeignKeyConstraint(['by_id'], ['user_account.id'], name=op.f('fk_phase_transition_by_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_phase_transition_case_id_casus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposal_id'], ['phase_proposal.id'], name=op.f('fk_phase_transition_proposal_id_phase_proposal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phase_transition'))
    )
    with op.batch_alter_table('phase_transition', schema=None) as batch_op:
        batch_op.create_index('ix_phase_transition_case_at', ['case_id', 'at', 'id'], unique=False)

    op.create_table('timeline_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('precision', sa.String(length=12), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('phase_transition_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('crisis', 'incident', 'gesprek', 'besluit', 'analyse', 'school', 'wachtlijst', 'netwerk', 'evaluatiemoment', 'contact_jeugdige', 'wisseling_regisseur', 'fase', 'plaatsing', 'overig')", name=op.f('ck_timeline_event_kind')),
    sa.CheckConstraint("precision IN ('day', 'month', 'approximate')", name=op.f('ck_timeline_event_precision')),
    sa.CheckConstraint("source IN ('gebruiker', 'systeem', 'import')", name=op.f('ck_timeline_event_source')),
    sa.ForeignKeyConstraint(['case_id'], ['casus.id'], name=op.f('fk_timeline_event_case_id_casus'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['phase_transition_id'], ['phase_transition.id'], name=op.f('fk_timeline_event_phase_transition_id_phase_transition'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_timeline_event_recorded_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_timeline_event'))
    )
    with op.batch_alter_table('timeline_event', schema=None) as batch_op:
        batch_op.create_index('ix_timeline_event_case_kind', ['case_id', 'kind'], unique=False)
        batch_op.create_index('ix_timeline_event_case_occurred', ['case_id', 'occurred_on', 'id'], unique=False)




def downgrade():
    
    with op.batch_alter_table('timeline_event', schema=None) as batch_op:
        batch_op.drop_index('ix_timeline_event_case_occurred')
        batch_op.drop_index('ix_timeline_event_case_kind')

    op.drop_table('timeline_event')
    with op.batch_alter_table('phase_transition', schema=None) as batch_op:
        batch_op.drop_index('ix_phase_transition_case_at')

    op.drop_table('phase_transition')
    with op.batch_alter_table('phase_proposal', schema=None) as batch_op:
        batch_op.drop_index('ix_phase_proposal_case_status')

    op.drop_table('phase_proposal')
    with op.batch_alter_table('explanatory_analysis', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_explanatory_analysis_case_id'))

    op.drop_table('explanatory_analysis')
    with op.batch_alter_table('casus_problem_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casus_problem_area_area'))

    op.drop_table('casus_problem_area')
    with op.batch_alter_table('casus_member', schema=None) as batch_op:
        batch_op.drop_index('ix_casus_member_user_active')
        batch_op.drop_index(batch_op.f('ix_casus_member_case_id'))

    op.drop_table('casus_member')
    with op.batch_alter_table('casus_decision', schema=None) as batch_op:
        batch_op.drop_index('ix_casus_decision_case_kind')

    op.drop_table('casus_decision')
    with op.batch_alter_table('casus', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_casus_registered_on'))
        batch_op.drop_index(batch_op.f('ix_casus_referrer_type'))
        batch_op.drop_index(batch_op.f('ix_casus_referrer_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_casus_pseudonym'))
        batch_op.drop_index('ix_casus_phase_phase_since')
        batch_op.drop_index(batch_op.f('ix_casus_phase'))
        batch_op.drop_index(batch_op.f('ix_casus_gemeente_id'))
        batch_op.drop_index(batch_op.f('ix_casus_casusregisseur_id'))

    op.drop_table('casus')
    op.drop_table('reference_counter')
    op.drop_table('gemeente')

