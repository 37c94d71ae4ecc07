"""De-identified text of a retrospective (or of a learning session's own text), and the spans
the engine found in it (``NameFlag`` rows): what they look like, where they are, how many. The
writing side (the engine, decisions) is ``deidentify``.

Storage is safe by default: a span caseflow knows (layer 1) is replaced by its label at once; a
span it does not know (deduce) is stored as a *placeholder* ``⟦kind:token⟧`` that names nothing.
Whatever reads the stored text without resolving — a bug, a new export, a database dump — finds
no name. The facilitator's decision puts the label ('vervangen') or the word itself ('behouden',
with a reason) where the placeholder stood; the word lives only in the ``NameFlag`` row until then.
A later text with a word the facilitator already decided about gets the same decision.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from caseflow.core.formatting import day
from caseflow.extensions import db
from caseflow.retrospectives.frozen_models import FrozenEvent, NameFlag
from caseflow.retrospectives.models import (
    ImprovementAction,
    LearningSession,
    RetroParticipant,
    Retrospective,
)

PLACEHOLDER = re.compile(r"⟦([a-z_-]{1,30}):([0-9a-f]{10})⟧")
REPLACED, KEPT = "vervangen", "behouden"
# Kinds that are not names: counted apart in the verslag ("andere gegevens").
OTHER_KINDS = frozenset({
    "datum", "leeftijd", "bsn", "identificatienummer", "telefoonnummer", "emailadres", "url",
    "postcode", "iban", "adres", "geboortedatum",
})
KIND_LABELS = {
    "persoon": _l("persoon"), "locatie": _l("plaats"), "adres": _l("adres"),
    "instelling": _l("instelling"), "organisatie": _l("organisatie"),
    "gemeente": _l("gemeente"), "zorgaanbieder": _l("zorgaanbieder"),
    "leeftijd": _l("leeftijd"), "datum": _l("datum"), "bsn": _l("BSN"),
    "identificatienummer": _l("nummer"), "telefoonnummer": _l("telefoonnummer"),
    "emailadres": _l("e-mailadres"), "url": _l("webadres"),
}
LABEL_MAX = 60
REASON_MAX = 500


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def placeholder_label(match: re.Match[str]) -> str:
    """What a placeholder stands for, without the word: ``[persoon]``."""
    return f"[{kind_label(match.group(1))}]"


def plain(text: str) -> str:
    """Text for anything that leaves: a placeholder left (never expected: exports are refused
    while one is open) becomes its kind, never the word."""
    return PLACEHOLDER.sub(placeholder_label, text or "")


@dataclass(frozen=True)
class Owner:
    """Whose text: a retrospective, or a learning session (its title, place and own actions)."""

    retro: Retrospective | None = None
    session: LearningSession | None = None

    def where(self):
        if self.retro is not None:
            return NameFlag.retrospective_id == self.retro.id
        return (NameFlag.session_id == self.session.id) & NameFlag.retrospective_id.is_(None)

    def new_flag(self, **values) -> NameFlag:
        if self.retro is not None:
            return NameFlag(retrospective_id=self.retro.id, **values)
        return NameFlag(session_id=self.session.id, **values)


def owner_of(thing: Retrospective | LearningSession) -> Owner:
    return Owner(retro=thing) if isinstance(thing, Retrospective) else Owner(session=thing)


# --- the fields of an owner ------------------------------------------------------------------


def fields(owner: Owner) -> dict[str, tuple[object, str]]:
    """Every stored text of the owner: field key → (object, attribute)."""
    found: dict[str, tuple[object, str]] = {}
    if owner.retro is not None:
        retro = owner.retro
        for name in ("main_question", "family_reflection", "learning_question"):
            found[f"retro.{name}"] = (retro, name)
        for question in retro.sub_questions:
            found[f"sub.{question.position}"] = (question, "text")
        for event in db.session.scalars(
            select(FrozenEvent).where(FrozenEvent.retrospective_id == retro.id)
        ):
            found[f"event.{event.position}.title"] = (event, "title")
            found[f"event.{event.position}.description"] = (event, "description")
        from caseflow.retrospectives.models import Annotation

        for annotation in db.session.scalars(
            select(Annotation).where(Annotation.retrospective_id == retro.id)
        ):
            found[f"annotation.{annotation.id}"] = (annotation, "text")
        for participant in db.session.scalars(
            select(RetroParticipant).where(RetroParticipant.retrospective_id == retro.id)
        ):
            found[f"participant.{participant.id}.role"] = (participant, "role")
        actions = select(ImprovementAction).where(ImprovementAction.retrospective_id == retro.id)
    else:
        found["session.title"] = (owner.session, "title")
        found["session.location"] = (owner.session, "location")
        actions = select(ImprovementAction).where(
            ImprovementAction.session_id == owner.session.id,
            ImprovementAction.retrospective_id.is_(None),
        )
    for action in db.session.scalars(actions):
        found[f"action.{action.id}.text"] = (action, "text")
        found[f"action.{action.id}.owner"] = (action, "owner")
    for provider in FIELD_PROVIDERS:
        found.update(provider(owner))
    return found


# Texts stored elsewhere (e.g. the family's own words in their own table) join the owner's
# fields here, so a decision reaches them too: provider(owner) -> {field: (object, attribute)}.
FIELD_PROVIDERS: list[Callable[[Owner], dict[str, tuple[object, str]]]] = []


def register_fields(provider: Callable[[Owner], dict[str, tuple[object, str]]]) -> None:
    if provider not in FIELD_PROVIDERS:
        FIELD_PROVIDERS.append(provider)


FIELD_LABELS = {
    "retro.main_question": _l("Hoofdvraag"),
    "retro.family_reflection": _l("Reflectie van het gezin"),
    "retro.learning_question": _l("Leervraag van het gezin"), "sub": _l("Subvraag"),
    "event": _l("Tijdlijn"), "annotation": _l("Annotatie"), "participant": _l("Deelnemer (rol)"),
    "action": _l("Verbeteractie"), "session.title": _l("Titel"), "session.location": _l("Locatie"),
}


def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field) or FIELD_LABELS.get(field.split(".")[0], field))


# --- reading -----------------------------------------------------------------------------------


def open_count(owner: Owner) -> int:
    return db.session.scalar(
        select(func.count()).select_from(NameFlag).where(owner.where(),
                                                         NameFlag.resolution.is_(None))
    ) or 0


def open_counts(retro_ids: list[int], session: LearningSession | None = None) -> dict:
    """Open spans per retrospective id (and under ``"session"`` the session's own), one query."""
    condition = NameFlag.retrospective_id.in_(retro_ids or [-1])
    if session is not None:
        condition = condition | (NameFlag.session_id == session.id) & (
            NameFlag.retrospective_id.is_(None)
        )
    rows = db.session.execute(
        select(NameFlag.retrospective_id, func.count())
        .where(condition, NameFlag.resolution.is_(None))
        .group_by(NameFlag.retrospective_id)
    )
    return {(key if key is not None else "session"): n for key, n in rows}


@dataclass
class Summary:
    """What was done with the spans, counted from the rows."""

    replaced_names: int = 0
    replaced_other: int = 0
    kept: int = 0
    open: int = 0

    @property
    def replaced(self) -> int:
        return self.replaced_names + self.replaced_other


def summary(owner: Owner) -> Summary:
    found = Summary()
    for resolution, kind, number in db.session.execute(
        select(NameFlag.resolution, NameFlag.kind, func.sum(NameFlag.occurrences))
        .where(owner.where()).group_by(NameFlag.resolution, NameFlag.kind)
    ):
        number = int(number or 0)
        if resolution is None:
            found.open += number
        elif resolution == KEPT:
            found.kept += number
        elif kind in OTHER_KINDS:
            found.replaced_other += number
        else:
            found.replaced_names += number
    return found


@dataclass
class Group:
    word: str
    kind: str
    label: str
    flags: list[NameFlag]
    contexts: list[tuple[str, str, str, str]]  # (where, before, word, after)

    @property
    def count(self) -> int:
        return len(self.flags)


def open_groups(owner: Owner) -> list[Group]:
    """The open spans grouped by their text, each with up to three places it occurs."""
    flags = list(db.session.scalars(
        select(NameFlag).where(owner.where(), NameFlag.resolution.is_(None))
        .order_by(NameFlag.word, NameFlag.id)
    ))
    if not flags:
        return []
    texts = fields(owner)
    groups: dict[str, Group] = {}
    for flag in flags:
        group = groups.setdefault(flag.word, Group(flag.word, flag.kind, flag.label, [], []))
        group.flags.append(flag)
        if len(group.contexts) < 3:
            group.contexts.append(_context(texts, flag))
    return sorted(groups.values(), key=lambda g: (-g.count, g.word.lower()))


def _context(texts, flag: NameFlag) -> tuple[str, str, str, str]:
    obj_attr = texts.get(flag.field)
    value = getattr(*obj_attr) if obj_attr else ""
    where = field_label(flag.field)
    if isinstance(obj_attr and obj_attr[0], FrozenEvent):
        where = f"{where} {day(obj_attr[0].occurred_on)}"
    index = value.find(flag.placeholder) if flag.placeholder and value else -1
    if index < 0:
        return (where, "", flag.word, "")
    end = index + len(flag.placeholder)
    before = ("…" if index > 60 else "") + plain(value[max(0, index - 60):index])
    after = plain(value[end:end + 60]) + ("…" if len(value) > end + 60 else "")
    return (where, before, flag.word, after)


def decided(owner: Owner) -> list[NameFlag]:
    """The facilitator's decisions (not the automatic replacements of known names)."""
    return list(db.session.scalars(
        select(NameFlag).where(owner.where(), NameFlag.resolution.is_not(None),
                               NameFlag.known.is_(False))
        .order_by(NameFlag.resolved_at.desc(), NameFlag.word)
    ))


def summary_text(found: Summary) -> str:
    """The verslag's account of what was done ("12 namen vervangen, 2 behouden met reden"),
    from the counts; it claims nothing the rows do not show."""
    from flask_babel import gettext, ngettext

    parts = []
    if found.replaced_names:
        parts.append(ngettext("%(num)d naam vervangen", "%(num)d namen vervangen",
                              found.replaced_names))
    if found.replaced_other:
        parts.append(ngettext("%(num)d ander herkenbaar gegeven vervangen",
                              "%(num)d andere herkenbare gegevens vervangen",
                              found.replaced_other))
    if found.kept:
        parts.append(ngettext("%(num)d behouden met reden", "%(num)d behouden met reden",
                              found.kept))
    if found.open:
        parts.append(ngettext("%(num)d nog niet gecontroleerd", "%(num)d nog niet gecontroleerd",
                              found.open))
    if not parts:
        return gettext("Gepseudonimiseerd: er zijn geen namen of andere herkenbare gegevens "
                       "gevonden.")
    return gettext("Gepseudonimiseerd: %(done)s.", done=", ".join(parts))
