"""Gemeenten as managed data: add, import a CSV, retire with a successor (herindeling).

A retired gemeente is never deleted: its cases keep it, past monitor periods keep showing it, and
an import naming it is mapped to its successor with a warning (``names_for_import``)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from flask_babel import gettext as _
from sqlalchemy import func, select

from caseflow.audit.models import AuditEvent
from caseflow.audit.services import log_access
from caseflow.cases.models import Gemeente
from caseflow.extensions import db

CBS_CODE = re.compile(r"GM\d{4}")
# The gemeenten shipped with caseflow, one CSV per region (``cbs_code;naam``).
SHIPPED = {"gooi-en-vechtstreek": "Gooi en Vechtstreek", "haaglanden": "Haaglanden"}


class GemeenteError(ValueError):
    """Bad input for a gemeente; the message is Dutch (or English) for the user."""


def normalise_code(code: str) -> str:
    """``gm402``, ``0402`` and ``GM0402`` are all Hilversum's code ``GM0402``."""
    value = (code or "").strip().upper()
    if value.isdigit() and len(value) <= 4:
        value = f"GM{int(value):04d}"
    if not CBS_CODE.fullmatch(value):
        raise GemeenteError(
            _("'%(code)s' is geen CBS-code; die is GM en vier cijfers (GM0402).", code=code)
        )
    return value


def _check_name(name: str) -> str:
    value = " ".join((name or "").split())
    if not value:
        raise GemeenteError(_("Vul de naam van de gemeente in."))
    if len(value) > 100 or any(ord(ch) < 32 for ch in value):
        raise GemeenteError(_("De naam is te lang of bevat ongeldige tekens."))
    return value


def by_code(code: str) -> Gemeente | None:
    return db.session.scalar(select(Gemeente).where(Gemeente.cbs_code == normalise_code(code)))


def by_name(name: str) -> Gemeente | None:
    return db.session.scalar(
        select(Gemeente).where(func.lower(Gemeente.name) == " ".join(name.split()).lower())
    )


def all_gemeenten() -> list[Gemeente]:
    """Current ones first, then the retired, each by name."""
    return list(
        db.session.scalars(select(Gemeente).order_by(Gemeente.active.desc(), Gemeente.name))
    )


def add_gemeente(
    actor, code: str, name: str, *, valid_from: date | None = None
) -> tuple[Gemeente, bool]:
    """Add a gemeente, or give an existing one (same name) its CBS code. Returns (gemeente,
    created). A code or name already taken by another gemeente is refused."""
    code, name = normalise_code(code), _check_name(name)
    with_code, with_name = by_code(code), by_name(name)
    if with_code is not None and with_code is not with_name:
        raise GemeenteError(
            _("CBS-code %(code)s hoort al bij %(name)s.", code=code, name=with_code.name)
        )
    if with_name is not None:
        if with_name.cbs_code not in (None, code):
            raise GemeenteError(
                _("%(name)s heeft al CBS-code %(code)s.", name=name, code=with_name.cbs_code)
            )
        if with_name.cbs_code is None:
            with_name.cbs_code = code
            log_access(AuditEvent.CHANGE, user=actor, object_type="gemeente",
                       object_id=with_name.id, fields=("cbs_code",))
        db.session.flush()
        return with_name, False
    gemeente = Gemeente(name=name, cbs_code=code, valid_from=valid_from, active=True)
    db.session.add(gemeente)
    db.session.flush()
    log_access(AuditEvent.CREATE, user=actor, object_type="gemeente", object_id=gemeente.id,
               fields=("cbs_code", "name", "valid_from"))
    return gemeente, True


@dataclass
class CsvResult:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "regel 3: …"; nothing is stored then


def read_csv(text: str) -> list[tuple[int, str, str]]:
    """(line number, code, name) from a ``cbs_code;naam`` CSV as Excel-NL saves it (semicolons;
    a comma-separated file is accepted too). Raises GemeenteError for a missing header."""
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if ";" in first or "," not in first else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if header[:2] != ["cbs_code", "naam"]:
        raise GemeenteError(
            _("De eerste regel moet de kolomnamen cbs_code;naam bevatten (gescheiden door een "
              "puntkomma).")
        )
    return [
        (number, (row[0] if row else "").strip(), (row[1] if len(row) > 1 else "").strip())
        for number, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)
    ]


def import_csv(actor, text: str) -> CsvResult:
    """All rows or none: a bad row is reported with its line number and nothing is added."""
    result = CsvResult()
    try:
        rows = read_csv(text)
    except GemeenteError as error:
        result.errors.append(str(error))
        return result
    seen: dict[str, int] = {}
    for number, code, name in rows:
        try:
            key = normalise_code(code)
            _check_name(name)
        except GemeenteError as error:
            result.errors.append(_("regel %(n)s: %(error)s", n=number, error=error))
            continue
        if key in seen:
            result.errors.append(
                _("regel %(n)s: %(code)s staat ook op regel %(m)s.", n=number, code=key,
                  m=seen[key])
            )
        seen[key] = number
    if result.errors:
        return result
    savepoint = db.session.begin_nested()  # a conflict on row 7 undoes rows 2-6 as well
    for number, code, name in rows:
        try:
            gemeente, created = add_gemeente(actor, code, name)
        except GemeenteError as error:
            savepoint.rollback()
            return CsvResult(errors=[_("regel %(n)s: %(error)s", n=number, error=error)])
        (result.added if created else result.unchanged).append(gemeente.name)
    savepoint.commit()
    return result


def shipped_csv(key: str) -> str:
    """The text of a CSV shipped in the package (``caseflow/region/data/<key>.csv``)."""
    if key not in SHIPPED:
        raise GemeenteError(_("Onbekende regio '%(key)s'.", key=key))
    return resources.files("caseflow.region").joinpath(f"data/{key}.csv").read_text("utf-8")


def retire(actor, gemeente: Gemeente, successor: Gemeente, until: date) -> None:
    """Herindeling: ``gemeente`` existed up to and including ``until``; from the next day its
    cases count under ``successor``. Its cases keep it; the intake no longer offers it."""
    if successor.id == gemeente.id:
        raise GemeenteError(_("Een gemeente kan niet haar eigen opvolger zijn."))
    if not successor.active:
        raise GemeenteError(
            _("%(name)s is zelf opgeheven; kies de huidige gemeente als opvolger.",
              name=successor.name)
        )
    if not gemeente.active:
        raise GemeenteError(_("%(name)s is al opgeheven.", name=gemeente.name))
    if gemeente.valid_from and until < gemeente.valid_from:
        raise GemeenteError(_("De einddatum ligt vóór het begin van de gemeente."))
    gemeente.active, gemeente.valid_until, gemeente.successor_id = False, until, successor.id
    db.session.flush()
    log_access(AuditEvent.CHANGE, user=actor, object_type="gemeente", object_id=gemeente.id,
               fields=("active", "valid_until", "successor_id"), reason="herindeling")


def current_successor(gemeente: Gemeente) -> Gemeente:
    """Follow successors to the gemeente that exists now (Weesp → Amsterdam)."""
    seen = {gemeente.id}
    while gemeente.successor is not None and gemeente.successor.id not in seen:
        gemeente = gemeente.successor
        seen.add(gemeente.id)
    return gemeente


class ImportNames(dict[str, int]):
    """Lower-cased name or CBS code -> id, for the case-history import. ``retired`` maps the
    lower-cased name or code of a retired gemeente to the name of its current successor (whose
    id the mapping gives), so the validator can warn instead of refusing."""

    retired: dict[str, str]


def names_for_import() -> ImportNames:
    names = ImportNames()
    names.retired = {}
    gemeenten = list(db.session.scalars(select(Gemeente)))
    for gemeente in gemeenten:
        target = current_successor(gemeente) if not gemeente.active else gemeente
        if not target.active:
            continue  # retired without a successor: unknown to an import
        keys = [gemeente.name.lower()] + ([gemeente.cbs_code.lower()] if gemeente.cbs_code else [])
        for key in keys:
            names[key] = target.id
            if target is not gemeente:
                names.retired[key] = target.name
    return names
