"""Versions of a case's intake data: every correction keeps the version before it, with who,
when and why. Revision 1 is what was first registered (written at the first correction)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db


class CaseRevision(db.Model):
    __tablename__ = "casus_revision"
    __table_args__ = (UniqueConstraint("case_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    pseudonym: Mapped[str] = mapped_column(String(60))
    birth_year: Mapped[int] = mapped_column(SmallInteger)
    birth_month: Mapped[int] = mapped_column(SmallInteger)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"))
    referrer_type: Mapped[str] = mapped_column(String(20))
    referrer_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    problem_areas: Mapped[list] = mapped_column(JSON, default=list)
    question: Mapped[str] = mapped_column(Text)
    # The names of the fields this version changed (empty for revision 1), never their values.
    changed_fields: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    recorded_by: Mapped[User | None] = relationship(lazy="joined")
