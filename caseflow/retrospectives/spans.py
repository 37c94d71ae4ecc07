"""De-identified text of a retrospective (or of a learning session's own actions), and the spans
the engine found in it (``NameFlag`` rows).

Storage is safe by default: a span caseflow knows (layer 1) is replaced by its label at once; a
span it does not know (deduce) is stored as a *placeholder* ``⟦kind:token⟧`` that names nothing.
Whatever reads the stored text without resolving — a bug, a new export, a database dump — finds
no name. The facilitator's decision puts the label ('vervangen') or the word itself ('behouden',
with a reason) where the placeholder stood; the word lives only in the ``NameFlag`` row until then.
A later text with a word the facilitator already decided about gets the same decision.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from caseflow.auth.models import User
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.models import (
    FrozenEvent,
    ImprovementAction,
    LearningSession,
    NameFlag,
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


# --- writing text through the engine ---------------------------------------------------------


def _engine():
    from caseflow.privacy.engine import get_deidentifier

    return get_deidentifier()


def known_names(case=None, session_pseudonym: str | None = None):
    from caseflow.privacy.known import region_known_names

    return region_known_names(case=case, session_pseudonym=session_pseudonym)


def safe_text(known) -> Callable[[str], str]:
    """For views that show live text once (no decisions): every span replaced by its label."""
    engine = _engine()
    return lambda text: engine.deidentify(text or "", known).text if text else ""


class Recorder:
    """Runs the texts of one owner through the engine and records what it found."""

    def __init__(self, owner: Owner, known, actor: User | None = None) -> None:
        self.owner, self.known, self.actor = owner, known, actor
        self.engine = _engine()
        self.decided: dict[str, NameFlag] = {}
        for flag in db.session.scalars(
            select(NameFlag).where(owner.where(), NameFlag.resolution.is_not(None),
                                   NameFlag.known.is_(False)).order_by(NameFlag.id)
        ):
            self.decided[flag.word] = flag

    def __call__(self, field: str, text: str) -> str:
        """``text`` as it is to be stored in ``field``: known spans replaced, unknown ones as
        placeholders (or as already decided). Placeholders already in the text stay."""
        text = (text or "").strip()
        if not text:
            return ""
        out, last = [], 0
        for match in PLACEHOLDER.finditer(text):  # an edited text keeps its open spans
            out.append(self._segment(field, text[last:match.start()]))
            out.append(match.group(0))
            last = match.end()
        out.append(self._segment(field, text[last:]))
        return "".join(out)

    def _segment(self, field: str, text: str) -> str:
        if not text.strip():
            return text
        result = self.engine.deidentify(text, self.known)
        open_ids = {(s.start, s.end) for s in result.open_spans}
        out, last = [], 0
        for span in sorted(result.spans, key=lambda s: s.start):
            if span.start < last:
                continue
            out.append(text[last:span.start])
            out.append(self._span(field, span, (span.start, span.end) in open_ids))
            last = span.end
        out.append(text[last:])
        return "".join(out)

    def _span(self, field: str, span, is_open: bool) -> str:
        values = dict(word=span.text[:100], kind=span.kind[:30], label=span.label[:100],
                      field=field[:60], occurrences=1)
        earlier = self.decided.get(span.text[:100]) if is_open else None
        if not is_open or earlier is not None:
            decision = earlier
            flag = self.owner.new_flag(
                **values, known=not is_open,
                resolution=decision.resolution if decision else REPLACED,
                replacement=decision.replacement if decision else span.label,
                reason=decision.reason if decision else "",
                resolved_by_id=decision.resolved_by_id if decision else None,
                resolved_at=utcnow(),
            )
            db.session.add(flag)
            if flag.resolution == KEPT:
                return span.text
            return flag.replacement or span.label
        token = f"⟦{_token_kind(span.kind)}:{secrets.token_hex(5)}⟧"
        db.session.add(self.owner.new_flag(**values, known=False, placeholder=token))
        return token

    def refresh(self, field: str, old: str, new: str) -> str:
        """A field edited: forget what was found in the old text (open spans whose placeholder
        is still in the new text stay; decisions come back by word) and run the new text."""
        new = (new or "").strip()
        if new == (old or ""):
            return old or ""
        for flag in db.session.scalars(
            select(NameFlag).where(self.owner.where(), NameFlag.field == field)
        ):
            if not (flag.placeholder and flag.resolution is None and flag.placeholder in new):
                db.session.delete(flag)
        return self(field, new)


def _token_kind(kind: str) -> str:
    return re.sub(r"[^a-z_-]", "", kind.lower())[:30] or "naam"


def forget_field(owner: Owner, field_prefix: str) -> None:
    """A text removed (a sub-question dropped): its spans no longer count."""
    db.session.execute(
        delete(NameFlag).where(owner.where(), NameFlag.field == field_prefix)
    )


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
    return found


FIELD_LABELS = {
    "retro.main_question": _l("Hoofdvraag"), "retro.family_reflection": _l("Reflectie van het gezin"),
    "retro.learning_question": _l("Leervraag van het gezin"), "sub": _l("Subvraag"),
    "event": _l("Tijdlijn"), "annotation": _l("Annotatie"), "participant": _l("Deelnemer (rol)"),
    "action": _l("Verbeteractie"), "session.title": _l("Titel"), "session.location": _l("Locatie"),
}


def field_label(field: str) -> str:
    return str(FIELD_LABELS.get(field) or FIELD_LABELS.get(field.split(".")[0], field))


# --- resolving ---------------------------------------------------------------------------------


def open_group(owner: Owner, word: str) -> list[NameFlag]:
    return list(db.session.scalars(
        select(NameFlag).where(owner.where(), NameFlag.word == word,
                               NameFlag.resolution.is_(None)).order_by(NameFlag.id)
    ))


def resolve(owner: Owner, word: str, replacement: str | None, *, reason: str = "",
            actor: User | None = None) -> int:
    """Replace (``replacement``: a label; empty → the proposed one) or keep (``None``, with a
    reason) every open span of ``word``. Returns how many were resolved."""
    group = open_group(owner, word)
    if not group:
        raise RetroError(_l("Dit woord staat niet (meer) op de lijst."))
    reason = " ".join((reason or "").split())
    if replacement is None:
        if not reason:
            raise RetroError(_l("Geef een reden waarom dit woord mag blijven staan."),
                            field="reason")
        if len(reason) > REASON_MAX:
            raise RetroError(_l("De reden is te lang (ten hoogste 500 tekens)."), field="reason")
        output = word
    else:
        output = " ".join(replacement.replace("⟦", "[").replace("⟧", "]").split())
        output = output or group[0].label or "[naam]"
        if len(output) > LABEL_MAX:
            raise RetroError(_l("Het label is te lang (ten hoogste 60 tekens)."),
                            field="replacement")
    texts = fields(owner)
    for flag in group:
        if flag.placeholder:
            _substitute(texts, flag, output)
        elif replacement is not None:  # a flag from before placeholders: the word in the text
            pattern = re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")
            for obj, attr in texts.values():
                setattr(obj, attr, pattern.sub(output, getattr(obj, attr) or ""))
        flag.resolution = KEPT if replacement is None else REPLACED
        flag.replacement = None if replacement is None else output
        flag.reason = reason if replacement is None else ""
        flag.resolved_by_id = actor.id if actor else None
        flag.resolved_at = utcnow()
    db.session.flush()
    if owner.retro is not None and open_count(owner) == 0:
        owner.retro.names_checked_at = utcnow()
    db.session.flush()
    return len(group)


def _substitute(texts: dict[str, tuple[object, str]], flag: NameFlag, output: str) -> None:
    # every field, not only ``flag.field``: an edited text may have taken the placeholder along
    for obj, attr in texts.values():
        value = getattr(obj, attr) or ""
        if flag.placeholder in value:
            setattr(obj, attr, value.replace(flag.placeholder, output))


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
        select(NameFlag.resolution, NameFlag.kind, func.count())
        .where(owner.where()).group_by(NameFlag.resolution, NameFlag.kind)
    ):
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
        where = f"{where} {obj_attr[0].occurred_on:%d-%m-%Y}"
    index = value.find(flag.placeholder) if flag.placeholder and value else -1
    if index < 0:
        return (where, "", flag.word, "")
    before = plain(value[max(0, index - 60):index])
    after = plain(value[index + len(flag.placeholder):index + len(flag.placeholder) + 60])
    return (where, ("…" if index > 60 else "") + before, flag.word, after + "…")


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
