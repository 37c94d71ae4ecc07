"""auth: TOTP secrets sealed at rest with CASEFLOW_DATA_KEY (issue 27, point 4)

Revision ID: 0031_ops2_totp_sealed
Revises: 0030_risk_one_active
Create Date: 2026-12-04 01:30:00

The column grows to hold a Fernet token, and every plain secret is sealed with the application's
data key. Run without an application (plain Alembic), the plain values stay and are read as they
are until `flask --app caseflow users rotate-data-key` seals them.
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0031_ops2_totp_sealed'
down_revision = '0030_risk_one_active'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user_account") as batch:
        batch.alter_column("totp_secret", type_=sa.String(255), existing_type=sa.String(64))
    from flask import has_app_context

    if not has_app_context():
        return
    from caseflow.auth.data_key import is_sealed, seal

    bind = op.get_bind()
    user = sa.table("user_account", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))
    rows = bind.execute(sa.select(user.c.id, user.c.totp_secret).where(
        user.c.totp_secret.is_not(None))).all()
    for user_id, secret in rows:
        if not is_sealed(secret):
            bind.execute(user.update().where(user.c.id == user_id).values(totp_secret=seal(secret)))


def downgrade():
    # Sealed values do not fit 64 characters: open them again first, where the key is at hand.
    from flask import has_app_context

    bind = op.get_bind()
    user = sa.table("user_account", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))
    if has_app_context():
        from caseflow.auth.data_key import unseal

        rows = bind.execute(sa.select(user.c.id, user.c.totp_secret).where(
            user.c.totp_secret.is_not(None))).all()
        for user_id, secret in rows:
            bind.execute(user.update().where(user.c.id == user_id).values(totp_secret=unseal(secret)))
    with op.batch_alter_table("user_account") as batch:
        batch.alter_column("totp_secret", type_=sa.String(64), existing_type=sa.String(255))
