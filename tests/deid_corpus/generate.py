"""Generate the de-identification corpus (issue 18): synthetic Dutch youth-care timeline texts
with every planted identifier annotated, and domain words that must survive.

    python tests/deid_corpus/generate.py      # rewrites corpus.jsonl and known_names.json

Every name here is synthetic. Two splits with *disjoint* name pools and templates: ``dev`` (the
whitelist and lookup additions were tuned on it) and ``heldout`` (never looked at while tuning).
Each record: {"id", "split", "text", "identifiers": [{"start", "end", "text", "kind", "known"}],
"keep": [{"start", "end", "text"}]}. ``known``: the identifier is in known_names.json (caseflow
knows it: an account, an organisation, a gemeente); unknown ones are for deduce and the patterns.
A title ("dr.", "mevr.", "oma") is not part of a name's span; a plain date is a "keep" (the
engine keeps dates: chronology), a date of birth an identifier.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent

# ---- caseflow's own lists (layer 1) ---------------------------------------------------------
KNOWN_PEOPLE = [  # (name, label)
    ("Sanne Verbeek", "[casusregisseur, gemeente]"),
    ("Pieter-Jan Okkerman", "[jeugdbeschermer (gi), gecertificeerde instelling (gi)]"),
    ("Marloes van der Heijden", "[gedragswetenschapper, zorgaanbieder]"),
    ("Ruud Kamphuis", "[consulent gemeente, gemeente]"),
    ("Ingrid Brouwer-Sleegers", "[onderwijs, onderwijs]"),
    ("Tjeerd de Wit", "[voorzitter ret, regionaal expertteam]"),
    ("Fatma Yilmaz", "[jeugdprofessional, zorgaanbieder]"),
    ("Joost ter Horst", "[jeugdprofessional, veilig thuis]"),
    ("Henriëtte Dijkgraaf", "[procesbegeleider, regionaal expertteam]"),
    ("Bram Oosterveld", "[jeugdbeschermer (gi), gecertificeerde instelling (gi)]"),
    ("Wendelien Achterberg", "[jeugdprofessional, gemeente]"),
    ("Kees van Luijk", "[facilitator leerbijeenkomst, regionaal expertteam]"),
]
KNOWN_ORGS = [  # (name, label, kind)
    ("Gezinshuis De Vlinder", "[zorgaanbieder]", "zorgaanbieder"),
    ("Stichting Horizonwater", "[gecertificeerde instelling (gi)]", "instelling"),
    ("Jeugdzorg De Lindenhoeve", "[zorgaanbieder]", "zorgaanbieder"),
    ("Zorggroep Het Baken", "[zorgaanbieder]", "zorgaanbieder"),
    ("Kindcentrum De Regenboog", "[onderwijs]", "instelling"),
    ("Behandelcentrum Eikenrode", "[zorgaanbieder]", "zorgaanbieder"),
]
KNOWN_GEMEENTEN = ["Wijdemeren", "Gooise Meren", "Stichtse Vecht", "Blaricum", "Huizen"]

# ---- what nobody told caseflow (layer 2), two disjoint pools ---------------------------------
POOLS = {
    "dev": {
        "child": ["Daan", "Lotte", "Milan", "Noor", "Sem", "Fleur", "Jesse", "Sara", "Luuk",
                  "Yara", "Thijs", "Evi", "Mohammed", "Aylin", "Kenzo", "Jip"],
        "nick": ["Mo", "Bas", "Sammie", "Tijn"],
        "hard": ["Bo", "Storm", "Puck", "Joy", "Anne-Fleur", "Jan-Willem", "Xiomara", "Thiago",
                 "Oumaima", "Dewi", "Sky", "Wiktoria"],
        "initials": ["J.P. Hoekstra", "A. de Haan", "M. Boersma", "E.J. van Wijk"],
        "double": ["Jansen-Bakker", "de Vries-Kuipers", "van Rijn-Ouali"],
        "hardkeep": ["Concerta", "Ritalin", "EMDR", "ADHD", "WhatsApp", "Sinterklaas", "Kerst",
                     "Ramadan", "Instagram", "Zorg- en Veiligheidshuis", "Jeugdarts", "Vmbo"],
        "parent": ["Marieke", "Dennis", "Sandra", "Erik", "Fatima", "Kevin", "Linda", "Ahmed"],
        "grand": ["Truus", "Gerda", "Henk", "Riek", "Wim", "Annie"],
        "surname": ["Bakker", "Jansen", "de Groot", "Visser", "van Dijk", "Mulder", "Smit",
                    "van der Linden", "Hendriks", "El Amrani", "Bos", "Peters"],
        "pro_first": ["Anouk", "Ronald", "Esther", "Mark", "Nicole", "Jeroen"],
        "place": ["Utrecht", "Amersfoort", "Hilversum", "Zeist", "Almere", "Baarn", "Soest",
                  "Bussum", "Weesp", "Loosdrecht"],
        "provider": [("Pluryn", "Pluryn"), ("Stichting Timon", "Timon"),
                     ("Levvel", "Levvel"), ("Youké", "Youké"), ("Lijn5", "Lijn5"),
                     ("Jeugdhulp Kompaan en De Bocht", "Kompaan")],
        "street": ["Dorpsstraat", "Kerklaan", "Stationsweg", "Molenweg", "Julianalaan"],
        "domain": ["gezinshuis", "pleegzorg", "JeugdzorgPlus", "RET", "Veilig Thuis",
                   "Verklarende analyse", "Plaatsing", "ondertoezichtstelling", "wachtlijst",
                   "crisisplaatsing", "Evaluatiemoment", "Netwerkberaad", "Kantelpunt"],
    },
    "heldout": {
        "child": ["Finn", "Lieke", "Stijn", "Roos", "Jayden", "Nina", "Ravi", "Shanice", "Teun",
                  "Liv", "Emre", "Isa", "Bente", "Youssef"],
        "nick": ["Jo", "Kiki", "Robbie"],
        "hard": ["Fenna", "Indy", "Jade", "Noah", "Marie-Louise", "Jan-Peter", "Amani", "Dragan",
                 "Ilayda", "Nour", "Roan"],
        "initials": ["K. Wiersma", "P.J. de Bruin", "H. van Os"],
        "double": ["Pauw-de Graaf", "Hoekstra-Bos", "van Dam-Yildiz"],
        "hardkeep": ["Risperdal", "PTSS", "Snapchat", "TikTok", "Pasen", "Suikerfeest", "Teams",
                     "Havo", "Kinderrechter", "Sociaal Team", "Opvoedpoli", "Jeugdarts"],
        "parent": ["Monique", "Patrick", "Ilse", "Hakan", "Chantal", "Rob"],
        "grand": ["Mien", "Jannie", "Gerrit", "Toos"],
        "surname": ["de Jong", "Meijer", "de Boer", "Dekker", "van Leeuwen", "Kok",
                    "Verhoeven", "Postma", "Öztürk", "van den Berg"],
        "pro_first": ["Karin", "Vincent", "Marjolein", "Bart"],
        "place": ["Nijmegen", "Woerden", "Harderwijk", "Ede", "Houten", "Leusden", "Veenendaal"],
        "provider": [("'s Heeren Loo", "'s Heeren Loo"), ("Karakter", "Karakter"),
                     ("Stichting Jarabee", "Jarabee"), ("Horizon Jeugdzorg en Onderwijs",
                                                        "Horizon")],
        "street": ["Hoofdstraat", "Schoolweg", "Beatrixlaan", "Parkweg"],
        "domain": ["gezinshuis", "Jeugdzorg", "Plaatsing", "Verklarende", "RET", "voogd",
                   "Raad voor de Kinderbescherming", "wijkteam", "Gesprek", "Crisis"],
    },
}
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]

# Templates: {slot} are filled; [w] marks a domain word that must survive. Two families, one per
# split, so the held-out texts are phrased differently from the tuning texts.
TEMPLATES = {
    "dev": [
        "{child} is op {date} geplaatst in [gezinshuis] {kprov}.",
        "{Child} belde {kpro_first} om te vertellen dat het niet goed ging.",
        "Moeder {parent} {surname} gaf aan dat oma {grand} de zorg niet meer aankan.",
        "[Plaatsing] bij {prov} in {place} is onplanmatig beëindigd.",
        "Gesprek met {kpro} en dr. {surname} over de medicatie van {child}.",
        "[Verklarende analyse]: {kpro_sur} ({kpro_first}) signaleerde in {month} al zorgen.",
        "Vader {parent} is bereikbaar op {phone} of via {email}.",
        "BSN van {child}: {bsn}. Aanmelding door {kpro}.",
        "{child} woont met moeder op {address}, {postcode} {place}.",
        "Mevr. {surname} (buurvrouw) meldde bij [Veilig Thuis] dat {nick} alleen thuis was.",
        "[De] [RET]-voorzitter {kpro} besprak de casus met {kinit}.",
        "{child} is geboren op {dob} en zit in groep 7.",
        "[De] jeugdbeschermer van {korg} regelde een [crisisplaatsing] in {kgem}.",
        "Tante {grand} uit {place} biedt aan {nick} op te vangen in de vakantie.",
        "Na het [Evaluatiemoment] besloot {kpro_first} de zaak op te schalen naar het [RET].",
        "Contact met {pro_first} {surname} van {prov_short}: de [wachtlijst] is 14 weken.",
        "{Parent} en {parent2} waren niet aanwezig bij het [Netwerkberaad].",
        "Opa {grand} {surname} heeft {child} naar school gebracht.",
        "Op {date} schorsing op {kschool}; {kpro_sur} belde moeder.",
        "[Kantelpunt]: {child} liep weg uit {kprov_short} en werd in {place} gevonden.",
        "Dhr. {surname} van de school stuurde een mail aan {kmail}.",
        "[De] gemeente {kgem} weigerde eerst de [ondertoezichtstelling] te volgen.",
        "Zie ook {url} voor het plan van aanpak.",
        "{Hard} kreeg [{hardkeep}] voorgeschreven; {hard} zelf wil dat niet.",
        "Buurman {grand} belde dat {hard} en {nick} ruzie hadden over [{hardkeep}].",
        "Juf {pro_first} zag dat {hard}s moeder niet kwam; daarna sprak {initials} met haar.",
        "Mw. {initials} (advocaat van de familie {surname}) vroeg om het dossier.",
        "De familie {double} is verhuisd naar {place}.",
        "Ome {grand} en neef {nick} zijn het netwerk; [{hardkeep}] is besproken.",
        "{hard} is boos. [Moeder] en [Vader] willen {hard} thuis.",
    ],
    "heldout": [
        "Op {date} is {child} in [Crisis] opgenomen bij {prov}.",
        "{Child} vertelde {kpro_first} dat {parent} weer drinkt.",
        "Volgens oma {grand} was er thuis veel ruzie tussen {parent} en {parent2}.",
        "De [voogd] {kpro} en mevrouw {surname} spraken af in {place}.",
        "{nick} ({child}) zit sinds {month} thuis; {kpro_sur} zoekt een school.",
        "[Gesprek] met {kinit}: {prov_short} heeft geen plek.",
        "Telefoon moeder: {phone}. E-mail vader: {email}.",
        "Adres jeugdige: {address}, {postcode} {place}; geb. {dob}.",
        "[Het] [wijkteam] van {kgem} en {korg} deden samen de intake met {child}.",
        "Dr. {surname} (kinderarts) stuurde een brief over {child} aan {kpro}.",
        "{Parent} {surname} heeft burgerservicenummer {bsn}.",
        "[Plaatsing] in {kprov_short} na advies van de [Raad voor de Kinderbescherming].",
        "Tante {grand} belde {kpro_first} over het bezoek van {child} op {date}.",
        "[Verklarende] factoren volgens {pro_first} {surname}: hechting en schoolverzuim.",
        "{child} logeert bij opa {grand} in {place} tot de [Jeugdzorg]-plek vrij is.",
        "[Het] [RET] vroeg {kpro} om contact met {kschool}.",
    ],
}
_TEXTS_PER_SPLIT = {"dev": 200, "heldout": 100}


def _initials(name: str) -> str:
    words = name.split()
    particles = {"van", "de", "der", "den", "ter", "te"}
    i = next((k for k, w in enumerate(words) if k > 0 and w in particles), len(words) - 1)
    return "".join(w[0] + "." for w in words[:i]) + " " + " ".join(words[i:])


def _surname(name: str) -> str:
    words = name.split()
    particles = {"van", "de", "der", "den", "ter", "te"}
    i = next((k for k, w in enumerate(words) if k > 0 and w in particles), len(words) - 1)
    return " ".join(words[i:])


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10 and digits[0] != 0:
            raw = "".join(map(str, digits + [last]))
            dotted, spaced = f"{raw[:3]}.{raw[3:6]}.{raw[6:]}", f"{raw[:4]} {raw[4:6]} {raw[6:]}"
            return rng.choice([raw, dotted, spaced])


def _phone(rng: random.Random) -> str:
    n = "".join(str(rng.randint(0, 9)) for _ in range(8))
    return rng.choice([f"06-{n}", f"06 {n[:4]} {n[4:]}", f"+31 6 {n}", f"035-{n[:7]}",
                       f"030 {n[:3]} {n[3:7]}"])


class _Builder:
    """Fills one template, recording each filled slot's span."""

    def __init__(self) -> None:
        self.text = ""
        self.identifiers: list[dict] = []
        self.keep: list[dict] = []

    def plain(self, part: str) -> None:
        self.text += part

    def mark(self, value: str, kind: str | None, known: bool = False) -> None:
        start = len(self.text)
        self.text += value
        record = {"start": start, "end": len(self.text), "text": value}
        if kind is None:
            self.keep.append(record)
        else:
            self.identifiers.append({**record, "kind": kind, "known": known})


def _fill(template: str, pool: dict, rng: random.Random, builder: _Builder) -> None:
    import re

    child = rng.choice(pool["child"])
    hard = rng.choice(pool["hard"])
    parent, parent2 = rng.sample(pool["parent"], 2)
    kpro, kpro_label = rng.choice(KNOWN_PEOPLE)
    korg = rng.choice([o for o in KNOWN_ORGS if o[2] == "instelling"])[0]
    kprov = rng.choice([o for o in KNOWN_ORGS if o[2] == "zorgaanbieder"])[0]
    prov, prov_short = rng.choice(pool["provider"])
    day, month = rng.randint(1, 28), rng.choice(MONTHS)
    values = {
        "child": (child, "persoon", False), "Child": (child, "persoon", False),
        "nick": (rng.choice(pool["nick"]), "persoon", False),
        "parent": (parent, "persoon", False), "Parent": (parent, "persoon", False),
        "parent2": (parent2, "persoon", False),
        "grand": (rng.choice(pool["grand"]), "persoon", False),
        "surname": (rng.choice(pool["surname"]), "persoon", False),
        "pro_first": (rng.choice(pool["pro_first"]), "persoon", False),
        "hard": (hard, "persoon", False), "Hard": (hard, "persoon", False),
        "initials": (rng.choice(pool["initials"]), "persoon", False),
        "double": (rng.choice(pool["double"]), "persoon", False),
        "place": (rng.choice(pool["place"]), "locatie", False),
        "prov": (prov, "zorgaanbieder", False), "prov_short": (prov_short, "zorgaanbieder", False),
        "kpro": (kpro, "persoon", True), "kpro_first": (kpro.split()[0], "persoon", True),
        "kpro_sur": (_surname(kpro), "persoon", True), "kinit": (_initials(kpro), "persoon", True),
        "korg": (korg, "instelling", True), "kprov": (kprov, "zorgaanbieder", True),
        "kprov_short": (" ".join(kprov.split()[1:]), "zorgaanbieder", True),
        "kschool": ("Kindcentrum De Regenboog", "instelling", True),
        "kgem": (rng.choice(KNOWN_GEMEENTEN), "gemeente", True),
        "kmail": (kpro.split()[0].lower() + "@horizonwater.example", "emailadres", True),
        "bsn": (_bsn(rng), "bsn", False), "phone": (_phone(rng), "telefoonnummer", False),
        "email": (f"{parent.lower()}{rng.randint(1, 99)}@mail.example", "emailadres", False),
        "url": (f"https://dossier.example/{rng.randint(100, 999)}", "url", False),
        "address": (f"{rng.choice(pool['street'])} {rng.randint(1, 180)}", "adres", False),
        "postcode": (f"{rng.randint(1000, 9999)} {rng.choice('ABCDEGHJKLMNPRTVWXZ')}"
                     f"{rng.choice('ABCDEGHJKLMNPRTVWXZ')}", "postcode", False),
        "dob": (f"{day} {month} {rng.randint(2006, 2016)}"
                if rng.random() < 0.5 else f"{day:02d}-{rng.randint(1, 12):02d}-"
                f"{rng.randint(2006, 2016)}", "geboortedatum", False),
        "date": (f"{day} {month}" if rng.random() < 0.5 else f"{day} {month} 2023", None, False),
        "month": (month, None, False),
    }
    for piece in re.split(r"(\[\{hardkeep\}\]|\{\w+\}|\[[^\]{]+\])", template):
        if piece.startswith("{"):
            value, kind, known = values[piece[1:-1]]
            builder.mark(value, kind, known)
        elif piece == "[{hardkeep}]":
            builder.mark(rng.choice(pool["hardkeep"]), None)
        elif piece.startswith("["):
            builder.mark(piece[1:-1], None)
        else:
            builder.plain(piece)


def generate() -> list[dict]:
    records = []
    for split, count in _TEXTS_PER_SPLIT.items():
        rng = random.Random(f"caseflow-deid-{split}")
        pool, templates = POOLS[split], TEMPLATES[split]
        for number in range(count):
            builder = _Builder()
            chosen = rng.sample(templates, rng.randint(1, 3))
            for i, template in enumerate(chosen):
                if i:
                    builder.plain(" ")
                _fill(template, pool, rng, builder)
            records.append({"id": f"{split}-{number:03d}", "split": split, "text": builder.text,
                            "identifiers": builder.identifiers, "keep": builder.keep})
    return records


# Hand-written hard cases, a third split ("stress") never tuned on: lower-case names, names that
# are Dutch words, unknown names at the start of a sentence, capitals, pet names. Each entry:
# (text, [(substring, kind, known)], [kept substrings]); a substring is annotated at each place.
STRESS = [
    ("daan was boos en sloeg zijn zus.", [("daan", "persoon", False)], []),
    ("Roos belde huilend naar de crisisdienst.", [("Roos", "persoon", False)], ["crisisdienst"]),
    ("Storm en Bo waren niet op school.", [("Storm", "persoon", False), ("Bo", "persoon", False)],
     ["school"]),
    ("Van Leeuwen (buurman) had de politie gebeld.", [("Van Leeuwen", "persoon", False)],
     ["politie"]),
    ("Hoekstra gaf aan dat de plaatsing niet passend was.", [("Hoekstra", "persoon", False)],
     ["plaatsing"]),
    ("Moeder noemt hem 'Kleintje' of Pukkie.", [("Pukkie", "persoon", False)], ["Moeder"]),
    ("MARIT IS WEGGELOPEN UIT DE GROEP.", [("MARIT", "persoon", False)], ["WEGGELOPEN"]),
    ("Gesprek met mw. Oosterhuis-Kaya en haar dochter Elif.",
     [("Oosterhuis-Kaya", "persoon", False), ("Elif", "persoon", False)], ["Gesprek"]),
    ("Jarabee heeft geen plek; Timon ook niet.",
     [("Jarabee", "zorgaanbieder", False), ("Timon", "zorgaanbieder", False)], []),
    ("Pluryn stopt per 1 juni met de behandeling.", [("Pluryn", "zorgaanbieder", False)],
     ["1 juni"]),
    ("Zij woont in Lelystad bij haar vriend Ricardo.",
     [("Lelystad", "locatie", False), ("Ricardo", "persoon", False)], []),
    ("Kim de Haas van Veilig Thuis belde om 9 uur.", [("Kim de Haas", "persoon", False)],
     ["Veilig Thuis"]),
    ("Wij spraken met Dr. Visser-Ramdin, de kinderpsychiater.",
     [("Visser-Ramdin", "persoon", False)], ["kinderpsychiater"]),
    ("De broertjes Sem en Siem logeren bij oma Marga.",
     [("Sem", "persoon", False), ("Siem", "persoon", False), ("Marga", "persoon", False)],
     ["De"]),
    ("Verklarende analyse: Mila werd steeds van plek naar plek gestuurd.",
     [("Mila", "persoon", False)], ["Verklarende"]),
    ("Plaatsing in Harderwijk mislukte; daarna naar Zwolle.",
     [("Harderwijk", "locatie", False), ("Zwolle", "locatie", False)], ["Plaatsing"]),
    ("Sanne's moeder (Verbeek) zat erbij.", [("Sanne", "persoon", True),
     ("Verbeek", "persoon", True)], []),
    ("Okkerman heeft het RET ingeschakeld.", [("Okkerman", "persoon", True)], ["RET"]),
    ("Bel pleegmoeder Ans op 0612345678.", [("Ans", "persoon", False),
     ("0612345678", "telefoonnummer", False)], ["pleegmoeder"]),
    ("BSN 1112.22.333 is onjuist genoteerd.", [], ["onjuist"]),
    ("Vader (Rachid) wil omgang; de Raad adviseert anders.", [("Rachid", "persoon", False)],
     ["Raad"]),
    ("Toen Yusuf 12 was, overleed zijn vader.", [("Yusuf", "persoon", False)], ["12"]),
    ("Het gezinshuis van Peter en Hanneke Smit stopt.",
     [("Peter", "persoon", False), ("Hanneke Smit", "persoon", False)], ["gezinshuis"]),
    ("Na Kerst ging Jesse terug naar Eikenrode.",
     [("Jesse", "persoon", False), ("Eikenrode", "zorgaanbieder", True)], ["Kerst"]),
    ("School: Het Baken College meldde verzuim.", [("Het Baken College", "instelling", False)],
     ["School", "verzuim"]),
    ("Netwerkberaad met Tante Joke, Ome Harrie en buurvrouw Gerda de Ruiter.",
     [("Joke", "persoon", False), ("Harrie", "persoon", False),
      ("Gerda de Ruiter", "persoon", False)], ["Netwerkberaad"]),
    ("Jip (11) en Janneke (9) wonen bij pleegouders in Doorn.",
     [("Jip", "persoon", False), ("Janneke", "persoon", False), ("Doorn", "locatie", False)],
     ["pleegouders"]),
    ("Kinderrechter mr. Van den Bosch verlengde de OTS.",
     [("Van den Bosch", "persoon", False)], ["Kinderrechter", "OTS"]),
    ("Stichting Het Rode Dorp bood een time-out plek aan.",
     [("Stichting Het Rode Dorp", "zorgaanbieder", False)], ["time-out"]),
    ("Contact via teams met Willem van 't Hof (jeugdarts).",
     [("Willem van 't Hof", "persoon", False)], ["jeugdarts"]),
]


def stress_records() -> list[dict]:
    records = []
    for number, (text, identifiers, keeps) in enumerate(STRESS):
        found = []
        for substring, kind, known in identifiers:
            start = text.find(substring)
            while start >= 0:
                found.append({"start": start, "end": start + len(substring), "text": substring,
                              "kind": kind, "known": known})
                start = text.find(substring, start + len(substring))
        kept = [{"start": text.find(k), "end": text.find(k) + len(k), "text": k} for k in keeps]
        records.append({"id": f"stress-{number:03d}", "split": "stress", "text": text,
                        "identifiers": found, "keep": kept})
    return records


def known_names() -> list[dict]:
    items = [{"name": n, "label": label, "kind": "persoon", "parts": True}
             for n, label in KNOWN_PEOPLE]
    items += [{"name": n, "label": label, "kind": kind, "parts": False, "organisation": True}
              for n, label, kind in KNOWN_ORGS]
    items += [{"name": n, "label": "[gemeente]", "kind": "gemeente", "parts": False}
              for n in KNOWN_GEMEENTEN]
    items += [{"name": f"{n.split()[0].lower()}@horizonwater.example", "label": "[e-mailadres]",
               "kind": "emailadres", "parts": False} for n, _ in KNOWN_PEOPLE]
    return items


if __name__ == "__main__":
    with open(HERE / "corpus.jsonl", "w", encoding="utf-8") as out:
        for record in generate() + stress_records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    (HERE / "known_names.json").write_text(
        json.dumps(known_names(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print("corpus.jsonl and known_names.json written")
