"""The region's calendar lives in caseflow.core.clock (one clock for every domain); kept here
because the meetings domain and its tests import it from this path."""

from caseflow.core.clock import (  # noqa: F401 - re-exported
    local_date,
    local_moment,
    local_zone,
    region_today,
    start_of_today,
)
