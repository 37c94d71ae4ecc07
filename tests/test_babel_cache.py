"""The faster formatting and translation paths give exactly what Flask-Babel gives."""

from __future__ import annotations

from datetime import UTC, date, datetime

from babel.dates import get_datetime_format
from flask_babel import force_locale, format_date, format_time, get_locale, gettext, refresh
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseflow.core.formatting import day, id_url, when

MOMENTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=200, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # app is only read
@given(moment=MOMENTS)
def test_dates_and_times_match_flask_babel_in_both_languages(app, moment):
    with app.test_request_context("/"):
        for language in ("nl", "en"):
            with force_locale(language):
                # the medium date with the short time, joined as the locale joins them
                joined = str(get_datetime_format("medium", locale=get_locale()))
                assert when(moment) == joined.replace("'", "").format(
                    format_time(moment, "short"), format_date(moment, "medium")
                )
                assert day(moment) == format_date(moment, "medium")
                assert day(moment.date()) == format_date(moment.date(), "medium")


def test_dates_are_shown_in_amsterdam_time(app):
    late_evening = datetime(2024, 6, 30, 22, 30, tzinfo=UTC)  # 00:30 on 1 July in Amsterdam
    with app.test_request_context("/"):
        assert when(late_evening) == "1 jul 2024, 00:30"
        assert day(late_evening) == "1 jul 2024"
        assert day(date(2024, 6, 30)) == "30 jun 2024"


def test_translations_follow_force_locale_and_refresh(app):
    with app.test_request_context("/"):
        assert gettext("Corrigeren") == "Corrigeren"
        with force_locale("en"):
            assert gettext("Corrigeren") == "Correct"
            assert when(datetime(2024, 5, 1, 12, tzinfo=UTC)) == "May 1, 2024, 2:00\u202fPM"
        assert gettext("Corrigeren") == "Corrigeren"
        refresh()
        assert gettext("Corrigeren") == "Corrigeren"


def test_id_url_builds_the_same_links_as_url_for(app):
    from flask import url_for

    with app.test_request_context("/"):
        edit = id_url("timeline.edit_event", "event_id", reference="GV-2024-0007")
        for event_id in (1, 42, 987654321 + 1):
            assert edit(event_id) == url_for(
                "timeline.edit_event", reference="GV-2024-0007", event_id=event_id
            )
