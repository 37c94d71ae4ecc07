"""factory_boy factories for the models; they flush into the test's session."""

from __future__ import annotations

import factory
import pyotp
from factory.alchemy import SQLAlchemyModelFactory

from caseflow.auth.models import Organisation, OrganisationKind, Role, User
from caseflow.auth.passwords import hash_password
from caseflow.auth.totp import REQUIRED_FOR
from caseflow.cases.models import Gemeente
from caseflow.database import utcnow
from caseflow.extensions import db

DEFAULT_PASSWORD = "correct-paard-batterij-nietje"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731 - read at use, not import
        sqlalchemy_session_persistence = "flush"


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Testorganisatie {n}")
    kind = OrganisationKind.ZORGAANBIEDER.value


class UserFactory(BaseFactory):
    class Meta:
        model = User

    class Params:
        password = DEFAULT_PASSWORD

    email = factory.Sequence(lambda n: f"gebruiker{n}@test.example")
    name = factory.Sequence(lambda n: f"Test Gebruiker {n}")
    role = Role.PROFESSIONAL.value
    organisation = factory.SubFactory(OrganisationFactory)
    active = True
    password_hash = factory.LazyAttribute(lambda o: hash_password(o.password))
    # Roles that must use a second factor get an enrolled TOTP secret (pass None to leave it off).
    totp_secret = factory.LazyAttribute(
        lambda o: pyotp.random_base32() if o.role in REQUIRED_FOR else None
    )
    totp_enabled_at = factory.LazyAttribute(lambda o: utcnow() if o.totp_secret else None)


class GemeenteFactory(BaseFactory):
    class Meta:
        model = Gemeente

    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    active = True
