"""First run: the region's name and code, its gemeenten and its organisations, in one step."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from caseflow.auth.models import OrganisationKind
from caseflow.auth.services import AccountError, find_organisation
from caseflow.core.problems import FieldProblems
from caseflow.region import gemeenten as gemeente_services
from caseflow.region.organisations import add_organisation
from caseflow.region.settings import RegionError, set_region

# What a beheerder may type for a kind: the code or the Dutch label, in any case.
KIND_WORDS = {
    **{kind.value: kind.value for kind in OrganisationKind},
    "veilig thuis": OrganisationKind.VEILIG_THUIS.value,
    "regionaal expertteam": OrganisationKind.RET.value,
    "gecertificeerde instelling": OrganisationKind.GI.value,
}


class SetupError(FieldProblems):
    """Bad input, per field; ``errors`` keeps every message of a field: {"name": [...],
    "gemeenten": [...], ...}, ``problems`` one text per field. Nothing is stored."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__({name: " ".join(messages) for name, messages in errors.items()})
        self.errors = errors


@dataclass
class SetupResult:
    gemeenten: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)


def parse_organisations(text: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """One organisation a line: ``naam; soort[; AGB-code]``. Returns (rows, errors)."""
    rows, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(";")]
        name = parts[0]
        kind = KIND_WORDS.get((parts[1] if len(parts) > 1 else "").lower())
        if not name or kind is None:
            errors.append(
                _("regel %(n)s: schrijf 'naam; soort' met als soort een van: %(kinds)s.",
                  n=number, kinds=", ".join(k.value for k in OrganisationKind))
            )
            continue
        rows.append((name, kind, parts[2] if len(parts) > 2 else ""))
    return rows, errors


def setup_region(
    actor, *, name: str, code: str, gemeenten_csv: str, organisations: str,
    gemeente_organisations: bool = True,
) -> SetupResult:
    """Store everything or nothing (the caller rolls back on SetupError). ``gemeenten_csv`` is
    a ``cbs_code;naam`` text; with ``gemeente_organisations`` every gemeente also becomes an
    organisation of kind gemeente (its consulenten get accounts there)."""
    errors: dict[str, list[str]] = {}
    try:
        set_region(name, code)
    except RegionError as error:
        errors.setdefault("code" if "code" in str(error).lower() else "name", []).append(
            str(error)
        )
    imported = gemeente_services.import_csv(actor, gemeenten_csv)
    if imported.errors:
        errors["gemeenten"] = imported.errors
    elif not imported.added and not imported.unchanged:
        errors["gemeenten"] = [_("Geef minstens één gemeente.")]
    rows, organisation_errors = parse_organisations(organisations)
    result = SetupResult(gemeenten=imported.added + imported.unchanged)
    wanted = list(rows)
    if gemeente_organisations:
        wanted += [(f"Gemeente {g}", OrganisationKind.GEMEENTE.value, "")
                   for g in result.gemeenten]
    for org_name, kind, agb in wanted:
        if find_organisation(org_name) is not None:
            continue  # set-up run twice: what exists stays
        try:
            add_organisation(actor, name=org_name, kind=kind, agb_code=agb)
        except AccountError as error:
            organisation_errors.append(f"{org_name}: {error}")
            continue
        result.organisations.append(org_name)
    if organisation_errors:
        errors["organisations"] = organisation_errors
    if errors:
        raise SetupError(errors)
    return result
