"""The case timeline: what happened, when, and what was known when."""
