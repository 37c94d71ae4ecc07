from datetime import date, timedelta

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from caseflow.cases.services import move_case
from caseflow.cases.workflow import Phase, Trigger
from caseflow.extensions import db
from caseflow.timeline.models import TimelineEvent, TimelineEventRevision
from caseflow.timeline.queries import TimelineFilters, timeline_rows
from caseflow.timeline.services import (
    EventContent,
    TimelineError,
    is_follow_up_overdue,
    log_event,
    retract_event,
    revise_event,
)
from tests.case_helpers import chair_user, new_case, satisfy_guards
from tests.factories import OrganisationFactory, UserFactory


def _events(case) -> int:
    return db.session.scalar(
        select(func.count()).select_from(TimelineEvent).where(TimelineEvent.case_id == case.id)
    )


def content(**overrides) -> EventContent:
    values = {"kind": "crisis", "title": "Crisis op de groep", "occurred_on": date.today()}
    values.update(overrides)
    return EventContent(**values)


def test_log_event_records_when_it_happened_apart_from_when_it_was_recorded(app):
    chair = chair_user()
    case = new_case(chair)
    organisation = OrganisationFactory()
    event = log_event(
        case,
        content(
            occurred_on=date(2024, 3, 1), precision="month", organisation_ids=(organisation.id,)
        ),
        chair,
    )
    assert event.occurred_on == date(2024, 3, 1) and event.precision == "month"
    assert event.recorded_at.date() == date.today()
    assert event.recorded_by_id == chair.id and event.source == "gebruiker"
    assert [o.id for o in event.organisations] == [organisation.id]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "feest"}, "kind"),
        ({"kind": "fase"}, "kind"),
        ({"occurred_on": date.today() + timedelta(days=2)}, "occurred_on"),  # tomorrow is allowed
        ({"occurred_on": date(2011, 12, 31)}, "occurred_on"),  # before the birth year (2012)
        ({"precision": "ongeveer-ish"}, "precision"),
        ({"organisation_ids": (999999,)}, "organisations"),
        ({"placement_id": 999999}, "placement"),
    ],
)
def test_bad_event_input_is_refused_and_nothing_stored(app, overrides, field):
    chair = chair_user()
    case = new_case(chair)
    before = _events(case)
    with pytest.raises(TimelineError) as error:
        log_event(case, content(**overrides), chair)
    assert field in error.value.problems
    assert _events(case) == before


def test_edit_creates_a_revision_and_keeps_the_original(app):
    chair = chair_user()
    case = new_case(chair)
    event = log_event(case, content(title="Eerste versie"), chair)
    revise_event(
        event, case, content(title="Gecorrigeerd", kind="incident"), chair, note="verkeerde soort"
    )
    revisions = db.session.scalars(
        select(TimelineEventRevision)
        .where(TimelineEventRevision.event_id == event.id)
        .order_by(TimelineEventRevision.number)
    ).all()
    assert [(r.number, r.title, r.kind) for r in revisions] == [
        (1, "Eerste versie", "crisis"),
        (2, "Gecorrigeerd", "incident"),
    ]
    assert revisions[1].change_note == "verkeerde soort"
    assert event.title == "Gecorrigeerd" and event.revision_count == 2


def test_retraction_keeps_the_event_with_reason(app):
    chair = chair_user()
    case = new_case(chair)
    event = log_event(case, content(), chair)
    with pytest.raises(TimelineError):
        retract_event(event, case, chair, reason=" ")
    retract_event(event, case, chair, reason="Hoort bij een andere casus")
    assert db.session.get(TimelineEvent, event.id) is not None
    assert event.retracted_at is not None and event.retraction_reason
    row = next(r for r in timeline_rows(case) if r.event.id == event.id)
    assert row.retracted
    with pytest.raises(TimelineError):
        revise_event(event, case, content(title="nog eens"), chair)


def test_only_the_recorder_or_a_chair_may_change_an_event(app):
    chair = chair_user()
    case = new_case(chair)
    author, other = UserFactory(role="professional"), UserFactory(role="professional")
    event = log_event(case, content(), author)
    with pytest.raises(TimelineError):
        revise_event(event, case, content(title="niet van mij"), other)
    revise_event(event, case, content(title="wel van mij"), author)
    system_event = db.session.scalars(
        select(TimelineEvent).where(
            TimelineEvent.case_id == case.id, TimelineEvent.source == "systeem"
        )
    ).first()
    with pytest.raises(TimelineError):
        retract_event(system_event, case, chair, reason="mag niet")


def test_timeline_as_known_on_a_date(app):
    chair = chair_user()
    with freeze_time("2026-03-01 10:00:00"):
        case = new_case(chair, registered_on=date(2026, 3, 1))
        first = log_event(
            case, content(title="Oorspronkelijk", occurred_on=date(2026, 2, 20)), chair
        )
    with freeze_time("2026-03-03 10:00:00"):
        revise_event(
            first, case, content(title="Gecorrigeerd", occurred_on=date(2026, 2, 20)), chair
        )
    with freeze_time("2026-03-04 10:00:00"):
        log_event(case, content(title="Later vastgelegd", occurred_on=date(2026, 1, 5)), chair)
    with freeze_time("2026-03-05 10:00:00"):
        retract_event(first, case, chair, reason="onjuist")

    def known(day):
        rows = timeline_rows(case, TimelineFilters(as_of=day))
        return [(r.title, r.retracted) for r in rows if r.event.source == "gebruiker"]

    assert known(date(2026, 2, 28)) == []
    assert known(date(2026, 3, 2)) == [("Oorspronkelijk", False)]
    assert known(date(2026, 3, 3)) == [("Gecorrigeerd", False)]
    assert known(date(2026, 3, 4)) == [("Later vastgelegd", False), ("Gecorrigeerd", False)]
    assert known(date(2026, 3, 5)) == [("Later vastgelegd", False), ("Gecorrigeerd", True)]


def test_filters_by_kind_organisation_and_period(app):
    chair = chair_user()
    case = new_case(chair)
    organisation = OrganisationFactory()
    log_event(case, content(kind="school", title="School", occurred_on=date(2025, 1, 10)), chair)
    log_event(
        case,
        content(
            kind="crisis",
            title="Crisis",
            occurred_on=date(2025, 6, 1),
            organisation_ids=(organisation.id,),
        ),
        chair,
    )

    def titles(**kw):
        return [
            r.title
            for r in timeline_rows(case, TimelineFilters(**kw))
            if r.event.source == "gebruiker"
        ]

    assert titles(kinds=["school"]) == ["School"]
    assert titles(organisation_id=organisation.id) == ["Crisis"]
    assert titles(start=date(2025, 2, 1), end=date(2025, 12, 31)) == ["Crisis"]


class TestFollowUp:
    def _in_follow_up(self, on: str, weeks: int = 6):
        chair = chair_user()
        with freeze_time(on):
            case = new_case(chair, phase=Phase.PLAATSING)
            from tests.case_helpers import satisfy_guards

            satisfy_guards(case, chair, Trigger.START_VOLGEN)
            move_case(case, Trigger.START_VOLGEN, chair, follow_up_weeks=weeks)
        return case, chair

    def test_due_after_the_rhythm_overdue_the_day_after(self, app):
        case, _chair = self._in_follow_up("2026-01-05 09:00:00")
        assert case.follow_up_due_on == date(2026, 2, 16)
        with freeze_time("2026-02-16"):
            assert not is_follow_up_overdue(case)
        with freeze_time("2026-02-17"):
            assert is_follow_up_overdue(case)

    def test_contact_with_the_youth_resets_the_clock(self, app):
        case, chair = self._in_follow_up("2026-01-05 09:00:00", weeks=4)
        with freeze_time("2026-01-20 12:00:00"):
            log_event(
                case,
                content(
                    kind="contact_jeugdige", title="Gesprek met Noor", occurred_on=date(2026, 1, 20)
                ),
                chair,
            )
        assert case.follow_up_due_on == date(2026, 2, 17)
        with freeze_time("2026-02-18"):
            assert is_follow_up_overdue(case)

    def test_retracting_the_contact_brings_the_old_due_date_back(self, app):
        case, chair = self._in_follow_up("2026-01-05 09:00:00", weeks=4)
        with freeze_time("2026-01-20 12:00:00"):
            event = log_event(
                case,
                content(kind="evaluatiemoment", title="Evaluatie", occurred_on=date(2026, 1, 20)),
                chair,
            )
            retract_event(event, case, chair, reason="ging niet door")
        assert case.follow_up_due_on == date(2026, 2, 2)

    def test_leaving_follow_up_clears_the_due_date(self, app):
        case, chair = self._in_follow_up("2026-01-05 09:00:00")
        satisfy_guards(case, chair, Trigger.NAAR_EVALUATIE)  # an evaluatiemoment first
        move_case(case, Trigger.NAAR_EVALUATIE, chair)
        assert case.follow_up_due_on is None and not is_follow_up_overdue(case)
