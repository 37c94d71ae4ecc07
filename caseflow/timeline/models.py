"""Timeline events and placements of a case.

Events are never rewritten: every edit adds a revision and a removal is a retraction with a
reason. ``recorded_at`` (server time) is kept apart from ``occurred_on`` (when it happened), so the
timeline can be shown as it was known on any date.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import Organisation, User
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
    ZOEKTOCHT = "zoektocht"  # the search for a place (caseflow.search writes these)


# Events that reset the follow-up clock in 'blijven volgen'.
FOLLOW_UP_KINDS = (EventKind.EVALUATIEMOMENT.value, EventKind.CONTACT_JEUGDIGE.value)


class DatePrecision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    APPROXIMATE = "approximate"


class EventSource(enum.StrEnum):
    USER = "gebruiker"
    SYSTEM = "systeem"
    IMPORT = "import"


class PlacementType(enum.StrEnum):
    PLEEGZORG = "pleegzorg"
    GEZINSHUIS = "gezinshuis"
    VERBLIJF_24UUR = "verblijf_24uur"
    GGZ_VERBLIJF = "ggz_verblijf"
    DRIEMILIEU = "driemilieu"
    BESCHERMD_WONEN = "beschermd_wonen"
    GESLOTEN = "gesloten"
    KORTDUREND_VERBLIJF = "kortdurend_verblijf"
    THUIS_AMBULANT = "thuis_ambulant"
    MAATWERK = "maatwerk"


# A short stay (respite, crisis bed) may overlap another placement; nothing else may.
OVERLAP_ALLOWED = frozenset({PlacementType.KORTDUREND_VERBLIJF.value})


class EndingKind(enum.StrEnum):
    PLANMATIG = "planmatig"
    ONPLANMATIG = "onplanmatig"


class EndReason(enum.StrEnum):
    CRISIS = "crisis"
    AANBIEDER_STOPT = "aanbieder_stopt"
    WEGGELOPEN = "weggelopen"
    GEEN_PASSEND_VERVOLG = "geen_passend_vervolg"
    OVERIG = "overig"


timeline_event_organisation = Table(
    "timeline_event_organisation",
    db.metadata,
    Column("event_id", ForeignKey("timeline_event.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id"), primary_key=True, index=True),
)


class Placement(db.Model):
    __tablename__ = "placement"
    __table_args__ = (
        CheckConstraint(f"type IN ({sql_in(PlacementType)})", name="type"),
        CheckConstraint(f"ending IS NULL OR ending IN ({sql_in(EndingKind)})", name="ending"),
        CheckConstraint(
            f"end_reason IS NULL OR end_reason IN ({sql_in(EndReason)})", name="end_reason"
        ),
        CheckConstraint("actual_end IS NULL OR actual_end >= start_date", name="period"),
        CheckConstraint("planned_end IS NULL OR planned_end >= start_date", name="planned"),
        Index("ix_placement_case_start", "case_id", "start_date"),
        Index("ix_placement_type_start", "type", "start_date"),
        Index("ix_placement_start_date", "start_date"),  # the monitor: started in a period
        Index("ix_placement_actual_end", "actual_end"),  # the monitor: running in a period
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(30))
    provider_name: Mapped[str] = mapped_column(String(200))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    in_region: Mapped[bool] = mapped_column(Boolean, default=True)
    start_date: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    ending: Mapped[str | None] = mapped_column(String(20))
    end_reason: Mapped[str | None] = mapped_column(String(30))
    end_note: Mapped[str] = mapped_column(Text, default="")
    ended_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    imported: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Imported: ``recorded_at``/``ended_recorded_at`` are the region's own dates, this the import.
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Costs (outcome issue): a tariff per day, or one total (maatwerk), and who pays.
    tariff_kind: Mapped[str | None] = mapped_column(String(10))
    tariff_amount: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    funding_gemeente_id: Mapped[int | None] = mapped_column(ForeignKey("gemeente.id"))
    # Within the region's contracted supply (seed 004 reports that only); None: not recorded.
    contracted: Mapped[bool | None] = mapped_column(Boolean)
    # Corrections (issue 20): a revision per correction, a retraction for one entered by mistake.
    revision_count: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")
    last_revised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retracted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    retraction_reason: Mapped[str | None] = mapped_column(Text)

    provider: Mapped[Organisation | None] = relationship(lazy="joined")

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def is_running(self) -> bool:
        return self.actual_end is None

    @property
    def unplanned(self) -> bool:
        return self.ending == EndingKind.ONPLANMATIG.value


class TimelineEvent(db.Model):
    __tablename__ = "timeline_event"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(EventKind)})", name="kind"),
        CheckConstraint(f"precision IN ({sql_in(DatePrecision)})", name="precision"),
        CheckConstraint(f"source IN ({sql_in(EventSource)})", name="source"),
        Index("ix_timeline_event_case_occurred", "case_id", "occurred_on", "id"),
        Index("ix_timeline_event_case_kind", "case_id", "kind"),
        Index("ix_timeline_event_case_recorded", "case_id", "recorded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    # A title caseflow wrote: its message id and values, so each reader sees it in their own
    # language (``timeline/titles.py``); ``title`` keeps the Dutch text exports and copies read.
    title_msgid: Mapped[str | None] = mapped_column(String(200))
    title_values: Mapped[dict | None] = mapped_column(JSON)
    description: Mapped[str] = mapped_column(Text, default="")
    # The same for a description caseflow wrote ("binnen de regio"); None: show ``description``.
    description_msgid: Mapped[str | None] = mapped_column(String(200))
    description_values: Mapped[dict | None] = mapped_column(JSON)
    occurred_on: Mapped[date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(12), default=DatePrecision.DAY.value)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    source: Mapped[str] = mapped_column(String(12), default=EventSource.USER.value)
    phase_transition_id: Mapped[int | None] = mapped_column(
        ForeignKey("phase_transition.id", ondelete="SET NULL")
    )
    placement_id: Mapped[int | None] = mapped_column(
        ForeignKey("placement.id", ondelete="SET NULL"), index=True
    )
    revision_count: Mapped[int] = mapped_column(SmallInteger, default=1, server_default="1")
    last_revised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retracted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    retraction_reason: Mapped[str | None] = mapped_column(Text)
    # Imported: known from ``recorded_at`` (the region's own date); this is when caseflow got it.
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id], lazy="joined")
    retracted_by: Mapped[User | None] = relationship(foreign_keys=[retracted_by_id])
    organisations: Mapped[list[Organisation]] = relationship(
        secondary=timeline_event_organisation, lazy="selectin", order_by=Organisation.name
    )
    placement: Mapped[Placement | None] = relationship(lazy="joined")

    @property
    def is_retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def editable(self) -> bool:
        return self.source == EventSource.USER.value and not self.is_retracted


class TimelineEventRevision(db.Model):
    """Every version of an event's content, revision 1 being what was first recorded."""

    __tablename__ = "timeline_event_revision"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("timeline_event.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    occurred_on: Mapped[date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(12))
    organisation_ids: Mapped[list] = mapped_column(JSON, default=list)
    placement_id: Mapped[int | None] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    change_note: Mapped[str] = mapped_column(Text, default="")
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recorded_by: Mapped[User | None] = relationship(lazy="joined")


class PlacementRevision(db.Model):
    """Every version of a placement, revision 1 being what was first recorded (written at the
    first correction). The placement row holds the latest version."""

    __tablename__ = "placement_revision"
    __table_args__ = (UniqueConstraint("placement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placement.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(30))
    provider_name: Mapped[str] = mapped_column(String(200))
    provider_id: Mapped[int | None] = mapped_column(Integer)
    in_region: Mapped[bool] = mapped_column(Boolean)
    start_date: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    ending: Mapped[str | None] = mapped_column(String(20))
    end_reason: Mapped[str | None] = mapped_column(String(30))
    end_note: Mapped[str] = mapped_column(Text, default="")
    contracted: Mapped[bool | None] = mapped_column(Boolean)
    changed_fields: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    recorded_by: Mapped[User | None] = relationship(lazy="joined")
