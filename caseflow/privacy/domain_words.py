"""The youth-care domain's own words, which deduce must not take for names, places or
institutions ("Plaatsing", "Verklarende", "RET", "Jeugdzorg", "gezinshuis"), and the additions
caseflow makes to deduce's lookup lists. Pure: the vocab labels are copied here (a test keeps
the copy in step with the vocab modules, which import models and so cannot be imported here).
"""

from __future__ import annotations

import re
from typing import Any

# Every word of the vocab modules' labels (phases, event kinds, roles, placement types, …), the
# role labels, and the words of the field as written in timelines.
_DOMAIN = """
jeugdreclassering kader voogdij vrijwillig zoektocht zoektochten
afgelopen afgesproken als dagen eerder eigen gedrag gepland gestart huidige informatie langer meer
over sinds stopte tijd voordat was weken zorg
addendum agenda bij concept geannuleerd gehaald gewijzigd het vastgesteld verplaatst
door gegeven gezag jaar jonger leervraag link persoonlijke professional reflectie tot vastgelegd
via
aanbieder aanmelding actief advies afgerond afgesloten afsluiten alleen ambulant ambulante analyse
andere ass autismespectrum behaald beheerder beperking bereikbaar beschermd besluit bespreking
beter beëindigd blijven buiten buren casus casusregisseur consulent contact crises crisis
crisisopvang crisisplaatsing dag deels doorzettingsmacht driemilieu driemilieuvoorziening duurt
element elkaar evaluatie evaluatiemoment expertteam facilitator familie fase gecertificeerde
gedaan gedragsproblemen gedragswetenschapper geen gemeente gemiste geplaatst gesloten gesprek
gevraagd geweld gezaghebbenden gezin gezinshuis gezinshuisouder gezinshuisouders ggz gi hechting
heropenen hoog huisarts huiselijk hulp incident ingetrokken instelling inzichten jeugdbeschermer
jeugdbescherming jeugdhulp jeugdige jeugdprofessional jeugdzorg jeugdzorgplus jong jongere kans
kantelpunt kort kortdurend laag lang leerbijeenkomst licht lokaal loopt lvb maand maanden maatwerk
mandaat meerdere middag midden nodig observatie ochtend onderwijs ongeveer onplanmatig
ontvankelijk open ouder oudere ouders overgedragen overig passend patroon plaatsing plaatsingen
plan pleegzorg pleeggezin pleegouder pleegouders pleegmoeder pleegvader plek problemen
procesbegeleider psychische reden regio regionaal ret retrospectieve retrospectief school
slechter start stopt team terug thuis thuiszitten toestemming totaal totaalbedrag trauma uurs
veilig verblijf vergadering verklarende verlopen verslaving verstandelijke vervallen vervolg
verwacht verwijzer volgen volgens voogd voorbereiding voorzitter vraag vragen wachten wachtlijst
weggelopen werkzaam wilde wisseling wisselingen wonen zelf zorgaanbieder netwerk netwerkberaad
ret-overleg ret-advies vipp vipp-lijn skj ots vots jeugdwet wgbo wmo pgb zin zorgplan
hulpverleningsplan perspectiefplan veiligheidsplan signaleringsplan plan-van-aanpak
kinderbescherming raad kinderrechter rechter rechtbank officier politie wijkteam jeugdteam
buurtteam jgz ggd cjg leerplicht leerplichtambtenaar mentor zorgcoördinator intern begeleider
ib'er schoolmaatschappelijk werk maatschappelijk werker behandelaar behandeling therapie
psychiater psycholoog orthopedagoog kinderpsychiater gz-psycholoog verpleegkundige
groepsleider groepsleiding pedagogisch medewerker ambulant hulpverlener gezinscoach
gezinsvoogd regiebehandelaar jeugdarts jeugdverpleegkundige verwijsbrief indicatie beschikking
ondertoezichtstelling uithuisplaatsing machtiging spoedmachtiging gesloten jeugdhulp
time-out separeer schorsing verwijdering thuiszitter onderwijszorg speciaal so vso praktijkonderwijs
basisschool middelbare vmbo havo vwo mbo hbo klas groep moeder vader opa oma tante oom broer
zus zusje broertje stiefvader stiefmoeder neef nicht jeugdige cliënt client kind kinderen
verklarende analyse tijdlijn tijdlijnen gebeurtenis gebeurtenissen verslag leerpunt leerpunten
thema thema's casusoverleg zorgoverleg overleg mdo mdo's intake aanmeldgesprek warme overdracht
afschaling opschaling escalatie vangnet wachttijd wachttijden plaatsingstafel bovenregionaal
landelijk expertisecentrum zorgaanbieders instellingen gemeenten jeugdconsulent jeugdconsulenten
lindenhoeve jeugdformaat veel zoals
signs safety intensieve gezinsbegeleiding intensieve ambulante wvggz wzd zorgmachtiging
crisismaatregel
addendum agenda bij concept geannuleerd gehaald gewijzigd het vastgesteld verplaatst
"""
# Names that are not of people: apps, medicines, holidays — capitalised mid-sentence in timelines.
_PRODUCTS_FEASTS = """
whatsapp instagram snapchat tiktok facebook youtube teams zoom google netflix fortnite minecraft
roblox discord telegram signal ritalin concerta medikinet equasym strattera risperdal risperidon
abilify aripiprazol melatonine dipiperon sertraline fluoxetine prozac methylfenidaat
sinterklaas kerst kerstmis pasen pinksteren ramadan suikerfeest offerfeest koningsdag carnaval
oud nieuw veiligheidshuis zorg- veiligheidshuizen
"""
_MONTHS_DAYS = """
januari februari maart april mei juni juli augustus september oktober november december
feb mrt apr jun jul aug sep sept okt nov dec maandag dinsdag woensdag donderdag vrijdag
zaterdag zondag voorjaar zomer najaar winter kerst kerstvakantie zomervakantie herfstvakantie
meivakantie voorjaarsvakantie pasen pinksteren
"""
# Small words that may sit inside a domain phrase ("Raad voor de Kinderbescherming").
_GLUE = [
    "de",
    "het",
    "een",
    "van",
    "voor",
    "en",
    "in",
    "op",
    "met",
    "bij",
    "aan",
    "te",
    "der",
    "den",
    "zorg-",
    "-",
]

DOMAIN_WORDS: frozenset[str] = frozenset((_DOMAIN + _PRODUCTS_FEASTS + _MONTHS_DAYS).split())
_WORD = re.compile(r"[\wÀ-ÿ'’-]+")


def is_domain_phrase(text: str) -> bool:
    """True when every word of ``text`` is a domain word or glue (so deduce was wrong)."""
    words = [w.lower().strip("-'’") for w in _WORD.findall(text)]
    content = [w for w in words if w and w not in _GLUE]
    return bool(content) and all(w in DOMAIN_WORDS for w in content)


# Institutions of the youth-care field deduce's healthcare list lacks, in their usual short forms.
# These are public names of organisation kinds/brands, never of persons.
EXTRA_INSTITUTIONS = """
Veilig Thuis
Raad voor de Kinderbescherming
William Schrikker Stichting
Jeugdbescherming Regio Amsterdam
Jeugdbescherming west
Leger des Heils
Kinder- en Jeugdtrauma Centrum
""".strip().splitlines()


def extend_deduce(deduce: Any) -> None:
    """Add the domain words to deduce's whitelist (its name patterns skip whitelisted words) and
    the field's institutions to its institution list."""
    structs = deduce.lookup_structs
    whitelist = structs.get("whitelist") if hasattr(structs, "get") else None
    if whitelist is not None:
        whitelist.add_items_from_iterable(sorted(DOMAIN_WORDS))
    add_to_trie(deduce, "healthcare_institution", EXTRA_INSTITUTIONS)


def add_to_trie(deduce: Any, name: str, items: list[str]) -> None:
    """Add ``items`` to one of deduce's lookup tries (tokenised as deduce tokenises text)."""
    trie = deduce.lookup_structs.get(name) if hasattr(deduce.lookup_structs, "get") else None
    if trie is None:
        return
    tokenizer = deduce.tokenizers["default"]
    for item in items:
        item = " ".join(item.split())
        if item:
            trie.add_item([token.text for token in tokenizer.tokenize(item)])
