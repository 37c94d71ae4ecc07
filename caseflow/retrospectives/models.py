"""Retrospectives (VIPP-lijn): the family's consent, learning sessions, retrospectives with a frozen
and pseudonymised copy of the case's timeline, annotations, themes and improvement actions.

The frozen copy and the name flags are in ``frozen_models``, the family's links and texts in
``family_models``.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.cases.vocab import sql_in
from caseflow.database import TimestampMixin, UTCDateTime, utcnow
from caseflow.extensions import db
from caseflow.retrospectives.frozen_models import FrozenEvent
from caseflow.retrospectives.vocab import (
    ActionStatus,
    AnnotationType,
    ConsentGiver,
    ConsentParty,
    ConsentScope,
    ConsentVia,
    PartOfDay,
    RetroStatus,
)


class RetroConsent(TimestampMixin, db.Model):
    """One party's consent for a retrospective of their case (the young person, or the parent(s)
    with authority / voogd: ``party``). Per party the newest row counts; a withdrawal sets
    ``withdrawn_on`` (rows are kept as the record of what was agreed). Which parties must have
    consented depends on the child's age: ``caseflow.retrospectives.consent_age``."""

    __tablename__ = "retro_consent"
    __table_args__ = (
        CheckConstraint(f"given_by IN ({sql_in(ConsentGiver)})", name="given_by"),
        CheckConstraint(f"scope IN ({sql_in(ConsentScope)})", name="scope"),
        CheckConstraint(f"party IN ({sql_in(ConsentParty)})", name="party"),
        CheckConstraint(f"via IN ({sql_in(ConsentVia)})", name="via"),
        CheckConstraint(
            f"withdrawn_via IS NULL OR withdrawn_via IN ({sql_in(ConsentVia)})",
            name="withdrawn_via",
        ),
        Index("ix_retro_consent_case_given", "case_id", "given_on"),
        Index("ix_retro_consent_case_party", "case_id", "party", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    given_by: Mapped[str] = mapped_column(String(30))
    given_on: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(40))
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    reflection: Mapped[str] = mapped_column(Text, default="")
    learning_question: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    party: Mapped[str] = mapped_column(String(10))
    via: Mapped[str] = mapped_column(String(12), default=ConsentVia.PROFESSIONAL.value)
    withdrawn_via: Mapped[str | None] = mapped_column(String(12))
    withdrawn_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    family_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("retro_family_link.id", ondelete="SET NULL")
    )

    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id], lazy="joined")

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_on is None and self.given_on <= date.today()


class LearningSession(TimestampMixin, db.Model):
    """A leerbijeenkomst: managers and policy makers reflect on several retrospectives."""

    __tablename__ = "learning_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    facilitator: Mapped[User] = relationship(foreign_keys=[facilitator_id], lazy="joined")


class Retrospective(TimestampMixin, db.Model):
    __tablename__ = "retrospective"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(RetroStatus)})", name="status"),
        CheckConstraint(f"part_of_day IN ({sql_in(PartOfDay)})", name="part_of_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_session.id", ondelete="SET NULL"), index=True
    )
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    prepared_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    session_pseudonym: Mapped[str] = mapped_column(String(60))
    main_question: Mapped[str] = mapped_column(Text)
    held_on: Mapped[date] = mapped_column(Date)
    part_of_day: Mapped[str] = mapped_column(String(10), default=PartOfDay.OCHTEND.value)
    as_of: Mapped[date] = mapped_column(Date)
    frozen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=RetroStatus.VOORBEREIDING.value)
    family_reflection: Mapped[str] = mapped_column(Text, default="")
    learning_question: Mapped[str] = mapped_column(Text, default="")
    names_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    facilitator: Mapped[User] = relationship(foreign_keys=[facilitator_id], lazy="joined")
    session: Mapped[LearningSession | None] = relationship(lazy="joined")
    sub_questions: Mapped[list[SubQuestion]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="SubQuestion.position"
    )


class SubQuestion(db.Model):
    __tablename__ = "retro_sub_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    text: Mapped[str] = mapped_column(Text)


class RetroParticipant(db.Model):
    """Who took part, by organisation and role; the name only for the SKJ attendance list."""

    __tablename__ = "retro_participant"

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    organisation_kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(100))
    skj_number: Mapped[str] = mapped_column(String(30), default="")
    attended: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Theme(TimestampMixin, db.Model):
    """The shared list of patterns; seeded from the plan, extended by facilitators."""

    __tablename__ = "retro_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    label: Mapped[str] = mapped_column(String(120))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


annotation_theme = Table(
    "retro_annotation_theme",
    db.metadata,
    Column(
        "annotation_id", ForeignKey("retro_annotation.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "theme_id", ForeignKey("retro_theme.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)


class Annotation(TimestampMixin, db.Model):
    """A note on one frozen event, or on a period of the timeline (from ``period_start``)."""

    __tablename__ = "retro_annotation"
    __table_args__ = (
        CheckConstraint(f"type IN ({sql_in(AnnotationType)})", name="type"),
        CheckConstraint(
            "event_id IS NOT NULL OR period_start IS NOT NULL", name="event_or_period"
        ),
        CheckConstraint(
            "period_end IS NULL OR period_start IS NULL OR period_end >= period_start",
            name="period",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("retro_frozen_event.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    type: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    sub_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("retro_sub_question.id", ondelete="SET NULL")
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    event: Mapped[FrozenEvent | None] = relationship(lazy="joined")
    themes: Mapped[list[Theme]] = relationship(
        secondary=annotation_theme, lazy="selectin", order_by=Theme.label
    )


class ImprovementAction(TimestampMixin, db.Model):
    """An agreed improvement (verbeteractie), from a retrospective or a learning session."""

    __tablename__ = "retro_improvement_action"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(ActionStatus)})", name="status"),
        CheckConstraint(
            "retrospective_id IS NOT NULL OR session_id IS NOT NULL", name="retro_or_session"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int | None] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE"), index=True
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_session.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")  # a role or organisation kind
    due_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.OPEN.value)
