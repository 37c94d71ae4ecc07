"""consent per party by the child's age; personal family links and the family's own words

Revision ID: 0024_retro_consent_parties
Revises: 0022_break_glass_review
Create Date: 2026-12-03 14:30:00

Existing consent rows keep what they said. A row given by 'ouders' or 'voogd' becomes the party
'gezag' (the parent(s) with authority or the voogd), 'jongere' the party 'jongere', all recorded by
a professional. A combined 'ouders_en_jongere' row was given by both: it becomes the parents' row,
and a copy (same dates, scope and withdrawal; its texts stay on the parents' row) records the young
person's part — unless a later row of the young person already superseded it (per party the newest
row counts). Downgrading drops the new columns; the split rows read as two legacy rows.
"""
import sqlalchemy as sa
from alembic import op

revision = '0024_retro_consent_parties'
down_revision = '0026_imported_at'
branch_labels = None
depends_on = None

PARTY = "party IN ('jongere', 'gezag')"
GIVER = "given_by IN ('ouders', 'jongere', 'ouders_en_jongere', 'voogd')"
VIA = "via IN ('professional', 'link')"


def upgrade():
    op.create_table(
        'retro_family_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('retrospective_id', sa.Integer(), nullable=True),
        sa.Column('party', sa.String(length=10), nullable=False),
        sa.Column('given_by', sa.String(length=30), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(PARTY, name=op.f('ck_retro_family_link_party')),
        sa.CheckConstraint(GIVER, name=op.f('ck_retro_family_link_given_by')),
        sa.ForeignKeyConstraint(['case_id'], ['casus.id'],
                                name=op.f('fk_retro_family_link_case_id_casus'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['retrospective_id'], ['retrospective.id'],
                                name=op.f('fk_retro_family_link_retrospective_id_retrospective'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'],
                                name=op.f('fk_retro_family_link_created_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_retro_family_link')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_retro_family_link_token_hash')),
    )
    with op.batch_alter_table('retro_family_link', schema=None) as batch_op:
        batch_op.create_index('ix_retro_family_link_case', ['case_id', 'party'], unique=False)
        batch_op.create_index(batch_op.f('ix_retro_family_link_retrospective_id'),
                              ['retrospective_id'], unique=False)

    op.create_table(
        'retro_family_text',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('retrospective_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('party', sa.String(length=10), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('family_link_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('reflectie', 'leervraag')",
                           name=op.f('ck_retro_family_text_kind')),
        sa.CheckConstraint(PARTY, name=op.f('ck_retro_family_text_party')),
        sa.ForeignKeyConstraint(['retrospective_id'], ['retrospective.id'],
                                name=op.f('fk_retro_family_text_retrospective_id_retrospective'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['family_link_id'], ['retro_family_link.id'],
                                name=op.f('fk_retro_family_text_family_link_id_retro_family_link'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_retro_family_text')),
    )
    with op.batch_alter_table('retro_family_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retro_family_text_retrospective_id'),
                              ['retrospective_id'], unique=False)

    with op.batch_alter_table('retro_consent', schema=None) as batch_op:
        batch_op.add_column(sa.Column('party', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('via', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_via', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_recorded_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('family_link_id', sa.Integer(), nullable=True))

    # The young person's part of a combined row, unless a later row of theirs superseded it.
    op.execute(
        "INSERT INTO retro_consent (case_id, given_by, given_on, scope, withdrawn_on, reflection,"
        " learning_question, recorded_by_id, created_at, updated_at, party, via)"
        " SELECT r.case_id, 'jongere', r.given_on, r.scope, r.withdrawn_on, '', '',"
        " r.recorded_by_id, r.created_at, r.updated_at, 'jongere', 'professional'"
        " FROM retro_consent r WHERE r.given_by = 'ouders_en_jongere' AND NOT EXISTS ("
        "  SELECT 1 FROM retro_consent l WHERE l.case_id = r.case_id AND l.id > r.id"
        "  AND l.given_by = 'jongere') ORDER BY r.id"
    )
    op.execute("UPDATE retro_consent SET given_by = 'ouders' WHERE given_by = 'ouders_en_jongere'")
    op.execute(
        "UPDATE retro_consent SET party = CASE WHEN given_by = 'jongere' THEN 'jongere'"
        " ELSE 'gezag' END, via = 'professional' WHERE party IS NULL"
    )

    with op.batch_alter_table('retro_consent', schema=None) as batch_op:
        batch_op.alter_column('party', existing_type=sa.String(length=10), nullable=False)
        batch_op.alter_column('via', existing_type=sa.String(length=12), nullable=False)
        batch_op.create_check_constraint('party', PARTY)
        batch_op.create_check_constraint('via', VIA)
        batch_op.create_check_constraint(
            'withdrawn_via', "withdrawn_via IS NULL OR withdrawn_via IN ('professional', 'link')"
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_retro_consent_withdrawn_recorded_by_id_user_account'),
            'user_account', ['withdrawn_recorded_by_id'], ['id'],
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_retro_consent_family_link_id_retro_family_link'),
            'retro_family_link', ['family_link_id'], ['id'], ondelete='SET NULL',
        )
        batch_op.create_index('ix_retro_consent_case_party', ['case_id', 'party', 'id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('retro_consent', schema=None) as batch_op:
        batch_op.drop_index('ix_retro_consent_case_party')
        batch_op.drop_constraint(
            batch_op.f('fk_retro_consent_family_link_id_retro_family_link'), type_='foreignkey'
        )
        batch_op.drop_constraint(
            batch_op.f('fk_retro_consent_withdrawn_recorded_by_id_user_account'),
            type_='foreignkey',
        )
        batch_op.drop_constraint(batch_op.f('ck_retro_consent_withdrawn_via'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_retro_consent_via'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_retro_consent_party'), type_='check')
        batch_op.drop_column('family_link_id')
        batch_op.drop_column('withdrawn_recorded_by_id')
        batch_op.drop_column('withdrawn_via')
        batch_op.drop_column('via')
        batch_op.drop_column('party')
    op.drop_table('retro_family_text')
    op.drop_table('retro_family_link')
