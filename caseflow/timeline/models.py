"""Timeline events of a case. Phase moves and decisions write them automatically."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.cases.vocab import sql_in
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db


class EventKind(enum.StrEnum):
    CRISIS = "crisis"
    INCIDENT = "incident"
    GESPREK = "gesprek"
    BESLUIT = "besluit"
    ANALYSE = "analyse"
    SCHOOL = "school"
    WACHTLIJST = "wachtlijst"
    NETWERK = "netwerk"
    EVALUATIEMOMENT = "evaluatiemoment"
    CONTACT_JEUGDIGE = "contact_jeugdige"
    WISSELING_REGISSEUR = "wisseling_regisseur"
    FASE = "fase"
    PLAATSING = "plaatsing"
    OVERIG = "overig"


class DatePrecision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    APPROXIMATE = "approximate"


class EventSource(enum.StrEnum):
    USER = "gebruiker"
    SYSTEM = "systeem"
    IMPORT = "import"


class TimelineEvent(db.Model):
    __tablename__ = "timeline_event"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(EventKind)})", name="kind"),
        CheckConstraint(f"precision IN ({sql_in(DatePrecision)})", name="precision"),
        CheckConstraint(f"source IN ({sql_in(EventSource)})", name="source"),
        Index("ix_timeline_event_case_occurred", "case_id", "occurred_on", "id"),
        Index("ix_timeline_event_case_kind", "case_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    occurred_on: Mapped[date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(12), default=DatePrecision.DAY.value)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    source: Mapped[str] = mapped_column(String(12), default=EventSource.USER.value)
    phase_transition_id: Mapped[int | None] = mapped_column(
        ForeignKey("phase_transition.id", ondelete="SET NULL")
    )

    recorded_by: Mapped[User | None] = relationship(lazy="joined")
