"""The hostile-file corpus (tests/hostile_files) through both doors — the CLI and the chair's
upload page: each file refused with its Dutch message, no 500 or traceback, nothing stored. And
the zip bomb refused from its directory, before a member is unpacked."""

from __future__ import annotations

import io
import json
import re
import tracemalloc
import zipfile
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from sqlalchemy import select

from caseflow.auth.models import Role
from caseflow.cases.models import Case
from caseflow.exchange.files import CHUNK, FileProblem, _read_member, json_depth, read_zip
from caseflow.exchange.validator import MAX_BYTES
from caseflow.extensions import db
from tests import hostile_files
from tests.exchange_helpers import gemeenten, stored_counts
from tests.helpers import csrf_token

NAMES = sorted([*hostile_files.COMMITTED, *hostile_files.generated()])


@cache
def _zips() -> dict[str, tuple[bytes, str]]:
    return hostile_files.zips()


ZIP_NAMES = [
    "bomb", "one-bomb-member", "lying-size", "encrypted", "deflate64", "aes", "bzip2",
    "corrupt-deflate", "bad-crc", "truncated", "not-a-zip", "dot-dot", "absolute", "drive",
    "many-members", "twice", "member-not-utf8", "header-only-member",
]


def corpus(name: str) -> tuple[str, bytes, str]:
    """(file name, bytes, expected message) of one corpus entry."""
    if name in hostile_files.COMMITTED:
        return name, hostile_files.committed(name), hostile_files.COMMITTED[name]
    if name in ZIP_NAMES:
        data, expected = _zips()[name]
        return f"{name}.zip", data, expected
    return hostile_files.generated()[name]


def _upload(client, data: bytes, name: str):
    token = csrf_token(client, "/exchange/import")
    form = {"csrf_token": token, "file": (io.BytesIO(data), name)}
    return client.post("/exchange/import", data=form, content_type="multipart/form-data")


def test_the_corpus_lists_every_zip_case():
    assert sorted(_zips()) == sorted(ZIP_NAMES)


@pytest.mark.parametrize("name", sorted([*NAMES, *ZIP_NAMES]))
def test_the_cli_refuses_a_hostile_file(app, runner, tmp_path, name):
    filename, data, expected = corpus(name)
    gemeenten()
    before = stored_counts()
    path = tmp_path / filename
    path.write_bytes(data)
    result = runner.invoke(args=["cases", "import", str(path)])
    assert isinstance(result.exception, SystemExit), repr(result.exception)  # not a crash
    assert result.exit_code == 1
    assert expected in result.output, result.output[-2000:]
    assert "Traceback" not in result.output
    assert stored_counts() == before


@pytest.mark.parametrize("name", sorted([*NAMES, *ZIP_NAMES]))
def test_the_upload_page_refuses_a_hostile_file(app, client, auth, name):
    filename, data, expected = corpus(name)
    gemeenten()
    auth.login(Role.VOORZITTER)
    before = stored_counts()
    response = _upload(client, data, filename)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "er is niets opgeslagen" in html  # next to the file field
    text = re.sub(r"<[^>]+>", "", html)  # the list shows the path as <code>path</code>
    assert str(escape(expected)) in text, text[-3000:]  # in the list of errors
    assert stored_counts() == before


def test_the_zip_bomb_is_refused_from_its_directory_without_unpacking(monkeypatch):
    data = _zips()["bomb"][0]
    assert len(data) < 2_000_000  # 1.7 MB that would unpack to 1.77 GB

    def never(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)
    tracemalloc.start()
    try:
        with pytest.raises(FileProblem, match="pakt uit tot"):
            read_zip(data, MAX_BYTES)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_members_that_together_unpack_beyond_the_limit_are_refused_before_reading(monkeypatch):
    members = [hostile_files.stored(f"deel{n}.csv", b"x" * 400_000) for n in range(3)]
    members[0] = hostile_files.stored("cases.csv", b"x" * 400_000)
    data = hostile_files.zip_archive(*members)
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("opened"))
    with pytest.raises(FileProblem, match="pakt uit tot 1 MB; de grens is 1 MB"):
        read_zip(data, 1_000_000)


def _count_reads(monkeypatch) -> list[int]:
    sizes: list[int] = []
    original = zipfile.ZipExtFile.read

    def counting(self, n=-1):
        chunk = original(self, n)
        sizes.append(len(chunk))
        return chunk

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting)
    return sizes


def test_a_header_that_lies_about_the_size_is_read_no_further_than_it_claims(monkeypatch):
    data = _zips()["lying-size"][0]  # says 900 bytes, holds 20 MB of zeros
    sizes = _count_reads(monkeypatch)
    with pytest.raises(FileProblem, match="is beschadigd"):
        read_zip(data, MAX_BYTES)
    assert sum(sizes) <= 900


def test_the_streamed_read_stops_at_the_budget(monkeypatch):
    data = hostile_files.zip_archive(hostile_files.deflated_zeros("cases.csv", 2_000_000))
    sizes = _count_reads(monkeypatch)
    archive = zipfile.ZipFile(io.BytesIO(data))
    with archive, pytest.raises(FileProblem, match="pakt uit tot meer dan"):
        _read_member(archive, archive.infolist()[0], 100_000)
    assert sum(sizes) <= 100_000 + CHUNK


def _depth(value) -> int:
    if isinstance(value, dict | list):
        items = value.values() if isinstance(value, dict) else value
        return 1 + max((_depth(item) for item in items), default=0)
    return 0


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ax\u00e9\u202e'),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(alphabet='[]{}"\\k', max_size=3), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, database=None)
@given(value=_json, ascii_only=st.booleans())
def test_json_depth_is_the_nesting_json_loads_would_see(value, ascii_only):
    raw = json.dumps(value, ensure_ascii=ascii_only).encode()
    assert json_depth(raw) == _depth(value)


def test_json_depth_skips_brackets_inside_strings():
    assert json_depth(b'{"a": ["[[[[", {"b": "\\"]]]{{{"}]}') == 3
    assert json_depth(b"[" * 50_000) == 50_000
    assert json_depth(b'"just text"') == 0


@pytest.mark.parametrize("via", ["cli", "upload"])
def test_utf8_with_a_bom_is_accepted(app, runner, client, auth, tmp_path, via):
    gemeenten()
    data = hostile_files.committed("utf-8-bom.csv")
    if via == "cli":
        path = tmp_path / "utf-8-bom.csv"
        path.write_bytes(data)
        result = runner.invoke(args=["cases", "import", str(path)])
        assert result.exit_code == 0, result.output
    else:
        auth.login(Role.VOORZITTER)
        response = _upload(client, data, "utf-8-bom.csv")
        assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    stored = db.session.scalar(select(Case).where(Case.reference == "GV-2023-0101"))
    assert stored.pseudonym == "Zoë"


@pytest.mark.parametrize("via", ["cli", "upload"])
def test_bidi_and_zero_width_characters_are_removed_on_import_with_a_warning(
    app, runner, client, auth, tmp_path, via
):
    gemeenten()
    data = hostile_files.committed("bidi-and-zero-width.json")
    warning = "Let op: cases[0].pseudonym: onzichtbare tekens (richtings- of nulbreedtetekens)"
    if via == "cli":
        path = tmp_path / "bidi.json"
        path.write_bytes(data)
        result = runner.invoke(args=["cases", "import", str(path)])
        assert result.exit_code == 0, result.output
        output = result.output
    else:
        auth.login(Role.VOORZITTER)
        response = _upload(client, data, "bidi.json")
        assert response.status_code == 200
        output = response.get_data(as_text=True)
    assert warning in output
    assert "Let op: cases[0].question: onzichtbare tekens" in output
    stored = db.session.scalar(select(Case).where(Case.reference == "GV-2023-0101"))
    assert stored.pseudonym == "Sem"
    assert stored.question == "Hulpvraag"
