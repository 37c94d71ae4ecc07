"""The hostile-file corpus: small files committed next to this module (written by hand, never by
caseflow's exporter), and the large or binary ones built here by explicit code — zip archives are
written byte by byte (``zip_archive``), so a header can say what we want, true or not.

Each entry says which file to import and which Dutch text the refusal must contain.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
HEADER = "ref;pseudonym;birth_year;birth_month;gemeente;referrer;problem_areas;question;phases\r\n"
ROW = "GV-2023-0101;Sem;2011;3;Hilversum;gi;trauma;{question};aanmelding@2023-01-10\r\n"
GOOD_CSV = (HEADER + ROW.format(question="Hulpvraag")).encode()
MB = 1_000_000


@dataclass(frozen=True)
class Member:
    """One zip member as it is written: ``data`` is what goes in the file (already
    compressed for method 8); ``size``/``crc`` are what the headers claim."""

    name: str
    data: bytes
    size: int
    crc: int
    method: int = 0
    flags: int = 0


def stored(name: str, content: bytes, **kw) -> Member:
    return Member(name, content, len(content), zlib.crc32(content), **kw)


def deflated(name: str, content: bytes, **kw) -> Member:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = packer.compress(content) + packer.flush()
    return Member(name, data, len(content), zlib.crc32(content), method=8, **kw)


def deflated_zeros(name: str, size: int, *, claimed: int | None = None) -> Member:
    """``size`` zero bytes, deflated a megabyte at a time (never all in memory);
    ``claimed`` makes the headers lie about the unpacked size."""
    packer, crc, parts = zlib.compressobj(9, zlib.DEFLATED, -15), 0, []
    block = bytes(MB)
    for start in range(0, size, MB):
        piece = block[: min(MB, size - start)]
        crc = zlib.crc32(piece, crc)
        parts.append(packer.compress(piece))
    parts.append(packer.flush())
    return Member(name, b"".join(parts), size if claimed is None else claimed, crc, method=8)


def zip_archive(*members: Member) -> bytes:
    """A zip file (PKWARE APPNOTE 4.3.7 local headers, 4.3.12 central directory, 4.3.16 end
    record), with sizes, CRCs, flags and methods exactly as given."""
    out, directory = bytearray(), bytearray()
    for m in members:
        name = m.name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, m.flags, m.method, 0, 0x21,
                           m.crc, len(m.data), m.size, len(name), 0)
        out += name + m.data
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, m.flags, m.method,
                                 0, 0x21, m.crc, len(m.data), m.size, len(name), 0, 0, 0, 0,
                                 0, offset)
        directory += name
    start = len(out)
    out += directory
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                       len(directory), start, 0)
    return bytes(out)


def bomb() -> bytes:
    """The pen test's bomb: 1.7 MB of zip, 30 members of 59 MB zeros each (1.77 GB)."""
    one = deflated_zeros("cases.csv", 59 * MB)
    return zip_archive(*(Member(f"deel{n:02}.csv" if n else "cases.csv", one.data, one.size,
                                one.crc, method=8) for n in range(30)))


def corrupt_deflate() -> bytes:
    good = deflated("cases.csv", GOOD_CSV)
    return zip_archive(Member("cases.csv", b"\xff" * len(good.data), good.size, good.crc, 8))


def zips() -> dict[str, tuple[bytes, str]]:
    """name -> (zip bytes, text the refusal must contain)."""
    good = stored("cases.csv", GOOD_CSV)
    valid = zip_archive(good)
    return {
        "bomb": (bomb(), "pakt uit tot"),
        "one-bomb-member": (zip_archive(deflated_zeros("cases.csv", 60 * MB)), "zip-bom"),
        "lying-size": (zip_archive(deflated_zeros("cases.csv", 20 * MB, claimed=900)),
                       "is beschadigd"),
        "encrypted": (zip_archive(stored("cases.csv", GOOD_CSV, flags=0x1)), "versleuteld"),
        "deflate64": (zip_archive(Member("cases.csv", b"x" * 40, len(GOOD_CSV), 0, 9)),
                      "compressiemethode"),
        "aes": (zip_archive(Member("cases.csv", b"x" * 40, len(GOOD_CSV), 0, 99, 0x1)),
                "versleuteld"),
        "bzip2": (zip_archive(Member("cases.csv", b"BZh9" + b"x" * 40, len(GOOD_CSV), 0, 12)),
                  "compressiemethode"),
        "corrupt-deflate": (corrupt_deflate(), "is beschadigd"),
        "bad-crc": (zip_archive(Member("cases.csv", GOOD_CSV, len(GOOD_CSV), 12345)),
                    "is beschadigd"),
        "truncated": (valid[: len(valid) // 2], "kan niet gelezen worden"),
        "not-a-zip": (b"PK\x03\x04 dit is geen zip", "kan niet gelezen worden"),
        "dot-dot": (zip_archive(stored("../cases.csv", GOOD_CSV)), "'..' in de naam"),
        "absolute": (zip_archive(stored("/etc/cases.csv", GOOD_CSV)), "absoluut pad"),
        "drive": (zip_archive(stored("C:\\temp\\cases.csv", GOOD_CSV)), "absoluut pad"),
        "many-members": (zip_archive(good, *(stored(f"x{n}.txt", b"x") for n in range(25))),
                         "hooguit 20"),
        "twice": (zip_archive(good, stored("map/cases.csv", GOOD_CSV)), "twee keer"),
        "member-not-utf8": (zip_archive(stored("cases.csv", (HEADER + ROW.format(
            question="Café")).encode("cp1252"))), "CSV UTF-8"),
        "header-only-member": (zip_archive(stored("cases.csv", HEADER.encode())),
                               "bevat geen casussen"),
    }


def generated() -> dict[str, tuple[str, bytes, str]]:
    """The large non-zip files: name -> (file name, bytes, text the refusal must contain)."""
    return {
        "deep-array": ("diep.json", b"[" * 50_000 + b"]" * 50_000, "te diep genest"),
        "deep-object": ("diep.json", b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
                        "te diep genest"),
        "long-field": ("lang.csv", (HEADER + ROW.format(question="x" * 140_000)).encode(),
                       "regel 2: een veld is langer dan 131072 tekens"),
        "workbook": ("casussen.xlsx", zip_archive(stored("[Content_Types].xml", b"<Types/>")),
                     "is een spreadsheet"),
        # json.loads raises ValueError (not JSONDecodeError) past Python's 4300-digit limit.
        "huge-number": ("getal.json",
                        b'{"format": "caseflow-history/1", "cases": [' + b"9" * 5_000 + b"]}",
                        "een getal van meer dan 4300 cijfers"),
        "huge-number-csv": ("jaar.csv", (HEADER + ROW).replace(";2011;", ";" + "9" * 5_000 + ";")
                            .format(question="Hulpvraag").encode(),
                            "cases[0].birth_year: verkeerd type: verwacht geheel getal"),
        # "²".isdigit() is True, int("2011²") is a ValueError.
        "superscript-year": ("jaar.csv", (HEADER + ROW).replace(";2011;", ";2011²;")
                             .format(question="Hulpvraag").encode(),
                             "cases[0].birth_year: verkeerd type: verwacht geheel getal"),
        "utf-16-without-bom": ("utf16.csv", GOOD_CSV.decode().encode("utf-16-le"),
                               "opgeslagen als UTF-16"),
        "unclosed-quote": ("open.csv", (HEADER + ROW.format(question='"nooit dicht')).encode()
                           + b"x" * 140_000, "langer dan 131072 tekens"),
    }


# Committed files: name -> text the refusal must contain.
COMMITTED = {
    "empty.json": "het bestand is leeg",
    "blank.json": "het bestand is leeg",
    "empty-cases.json": "het bestand bevat geen casussen",
    "nul-in-text.json": "cases[0].question: bevat een stuurteken (U+0000)",
    "escape-in-text.json": "cases[0].pseudonym: bevat een stuurteken (U+001B)",
    "windows-1252.json": "het bestand is geen UTF-8-tekst (regel 1)",
    "empty.csv": "bevat geen casussen (het bestand is leeg of heeft alleen een kopregel)",
    "header-only.csv": "bevat geen casussen",
    "blank-rows.csv": "bevat geen casussen",
    "windows-1252.csv": "CSV UTF-8 (door komma's gescheiden)",
    "utf-16.csv": "opgeslagen als UTF-16",
    "nul-in-field.csv": "cases[0].question: bevat een stuurteken (U+0000)",
}


def committed(name: str) -> bytes:
    return (HERE / name).read_bytes()
