"""Demo retrospectives (VIPP-lijn): one learning session with two finished retrospectives and one
in preparation, on demo cases whose (synthetic) families gave consent. Built through the real
services; dates lie in the past where the plan has them there."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from caseflow.auth.models import User
from caseflow.cases.models import Case
from caseflow.extensions import db
from caseflow.retrospectives import services
from caseflow.retrospectives.consent import ConsentInput, record_consent
from caseflow.retrospectives.consent_age import case_age
from caseflow.retrospectives.freeze import frozen_events
from caseflow.retrospectives.models import Theme
from caseflow.retrospectives.vocab import ConsentParty
from caseflow.timeline.models import TimelineEvent

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
    ("We wilden vooral dat er één iemand was die het overzicht hield.",
     "Waarom moesten we ons verhaal steeds opnieuw vertellen?"),
    ("Het gezinshuis was de eerste plek waar het rustig werd.", ""),
    ("", "Hoe kan de school eerder meedoen?"),
]


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
    session = services.create_session(
        "Leerbijeenkomst jeugdhulp met verblijf", today + timedelta(days=21),
        "Regiokantoor Hilversum (demo)", facilitator, chair,
    )
    held = [today - timedelta(days=35), today - timedelta(days=14), today + timedelta(days=10)]
    for index, case in enumerate(cases):
        reflection, question = REFLECTIONS[index]
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
        if held[index] >= today:
            continue  # the third one is still being prepared: its name flags stay open
        for word in sorted(_open_flags(retro)):
            services.resolve_flag(retro, word, None)  # the facilitator checked them
        events = frozen_events(retro)
        for type_, text, codes, sub in ANNOTATIONS[index:index + 4]:
            services.add_annotation(retro, services.AnnotationInput(
                type_, text, events[min(sub * 2 + index, len(events) - 1)] if events else None,
                period_start=None if events else today - timedelta(days=90),
                sub_question=retro.sub_questions[sub], themes=[themes[c] for c in codes],
            ), facilitator)
        services.add_action(
            "Bij elke crisis binnen twee weken een gezamenlijke analyse met alle partners.",
            "RET en gemeenten", today + timedelta(days=60), retro=retro,
        )
        services.finish_retrospective(retro)
    services.add_action(
        "Scholen standaard uitnodigen voor het netwerkoverleg.", "Onderwijs en gemeenten",
        today + timedelta(days=90), session=session,
    )
    return len(cases)


def _open_flags(retro) -> set[str]:
    from caseflow.retrospectives.models import NameFlag

    return set(
        db.session.scalars(select(NameFlag.word).where(NameFlag.retrospective_id == retro.id))
    )
