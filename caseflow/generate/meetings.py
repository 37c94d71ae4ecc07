"""RET meetings for generated cases: one meeting a week, an agenda item per case sent to the RET."""

from __future__ import annotations

import random
from datetime import date, timedelta

from caseflow.generate.bulk import Ids, Rows
from caseflow.generate.history import at_day
from caseflow.generate.staff import Staff

try:  # the meetings domain is optional for the generator
    from caseflow.meetings.models import AgendaItem, Meeting, MeetingAttendee, MeetingDecision
except ImportError:  # pragma: no cover
    Meeting = None  # type: ignore[assignment,misc]

TABLES = (
    [Meeting.__table__, MeetingAttendee.__table__, AgendaItem.__table__,
     MeetingDecision.__table__] if Meeting is not None else []
)


class MeetingPlanner:
    """Keeps the week → meeting id map across chunks so every week has one meeting."""

    def __init__(self, ids: Ids, staff: Staff, rng: random.Random) -> None:
        self.ids, self.staff, self.rng = ids, staff, rng
        self.meetings: dict[date, int] = {}
        self.positions: dict[int, int] = {}
        self.seen: set[tuple[int, int]] = set()

    def add(self, rows: Rows, ret_days: list[tuple[date, int]], today: date) -> None:
        if Meeting is None:
            return
        for day, case_id in ret_days:
            meeting_day = day + timedelta(days=(1 - day.weekday()) % 7 or 7)  # next Tuesday
            if meeting_day > today:
                continue
            meeting_id = self._meeting(rows, meeting_day)
            if (meeting_id, case_id) in self.seen:
                continue
            self.seen.add((meeting_id, case_id))
            position = self.positions[meeting_id] = self.positions.get(meeting_id, 0) + 1
            item_id = self.ids.take(AgendaItem.__table__)
            coordinator = self.staff.coordinators[0]
            rows.add(AgendaItem.__table__, {
                "id": item_id, "meeting_id": meeting_id, "case_id": case_id,
                "position": position, "question": "Welke plek past bij deze jeugdige?",
                "advice": "", "added_at": at_day(day, 12), "added_by_id": coordinator,
            })
            if self.rng.random() < 0.8:
                rows.add(MeetingDecision.__table__, {
                    "id": self.ids.take(MeetingDecision.__table__), "agenda_item_id": item_id,
                    "case_id": case_id, "text": "De RET adviseert een passende plaatsing.",
                    "mandate": self.rng.choice(("advies", "advies", "besluit")),
                    "escalated_to": "", "decided_at": at_day(meeting_day, 15),
                    "decided_by_id": self.staff.chairs[0],
                })

    def _meeting(self, rows: Rows, day: date) -> int:
        if day in self.meetings:
            return self.meetings[day]
        meeting_id = self.meetings[day] = self.ids.take(Meeting.__table__)
        chair, coordinator = self.rng.choice(self.staff.chairs), self.staff.coordinators[0]
        rows.add(Meeting.__table__, {
            "id": meeting_id, "starts_at": at_day(day, 13), "location": "Vergaderzaal RET",
            "chair_id": chair, "coordinator_id": coordinator, "created_by_id": coordinator,
            "created_at": at_day(day - timedelta(days=14)), "updated_at": at_day(day),
        })
        for user_id in (chair, coordinator):
            rows.add(MeetingAttendee.__table__, {
                "id": self.ids.take(MeetingAttendee.__table__), "meeting_id": meeting_id,
                "user_id": user_id, "guest_role": None, "case_id": None,
            })
        return meeting_id
