"""The checks of a case's ``searches`` in ``caseflow-history/2`` that a schema cannot express
(``search_items`` exports and writes them)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from caseflow.auth.models import Organisation, OrganisationKind
from caseflow.exchange.models import ExchangeItem
from caseflow.extensions import db
from caseflow.search.models import Search
from caseflow.search.vocab import Answer, CloseKind, RefusalReason, RegionPreference, SettingNeed
from caseflow.timeline.models import Placement


def _blank(value: Any) -> bool:
    return not (value or "").strip()


def check_searches(check: Any) -> None:
    """What the schema cannot say, with the model's rules: dates in order (a request after the
    search's start and not after its end, an answer after its request), what a choice needs
    (gesloten: the legal basis; near school: the school; out of region: the weighing and the
    contact with family and network), one open search, a request per provider per care type
    once unless re-asked, and a search closed by a placement follows a yes of its provider."""
    searches = check.case.get("searches") or []
    placements = {p["id"]: p for p in check.case.get("placements") or [] if p and p.get("id")}
    known = check.existing.item_ids.get("placement", set()) if check.existing else set()
    names = {
        r["provider"].strip().lower() for s in searches if s for r in s.get("requests") or [] if r
    }
    kinds = _organisation_kinds(names)
    open_at: int | None = None
    for number, search in enumerate(searches):
        if search is None:
            continue
        where = f"searches[{number}]"
        opened = check.date(f"{where}.opened_on", search["opened_on"])
        registered = check.case.get("registered_on")
        if opened and isinstance(registered, str) and registered[:10] > search["opened_on"]:
            check.error(f"{where}.opened_on", "ligt vóór de aanmelding van de casus")
        _needs(check, where, search)
        closed = check.date(f"{where}.closed_on", search.get("closed_on"))
        if opened and closed and closed < opened:
            check.error(f"{where}.closed_on", "ligt vóór de start van de zoektocht")
        if search.get("closed_on") and not search.get("close_kind"):
            check.error(f"{where}.close_kind", "verplicht als er een einddatum is")
        if search.get("close_kind") and not search.get("closed_on"):
            check.error(f"{where}.closed_on", "verplicht als 'close_kind' is ingevuld")
        if not search.get("closed_on"):
            if open_at is not None:
                check.error(
                    f"{where}.closed_on",
                    f"er loopt al een zoektocht (searches[{open_at}]); hooguit één",
                )
            open_at = number
        _requests(check, where, search, opened, closed, kinds)
        _placement(check, where, search, placements, known)
    _open_in_caseflow(check, searches)


def _open_in_caseflow(check: Any, searches: list[Any]) -> None:
    """With --update the file's one open search may not be a second one beside the case's open
    search in caseflow (the file's known searches are not changed by an import)."""
    if check.existing is None:
        return
    fresh = [n for n, s in check.new_items("search", searches) if not s.get("closed_on")]
    if fresh and db.session.scalar(
        select(func.count(Search.id)).where(
            Search.case_id == check.existing.case_id, Search.closed_on.is_(None)
        )
    ):
        check.error(
            f"searches[{fresh[0]}].closed_on",
            "er loopt in caseflow al een zoektocht voor deze casus; hooguit één",
        )


def _needs(check: Any, where: str, search: dict[str, Any]) -> None:
    setting = search.get("setting_needs") or []
    if SettingNeed.GESLOTEN.value in setting and _blank(search.get("closed_basis")):
        check.error(f"{where}.closed_basis", "verplicht bij 'gesloten': de wettelijke grond")
    if SettingNeed.NABIJ_SCHOOL.value in setting and _blank(search.get("school")):
        check.error(f"{where}.school", "verplicht bij 'nabij_school': de naam van de school")
    if search["region_preference"] == RegionPreference.BUITEN_REGIO.value:
        for name in ("weighing", "network_contact"):
            if _blank(search.get(name)):
                check.error(f"{where}.{name}", "verplicht bij een keuze voor buiten de regio")


def _requests(
    check: Any,
    where: str,
    search: dict[str, Any],
    opened: date | None,
    closed: date | None,
    kinds: dict[str, str],
) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(search.get("requests") or []):
        if item is None:
            continue
        at = f"{where}.requests[{index}]"
        if _blank(item["provider"]):  # else an organisation without a name is added
            check.error(f"{at}.provider", "mag niet leeg zijn")
            continue
        name = item["provider"].strip().lower()
        if kinds.get(name, OrganisationKind.ZORGAANBIEDER.value) != OrganisationKind.ZORGAANBIEDER:
            check.error(
                f"{at}.provider",
                f"'{item['provider']}' staat in caseflow als een "
                "organisatie die geen zorgaanbieder is",
            )
        asked = check.date(f"{at}.requested_on", item["requested_on"])
        if asked and opened and asked < opened:
            check.error(f"{at}.requested_on", "ligt vóór de start van de zoektocht")
        if asked and closed and asked > closed:
            check.error(f"{at}.requested_on", "ligt na het einde van de zoektocht")
        key = (name, item["care_type"])
        if key in seen and not item.get("reasked"):
            check.error(
                f"{at}.reasked",
                f"deze aanbieder is al gevraagd voor deze soort zorg "
                f"(requests[{seen[key]}]); zet 'reasked' op true",
            )
        seen.setdefault(key, index)
        _answer(check, at, item, asked)


def _answer(check: Any, at: str, item: dict[str, Any], asked: date | None) -> None:
    answer = item.get("answer")
    answered = check.date(f"{at}.answered_on", item.get("answered_on"))
    if answer and not item.get("answered_on"):
        check.error(f"{at}.answered_on", "verplicht bij een antwoord")
    if item.get("answered_on") and not answer:
        check.error(f"{at}.answer", "verplicht als er een datum van het antwoord is")
    if answered and asked and answered < asked:
        check.error(f"{at}.answered_on", "ligt vóór de aanvraag")
    if answer == Answer.WACHTLIJST.value and item.get("wait_weeks") is None:
        check.error(f"{at}.wait_weeks", "verplicht bij 'wachtlijst': de verwachte weken")
    if item.get("wait_weeks") is not None and answer != Answer.WACHTLIJST.value:
        check.error(f"{at}.wait_weeks", "hoort alleen bij het antwoord 'wachtlijst'")
    reason = item.get("refusal_reason")
    if answer == Answer.NEE.value and not reason:
        check.error(f"{at}.refusal_reason", "verplicht bij het antwoord 'nee'")
    if reason and answer != Answer.NEE.value:
        check.error(f"{at}.refusal_reason", "hoort alleen bij het antwoord 'nee'")
    if reason == RefusalReason.ANDERS.value and _blank(item.get("refusal_other")):
        check.error(f"{at}.refusal_other", "verplicht bij de reden 'anders'")


def _placement(
    check: Any, where: str, search: dict[str, Any], placements: dict[str, dict], known: set[str]
) -> None:
    ref = search.get("placement")
    by_placement = search.get("close_kind") == CloseKind.PLAATSING.value
    if ref and not by_placement:
        check.error(f"{where}.placement", "hoort alleen bij close_kind 'plaatsing'")
        return
    if by_placement and not ref:
        check.error(
            f"{where}.placement", "verplicht bij close_kind 'plaatsing': het id van de plaatsing"
        )
        return
    if not ref:
        return
    placement = placements.get(ref)
    if placement is None:
        if ref not in known:
            check.error(f"{where}.placement", f"onbekende plaatsing '{ref}' (niet in 'placements')")
            return
        # An existing placement (--update): the same rules, on what caseflow holds of it.
        placement = _existing_placement(check, ref)
        if placement is None:
            return
    if placement["start"] < search["opened_on"]:
        check.error(f"{where}.placement", "deze plaatsing begon vóór de zoektocht")
    provider = placement["provider"].strip().lower()
    if not any(
        r
        and r.get("answer") == Answer.JA.value
        and r["care_type"] == placement["type"]
        and r["provider"].strip().lower() == provider
        for r in search.get("requests") or []
    ):
        check.error(
            f"{where}.placement",
            "deze plaatsing volgt niet op een 'ja' van deze aanbieder voor deze soort zorg",
        )


def _existing_placement(check: Any, ref: str) -> dict[str, str] | None:
    """A placement of the case in caseflow, by its id in a file (imported or native), as the
    file would describe it (start, provider, type)."""
    from caseflow.exchange.existing_cases import native_id  # it imports case_plan
    from caseflow.region.settings import region_code

    case_id = check.existing.case_id
    object_id = db.session.scalar(
        select(ExchangeItem.object_id).where(
            ExchangeItem.case_id == case_id,
            ExchangeItem.kind == "placement",
            ExchangeItem.external_id == ref,
        )
    )
    prefix = native_id(region_code(), "placement", 0)[:-1]
    if object_id is None and ref.startswith(prefix) and ref[len(prefix) :].isdigit():
        object_id = int(ref[len(prefix) :])
    placement = db.session.get(Placement, object_id) if object_id is not None else None
    if placement is None or placement.case_id != case_id:
        return None
    return {
        "start": placement.start_date.isoformat(),
        "provider": placement.provider_name,
        "type": placement.type,
    }


def _organisation_kinds(names: set[str]) -> dict[str, str]:
    if not names:
        return {}
    rows = (
        db.session.execute(
            select(func.lower(Organisation.name), Organisation.kind).where(
                func.lower(Organisation.name).in_(names)
            )
        )
        .tuples()
        .all()
    )
    return dict(rows)
