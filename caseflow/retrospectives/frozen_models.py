"""The copy of a case a retrospective works on: its timeline, placements and phases as known on
the as-of date, frozen at preparation and pseudonymised; and the spans the de-identification
engine flagged in it (``NameFlag``).

The frozen tables are written once, at preparation time; later edits of the case never reach them.
"""

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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.database import UTCDateTime
from caseflow.extensions import db


class FrozenEvent(db.Model):
    """One timeline event as known on the as-of date, with pseudonymised text."""

    __tablename__ = "retro_frozen_event"
    __table_args__ = (Index("ix_retro_frozen_event_retro", "retrospective_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE")
    )
    source_event_id: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text, default="")
    occurred_on: Mapped[date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(12))
    retracted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    revision_number: Mapped[int] = mapped_column(SmallInteger, default=1)
    organisations: Mapped[str] = mapped_column(String(300), default="")  # organisation kinds

    @property
    def event(self) -> FrozenEvent:
        return self

    @property
    def event_id(self) -> int:
        """The SVG renderer's marker id (a frozen copy is marked with its own id)."""
        return self.id


class FrozenPlacement(db.Model):
    __tablename__ = "retro_frozen_placement"

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE"), index=True
    )
    source_placement_id: Mapped[int | None] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(30))
    provider_name: Mapped[str] = mapped_column(String(200))  # organisation kind, not the name
    in_region: Mapped[bool] = mapped_column(Boolean)
    start_date: Mapped[date] = mapped_column(Date)
    planned_end: Mapped[date | None] = mapped_column(Date)
    actual_end: Mapped[date | None] = mapped_column(Date)
    ending: Mapped[str | None] = mapped_column(String(20))
    end_reason: Mapped[str | None] = mapped_column(String(30))

    @property
    def unplanned(self) -> bool:
        return self.ending == "onplanmatig"


class FrozenPhase(db.Model):
    __tablename__ = "retro_frozen_phase"

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE"), index=True
    )
    phase: Mapped[str] = mapped_column(String(30))
    start: Mapped[date] = mapped_column(Date)
    end: Mapped[date] = mapped_column(Date)


class NameFlag(db.Model):
    """One span the de-identification engine found in text of a retrospective (or of a learning
    session's own actions): a name, place, organisation, date or number.

    Known spans (layer 1: caseflow's own names) are replaced at once and recorded as resolved
    ('vervangen', ``known``), so the verslag's counts come from the data. Unknown spans stay
    *open*: the stored text holds ``placeholder`` instead of the word, so nothing in the stored
    copy is the word until the facilitator decides: 'vervangen' puts ``replacement`` where the
    placeholder is, 'behouden' (with a required ``reason``) puts the word back. Rows from before
    this design (no placeholder) are resolved the old way, by replacing the word in the text.
    """

    __tablename__ = "retro_name_flag"
    __table_args__ = (
        Index("ix_retro_name_flag_retro_word", "retrospective_id", "word"),
        CheckConstraint(
            "retrospective_id IS NOT NULL OR session_id IS NOT NULL", name="retro_or_session"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int | None] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE")
    )
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("learning_session.id", ondelete="CASCADE"), index=True
    )
    word: Mapped[str] = mapped_column(String(100))  # the text as written
    occurrences: Mapped[int] = mapped_column(Integer, default=1)
    resolution: Mapped[str | None] = mapped_column(String(20))  # 'vervangen' | 'behouden'
    kind: Mapped[str] = mapped_column(String(30), default="persoon", server_default="persoon")
    label: Mapped[str] = mapped_column(String(100), default="", server_default="")  # proposed
    known: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    field: Mapped[str] = mapped_column(String(60), default="", server_default="")
    placeholder: Mapped[str | None] = mapped_column(String(60))
    replacement: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
