"""Case facts the monitor's indicators need (issue 24, point 1): the legal framework of the care
over time, sibling links between cases and the number of siblings outside caseflow.

Each is correctable without losing what was there: a framework period keeps every version as a
``CaseFrameworkRevision`` (revision 1 written at the first correction, as ``core/revisions.py``),
a sibling link that was wrong is removed with a reason and stays listed, and the count of
siblings outside caseflow is a row per change, the latest being the current one."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.cases.vocab import LegalFramework, sql_in
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db


class CaseFramework(db.Model):
    """One period of a legal framework on a case (``until`` empty: still in force)."""

    __tablename__ = "casus_kader"
    __table_args__ = (
        CheckConstraint(f"framework IN ({sql_in(LegalFramework)})", name="framework"),
        CheckConstraint("until_date IS NULL OR until_date >= from_date", name="period"),
        Index("ix_casus_kader_case_from", "case_id", "from_date"),
        Index("ix_casus_kader_framework_from", "framework", "from_date"),  # the monitor's split
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    framework: Mapped[str] = mapped_column(String(40))
    from_date: Mapped[date] = mapped_column(Date)
    until_date: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    revision_count: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")
    last_revised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retracted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    retraction_reason: Mapped[str | None] = mapped_column(Text)

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None


class CaseFrameworkRevision(db.Model):
    __tablename__ = "casus_kader_revision"
    __table_args__ = (UniqueConstraint("framework_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    framework_id: Mapped[int] = mapped_column(
        ForeignKey("casus_kader.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    framework: Mapped[str] = mapped_column(String(40))
    from_date: Mapped[date] = mapped_column(Date)
    until_date: Mapped[date | None] = mapped_column(Date)
    changed_fields: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    recorded_by: Mapped[User | None] = relationship(lazy="joined")


class SiblingLink(db.Model):
    """Two cases of brothers or sisters. Symmetric: stored once, the lower case id first."""

    __tablename__ = "casus_broer_zus"
    __table_args__ = (
        CheckConstraint("case_id < sibling_id", name="ordered"),
        Index("ix_casus_broer_zus_sibling", "sibling_id"),
        Index("ix_casus_broer_zus_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    sibling_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    removed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    removal_reason: Mapped[str | None] = mapped_column(Text)

    def other(self, case_id: int) -> int:
        return self.sibling_id if self.case_id == case_id else self.case_id


class SiblingsOutside(db.Model):
    """How many brothers and sisters the child has outside caseflow, as recorded; every change
    is a new row (the latest is the current count), so earlier values stay readable."""

    __tablename__ = "casus_broers_zussen_buiten"
    __table_args__ = (CheckConstraint("count >= 0 AND count <= 30", name="count"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    count: Mapped[int] = mapped_column(SmallInteger)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    recorded_by: Mapped[User | None] = relationship(lazy="joined")
