"""Why a request about a case was refused: ``messages`` are Dutch msgids, translated by the view
(with ``params`` filled in)."""

from __future__ import annotations

from caseflow.cases.workflow import N_


class CaseError(Exception):
    """A request about a case that cannot be carried out; ``messages`` are Dutch msgids."""

    def __init__(self, *messages: str, **params: str) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages
        self.params = params


class CaseChangedMeanwhile(CaseError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "De casus is intussen door iemand anders gewijzigd. Bekijk de actuele stand en "
                "probeer het opnieuw; er is niets opgeslagen."
            )
        )


class MoveRefused(CaseError):
    pass


class ClosingChoiceNeeded(MoveRefused):
    """Closing a case with loose ends (open actions, a planned agenda slot) asks the decider
    what happens with them (``PendingChoice``) before anything is written."""

    def __init__(self, pending: list[str]) -> None:
        super().__init__(
            N_("Deze casus heeft nog: %(items)s. Kies wat daarmee gebeurt bij het afsluiten."),
            items="; ".join(pending),
        )
