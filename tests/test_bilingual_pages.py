"""The bilingual crawl (issue 23): every GET page and picture of every demo role, in English
without Dutch UI words and in Dutch without English leftovers such as pygal's "No data".
The word lists and what is taken out first (what people typed) are in tests/bilingual.py."""

from __future__ import annotations

import re

import pytest

from tests.bilingual import crawl, leftovers, page_text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_page_reads_in_one_language(demo_server, language):
    found = crawl(demo_server.app, language)
    assert len(found) > 60, f"only {len(found)} pages crawled"
    assert any(endpoint.endswith("_svg") for _role, endpoint, _path in found)  # pictures too
    bad = {key: hits for key, hits in found.items() if hits}
    listing = "\n".join(f"{role} {path}: {hits[:3]}" for (role, _e, path), hits in bad.items())
    assert not bad, f"{len(bad)} pages with words of the other language:\n{listing}"


NOTHING_TYPED = re.compile("(?!x)x")


def test_the_crawl_notices_the_other_language():
    english_page = page_text(
        "<h1>Timeline</h1><desc>7 plaatsingen en 3 gebeurtenissen</desc>"
        '<span title="binnen de regio">x</span><script>var geen = 1;</script>'
        '<a lang="nl" href="?lang=nl">Nederlands</a>'
    )
    hits = leftovers(english_page, "en", NOTHING_TYPED)
    assert [h.split(" in ")[0] for h in hits] == [
        "'plaatsingen'", "'en'", "'gebeurtenissen'", "'binnen de regio'",
    ]
    dutch_page = page_text("<svg><text>No data</text><text>Geen gegevens</text></svg>")
    assert [h.split(" in ")[0] for h in leftovers(dutch_page, "nl", NOTHING_TYPED)] == [
        "'No data'"
    ]


def test_what_people_typed_is_not_held_against_the_page():
    typed = re.compile(re.escape("Gesprek met de school over een plek"))
    text = page_text("<td>Gesprek met de school over een plek</td><td>Event</td>")
    assert leftovers(text, "en", typed) == []
    assert leftovers(text, "en", NOTHING_TYPED)  # the same words, not typed: found
