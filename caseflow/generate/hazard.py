"""The generator's breakdown model: a hazard per placement-month from the research factors.

Written down, with its sources, in ``docs/generator-hazard.md``. The risk rules
(``caseflow/risk/rules.py``) are NOT this model: the factors are continuous or latent where the
rules count and cut (age enters per year, not as "12 or older"; waiting per day, not as "more than
12 weeks"), two factors (siblings placed apart, a child's own frailty) are invisible to the rules,
and every case carries gamma noise. What the backtest measures is how well the rules, which only
see what caseflow records, pick up a risk they do not define.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

# Baseline: about 2.2% per placement-month for a 6-year-old, no behaviour problems, first
# placement, family-based, in region, with siblings or none, placed without waiting.
BASE_MONTHLY = 0.022
# log hazard ratios (per unit); the hazard ratios are in docs/generator-hazard.md.
LOG_HR_AGE_PER_YEAR = math.log(1.07)  # per year of age at the start above 6 (r ≈ .25)
LOG_HR_BEHAVIOUR = math.log(2.1)  # behaviour problems at the start (r ≈ .35, the strongest)
LOG_HR_PER_EARLIER = math.log(1.18)  # per earlier placement, at most 8 counted
LOG_HR_RESIDENTIAL = math.log(1.45)  # residential rather than foster care / gezinshuis
LOG_HR_OUT_OF_REGION = math.log(1.35)  # far from family, network and school
LOG_HR_SIBLINGS_APART = math.log(1.3)  # placed apart from siblings (not recorded in caseflow)
LOG_HR_WAIT_PER_30_DAYS = math.log(1.12)  # per 30 days waited for this place, at most 180 days
# Breakdowns come early more often than late (first half year ×1.4).
LOG_HR_FIRST_HALF_YEAR = math.log(1.4)
FRAILTY_SHAPE = 2.0  # gamma(2, 1/2): mean 1, variance 0.5 — what no record shows
OUT_OF_REGION_SHARE = 0.18
SIBLINGS_APART_SHARE = 0.25
# A breakdown is often preceded by crises: with this probability 1–2 crisis events fall in
# the 75 days before it (an assumption, from the seeds' "several crises in a short period").
PRODROME_CHANCE = 0.45

# Living in a family: foster care, a gezinshuis, or at home with ambulant help.
FAMILY_BASED = frozenset({"pleegzorg", "gezinshuis", "thuis_ambulant"})


@dataclass(frozen=True)
class Child:
    """What the model knows of a child; ``frailty`` and ``siblings_apart`` are never recorded."""

    birth_year: int
    behaviour: bool
    siblings_apart: bool
    frailty: float


def draw_child(rng: random.Random, birth_year: int, behaviour: bool) -> Child:
    return Child(birth_year, behaviour, rng.random() < SIBLINGS_APART_SHARE,
                 rng.gammavariate(FRAILTY_SHAPE, 1 / FRAILTY_SHAPE))


def monthly_hazard(child: Child, *, age: float, earlier: int, placement_type: str,
                   in_region: bool, waited_days: int, month: int) -> float:
    """The chance that this placement breaks down in its ``month``-th month (0-based)."""
    log_hr = (
        LOG_HR_AGE_PER_YEAR * max(0.0, age - 6)
        + LOG_HR_BEHAVIOUR * child.behaviour
        + LOG_HR_PER_EARLIER * min(earlier, 8)
        + LOG_HR_RESIDENTIAL * (placement_type not in FAMILY_BASED)
        + LOG_HR_OUT_OF_REGION * (not in_region)
        + LOG_HR_SIBLINGS_APART * child.siblings_apart
        + LOG_HR_WAIT_PER_30_DAYS * min(waited_days, 180) / 30
        + LOG_HR_FIRST_HALF_YEAR * (month < 6)
    )
    rate = BASE_MONTHLY * child.frailty * math.exp(log_hr)
    return 1 - math.exp(-rate)
