"""Imports every domain's models so that metadata (and Alembic autogenerate) sees all tables."""

from caseflow.auth.models import Organisation, User  # noqa: F401
from caseflow.core.models import Setting  # noqa: F401
