"""Goals (with versions, like the analysis), evaluations and the per-goal attainment scores."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
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
from caseflow.cases.vocab import sql_in
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db


class GoalFor(enum.StrEnum):
    JEUGDIGE = "jeugdige"
    OUDERS = "ouders"
    GEZIN = "gezin"
    NETWERK = "netwerk"


class GoalStatus(enum.StrEnum):
    ACTIEF = "actief"
    BEHAALD = "behaald"
    DEELS = "deels"
    NIET_BEHAALD = "niet_behaald"
    VERVALLEN = "vervallen"


# A goal with one of these statuses is finished: it counts in the share of goals reached.
FINISHED = (GoalStatus.BEHAALD.value, GoalStatus.DEELS.value, GoalStatus.NIET_BEHAALD.value)


class MissingVoice(enum.StrEnum):
    """Why the child's or the parents' own view is missing: 'not asked' must be visible."""

    WILDE_NIET = "wilde_niet"
    NIET_GEVRAAGD = "niet_gevraagd"
    NIET_BEREIKBAAR = "niet_bereikbaar"
    TE_JONG = "te_jong"
    OVERIG = "overig"


GAS_MIN, GAS_MAX = -2, 2
SCORE_MIN, SCORE_MAX = 0, 10


class Goal(db.Model):
    """A goal of the family plan. The current content is kept here; every change adds a
    GoalVersion, so earlier wording and statuses stay readable."""

    __tablename__ = "outcome_goal"
    __table_args__ = (
        CheckConstraint(f"for_whom IN ({sql_in(GoalFor)})", name="for_whom"),
        CheckConstraint(f"status IN ({sql_in(GoalStatus)})", name="status"),
        UniqueConstraint("case_id", "number"),
        Index("ix_outcome_goal_status_since", "status", "status_since"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    analysis_id: Mapped[int | None] = mapped_column(
        ForeignKey("explanatory_analysis.id", ondelete="SET NULL")
    )
    description: Mapped[str] = mapped_column(Text)
    for_whom: Mapped[str] = mapped_column(String(20))
    indicator: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=GoalStatus.ACTIEF.value)
    status_since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version_number: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    external_id: Mapped[str | None] = mapped_column(String(100))  # id in an imported file

    @property
    def is_active(self) -> bool:
        return self.status == GoalStatus.ACTIEF.value


class GoalVersion(db.Model):
    __tablename__ = "outcome_goal_version"
    __table_args__ = (UniqueConstraint("goal_id", "version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("outcome_goal.id", ondelete="CASCADE"), index=True
    )
    version_number: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text)
    for_whom: Mapped[str] = mapped_column(String(20))
    indicator: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    recorded_by: Mapped[User | None] = relationship(lazy="joined")


class Evaluation(db.Model):
    """An evaluatiemoment: the goals scored, and the views of child, parents and professionals.
    A missing voice is stored with its reason, never silently left empty."""

    __tablename__ = "outcome_evaluation"
    __table_args__ = (
        CheckConstraint(
            f"child_safety IS NULL OR child_safety BETWEEN {SCORE_MIN} AND {SCORE_MAX}",
            name="child_safety",
        ),
        CheckConstraint(
            f"parents_score IS NULL OR parents_score BETWEEN {SCORE_MIN} AND {SCORE_MAX}",
            name="parents_score",
        ),
        CheckConstraint(
            f"child_missing IS NULL OR child_missing IN ({sql_in(MissingVoice)})",
            name="child_missing",
        ),
        CheckConstraint(
            f"parents_missing IS NULL OR parents_missing IN ({sql_in(MissingVoice)})",
            name="parents_missing",
        ),
        Index("ix_outcome_evaluation_case_held", "case_id", "held_on", "id"),
        Index("ix_outcome_evaluation_held", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    held_on: Mapped[date] = mapped_column(Date)
    phase: Mapped[str] = mapped_column(String(30))
    child_view: Mapped[str] = mapped_column(Text, default="")
    child_safety: Mapped[int | None] = mapped_column(SmallInteger)
    child_missing: Mapped[str | None] = mapped_column(String(20))
    parents_view: Mapped[str] = mapped_column(Text, default="")
    parents_score: Mapped[int | None] = mapped_column(SmallInteger)
    parents_missing: Mapped[str | None] = mapped_column(String(20))
    professionals_view: Mapped[str] = mapped_column(Text)
    timeline_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("timeline_event.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    external_id: Mapped[str | None] = mapped_column(String(100))  # id in an imported file

    recorded_by: Mapped[User | None] = relationship(lazy="joined")
    scores: Mapped[list[GoalScore]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="GoalScore.goal_id"
    )

    @property
    def child_heard(self) -> bool:
        return self.child_missing is None


class GoalScore(db.Model):
    """Goal attainment scaling: -2 much worse than expected … +2 much better."""

    __tablename__ = "outcome_goal_score"
    __table_args__ = (
        CheckConstraint(f"score BETWEEN {GAS_MIN} AND {GAS_MAX}", name="score"),
        UniqueConstraint("evaluation_id", "goal_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(
        ForeignKey("outcome_evaluation.id", ondelete="CASCADE")
    )
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("outcome_goal.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[int] = mapped_column(SmallInteger)
