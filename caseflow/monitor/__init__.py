"""The regional monitor: inflow, duration, return, breakdown and placements, from the case data."""
