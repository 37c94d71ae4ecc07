"""A search per case (``zoektocht``), what the child needs, and the providers asked
(``zoektocht_aanvraag``). Each keeps its latest content; every correction adds a numbered
revision with its reason (``core/revisions.py``), so what was recorded first stays readable."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import Organisation
from caseflow.cases.vocab import sql_in
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db
from caseflow.search.vocab import (
    Answer,
    CloseKind,
    RefusalReason,
    RegionPreference,
    WervingStatus,
)


class Search(db.Model):
    __tablename__ = "zoektocht"
    __table_args__ = (
        CheckConstraint(f"region_preference IN ({sql_in(RegionPreference)})", name="region"),
        CheckConstraint(f"werving_status IN ({sql_in(WervingStatus)})", name="werving"),
        CheckConstraint(f"close_kind IS NULL OR close_kind IN ({sql_in(CloseKind)})",
                        name="close_kind"),
        CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="period"),
        Index("ix_zoektocht_case", "case_id", "opened_on"),
        Index("ix_zoektocht_open", "closed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    opened_on: Mapped[date] = mapped_column(Date)
    opened_in_phase: Mapped[str] = mapped_column(String(30))
    care_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    setting_needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    closed_basis: Mapped[str] = mapped_column(Text, default="")  # legal basis when gesloten
    school: Mapped[str] = mapped_column(String(200), default="")
    needs_note: Mapped[str] = mapped_column(Text, default="")
    region_preference: Mapped[str] = mapped_column(String(20))
    weighing: Mapped[str] = mapped_column(Text, default="")  # out of region: what was weighed
    network_contact: Mapped[str] = mapped_column(Text, default="")  # contact planned
    werving_status: Mapped[str] = mapped_column(String(20), default=WervingStatus.GEEN.value)
    werving_note: Mapped[str] = mapped_column(Text, default="")
    closed_on: Mapped[date | None] = mapped_column(Date)
    close_kind: Mapped[str | None] = mapped_column(String(20))
    close_note: Mapped[str] = mapped_column(Text, default="")
    placement_id: Mapped[int | None] = mapped_column(
        ForeignKey("placement.id", ondelete="SET NULL")
    )
    revision_count: Mapped[int] = mapped_column(SmallInteger, default=1)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def weighing_recorded(self) -> bool:
        return bool(self.weighing.strip())


class SearchRevision(db.Model):
    """The search's needs as they were before a correction (revision 1: as first recorded)."""

    __tablename__ = "zoektocht_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(
        ForeignKey("zoektocht.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class SearchRequest(db.Model):
    """One provider asked for one care type; the answer comes later (NULL: still open)."""

    __tablename__ = "zoektocht_aanvraag"
    __table_args__ = (
        CheckConstraint(f"answer IS NULL OR answer IN ({sql_in(Answer)})", name="answer"),
        CheckConstraint(
            f"refusal_reason IS NULL OR refusal_reason IN ({sql_in(RefusalReason)})",
            name="refusal",
        ),
        CheckConstraint("answered_on IS NULL OR answered_on >= requested_on", name="order"),
        CheckConstraint("wait_weeks IS NULL OR wait_weeks >= 0", name="wait_weeks"),
        Index("ix_zoektocht_aanvraag_search", "search_id", "requested_on"),
        Index("ix_zoektocht_aanvraag_provider", "provider_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    search_id: Mapped[int] = mapped_column(ForeignKey("zoektocht.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    care_type: Mapped[str] = mapped_column(String(30))
    requested_on: Mapped[date] = mapped_column(Date)
    reasked: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    answer: Mapped[str | None] = mapped_column(String(20))
    answered_on: Mapped[date | None] = mapped_column(Date)
    wait_weeks: Mapped[int | None] = mapped_column(SmallInteger)
    refusal_reason: Mapped[str | None] = mapped_column(String(20))
    refusal_other: Mapped[str] = mapped_column(Text, default="")
    revision_count: Mapped[int] = mapped_column(SmallInteger, default=1)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    provider: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def is_open(self) -> bool:
        return self.answer is None


class SearchRequestRevision(db.Model):
    __tablename__ = "zoektocht_aanvraag_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("zoektocht_aanvraag.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
