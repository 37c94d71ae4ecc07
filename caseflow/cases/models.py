"""A complex case (casus), the people around it, its phase history, analysis and decisions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import Organisation, User
from caseflow.cases.archive import is_archived
from caseflow.cases.vocab import DecisionKind, MemberRole, ProblemArea, ReferrerType, sql_in
from caseflow.cases.workflow import ClosingReason, Phase, Trigger
from caseflow.database import TimestampMixin, UTCDateTime, utcnow
from caseflow.extensions import db


class Gemeente(TimestampMixin, db.Model):
    """The managed list of municipalities of the region (woonplaatsbeginsel decides who pays)."""

    __tablename__ = "gemeente"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # Offered at intake. A retired gemeente (herindeling) is inactive but keeps its cases.
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # CBS code (GM0402 for Hilversum); optional for gemeenten made before codes were kept.
    cbs_code: Mapped[str | None] = mapped_column(String(6), unique=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    # The last day it existed; from the next day its cases count under the successor.
    valid_until: Mapped[date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("gemeente.id"))

    successor: Mapped[Gemeente | None] = relationship(remote_side=[id], lazy="joined")


class ReferenceCounter(db.Model):
    """Last number handed out per region and year, for references like GV-2026-0007."""

    __tablename__ = "reference_counter"

    region: Mapped[str] = mapped_column(String(10), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class Case(TimestampMixin, db.Model):
    __tablename__ = "casus"  # "case" is an SQL keyword
    __table_args__ = (
        CheckConstraint(f"phase IN ({sql_in(Phase)})", name="phase"),
        CheckConstraint(f"referrer_type IN ({sql_in(ReferrerType)})", name="referrer_type"),
        CheckConstraint(
            f"closing_reason IS NULL OR closing_reason IN ({sql_in(ClosingReason)})",
            name="closing_reason",
        ),
        CheckConstraint("birth_month BETWEEN 1 AND 12", name="birth_month"),
        Index("ix_casus_phase_phase_since", "phase", "phase_since"),
        Index("ix_casus_phase_since", "phase_since"),  # the list's sort without a phase filter
        # The default list (open cases by reference) and its count read only open cases: at
        # national scale nine in ten cases are closed and would otherwise be skipped one by one.
        Index(
            "ix_casus_open_reference",
            "reference",
            "id",
            postgresql_where=text("phase <> 'afgesloten'"),
            sqlite_where=text("phase <> 'afgesloten'"),
        ),
        Index("ix_casus_reference_id", "reference", "id"),  # deep pages: an index-only scan
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    pseudonym: Mapped[str] = mapped_column(String(60), index=True)
    birth_year: Mapped[int] = mapped_column(SmallInteger)
    birth_month: Mapped[int] = mapped_column(SmallInteger)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    referrer_type: Mapped[str] = mapped_column(String(20), index=True)
    referrer_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    current_situation: Mapped[str] = mapped_column(Text, default="")
    registered_on: Mapped[date] = mapped_column(Date, index=True)
    phase: Mapped[str] = mapped_column(String(30), default=Phase.AANMELDING.value, index=True)
    phase_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closing_reason: Mapped[str | None] = mapped_column(String(30))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Denormalised from the members (kept by the services) so lists can filter and sort on it.
    casusregisseur_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Blijven volgen: the agreed rhythm and the date by which the next contact is due.
    follow_up_weeks: Mapped[int | None] = mapped_column(SmallInteger)
    follow_up_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Optimistic locking: every UPDATE checks the version it read (lost-update protection).
    __mapper_args__ = {"version_id_col": version}

    gemeente: Mapped[Gemeente] = relationship(lazy="joined", innerjoin=True)
    referrer_organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    casusregisseur: Mapped[User | None] = relationship(
        foreign_keys=[casusregisseur_id], lazy="joined"
    )
    problem_area_rows: Mapped[list[CaseProblemArea]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="CaseProblemArea.area"
    )
    members: Mapped[list[CaseMember]] = relationship(
        back_populates="case",
        cascade="all, delete-orphan",
        lazy="raise_on_sql",
        order_by="CaseMember.since",
    )

    @property
    def problem_areas(self) -> list[str]:
        return [row.area for row in self.problem_area_rows]

    @property
    def phase_enum(self) -> Phase:
        return Phase(self.phase)

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.AFGESLOTEN

    @property
    def requires_break_glass(self) -> bool:
        """Archived (closed longer than ``ARCHIVE_AFTER_DAYS``, see ``caseflow.cases.archive``):
        then nobody reads the case by role or membership, only through break-glass
        (``caseflow.auth.permissions.can_access_case``)."""
        return is_archived(self.phase, self.closed_at)

    def __repr__(self) -> str:
        return f"<Case {self.reference} {self.phase}>"


class CaseProblemArea(db.Model):
    __tablename__ = "casus_problem_area"
    __table_args__ = (CheckConstraint(f"area IN ({sql_in(ProblemArea)})", name="area"),)

    case_id: Mapped[int] = mapped_column(
        ForeignKey("casus.id", ondelete="CASCADE"), primary_key=True
    )
    area: Mapped[str] = mapped_column(String(30), primary_key=True, index=True)


class CaseMember(TimestampMixin, db.Model):
    """A professional around the case, with their role in it; ``until`` set when they leave.
    Rows are never deleted, so the history of who was casusregisseur when is kept."""

    __tablename__ = "casus_member"
    __table_args__ = (
        CheckConstraint(f"role IN ({sql_in(MemberRole)})", name="role"),
        CheckConstraint("until IS NULL OR until >= since", name="period"),
        Index("ix_casus_member_user_active", "user_id", "until"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    role: Mapped[str] = mapped_column(String(30))
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    case: Mapped[Case] = relationship(back_populates="members")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined", innerjoin=True)

    @property
    def is_current(self) -> bool:
        return self.until is None or self.until >= date.today()


class PhaseTransition(db.Model):
    """One row per phase move: the case's phase history, which replays to its current phase."""

    __tablename__ = "phase_transition"
    __table_args__ = (
        CheckConstraint(
            f"from_phase IS NULL OR from_phase IN ({sql_in(Phase)})", name="from_phase"
        ),
        CheckConstraint(f"to_phase IN ({sql_in(Phase)})", name="to_phase"),
        Index("ix_phase_transition_case_at", "case_id", "at", "id"),
        Index("ix_phase_transition_at", "at"),  # the monitor's periods
        Index("ix_phase_transition_to_phase_at", "to_phase", "at"),  # closings in a period
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    from_phase: Mapped[str | None] = mapped_column(String(30))
    to_phase: Mapped[str] = mapped_column(String(30))
    trigger: Mapped[str | None] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    reason: Mapped[str] = mapped_column(Text, default="")
    closing_reason: Mapped[str | None] = mapped_column(String(30))
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("phase_proposal.id"))
    imported: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # When an imported move came into caseflow; ``at`` is when it happened (known from then).
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # How exact ``at`` is for imported history ("month": only the month is known); None: day.
    precision: Mapped[str | None] = mapped_column(String(12))

    by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def trigger_enum(self) -> Trigger | None:
        return Trigger(self.trigger) if self.trigger else None


class PhaseProposal(TimestampMixin, db.Model):
    """A professional proposes a move; the chair or process coordinator accepts or rejects it."""

    __tablename__ = "phase_proposal"
    __table_args__ = (
        CheckConstraint("status IN ('open', 'aanvaard', 'afgewezen', 'vervallen')", name="status"),
        Index("ix_phase_proposal_case_status", "case_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    trigger: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    closing_reason: Mapped[str | None] = mapped_column(String(30))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default="open")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_note: Mapped[str] = mapped_column(Text, default="")

    proposed_by: Mapped[User] = relationship(foreign_keys=[proposed_by_id], lazy="joined")


class ExplanatoryAnalysis(db.Model):
    """One version of the verklarende analyse; a new edit adds a version, none is overwritten."""

    __tablename__ = "explanatory_analysis"
    __table_args__ = (UniqueConstraint("case_id", "version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    version_number: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    problems: Mapped[str] = mapped_column(Text)
    strengths: Mapped[str] = mapped_column(Text)
    hypotheses_child: Mapped[str] = mapped_column(Text, default="")
    hypotheses_family: Mapped[str] = mapped_column(Text, default="")
    hypotheses_care: Mapped[str] = mapped_column(Text, default="")
    # A general hypotheses text, as the exchange format documents it (files from before the
    # detailed child/family/care split); kept beside the detailed ones, never merged into them.
    hypotheses: Mapped[str] = mapped_column(Text, default="", server_default="")
    working_theory: Mapped[str] = mapped_column(Text)
    goals: Mapped[str] = mapped_column(Text)
    scenarios: Mapped[str] = mapped_column(Text)
    made_with_family: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    behavioural_scientist_involved: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # Imported version: ``recorded_at`` is when the region recorded it, this when caseflow got it.
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recorded_by: Mapped[User | None] = relationship(lazy="joined")
    # How exact recorded_at is for imported history ("month": only the month is known); None: day.
    precision: Mapped[str | None] = mapped_column(String(12))


class CaseDecision(db.Model):
    """A decision about the case outside the phase moves, e.g. that no placement is needed."""

    __tablename__ = "casus_decision"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(DecisionKind)})", name="kind"),
        Index("ix_casus_decision_case_kind", "case_id", "kind", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    decided_by: Mapped[User | None] = relationship(lazy="joined")
