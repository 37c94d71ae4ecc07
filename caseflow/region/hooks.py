"""What the region adds to others: the beheerder's start page asks ``region_needs_setup()`` (a
first run without gemeenten sends them on to the set-up screen), so core need not know the
region's settings."""

from __future__ import annotations

from caseflow.core.labels import register_template_value
from caseflow.region.settings import is_set_up


def needs_setup() -> bool:
    return not is_set_up()


def register() -> None:
    register_template_value("region_needs_setup", needs_setup)
