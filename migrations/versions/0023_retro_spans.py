"""de-identification spans: name flags with kind, label, placeholder, reason and who resolved them;
flags of a learning session's own text

Revision ID: 0023_retro_spans
Revises: 0022_break_glass_review
Create Date: 2026-12-03 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0023_retro_spans'
down_revision = '0028_corrections'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('retro_name_flag', schema=None) as batch_op:
        batch_op.alter_column('retrospective_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column('session_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=30), server_default='persoon',
                                      nullable=False))
        batch_op.add_column(sa.Column('label', sa.String(length=100), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('known', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('field', sa.String(length=60), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('placeholder', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('replacement', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('resolved_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_retro_name_flag_session_id_learning_session'),
            'learning_session', ['session_id'], ['id'], ondelete='CASCADE',
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_retro_name_flag_resolved_by_id_user_account'),
            'user_account', ['resolved_by_id'], ['id'],
        )
        batch_op.create_index(batch_op.f('ix_retro_name_flag_session_id'), ['session_id'],
                              unique=False)
        batch_op.create_check_constraint(
            op.f('ck_retro_name_flag_retro_or_session'), 'retrospective_id IS NOT NULL OR session_id IS NOT NULL'
        )


def downgrade():
    op.execute('DELETE FROM retro_name_flag WHERE retrospective_id IS NULL')
    with op.batch_alter_table('retro_name_flag', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_retro_name_flag_retro_or_session'), type_='check')
        batch_op.drop_index(batch_op.f('ix_retro_name_flag_session_id'))
        batch_op.drop_constraint(
            batch_op.f('fk_retro_name_flag_resolved_by_id_user_account'), type_='foreignkey'
        )
        batch_op.drop_constraint(
            batch_op.f('fk_retro_name_flag_session_id_learning_session'), type_='foreignkey'
        )
        for column in ('resolved_at', 'resolved_by_id', 'reason', 'replacement', 'placeholder',
                       'field', 'known', 'label', 'kind', 'session_id'):
            batch_op.drop_column(column)
        batch_op.alter_column('retrospective_id', existing_type=sa.Integer(), nullable=False)
