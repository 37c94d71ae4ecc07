"""The synthetic demo region: Gooi en Vechtstreek's municipalities, invented organisations, staff.

Every person and organisation here is made up; no name belongs to a real child, family or worker.
"""

from caseflow.auth.models import OrganisationKind as Kind
from caseflow.auth.models import Role

GEMEENTEN = (
    "Blaricum",
    "Eemnes",
    "Gooise Meren",
    "Hilversum",
    "Huizen",
    "Laren",
    "Wijdemeren",
)

RET_NAME = "Regionaal Expertteam Gooi en Vechtstreek"

ORGANISATIONS: tuple[tuple[str, Kind], ...] = (
    *((f"Gemeente {name}", Kind.GEMEENTE) for name in GEMEENTEN),
    (RET_NAME, Kind.RET),
    ("Jeugdbescherming Gooi (demo)", Kind.GI),
    ("Veilig Thuis Gooi (demo)", Kind.VEILIG_THUIS),
    ("De Lindenhoeve Jeugdzorg (demo)", Kind.ZORGAANBIEDER),
    ("Gezinshuis De Vlinder (demo)", Kind.ZORGAANBIEDER),
    ("Kliniek Het Baken, jeugd-GGZ (demo)", Kind.ZORGAANBIEDER),
    ("Woongroep De Kade (demo)", Kind.ZORGAANBIEDER),  # these three: asked in demo searches
    ("Gezinshuis Het Anker (demo)", Kind.ZORGAANBIEDER),
    ("Jeugdzorg Noordkust (demo)", Kind.ZORGAANBIEDER),
    ("Samenwerkingsverband Passend Onderwijs Gooi (demo)", Kind.ONDERWIJS),
    ("Leernetwerk Jeugd Gooi (demo)", Kind.OVERIG),
)

EMAIL_DOMAIN = "gooi-vecht.example"

# (e-mail local part, name, role, organisation)
ACCOUNTS: tuple[tuple[str, str, Role, str], ...] = (
    ("voorzitter", "Marieke Jansen", Role.VOORZITTER, RET_NAME),
    ("procesbegeleider", "Thomas Bakker", Role.PROCESBEGELEIDER, RET_NAME),
    ("professional", "Sanne de Vries", Role.PROFESSIONAL, "Jeugdbescherming Gooi (demo)"),
    ("consulent", "Yusuf Demir", Role.PROFESSIONAL, "Gemeente Hilversum"),
    ("facilitator", "Eva Visser", Role.FACILITATOR, "Leernetwerk Jeugd Gooi (demo)"),
    ("beheerder", "Ruud Mulder", Role.BEHEERDER, RET_NAME),
)

# Colleagues without a demo login (their passwords are random and never shown): with them each
# professional is a member of a handful of cases, in a role that fits their organisation, so
# "own cases only" can be seen. (e-mail local part, name, organisation)
STAFF: tuple[tuple[str, str, str], ...] = (
    ("lars.kok", "Lars Kok", "Jeugdbescherming Gooi (demo)"),
    ("nadia.bouzid", "Nadia Bouzid", "Jeugdbescherming Gooi (demo)"),
    ("fatima.elamrani", "Fatima el Amrani", "Gemeente Huizen"),
    ("joost.smit", "Joost Smit", "Gemeente Gooise Meren"),
    ("rik.degraaf", "Rik de Graaf", "Gemeente Wijdemeren"),
    ("esther.willems", "Esther Willems", "Gemeente Laren"),
    ("tim.verbeek", "Tim Verbeek", "Gemeente Blaricum"),
    ("noortje.brouwer", "Noortje Brouwer", "Gemeente Eemnes"),
    ("mirjam.deboer", "Mirjam de Boer", "De Lindenhoeve Jeugdzorg (demo)"),
    ("bas.koster", "Bas Koster", "Gezinshuis De Vlinder (demo)"),
    ("ilse.vos", "Ilse Vos", "Kliniek Het Baken, jeugd-GGZ (demo)"),
    ("koen.hendriks", "Koen Hendriks", "Samenwerkingsverband Passend Onderwijs Gooi (demo)"),
    ("anouk.peters", "Anouk Peters", "Veilig Thuis Gooi (demo)"),
)
