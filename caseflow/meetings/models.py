"""A RET meeting with its attendees and agenda; per agenda item the decisions and actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import Organisation, User
from caseflow.cases.models import Case
from caseflow.cases.vocab import sql_in
from caseflow.database import TimestampMixin, UTCDateTime, utcnow
from caseflow.extensions import db
from caseflow.meetings.vocab import (
    ActionStatus,
    GuestRole,
    Mandate,
    MeetingChangeKind,
    MinutesStatus,
)


class Meeting(TimestampMixin, db.Model):
    __tablename__ = "ret_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    location: Mapped[str] = mapped_column(String(200), default="")
    chair_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    # Cancelled with a reason: its agenda items stay (history) and their cases are to be
    # scheduled again (queries.proposed_cases).
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    # concept → vastgesteld: once fixed the minutes change only by an addendum.
    minutes_status: Mapped[str] = mapped_column(
        String(12), default=MinutesStatus.CONCEPT.value,
        server_default=MinutesStatus.CONCEPT.value,
    )
    minutes_fixed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_fixed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    chair: Mapped[User] = relationship(foreign_keys=[chair_id], lazy="joined", innerjoin=True)
    coordinator: Mapped[User] = relationship(
        foreign_keys=[coordinator_id], lazy="joined", innerjoin=True
    )

    __table_args__ = (
        CheckConstraint(
            f"minutes_status IN ({sql_in(MinutesStatus)})", name="minutes_status"
        ),
    )

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def minutes_fixed(self) -> bool:
        return self.minutes_status == MinutesStatus.VASTGESTELD.value

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.starts_at:%Y-%m-%d %H:%M}>"


class MeetingAttendee(db.Model):
    """A user of caseflow, or an external guest recorded by role only (no names of family)."""

    __tablename__ = "ret_meeting_attendee"
    __table_args__ = (
        CheckConstraint(
            f"guest_role IS NULL OR guest_role IN ({sql_in(GuestRole)})", name="guest_role"
        ),
        CheckConstraint(
            "(user_id IS NULL AND guest_role IS NOT NULL) "
            "OR (user_id IS NOT NULL AND guest_role IS NULL)",
            name="user_or_guest",
        ),
        UniqueConstraint("meeting_id", "user_id", name="uq_ret_meeting_attendee_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("ret_meeting.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    guest_role: Mapped[str | None] = mapped_column(String(20))
    # A guest usually comes for one case (the parent of that child); shown by reference only.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))

    user: Mapped[User | None] = relationship(lazy="joined")
    case: Mapped[Case | None] = relationship(lazy="joined")


class AgendaItem(db.Model):
    __tablename__ = "ret_agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "case_id", name="uq_ret_agenda_item_case"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("ret_meeting.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text, default="")  # the question to the RET
    advice: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    meeting: Mapped[Meeting] = relationship(lazy="joined", innerjoin=True)
    case: Mapped[Case] = relationship(lazy="joined", innerjoin=True)


class MeetingDecision(db.Model):
    __tablename__ = "ret_decision"
    __table_args__ = (
        CheckConstraint(f"mandate IN ({sql_in(Mandate)})", name="mandate"),
        Index("ix_ret_decision_case_decided", "case_id", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("ret_agenda_item.id", ondelete="CASCADE"), index=True
    )
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    mandate: Mapped[str] = mapped_column(String(20))
    escalated_to: Mapped[str] = mapped_column(String(200), default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    decided_by: Mapped[User | None] = relationship(lazy="joined")


class MeetingAction(db.Model):
    """An action agreed in a meeting: one owner (a person or an organisation) and a due date."""

    __tablename__ = "ret_action"
    __table_args__ = (
        CheckConstraint(f"status IN ({sql_in(ActionStatus)})", name="status"),
        CheckConstraint(
            "(owner_user_id IS NULL) <> (owner_organisation_id IS NULL)", name="one_owner"
        ),
        Index("ix_ret_action_status_due", "status", "due_on"),
        Index("ix_ret_action_owner_user", "owner_user_id", "status"),
        Index("ix_ret_action_owner_organisation", "owner_organisation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("ret_agenda_item.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    owner_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default=ActionStatus.OPEN.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    owner_user: Mapped[User | None] = relationship(foreign_keys=[owner_user_id], lazy="joined")
    owner_organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    case: Mapped[Case] = relationship(lazy="joined", innerjoin=True)

    @property
    def owner_name(self) -> str:
        if self.owner_user is not None:
            return f"{self.owner_user.name} ({self.owner_user.organisation.name})"
        return self.owner_organisation.name if self.owner_organisation else ""

    def is_overdue(self, today: date | None = None) -> bool:
        """Open and past its due date: due today is not overdue yet, due yesterday is."""
        from caseflow.meetings.clock import region_today

        today = today or region_today()
        return self.status == ActionStatus.OPEN.value and self.due_on < today


class MeetingChange(db.Model):
    """Every change of a planned meeting, kept with who and when: a correction (cancel, move of an
    agenda item, removal) with its reason; ``detail`` holds the old and new values."""

    __tablename__ = "ret_meeting_change"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(MeetingChangeKind)})", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("ret_meeting.id", ondelete="CASCADE"), index=True
    )
    # The case an agenda change is about: the case page tells its story (moved, removed).
    case_id: Mapped[int | None] = mapped_column(
        ForeignKey("casus.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    by: Mapped[User | None] = relationship(lazy="joined")
    meeting: Mapped[Meeting] = relationship(lazy="joined", innerjoin=True)


class MinutesAddendum(db.Model):
    """After the minutes are fixed (vastgesteld) they change only by an addendum."""

    __tablename__ = "ret_minutes_addendum"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("ret_meeting.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    added_by: Mapped[User | None] = relationship(lazy="joined")
