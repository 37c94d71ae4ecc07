"""Stored risk flags. One row per raising of a flag: it stays active (``cleared_at`` empty) while
its condition holds, may be acknowledged (seen, with a note) meanwhile, and is cleared
automatically when the condition ends. Rows are never deleted: they are the flag's history.

``RiskCaseSummary`` keeps, per case with active flags, what the overview sorts and counts on, so
a page of the overview reads 25 index entries instead of aggregating every active flag."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db

NEW_HIGH = "cleared_at IS NULL AND acknowledged_at IS NULL AND severity = 'hoog'"


class RiskFlag(db.Model):
    __tablename__ = "risk_flag"
    __table_args__ = (
        CheckConstraint(
            "severity IN ('hoog', 'midden', 'laag', 'informatie')", name="severity"
        ),  # informatie: migration 0030_risk_severity
        Index("ix_risk_flag_case_cleared", "case_id", "cleared_at"),
        Index("ix_risk_flag_code_cleared", "code", "cleared_at"),
        # the overview aggregates the active flags per case (migration 0012_risk_overview)
        Index(
            "ix_risk_flag_active", "case_id", "severity",
            postgresql_where=text("cleared_at IS NULL"), sqlite_where=text("cleared_at IS NULL"),
        ),
        # at most one active flag per (case, code), whoever writes at once (0030_risk_one_active)
        Index(
            "uq_risk_flag_active", "case_id", "code", unique=True,
            postgresql_where=text("cleared_at IS NULL"), sqlite_where=text("cleared_at IS NULL"),
        ),
        # the start page's newest unacknowledged high flags (migration 0017_risk_new_high)
        Index(
            "ix_risk_flag_new_high", "raised_at", "id",
            postgresql_where=text(NEW_HIGH), sqlite_where=text(NEW_HIGH),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(10))
    explanation: Mapped[str] = mapped_column(Text)  # in Dutch, as raised (the report's text)
    # {"msgid", "values"[, "plural", "n"]}: the explanation in the reader's language (vocab);
    # empty on rows raised before migration 0030_risk_severity (they show ``explanation``)
    message: Mapped[dict | None] = mapped_column(JSON)
    evidence: Mapped[list] = mapped_column(JSON, default=list)
    raised_on: Mapped[date] = mapped_column(Date)  # the day the rule first held
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    acknowledgement_note: Mapped[str | None] = mapped_column(Text)
    cleared_on: Mapped[date | None] = mapped_column(Date)
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    acknowledged_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.cleared_at is None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class RiskCaseSummary(db.Model):
    """One row per case with at least one active flag (none otherwise), kept by
    ``services.recompute`` in the same transaction as the flags: the most severe active flag as
    a rank (0 = hoog, as ``rules.SEVERITY_ORDER``), the number of active flags, when the newest
    of them was raised, and a copy of the case reference for the overview's tie-break
    (references are handed out once and never change; recompute rewrites the copy if one did).
    Gone with its case (ON DELETE CASCADE). Migration 0014_risk_case_summary."""

    __tablename__ = "risk_case_summary"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("casus.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    worst_rank: Mapped[int] = mapped_column(SmallInteger)
    active_count: Mapped[int] = mapped_column()
    reference: Mapped[str] = mapped_column(String(20))
    last_raised_at: Mapped[datetime] = mapped_column(UTCDateTime)


# The overview's order: most severe first, then most active flags, then by reference. A page
# without filters is the first entries of this index (index-only); the counts per severity are
# an index-only count over its first column.
Index(
    "ix_risk_case_summary_order",
    RiskCaseSummary.worst_rank,
    RiskCaseSummary.active_count.desc(),
    RiskCaseSummary.reference,
    RiskCaseSummary.case_id,
)
