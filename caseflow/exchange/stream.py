"""Read a caseflow-history document one case at a time, never the whole file at once.

The top-level object is read key by key; the ``cases`` array element by element with
``json.JSONDecoder.raw_decode`` on a buffer that is refilled in chunks (stdlib only, C speed).
Each case comes with the line it starts on and its own text, so an error inside it can be
pointed at a line of the file (``positions.lines_of``). The other top-level keys (``format``,
``exported_at``, ``source``, anything unknown) are small and collected in ``header``.
"""

from __future__ import annotations

import codecs
import io
import json
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from caseflow.exchange.files import MAX_DEPTH, json_depth

CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()

Opener = Callable[[], IO[bytes]]


class StreamProblem(ValueError):
    """The file cannot be read as JSON; ``line`` is where (1-based), when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class StreamedCase:
    index: int
    case: Any
    line: int  # the line of the file the case starts on
    text: str  # the case's own JSON text (for locating errors inside it)


def opener(raw: bytes) -> Opener:
    return lambda: io.BytesIO(raw)


class CaseStream:
    """Iterate ``cases()``; afterwards ``header`` holds the other top-level keys and
    ``has_cases`` whether there was a ``cases`` array at all."""

    def __init__(self, handle: IO[bytes], chunk: int = CHUNK) -> None:
        self.reader = codecs.getincrementaldecoder("utf-8-sig")()
        self.handle, self.chunk = handle, chunk
        self.buf, self.pos, self.line, self.eof = "", 0, 1, False
        self.header: dict[str, Any] = {}
        self.has_cases = False
        self.header_lines: dict[str, int] = {}

    # -- the buffer ------------------------------------------------------------------------------
    def _fill(self) -> bool:
        if self.eof:
            return False
        data = self.handle.read(self.chunk)
        try:
            text = self.reader.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise StreamProblem(
                "het bestand is geen UTF-8-tekst; sla het op als UTF-8",
                self.line + self.buf.count("\n", self.pos),
            ) from error
        if not data:
            self.eof = True
        self.buf = self.buf[self.pos :] + text
        self.pos = 0
        return True

    def _advance(self, end: int) -> None:
        self.line += self.buf.count("\n", self.pos, end)
        self.pos = end

    def _peek(self) -> str:
        while True:
            self._advance(_SPACE.match(self.buf, self.pos).end())  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def _expect(self, char: str, what: str) -> None:
        found = self._peek()
        if found != char:
            shown = f"'{found}'" if found else "het einde van het bestand"
            self._fail(f"verwacht {what}, gevonden {shown}")
        self._advance(self.pos + 1)

    def _fail(self, message: str, line: int | None = None) -> None:
        line = line or self.line
        raise StreamProblem(f"geen geldige JSON (regel {line}: {message})", line)

    def _value(self) -> tuple[Any, int, str]:
        self._peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as error:
                if self._fill():
                    continue  # perhaps only cut off by the chunk; read on and try again
                line = self.line + self.buf.count("\n", self.pos, error.pos)
                self._fail(error.msg, line)
            except RecursionError:
                self._fail(f"te diep genest (hooguit {MAX_DEPTH} niveaus)")
            except ValueError:  # an integer longer than sys.get_int_max_str_digits()
                raise StreamProblem(
                    f"het bestand bevat een getal van meer dan {sys.get_int_max_str_digits()} "
                    "cijfers; geen enkel veld van caseflow-history is zo lang",
                    self.line,
                ) from None
            if end >= len(self.buf) and not self.eof and self._fill():
                continue  # a number or literal may go on in the next chunk
            break
        text = self.buf[self.pos : end]
        if ("[" in text or "{" in text) and json_depth(text.encode()) > MAX_DEPTH - 2:
            self._fail(f"te diep genest (hooguit {MAX_DEPTH} niveaus)")
        line = self.line
        self._advance(end)
        return value, line, text

    # -- the document ----------------------------------------------------------------------------
    def cases(self) -> Iterator[StreamedCase]:
        if self._peek() == "":
            raise StreamProblem("het bestand is leeg; er is niets geïmporteerd", 1)
        if self._peek() != "{":
            raise StreamProblem("verwacht een JSON-object met 'format' en 'cases'", self.line)
        self._expect("{", "'{'")
        if self._peek() == "}":
            self._advance(self.pos + 1)
        else:
            while True:
                key, line, _text = self._value()
                if not isinstance(key, str):
                    self._fail("verwacht een veldnaam tussen aanhalingstekens", line)
                self._expect(":", "':'")
                self.header_lines[key] = line
                if key == "cases" and self._peek() == "[":
                    self.has_cases = True
                    yield from self._array()
                else:
                    self.header[key] = self._value()[0]
                following = self._peek()
                if following == "}":
                    self._advance(self.pos + 1)
                    break
                self._expect(",", "',' of '}'")
        if self._peek() != "":
            self._fail("tekst na het einde van het JSON-object")

    def _array(self) -> Iterator[StreamedCase]:
        self._expect("[", "'['")
        if self._peek() == "]":
            self._advance(self.pos + 1)
            return
        index = 0
        while True:
            value, line, text = self._value()
            yield StreamedCase(index, value, line, text)
            index += 1
            following = self._peek()
            if following == "]":
                self._advance(self.pos + 1)
                return
            self._expect(",", "',' of ']'")


def peek_header(open_file: Opener) -> dict[str, Any]:
    """The top-level keys that come before ``cases`` (the exporter writes ``format`` first)."""
    stream = CaseStream(open_file())
    try:
        for _case in stream.cases():
            break
    except StreamProblem:
        pass
    return stream.header
