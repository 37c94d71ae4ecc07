"""What the daily jobs remember: each run, each step done per day, and (SQLite) the lock row."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db


class JobRun(db.Model):
    """One ``jobs run-daily``: when, how it ended, what each step did (JSON counts)."""

    __tablename__ = "job_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="running")  # running, ok, error
    counts: Mapped[str] = mapped_column(Text, default="{}")
    error: Mapped[str | None] = mapped_column(Text)


class JobStepDone(db.Model):
    """A step that finished for a day: the next run that day skips it (nothing twice)."""

    __tablename__ = "job_step_done"
    __table_args__ = (UniqueConstraint("day", "step", name="uq_job_step_done_day_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    step: Mapped[str] = mapped_column(String(40))
    run_id: Mapped[int] = mapped_column(index=True)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JobLock(db.Model):
    """SQLite has no advisory locks: one row per lock name, taken while expired or absent."""

    __tablename__ = "job_lock"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReminderPreference(db.Model):
    """How often a user wants the digest; no row means the default (weekly)."""

    __tablename__ = "reminder_preference"
    __table_args__ = (CheckConstraint("frequency IN ('daily', 'weekly', 'off')", name="frequency"),)

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    frequency: Mapped[str] = mapped_column(String(10), default="weekly")
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MailLog(db.Model):
    """Every mail sent: to whom, which digest, when; never its content. One per user and day,
    so a rerun sends nothing twice."""

    __tablename__ = "mail_log"
    __table_args__ = (UniqueConstraint("user_id", "day", name="uq_mail_log_user_id_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(254))
    digest: Mapped[str] = mapped_column(String(10))  # daily, weekly
    day: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarToken(db.Model):
    """A user's personal calendar feed: only the token's SHA-256 is kept; a new link or a
    revocation deletes the old one, so an old URL stops working at once."""

    __tablename__ = "calendar_token"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MeetingMail(db.Model):
    """Every .ics mailed to an attendee: to whom, which kind (uitnodiging, wijziging,
    annulering), the METHOD and SEQUENCE it carried, when; never its content. The invitations
    step compares these with the meetings as they are now, so a change is mailed once, and a
    failed send is simply tried again by the next run (issue 26, point 3)."""

    __tablename__ = "meeting_mail"
    __table_args__ = (
        UniqueConstraint(
            "meeting_id", "user_id", "method", "sequence", name="uq_meeting_mail_sent_once"
        ),
        CheckConstraint("method IN ('REQUEST', 'CANCEL')", name="method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("ret_meeting.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(12))
    method: Mapped[str] = mapped_column(String(7))
    sequence: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
