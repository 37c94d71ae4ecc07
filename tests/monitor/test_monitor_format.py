"""The monitor's own number formatting gives exactly what babel's format_decimal gives."""

from __future__ import annotations

import pytest
from babel.numbers import format_decimal

from caseflow.monitor.tables import Cell, format_number

VALUES = (
    0, 1, 4, 5, 12, 999, 1000, 1234, 12345, 999999, 1000000, 123456789, -1, -999, -1000,
    -1234567,
)
FLOATS = (
    0.04, 0.05, 0.15, 0.25, 0.35, 1.45, 2.5, 6.572769953, 12.349, 999.95, 1234.56, 99999.99,
    1234567.25, -0.04, -0.05, -0.5, -1.25, -1234.55, 66.66666, 75.0, 0.1 + 0.2,
)


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_format_number_matches_babel(app, locale):
    from flask_babel import get_locale

    with app.test_request_context(f"/?lang={locale}"):
        active = str(get_locale())
        assert active == locale
        for value in VALUES:
            assert format_number(value, 0) == format_decimal(
                value, format="#,##0", locale=active
            ), value
        for value in FLOATS:
            rounded = round(value, 1)
            assert format_number(rounded, 1) == format_decimal(
                rounded, format="#,##0.0", locale=active
            ), value


def test_cell_display_in_dutch(app):
    with app.test_request_context():
        assert Cell(1234567, 10).display() == "1.234.567"
        assert Cell(6.572769953, 10).display() == "6,6"
        assert Cell(75.0, 10).display() == "75"
        assert Cell(-0.04, 10).display() == "-0,0"
        assert Cell(3, 3).display() == "<5"
        assert Cell(None).display() == "—"
