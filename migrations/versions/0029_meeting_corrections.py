"""meetings can be corrected: cancelled with a reason, their changes kept, minutes fixed

Revision ID: 0029_meeting_corrections
Revises: 0025_exchange_contract
Create Date: 2026-12-03 15:00:00

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0029_meeting_corrections'
down_revision = '0023_retro_spans'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ret_meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cancelled_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cancel_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column(
            'minutes_status', sa.String(length=12), nullable=False, server_default='concept'
        ))
        batch_op.add_column(sa.Column('minutes_fixed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('minutes_fixed_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_ret_meeting_cancelled_by_id_user_account'),
            'user_account', ['cancelled_by_id'], ['id'],
        )
        batch_op.create_foreign_key(
            batch_op.f('fk_ret_meeting_minutes_fixed_by_id_user_account'),
            'user_account', ['minutes_fixed_by_id'], ['id'],
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_ret_meeting_minutes_status'),
            "minutes_status IN ('concept', 'vastgesteld')",
        )
    op.create_table(
        'ret_meeting_change',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('detail', sa.JSON(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('gewijzigd', 'geannuleerd', 'agenda_verwijderd', 'agenda_verplaatst', "
            "'verslag_vastgesteld', 'addendum')",
            name=op.f('ck_ret_meeting_change_kind'),
        ),
        sa.ForeignKeyConstraint(['by_id'], ['user_account.id'],
                                name=op.f('fk_ret_meeting_change_by_id_user_account')),
        sa.ForeignKeyConstraint(['case_id'], ['casus.id'], ondelete='CASCADE',
                                name=op.f('fk_ret_meeting_change_case_id_casus')),
        sa.ForeignKeyConstraint(['meeting_id'], ['ret_meeting.id'], ondelete='CASCADE',
                                name=op.f('fk_ret_meeting_change_meeting_id_ret_meeting')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ret_meeting_change')),
    )
    with op.batch_alter_table('ret_meeting_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ret_meeting_change_case_id'), ['case_id'])
        batch_op.create_index(batch_op.f('ix_ret_meeting_change_meeting_id'), ['meeting_id'])
    op.create_table(
        'ret_minutes_addendum',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('added_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'],
                                name=op.f('fk_ret_minutes_addendum_added_by_id_user_account')),
        sa.ForeignKeyConstraint(['meeting_id'], ['ret_meeting.id'], ondelete='CASCADE',
                                name=op.f('fk_ret_minutes_addendum_meeting_id_ret_meeting')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ret_minutes_addendum')),
    )
    with op.batch_alter_table('ret_minutes_addendum', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ret_minutes_addendum_meeting_id'), ['meeting_id'])


def downgrade():
    op.drop_table('ret_minutes_addendum')
    op.drop_table('ret_meeting_change')
    with op.batch_alter_table('ret_meeting', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_ret_meeting_minutes_status'), type_='check')
        batch_op.drop_constraint(
            batch_op.f('fk_ret_meeting_minutes_fixed_by_id_user_account'), type_='foreignkey'
        )
        batch_op.drop_constraint(
            batch_op.f('fk_ret_meeting_cancelled_by_id_user_account'), type_='foreignkey'
        )
        for column in ('minutes_fixed_by_id', 'minutes_fixed_at', 'minutes_status',
                       'cancel_reason', 'cancelled_by_id', 'cancelled_at'):
            batch_op.drop_column(column)
