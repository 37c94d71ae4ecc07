"""The family's own voice (issue 18): personal single-use links, and the words the family wrote
through one, as they entered a retrospective."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.cases.vocab import sql_in
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db
from caseflow.retrospectives.vocab import ConsentGiver, ConsentParty, FamilyTextKind

OWN_WORDS = "eigen_woorden"  # FamilyText.source: written by the family themselves, via a link


class FamilyLink(db.Model):
    """A personal, single-use, time-limited link for the young person or a parent. Only a hash of
    the token is stored; ``used_at`` is set in one conditional UPDATE (see family_link.py)."""

    __tablename__ = "retro_family_link"
    __table_args__ = (
        CheckConstraint(f"party IN ({sql_in(ConsentParty)})", name="party"),
        CheckConstraint(f"given_by IN ({sql_in(ConsentGiver)})", name="given_by"),
        Index("ix_retro_family_link_case", "case_id", "party"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    retrospective_id: Mapped[int | None] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE"), index=True
    )
    party: Mapped[str] = mapped_column(String(10))
    given_by: Mapped[str] = mapped_column(String(30))  # for whom: jongere, ouders or voogd
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FamilyText(db.Model):
    """A reflection or learning question in the family's own words, de-identified like the rest
    of the retrospective and shown as theirs (``source``)."""

    __tablename__ = "retro_family_text"
    __table_args__ = (
        CheckConstraint(f"kind IN ({sql_in(FamilyTextKind)})", name="kind"),
        CheckConstraint(f"party IN ({sql_in(ConsentParty)})", name="party"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    retrospective_id: Mapped[int] = mapped_column(
        ForeignKey("retrospective.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(12))
    party: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(20), default=OWN_WORDS)
    text: Mapped[str] = mapped_column(Text)
    family_link_id: Mapped[int | None] = mapped_column(
        ForeignKey("retro_family_link.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
