"""Outcome: goals from the explanatory analysis, evaluations with the voice of the child and the
parents, and what the care cost (tariffs per placement); with their monitor indicators."""
