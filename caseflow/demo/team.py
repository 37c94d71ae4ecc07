"""Who works on which demo case: each professional on a handful of cases, in a role that fits
their organisation (a jeugdbeschermer of the GI is never "consulent gemeente").

The casusregisseur is the gemeente's consulent of the child's gemeente, or a jeugdbeschermer of
the GI (then the gemeente's consulent joins); a care provider, school or Veilig Thuis joins
about half of the cases. The least busy fitting person is picked, up to ``MAX_CASES``."""

from __future__ import annotations

import random
from collections import Counter

from caseflow.auth.models import OrganisationKind as Kind
from caseflow.auth.models import User
from caseflow.cases.vocab import MemberRole

# The member roles a person of each kind of organisation can have on a case.
FITTING_ROLES: dict[str, frozenset[MemberRole]] = {
    Kind.GI: frozenset({MemberRole.CASUSREGISSEUR, MemberRole.JEUGDBESCHERMER}),
    Kind.GEMEENTE: frozenset({MemberRole.CASUSREGISSEUR, MemberRole.CONSULENT_GEMEENTE}),
    Kind.ZORGAANBIEDER: frozenset({MemberRole.ZORGAANBIEDER, MemberRole.GEDRAGSWETENSCHAPPER}),
    Kind.ONDERWIJS: frozenset({MemberRole.ONDERWIJS}),
    Kind.VEILIG_THUIS: frozenset({MemberRole.OVERIG}),
    Kind.RET: frozenset({MemberRole.GEDRAGSWETENSCHAPPER, MemberRole.OVERIG}),
    Kind.OVERIG: frozenset({MemberRole.OVERIG}),
}
# Room is left for the few cases the risk and meeting demos add (caseflow/demo/risk.py).
MAX_CASES = 6
OTHER_ROLE = {
    Kind.ZORGAANBIEDER: MemberRole.ZORGAANBIEDER,
    Kind.ONDERWIJS: MemberRole.ONDERWIJS,
    Kind.VEILIG_THUIS: MemberRole.OVERIG,
}

Assignment = tuple[User, list[tuple[User, MemberRole]]]


class Team:
    def __init__(self, professionals: list[User], rng: random.Random) -> None:
        self.rng = rng
        self.cases: Counter[int] = Counter()
        self.by_kind: dict[str, list[User]] = {}
        for user in professionals:
            self.by_kind.setdefault(user.organisation.kind, []).append(user)

    def _least_busy(self, people: list[User]) -> User | None:
        free = [u for u in people if self.cases[u.id] < MAX_CASES]
        if not free:
            return None
        fewest = min(self.cases[u.id] for u in free)
        return self.rng.choice([u for u in free if self.cases[u.id] == fewest])

    def _take(self, user: User) -> User:
        self.cases[user.id] += 1
        return user

    def assign(self, gemeente_name: str) -> Assignment:
        """The casusregisseur and the other members of one new case in ``gemeente_name``."""
        consulents = self.by_kind.get(Kind.GEMEENTE, [])
        local = [u for u in consulents if u.organisation.name == f"Gemeente {gemeente_name}"]
        consulent = self._least_busy(local) or self._least_busy(consulents)
        jeugdbeschermer = self._least_busy(self.by_kind.get(Kind.GI, []))
        members: list[tuple[User, MemberRole]] = []
        if jeugdbeschermer is not None and (consulent is None or self.rng.random() < 0.35):
            regisseur = self._take(jeugdbeschermer)
            if consulent is not None:
                members.append((self._take(consulent), MemberRole.CONSULENT_GEMEENTE))
        else:
            if consulent is None:
                raise RuntimeError("the demo needs a consulent or a jeugdbeschermer")
            regisseur = self._take(consulent)
        if self.rng.random() < 0.55:
            kind = self.rng.choice(
                [Kind.ZORGAANBIEDER, Kind.ZORGAANBIEDER, Kind.ONDERWIJS, Kind.VEILIG_THUIS]
            )
            other = self._least_busy(self.by_kind.get(kind, []))
            if other is not None:
                members.append((self._take(other), OTHER_ROLE[kind]))
        return regisseur, members
