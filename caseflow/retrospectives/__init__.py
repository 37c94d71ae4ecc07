"""Retrospectives and learning sessions (VIPP-lijn, seed 004).

Who does what (the plan's phase 2 "casuïstiek selecteren" is done by the region, not by the
facilitator): the voorzitter or procesbegeleider records the family's consent on the case page and
*selects* a consenting case for a facilitator (``/retrospectives/nieuw``); that freezes the case's
timeline as known on a chosen date, pseudonymised, into the retrospective's own tables. From then
on the facilitator *prepares* it — questions, participants, checking flagged names — annotates the
timeline in the session and writes the verslag van inzichten; she only ever sees the frozen,
pseudonymised copy, never the case. A learning session groups retrospectives and shows the themes
across them.
"""
