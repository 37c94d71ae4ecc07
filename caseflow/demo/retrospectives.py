"""Demo retrospectives (VIPP-lijn): one learning session with two finished retrospectives and one
in preparation, on demo cases whose (synthetic) families gave consent. Built through the real
services; dates lie in the past where the plan has them there.

The texts mention people as teams really write them — a mother and a grandmother by first name, a
doctor, a place, the professionals and providers of the region — so the engine has work to do;
the demo facilitator then checks every span it was unsure about (``resolve_demo_spans``), so the
demo retrospectives have nothing open and their verslagen can be downloaded."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives import learning, services, spans
from caseflow.retrospectives.consent import ConsentInput, record_consent
from caseflow.retrospectives.consent_age import case_age
from caseflow.retrospectives.freeze import frozen_events
from caseflow.retrospectives.models import Theme
from caseflow.retrospectives.vocab import ConsentParty
from caseflow.timeline.models import TimelineEvent
from caseflow.timeline.services import EventContent, log_event

SUB_QUESTIONS = [
    "Welke patronen in het gezin zagen we, en wanneer hebben we daarop een analyse gemaakt?",
    "Wat zijn onze patronen in het samenwerken met dit gezin?",
    "Wat hebben we nodig om dit beter te doen met elkaar?",
]
ANNOTATIONS = [
    ("kantelpunt", "Na deze crisis werd pas breed gekeken; daarvoor zocht iedereen een plek.",
     ["analyse_te_laat"], 0),
    ("patroon", "Drie partijen wachtten op elkaar; niemand pakte de regie.",
     ["hete_aardappel", "rollen_onduidelijk"], 1),
    ("gemiste_kans", "De school meldde zorgen, maar werd niet uitgenodigd voor het overleg.",
     ["kind_uit_beeld"], 1),
    ("werkzaam_element", "Het netwerkberaad met de familie gaf rust en een gedeeld beeld.",
     [], 2),
    ("observatie", "Ouders hoorden het besluit pas achteraf.", ["ouders_niet_meegenomen"], 2),
]
REFLECTIONS = [
    ("We wilden vooral dat er één iemand was die het overzicht hield. Oma Truus was de enige "
     "die bleef.", "Waarom moesten we ons verhaal steeds opnieuw vertellen?"),
    ("Het gezinshuis was de eerste plek waar het rustig werd. Moeder Petra voelde zich daar "
     "welkom.", ""),
    ("", "Hoe kan de school eerder meedoen?"),
]
# What a team logged about the family before the retrospective (synthetic names, planted so the
# demo shows the engine: family first names, a doctor, a place, a provider, a professional).
FAMILY_EVENTS = [
    ("gesprek", "Gesprek met moeder Petra en oma Truus",
     "Dr. Hendriks (huisarts) sloot aan. Sanne de Vries van Jeugdbescherming Gooi (demo) "
     "legde uit waarom De Lindenhoeve Jeugdzorg (demo) nu de plek is."),
    ("netwerk", "Netwerkberaad bij oma Truus in Laren",
     "Oom Kees en buurvrouw Ans van Dijk denken mee; Yusuf Demir van de gemeente noteert."),
]
PLANTED_NAMES = ("Petra", "Truus", "Hendriks", "Kees", "Ans van Dijk")
# Words the demo facilitator looked at and kept, with the reason she gave.
KEEP = {
    "Netwerkberaad": "Vaktaal (een soort overleg), geen naam.",
}


def _cases_with_history(limit: int) -> list[Case]:
    counts = (
        select(TimelineEvent.case_id, func.count().label("n"))
        .group_by(TimelineEvent.case_id)
        .subquery()
    )
    return list(
        db.session.scalars(
            select(Case).join(counts, counts.c.case_id == Case.id)
            .order_by(counts.c.n.desc(), Case.id).limit(limit)
        )
    )


def load_demo_retrospectives(chair: User, facilitator: User) -> int:
    cases = _cases_with_history(3)
    if len(cases) < 3:
        return 0
    today = date.today()
    services.ensure_themes()
    themes = {t.code: t for t in db.session.scalars(select(Theme))}
    session = learning.create_session(
        "Leerbijeenkomst jeugdhulp met verblijf", today + timedelta(days=21),
        "Regiokantoor Hilversum (demo)", facilitator, chair,
    )
    held = [today - timedelta(days=35), today - timedelta(days=14), today + timedelta(days=10)]
    for index, case in enumerate(cases):
        reflection, question = REFLECTIONS[index]
        for offset, (kind, title, description) in enumerate(FAMILY_EVENTS):
            on = min(held[index], today) - timedelta(days=30 + 20 * offset)
            log_event(case, EventContent(kind, title, on, description=description), chair,
                      recorded_at=datetime.combine(on, time(16), tzinfo=UTC))
        earlier = today - timedelta(days=60)
        for party in case_age(case).required:  # whoever the child's age asks today
            given_on = earlier if party in case_age(case, earlier).required else today
            record_consent(case, ConsentInput(
                "jongere" if party == ConsentParty.JONGERE else "ouders", given_on,
                "retrospectief_en_leerbijeenkomst", reflection, question,
            ), chair)
            reflection = question = ""  # the family's texts once, with the first party
        retro = services.prepare_retrospective(case, services.Preparation(
            facilitator, min(held[index], today) - timedelta(days=7), held[index],
            "ochtend" if index % 2 == 0 else "middag",
            "Hoe hebben we als partners samengewerkt rond deze jeugdige, en wat leren we ervan?",
            SUB_QUESTIONS, session,
        ), chair)
        for role, kind, organisation in (
            ("jeugdbeschermer", "gi", "Jeugdbescherming"),
            ("casusregisseur", "gemeente", "Gemeente"),
            ("groepsleider", "zorgaanbieder", "Zorgaanbieder"),
        ):
            participant = services.add_participant(
                retro, f"Deelnemer {organisation} {index + 1} (demo)", kind, role, ""
            )
            services.set_attendance(participant, held[index] < today)
        resolve_demo_spans(retro, facilitator)  # the facilitator checked the names
        if held[index] >= today:
            continue  # the third one is still being prepared
        events = frozen_events(retro)
        for type_, text, codes, sub in ANNOTATIONS[index:index + 4]:
            learning.add_annotation(retro, learning.AnnotationInput(
                type_, text, events[min(sub * 2 + index, len(events) - 1)] if events else None,
                period_start=None if events else today - timedelta(days=90),
                sub_question=retro.sub_questions[sub], themes=[themes[c] for c in codes],
            ), facilitator)
        learning.add_action(
            "Bij elke crisis binnen twee weken een gezamenlijke analyse met alle partners.",
            "RET en gemeenten", today + timedelta(days=60), retro=retro,
        )
        services.finish_retrospective(retro)
    learning.add_action(
        "Scholen standaard uitnodigen voor het netwerkoverleg.", "Onderwijs en gemeenten",
        today + timedelta(days=90), session=session,
    )
    return len(cases)


def resolve_demo_spans(retro, facilitator: User) -> None:
    """The facilitator's check, as she would do it: a word the engine was unsure about is
    replaced by the label it proposes, unless it is one she knows is no name (``KEEP``)."""
    for group in spans.open_groups(spans.Owner(retro=retro)):
        reason = KEEP.get(group.word)
        services.resolve_flag(retro, group.word, None if reason else "", reason=reason or "",
                              actor=facilitator)


def _open_flags(retro) -> set[str]:
    """The words still open in ``retro`` (the benchmarks use it)."""
    return {group.word for group in spans.open_groups(spans.Owner(retro=retro))}
