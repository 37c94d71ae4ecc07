"""region set-up: gemeenten with CBS code, validity and successor (herindeling); an
organisation's AGB code

Revision ID: 0027_region_setup
Revises: 0025_exchange_contract
Create Date: 2026-12-05 10:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0027_region_setup'
down_revision = '0024_retro_consent_parties'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('gemeente', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cbs_code', sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column('valid_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('valid_until', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('successor_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_gemeente_cbs_code'), ['cbs_code'])
        batch_op.create_foreign_key(
            batch_op.f('fk_gemeente_successor_id_gemeente'), 'gemeente', ['successor_id'], ['id']
        )
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agb_code', sa.String(length=8), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_organisation_agb_code'), ['agb_code'])


def downgrade():
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_organisation_agb_code'), type_='unique')
        batch_op.drop_column('agb_code')
    with op.batch_alter_table('gemeente', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_gemeente_successor_id_gemeente'),
                                 type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_gemeente_cbs_code'), type_='unique')
        batch_op.drop_column('successor_id')
        batch_op.drop_column('valid_until')
        batch_op.drop_column('valid_from')
        batch_op.drop_column('cbs_code')
