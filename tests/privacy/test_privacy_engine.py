"""The de-identification engine (issue 18): layer 1 (caseflow's names), patterns, deduce."""

from __future__ import annotations

import pytest

from caseflow.auth.models import OrganisationKind, Role
from caseflow.cases.models import Gemeente
from caseflow.cases.vocab import MemberRole
from caseflow.privacy import KnownNames, detect_identifiers
from caseflow.privacy.engine import get_deidentifier
from caseflow.privacy.known import region_known_names
from caseflow.privacy.patterns import bsn_valid
from caseflow.privacy.spans import apply_spans
from tests.factories import OrganisationFactory, UserFactory
from tests.retro_helpers import JEUGDBESCHERMER, PSEUDONYM, REGISSEUR, case_with_history


@pytest.fixture(scope="module")
def engine():
    return get_deidentifier()  # the process-wide instance: deduce loads once per test worker


def test_bsn_eleven_test():
    assert bsn_valid("123456782")
    assert not bsn_valid("123456789")
    assert not bsn_valid("000000000")


def test_detect_identifiers_finds_the_certain_kinds():
    text = (
        "BSN 123.456.782, bel 06-12345678 of +31 6 1234 5678, mail j.devries@voorbeeld.nl, "
        "woont Dorpsstraat 12a, 1234 AB Hilversum, geboren op 3 april 2011. Zaak 123456789."
    )
    found = {(s.kind, s.text) for s in detect_identifiers(text)}
    assert found == {
        ("bsn", "123.456.782"),
        ("telefoonnummer", "06-12345678"),
        ("telefoonnummer", "+31 6 1234 5678"),
        ("emailadres", "j.devries@voorbeeld.nl"),
        ("adres", "Dorpsstraat 12a"),
        ("postcode", "1234 AB"),
        ("geboortedatum", "3 april 2011"),
    }
    assert all(not s.open and s.source == "pattern" for s in detect_identifiers(text))


def test_known_names_variants_and_particles():
    known = KnownNames()
    known.add("Jan de Vries", "[jeugdbeschermer]")
    known.add("Anna Bakker-Wit", "[mentor]")
    text = (
        "Jan belde J. de Vries; De Vries en Vries. Anna Bakker-Wit, Bakker. "
        "Een witte muur, de bakker."
    )
    found = [s.text for s in known.find(text)]
    assert found == ["Jan", "J. de Vries", "De Vries", "Vries", "Anna Bakker-Wit", "Bakker"]
    assert all(s.known and not s.open for s in known.find(text))


def test_layer_one_wins_and_the_rest_is_open(engine):
    known = KnownNames()
    known.add("Jan Jansen", "[casusregisseur]")
    known.add("Gezinshuis De Vlinder", "[zorgaanbieder]", kind="zorgaanbieder", parts=False)
    result = engine.deidentify(
        "Plaatsing bij gezinshuis De Vlinder. Jan Jansen belde oma Truus en dr. Pietersen "
        "op 06-12345678 op 12 maart 2023.",
        known,
    )
    assert result.text == (
        "Plaatsing bij [zorgaanbieder]. [casusregisseur] belde oma [persoon] en [persoon] "
        "op [telefoonnummer] op 12 maart 2023."
    )
    assert {s.text for s in result.open_spans} == {"Truus", "dr. Pietersen"}
    assert {s.text for s in result.known_spans} == {"gezinshuis De Vlinder", "Jan Jansen"}


def test_initials_before_a_known_surname_belong_to_the_name():
    known = KnownNames()
    known.add("Pieter-Jan Okkerman", "[jb]")
    known.add("Tjeerd de Wit", "[vz]")
    text = "P.J. Okkerman (JB), P. J. Okkerman, PJ Okkerman, J.P.M. de Wit; de GI Okkerman."
    assert [s.text for s in known.find(text)] == [
        "P.J. Okkerman",
        "P. J. Okkerman",
        "PJ Okkerman",
        "J.P.M. de Wit",
        "Okkerman",  # "GI" is the field's abbreviation, not initials
    ]


def test_known_names_match_without_their_accents_at_the_right_offsets():
    known = KnownNames()
    known.add("Henriëtte Dijkgraaf", "[pb]")
    known.add("Ayşe Öztürk", "[mentor]")
    decomposed = "Henrie\u0308tte"  # the diaeresis as a combining character
    text = f"Henriette Dijkgraaf, mw. Ozturk, Öztürk en {decomposed} belden."
    spans = known.find(text)
    assert [(s.text, text[s.start : s.end]) for s in spans] == [
        ("Henriette Dijkgraaf", "Henriette Dijkgraaf"),
        ("Ozturk", "Ozturk"),
        ("Öztürk", "Öztürk"),
        (decomposed, decomposed),
    ]
    assert apply_spans(text, spans) == "[pb], mw. [mentor], [mentor] en [pb] belden."
    assert "Henriette Dijkgraaf" in known and "Ayse Ozturk" in known


def test_a_gemeente_that_is_an_ordinary_word_only_with_a_capital():
    known = KnownNames()
    known.add("Huizen", "[gemeente]", kind="gemeente", parts=False)
    known.add("gemeente Huizen", "[gemeente]", kind="gemeente", parts=False)
    known.add("Hilversum", "[gemeente]", kind="gemeente", parts=False)
    text = "Geen huizen voor begeleid wonen in Huizen; gemeente huizen belt; hilversum ook."
    assert [s.text for s in known.find(text)] == ["Huizen", "gemeente huizen", "hilversum"]


def test_a_known_persons_possessive_without_apostrophe():
    known = KnownNames()
    known.add("Sanne Verbeek", "[cr]")
    known.add("Huizen", "[gemeente]", kind="gemeente", parts=False)
    text = "Sannes moeder en Verbeeks mail; Huizens beleid."
    assert [s.text for s in known.find(text)] == ["Sanne", "Verbeek"]


def test_a_pattern_overlapping_a_known_name_is_replaced_whole(engine):
    known = KnownNames()
    known.add("Ruud Kamphuis", "[consulent]")
    text = "Mail r.kamphuis@gooisemeren.example of Ruud, zie www.kamphuis-advies.example/ruud."
    result = engine.deidentify(text, known)
    assert result.text == "Mail [e-mailadres] of [consulent], zie [url]."
    mail = next(s for s in result.spans if s.kind == "emailadres")
    assert (mail.text, mail.source) == ("r.kamphuis@gooisemeren.example", "pattern")
    assert text[mail.start : mail.end] == mail.text


def test_unknown_possessives_and_institutions_with_their_article(engine):
    result = engine.deidentify("Noahs vader belde. school (Het Gooise Lyceum) wil hem terug.")
    assert result.text.startswith("[persoon] vader belde.")
    assert "Het" not in result.text and "Lyceum" not in result.text
    result = engine.deidentify("Postadres moeder: onbekend. Signs of Safety en de Wvggz.")
    assert result.text == "Postadres moeder: onbekend. Signs of Safety en de Wvggz."


def test_domain_words_survive(engine):
    text = "Verklarende analyse door het RET na de Plaatsing in JeugdzorgPlus via Veilig Thuis."
    assert engine.deidentify(text).text == text


def test_region_known_names_covers_accounts_organisations_and_gemeenten(app):
    case = case_with_history()
    outsider_org = OrganisationFactory(name="Lindeboom Onderwijsgroep",
                                       kind=OrganisationKind.ONDERWIJS.value)
    UserFactory(name="Karel Zwanenburg", role=Role.PROFESSIONAL.value, organisation=outsider_org)
    from caseflow.extensions import db

    db.session.add(Gemeente(name="Wijdemeren-Test"))
    db.session.flush()
    known = region_known_names(case, "Esdoorn")
    text = (
        f"{PSEUDONYM} sprak {REGISSEUR}, {JEUGDBESCHERMER.split()[0]} en Zwanenburg van "
        "Lindeboom Onderwijsgroep in gemeente Wijdemeren-Test."
    )
    spans = {s.text: s.label for s in known.find(text)}
    assert spans[PSEUDONYM] == "Esdoorn"
    assert spans[REGISSEUR].startswith("[casusregisseur")
    assert spans["Pieter-Jan"].startswith("[" + str(MemberRole.JEUGDBESCHERMER.value))
    assert spans["Zwanenburg"].startswith("[jeugdprofessional")
    assert spans["Lindeboom Onderwijsgroep"] == "[onderwijs]"
    assert spans["gemeente Wijdemeren-Test"] == "[gemeente]"


def test_domain_words_hold_every_vocab_label_word():
    """The pure copy in domain_words keeps step with the vocab modules (which import models)."""
    import importlib
    import re

    from caseflow.privacy.domain_words import DOMAIN_WORDS

    missing = set()
    for module_name in ("caseflow.cases.vocab", "caseflow.timeline.vocab",
                        "caseflow.meetings.vocab", "caseflow.retrospectives.vocab",
                        "caseflow.risk.vocab", "caseflow.outcome.vocab", "caseflow.auth.models"):
        module = importlib.import_module(module_name)
        for name in dir(module):
            if name.endswith("LABELS") and isinstance(getattr(module, name), dict):
                for label in getattr(module, name).values():
                    text = re.sub(r"%\(\w+\)[sd]", " ", str(label))  # the numbers' names
                    for word in re.findall(r"[A-Za-zÀ-ÿ]{3,}", text):
                        if word.lower() not in DOMAIN_WORDS and word.lower() not in {
                            "aan", "dan", "een", "met", "naar", "niet", "van", "per", "vóór",
                        }:
                            missing.add(word)
    assert not missing, sorted(missing)


def test_pseudonymise_shim_flags_no_particles_or_domain_words():
    from caseflow.retrospectives.pseudonymise import Pseudonymiser

    pseudonymise = Pseudonymiser()
    pseudonymise.add("Sanne Verbeek", "[casusregisseur]")
    text = pseudonymise("Sanne sprak met De Vlinder, Plaatsing en Verklarende analyse en Willemijn")
    assert text.startswith("[casusregisseur] sprak")
    assert set(pseudonymise.flags(text)) == {"Vlinder", "Willemijn"}


def test_organisation_short_names_without_note_comma_tail_or_generic_last_word():
    """The demo's organisations are named "De Lindenhoeve Jeugdzorg (demo)", "Kliniek Het
    Baken, jeugd-GGZ (demo)": people write "De Lindenhoeve", "LINDENHOEVE", "Het Baken"."""
    known = KnownNames()
    for name in ("De Lindenhoeve Jeugdzorg (demo)", "Gezinshuis De Vlinder (demo)",
                 "Kliniek Het Baken, jeugd-GGZ (demo)", "Crisisopvang 't Anker (demo)",
                 "pleegzorg (demo)", "kortdurend verblijf (demo)", "verblijf 24uur (demo)"):
        known.add_organisation(name, "[zorgaanbieder]", kind="zorgaanbieder")
    text = ("Naar De Lindenhoeve. LINDENHOEVE zei nee. De Vlinder en Vlinder. Het Baken belde, "
            "'t Anker ook. Pleegzorg of kortdurend verblijf, Verblijf 24uur.")
    found = [s.text for s in known.find(text)]
    assert found == ["De Lindenhoeve", "LINDENHOEVE", "De Vlinder", "Vlinder", "Het Baken",
                     "'t Anker"]
