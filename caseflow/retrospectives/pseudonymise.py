"""The pseudonymiser: known names out, the session pseudonym and roles in, the rest flagged.

Names known to the case — its pseudonym, the professionals around it (members, whoever recorded an
event) and the organisations involved — are replaced; a professional becomes their role and the kind
of their organisation. Capitalised words that are left and do not start a sentence are returned as
flags for the facilitator to check before the session. Families' surnames are never stored, so
they cannot be known here; that is what the flags are for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from caseflow.auth.models import Organisation, OrganisationKind, User
from caseflow.cases.models import Case, CaseMember
from caseflow.cases.vocab import MEMBER_ROLE_LABELS, MemberRole
from caseflow.extensions import db
from caseflow.timeline.models import Placement, TimelineEvent

PARTICLES = {"van", "de", "der", "den", "het", "ten", "ter", "te", "la", "le", "du", "'t"}
# Capitalised words that are not names: the domain's abbreviations and common words.
ALLOWED = {
    "RET", "GI", "GGZ", "ASS", "LVB", "SKJ", "VIPP", "JZ", "OTS", "VOTS", "Veilig", "Thuis",
    "Jeugdzorg", "JeugdzorgPlus", "Plus", "Gezinshuis", "Pleegzorg", "Crisis", "Crisisopvang",
    "Gemeente", "Zorgaanbieder", "Onderwijs", "Regionaal", "Expertteam", "Politie", "School",
    "Ouders", "Oma", "Opa", "Oom", "Tante", "Moeder", "Vader", "Jeugdige", "Casusregisseur",
    "Jeugdbeschermer", "Gedragswetenschapper", "Consulent", "Mentor", "Huisarts", "Rechter",
    "Kinderrechter", "Raad", "Kinderbescherming", "Maatwerk", "Ambulant", "Evaluatie",
    "Gesprek", "Netwerkberaad", "Incident", "Schorsing", "Aangemeld", "Overig", "Geen",
    "Januari", "Februari", "Maart", "April", "Mei", "Juni", "Juli", "Augustus", "September",
    "Oktober", "November", "December", "Maandag", "Dinsdag", "Woensdag", "Donderdag", "Vrijdag",
    "Zaterdag", "Zondag", "Nederland", "Gooi", "Vechtstreek",
}
WORD = re.compile(r"[A-ZÀ-Ý][\wÀ-ÿ'’-]*")
SENTENCE_START = re.compile(r"(^|[.!?:;\n]\s*|[\"“(]\s*)$")


@dataclass
class Pseudonymiser:
    replacements: list[tuple[str, str]] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    _pattern: re.Pattern[str] | None = None
    _lookup: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, label: str, *, parts: bool = True) -> None:
        """Replace ``name`` by ``label``; with ``parts`` also each of its name parts (a first name
        or surname alone), as people are often written about by one of them."""
        name = " ".join((name or "").split())
        if len(name) < 2:
            return
        self.replacements.append((name, label))
        self.labels.update(WORD.findall(label))
        for part in name.replace("-", " ").split() if parts else ():
            if len(part) >= 3 and part.lower() not in PARTICLES and part[0].isupper():
                self.replacements.append((part, label))
        self._pattern = None

    def _compile(self) -> re.Pattern[str] | None:
        if self._pattern is None and self.replacements:
            self._lookup = {}
            for name, label in sorted(self.replacements, key=lambda r: -len(r[0])):
                self._lookup.setdefault(name.lower(), label)
            alternatives = "|".join(re.escape(n) for n in sorted(self._lookup, key=len)[::-1])
            self._pattern = re.compile(rf"(?<![\w])({alternatives})(?![\w])", re.IGNORECASE)
        return self._pattern

    def __call__(self, text: str) -> str:
        pattern = self._compile()
        if not text or pattern is None:
            return text or ""
        return pattern.sub(lambda m: self._lookup[m.group(1).lower()], text)

    def flags(self, text: str) -> Counter[str]:
        """Capitalised words left in already pseudonymised text that may be names."""
        found: Counter[str] = Counter()
        for match in WORD.finditer(text or ""):
            word = match.group(0)
            if word in ALLOWED or word in self.labels or word.isupper() and len(word) <= 5:
                continue
            if SENTENCE_START.search(text[: match.start()]):
                continue
            found[word] += 1
        return found


def member_label(role: str, kind: str | None) -> str:
    role_text = str(MEMBER_ROLE_LABELS.get(role, role)) if role else "professional"
    kind_text = str(OrganisationKind(kind).label).lower() if kind else ""
    return f"[{role_text.lower()}{', ' + kind_text if kind_text else ''}]"


def for_case(case: Case, session_pseudonym: str) -> Pseudonymiser:
    """The pseudonymiser for one case: its pseudonym, its professionals and organisations."""
    pseudonymiser = Pseudonymiser()
    pseudonymiser.add(case.pseudonym, session_pseudonym)
    members = db.session.scalars(select(CaseMember).where(CaseMember.case_id == case.id)).all()
    roles: dict[int, str] = {}
    for member in members:
        roles.setdefault(member.user_id, member.role)
    recorders = set(
        db.session.scalars(
            select(TimelineEvent.recorded_by_id).where(
                TimelineEvent.case_id == case.id, TimelineEvent.recorded_by_id.is_not(None)
            )
        )
    )
    user_ids = set(roles) | recorders | {case.casusregisseur_id, case.created_by_id} - {None}
    users = db.session.scalars(select(User).where(User.id.in_(user_ids))).all() if user_ids else []
    organisations: dict[int, Organisation] = {}
    for user in users:
        kind = user.organisation.kind if user.organisation else None
        role = roles.get(user.id) or (
            MemberRole.CASUSREGISSEUR.value if user.id == case.casusregisseur_id else ""
        )
        pseudonymiser.add(user.name, member_label(role, kind))
        if user.organisation:
            organisations[user.organisation.id] = user.organisation
    for placement in db.session.scalars(select(Placement).where(Placement.case_id == case.id)):
        if placement.provider:
            organisations[placement.provider.id] = placement.provider
        pseudonymiser.add(placement.provider_name, "[zorgaanbieder]", parts=False)
    if case.referrer_organisation:
        organisations[case.referrer_organisation.id] = case.referrer_organisation
    for organisation in organisations.values():
        label = f"[{str(organisation.kind_label).lower()}]"
        pseudonymiser.add(organisation.name, label, parts=False)
    return pseudonymiser
