"""Writing text of a retrospective or learning session through the de-identification engine,
and the facilitator's decisions on what it was unsure about. See ``spans`` for the storage design:
known spans replaced at once, unknown ones stored as placeholders until decided."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select

from caseflow.auth.models import User
from caseflow.database import utcnow
from caseflow.extensions import db
from caseflow.retrospectives.consent import RetroError
from caseflow.retrospectives.frozen_models import NameFlag
from caseflow.retrospectives.spans import (
    KEPT,
    LABEL_MAX,
    PLACEHOLDER,
    REASON_MAX,
    REPLACED,
    Owner,
    fields,
    open_count,
)

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


def identifiers_in(text: str, known=None) -> list[str]:
    """What the engine would replace in ``text`` (known names, patterns, deduce): for short texts
    that have no list of spans to resolve, such as a theme, which is refused instead."""
    return [span.text for span in _engine().deidentify(text or "", known).spans]


class Recorder:
    """Runs the texts of one owner through the engine and records what it found."""

    def __init__(self, owner: Owner, known, actor: User | None = None) -> None:
        self.owner, self.known, self.actor = owner, known, actor
        self.engine = _engine()
        self.decided: dict[str, NameFlag] = {}
        if owner.retro is not None and known is not None:  # names typed for the attendance list
            for name in participant_names(owner.retro):
                known.add(name, PARTICIPANT_LABEL, kind="persoon")
        for flag in db.session.scalars(
            select(NameFlag).where(owner.where(), NameFlag.resolution.is_not(None),
                                   NameFlag.known.is_(False)).order_by(NameFlag.id)
        ):
            self.decided[flag.word] = flag
            if flag.field == MANUAL and known is not None:  # a name the engine missed, from now
                known.add(flag.word, flag.replacement or flag.label, kind=flag.kind, parts=False)

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
        values = {"word": span.text[:100], "kind": span.kind[:30], "label": span.label[:100],
                  "field": field[:60], "occurrences": 1}
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


PARTICIPANT_LABEL = "[deelnemer]"


def participant_names(retro) -> list[str]:
    from caseflow.retrospectives.models import RetroParticipant

    return list(db.session.scalars(
        select(RetroParticipant.name).where(RetroParticipant.retrospective_id == retro.id)
        .order_by(RetroParticipant.id)
    ))


def name_participant(owner: Owner, name: str) -> int:
    """A participant added: their name (in any case, in parts) is replaced in the text written
    before, as caseflow's other names are (counted as replaced). Returns how often."""
    from caseflow.privacy.known_names import KnownNames

    known = KnownNames()
    known.add(name, PARTICIPANT_LABEL, kind="persoon")
    found = 0
    for key, (obj, attr) in fields(owner).items():
        text = getattr(obj, attr) or ""
        matches = known.find(text)
        for span in sorted(matches, key=lambda s: s.start, reverse=True):
            text = text[:span.start] + span.label + text[span.end:]
            db.session.add(owner.new_flag(
                word=span.text[:100], kind="persoon", label=span.label, field=key[:60],
                occurrences=1, known=True, resolution=REPLACED, replacement=span.label,
                reason="", resolved_at=utcnow(),
            ))
        if matches:
            setattr(obj, attr, text)
            found += len(matches)
    db.session.flush()
    return found


def _token_kind(kind: str) -> str:
    return re.sub(r"[^a-z_-]", "", kind.lower())[:30] or "naam"


def forget_field(owner: Owner, field_prefix: str) -> None:
    """A text removed (a sub-question dropped): its spans no longer count."""
    db.session.execute(
        delete(NameFlag).where(owner.where(), NameFlag.field == field_prefix)
    )


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
        _refuse_known_name(owner, output, "replacement")
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


MANUAL = "manual"  # the field of a word the facilitator added herself


def add_word(owner: Owner, word: str, label: str, *, actor: User | None = None) -> int:
    """A name the engine missed: the facilitator replaces ``word`` everywhere in the owner's
    text by ``label`` (empty: "[naam]"); later texts get the same (``Recorder``). Returns how
    often it was replaced."""
    word = " ".join((word or "").split())
    label = " ".join((label or "").replace("⟦", "[").replace("⟧", "]").split()) or "[naam]"
    if len(word) < 2:
        raise RetroError(_l("Vul het woord in dat vervangen moet worden."), field="word")
    if len(label) > LABEL_MAX:
        raise RetroError(_l("Het label is te lang (ten hoogste 60 tekens)."), field="label")
    _refuse_known_name(owner, label, "label")
    pattern = re.compile(rf"(?<![\w]){re.escape(word)}(?![\w])")
    texts = fields(owner)
    found = sum(len(pattern.findall(getattr(obj, attr) or "")) for obj, attr in texts.values())
    if not found:
        raise RetroError(_l("Dit woord komt niet (meer) voor in de tekst."), field="word")
    for obj, attr in texts.values():
        setattr(obj, attr, pattern.sub(label, getattr(obj, attr) or ""))
    db.session.add(owner.new_flag(
        word=word[:100], kind="persoon", label=label, known=False, field=MANUAL,
        occurrences=found, resolution=REPLACED, replacement=label,
        resolved_by_id=actor.id if actor else None, resolved_at=utcnow(),
    ))
    db.session.flush()
    return found


def _refuse_known_name(owner: Owner, label: str, field: str) -> None:
    """A label is written into the text as it is: one that is itself a name caseflow knows
    ("Marieke Jansen", the case's pseudonym) would put that name in the verslag."""
    from caseflow.cases.models import Case

    retro = owner.retro
    case = db.session.get(Case, retro.case_id) if retro is not None else None
    known = known_names(case=case, session_pseudonym=retro.session_pseudonym if retro else None)
    if known.find(label):
        raise RetroError(_l("Dit label bevat zelf een naam die caseflow kent. Kies een rol of "
                            "soort, bijvoorbeeld [oom] of [school]."), field=field)


def _substitute(texts: dict[str, tuple[object, str]], flag: NameFlag, output: str) -> None:
    # every field, not only ``flag.field``: an edited text may have taken the placeholder along
    for obj, attr in texts.values():
        value = getattr(obj, attr) or ""
        if flag.placeholder in value:
            setattr(obj, attr, value.replace(flag.placeholder, output))


