from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from caseflow.database import TimestampMixin
from caseflow.extensions import db


class Setting(TimestampMixin, db.Model):
    """Small key/value settings of this installation (for example, which demo data is loaded)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
