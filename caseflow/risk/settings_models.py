"""The region's own risk settings, versioned: every change is a new row (who, when, why, and the
backtest figures it was based on); the newest row is the current one, the older ones stay as the
history. Without rows the defaults of ``config.py`` (and ``instance/config.py``) apply.

``RiskSeen`` keeps per user when they last looked at the signals (``/risk`` or the start page
panel): what was raised after that is "nieuw" for them. Migration 0030_risk_severity."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.auth.models import User
from caseflow.database import UTCDateTime, utcnow
from caseflow.extensions import db


class RiskSettingsVersion(db.Model):
    __tablename__ = "risk_settings_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)  # 1, 2, ...: the newest counts
    thresholds: Mapped[dict] = mapped_column(JSON, default=dict)  # {name: value}, all of them
    severities: Mapped[dict] = mapped_column(JSON, default=dict)  # {rule code: severity}
    reason: Mapped[str] = mapped_column(Text)
    backtest: Mapped[dict | None] = mapped_column(JSON)  # {code: {lift, precision, ...}} then
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    changed_by: Mapped[User | None] = relationship(lazy="joined")


class RiskSeen(db.Model):
    __tablename__ = "risk_seen"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
