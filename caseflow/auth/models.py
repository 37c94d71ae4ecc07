"""Accounts and the organisations they work for."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.database import TimestampMixin, UTCDateTime
from caseflow.extensions import db


class Role(enum.StrEnum):
    BEHEERDER = "beheerder"
    VOORZITTER = "voorzitter"
    PROCESBEGELEIDER = "procesbegeleider"
    PROFESSIONAL = "professional"
    FACILITATOR = "facilitator"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.BEHEERDER: _l("Beheerder"),
    Role.VOORZITTER: _l("Voorzitter RET"),
    Role.PROCESBEGELEIDER: _l("Procesbegeleider"),
    Role.PROFESSIONAL: _l("Jeugdprofessional"),
    Role.FACILITATOR: _l("Facilitator leerbijeenkomst"),
}


class OrganisationKind(enum.StrEnum):
    GEMEENTE = "gemeente"
    GI = "gi"
    ZORGAANBIEDER = "zorgaanbieder"
    ONDERWIJS = "onderwijs"
    VEILIG_THUIS = "veilig_thuis"
    RET = "ret"
    OVERIG = "overig"

    @property
    def label(self) -> str:
        return str(ORGANISATION_KIND_LABELS[self])


ORGANISATION_KIND_LABELS = {
    OrganisationKind.GEMEENTE: _l("Gemeente"),
    OrganisationKind.GI: _l("Gecertificeerde instelling (GI)"),
    OrganisationKind.ZORGAANBIEDER: _l("Zorgaanbieder"),
    OrganisationKind.ONDERWIJS: _l("Onderwijs"),
    OrganisationKind.VEILIG_THUIS: _l("Veilig Thuis"),
    OrganisationKind.RET: _l("Regionaal Expertteam"),
    OrganisationKind.OVERIG: _l("Overig"),
}


def _values(enum_cls: type[enum.StrEnum]) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_cls)


class Organisation(TimestampMixin, db.Model):
    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint(f"kind IN ({_values(OrganisationKind)})", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The identifier of its kind where the field has one: the AGB code (8 digits) of a care
    # provider (Vektis). Optional; unique when given.
    agb_code: Mapped[str | None] = mapped_column(String(8), unique=True)

    users: Mapped[list[User]] = relationship(back_populates="organisation")

    @property
    def kind_label(self) -> str:
        return OrganisationKind(self.kind).label

    def __repr__(self) -> str:
        return f"<Organisation {self.name!r}>"


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    __table_args__ = (CheckConstraint(f"role IN ({_values(Role)})", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    locale: Mapped[str | None] = mapped_column(String(5))
    # Part of the login cookie's id: raising it ends every session of this user server-side.
    session_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # TOTP second factor: the secret is set at enrolment and counts once the first code matched.
    # Stored sealed with CASEFLOW_DATA_KEY (auth/data_key.py); read and set through totp_secret.
    totp_secret_sealed: Mapped[str | None] = mapped_column("totp_secret", String(255))
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None] = mapped_column(Integer)  # refuses a code's replay

    organisation: Mapped[Organisation] = relationship(back_populates="users", lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def totp_secret(self) -> str | None:
        from caseflow.auth.data_key import unseal

        return unseal(self.totp_secret_sealed)

    @totp_secret.setter
    def totp_secret(self, value: str | None) -> None:
        from caseflow.auth.data_key import seal

        self.totp_secret_sealed = seal(value)

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_enabled_at is not None and bool(self.totp_secret_sealed)

    def has_role(self, *roles: Role | str) -> bool:
        return self.role in {str(r) for r in roles}

    def __repr__(self) -> str:
        return f"<User {self.email!r} {self.role}>"
