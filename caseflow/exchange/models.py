"""What an import keeps beside the domain's own tables: stable ids of imported items (so
``--update`` adds only what is new), members without an account, and per-case import facts."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.cases.vocab import MemberRole, sql_in
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db

ITEM_KINDS = ("phase", "placement", "event", "member", "analysis", "decision", "search")


class ExchangeCase(db.Model):
    """Facts about a case that came in through an import (or that only the format carries)."""

    __tablename__ = "exchange_case"

    case_id: Mapped[int] = mapped_column(
        ForeignKey("casus.id", ondelete="CASCADE"), primary_key=True
    )
    consent_retrospective: Mapped[bool | None] = mapped_column(Boolean)
    referrer_organisation_name: Mapped[str | None] = mapped_column(String(200))
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The file's own x- keys for this case ({JSON path in the case: value}), kept as notes.
    notes: Mapped[dict | None] = mapped_column(JSON)


class ExchangeItem(db.Model):
    """The stable id an item had in the file it was imported from (or was exported with)."""

    __tablename__ = "exchange_item"
    __table_args__ = (
        UniqueConstraint("case_id", "kind", "external_id"),
        CheckConstraint("kind IN ('" + "', '".join(ITEM_KINDS) + "')", name="kind"),
        Index("ix_exchange_item_object", "kind", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    external_id: Mapped[str] = mapped_column(String(100))
    object_id: Mapped[int] = mapped_column()


class ImportedMember(db.Model):
    """A professional around an imported case who has no account in caseflow: role and
    organisation only. Grants no access to anyone; a chair links real accounts as members."""

    __tablename__ = "imported_member"
    __table_args__ = (
        CheckConstraint(f"role IN ({sql_in(MemberRole)})", name="role"),
        CheckConstraint("until IS NULL OR until >= since", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("casus.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(30))
    organisation_name: Mapped[str] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    since: Mapped[date] = mapped_column(Date)
    until: Mapped[date | None] = mapped_column(Date)
