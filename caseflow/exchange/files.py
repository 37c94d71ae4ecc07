"""Reading an uploaded file without trusting it: encoding, JSON depth, CSV field sizes and zip
archives. Each problem is a ``FileProblem`` with a Dutch message that names the file (and row);
nothing here lets a hostile file crash the worker or fill its memory.

Zip archives are checked from the central directory *before* any member is unpacked (member
count, names, encryption, compression method, declared sizes and ratio), and the size is
enforced again while reading, in chunks, so a header that lies cannot make us read more.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from itertools import accumulate
from pathlib import PurePosixPath

MAX_DEPTH = 32  # a caseflow-history document nests 5 deep; 32 leaves room and stops a bomb
MAX_MEMBERS = 20  # the template has 3 CSVs; Finder and Explorer add a few extra entries
MAX_RATIO = 100  # CSV text compresses ~5-20x; 100x and more is what a zip bomb looks like
RATIO_FROM = 1_000_000  # small members may compress well; they cannot hurt anyone
CHUNK = 64 * 1024
CSV_FIELD_LIMIT = 131_072  # Python's default, made explicit: one cell of 128 KB is plenty
SUPPORTED_METHODS = {zipfile.ZIP_STORED: "opgeslagen", zipfile.ZIP_DEFLATED: "deflate"}
SAVE_AS = (
    "Sla het bestand in Excel op als 'CSV UTF-8 (door komma's gescheiden)' en probeer opnieuw."
)

_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_KEEP = b'"[]{}'
_DROP = bytes(b for b in range(256) if b not in _KEEP)
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 as signed bytes


class FileProblem(ValueError):
    """A file refused before its content is looked at; the message says what to do."""


def refuse_spreadsheet(name: str) -> None:
    """An Excel or LibreOffice workbook is not read (it would fail as 'not UTF-8' or 'not a
    template'); say what to do instead."""
    if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        raise FileProblem(
            f"{name} is een spreadsheet; caseflow leest het CSV-sjabloon. Sla elk tabblad op "
            "als 'CSV UTF-8 (door komma's gescheiden)' (cases.csv, placements.csv, events.csv) "
            "en importeer die, los of samen in een zip."
        )


def json_depth(raw: bytes) -> int:
    """The deepest bracket nesting of a JSON text, without parsing it (strings skipped).

    Escapes are dropped first (so ``\\"`` cannot end a string), then everything but quotes and
    brackets (``bytes.translate``, C speed); with the escapes gone, every other piece between
    quotes is a string's content. The brackets left are summed as +1/-1. It never recurses,
    unlike ``json.loads``, which raises RecursionError on deep nesting (and jsonschema, which
    recurses long before that)."""
    if b"\\" in raw:
        raw = _ESCAPE.sub(b"", raw)
    # Two adjacent quotes never enclose a bracket that counts (an empty string, or the end
    # of one string and the start of the next): dropping them first leaves few pieces to split.
    skeleton = raw.translate(None, _DROP).replace(b'""', b"")
    outside = b"".join(skeleton.split(b'"')[::2])
    steps = memoryview(outside.translate(_STEPS)).cast("b")
    return max(accumulate(steps), default=0)


def decode(name: str, data: bytes) -> str:
    """UTF-8 text (with or without BOM). Anything else is refused, never guessed."""
    head = data[:4096]
    # UTF-16 without a BOM is valid UTF-8 when the text is ASCII ("r\0e\0f\0"): every other
    # byte NUL. Say what it is, instead of a NUL error in every field.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        head and head.count(0) * 4 >= len(head)
    ):
        raise FileProblem(f"{name} is opgeslagen als UTF-16 ('Unicode-tekst'). {SAVE_AS}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileProblem(
            f"{name} is geen UTF-8-tekst (regel {line}: byte 0x{data[error.start]:02X} is geen "
            f"UTF-8; waarschijnlijk opgeslagen als Windows-1252 of 'CSV (gescheiden door "
            f"lijstscheidingsteken)'). {SAVE_AS}"
        ) from error


def csv_rows(name: str, text: str, delimiter: str) -> Iterator[dict[str, str]]:
    """The rows of a CSV as dicts; an oversized or broken field names its file and row."""
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        row = reader.line_num + 1  # the line being read when it failed is not counted yet
        if "field larger than field limit" in str(error):
            raise FileProblem(
                f"{name} regel {row}: een veld is langer dan {CSV_FIELD_LIMIT} tekens; "
                "controleer of er een aanhalingsteken (\") niet is afgesloten"
            ) from error
        raise FileProblem(f"{name} regel {row}: geen geldige CSV ({error})") from error


def _refuse_member(info: zipfile.ZipInfo) -> str | None:
    name = info.filename
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or re.match(r"^[A-Za-z]:", name):
        return f"'{name}' heeft een absoluut pad of '..' in de naam"
    if info.flag_bits & 0x1:
        return (
            f"'{name}' is versleuteld (met een wachtwoord); pak het uit en zip het opnieuw "
            "zonder wachtwoord"
        )
    if info.compress_type not in SUPPORTED_METHODS:
        return (
            f"'{name}' gebruikt een compressiemethode die caseflow niet leest "
            f"(methode {info.compress_type}); zip het opnieuw met de gewone (deflate-)compressie"
        )
    if info.file_size >= RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (
            f"'{name}' pakt uit tot meer dan {MAX_RATIO} keer zijn eigen grootte "
            f"({info.compress_size} → {info.file_size} bytes); dat lijkt op een zip-bom"
        )
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """The member's bytes, read in chunks; stops as soon as more than ``budget`` comes out."""
    parts: list[bytes] = []
    total = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            total += len(chunk)
            if total > budget:
                raise FileProblem(
                    f"het zip-bestand pakt uit tot meer dan {budget / 1e6:.0f} MB "
                    f"(bij '{info.filename}'); de grens is de grootte van een importbestand"
                )
            parts.append(chunk)
    return b"".join(parts)


def read_zip(data: bytes, limit: int) -> dict[str, str]:
    """The CSV members of a zip (by their base name), decoded; refused as a whole if anything
    about the archive is off. Checks the directory first, then reads within ``limit`` bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise FileProblem(f"het zip-bestand kan niet gelezen worden ({error})") from error
    with archive:
        members = archive.infolist()
        for info in members:
            refused = _refuse_member(info)
            if refused:
                raise FileProblem(f"zip-bestand geweigerd: {refused}")
        wanted = [i for i in members if i.filename.lower().endswith(".csv") and not i.is_dir()]
        declared = sum(info.file_size for info in wanted)
        if declared > limit:
            raise FileProblem(
                f"het zip-bestand pakt uit tot {declared / 1e6:.0f} MB; de grens is "
                f"{limit / 1e6:.0f} MB. Splits het bestand in delen en importeer die na elkaar."
            )
        if len(members) > MAX_MEMBERS:
            raise FileProblem(
                f"het zip-bestand bevat {len(members)} bestanden; hooguit {MAX_MEMBERS} "
                "(cases.csv, placements.csv, events.csv)"
            )
        files: dict[str, str] = {}
        budget = limit
        for info in wanted:
            base = PurePosixPath(info.filename.replace("\\", "/")).name
            if base in files:
                raise FileProblem(f"het zip-bestand bevat {base} twee keer")
            try:
                content = _read_member(archive, info, budget)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                    RuntimeError, OSError) as error:
                raise FileProblem(
                    f"'{info.filename}' in het zip-bestand is beschadigd en kan niet gelezen "
                    f"worden ({error})"
                ) from error
            budget -= len(content)
            files[base] = decode(base, content)
    return files
