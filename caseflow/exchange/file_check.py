"""Check a history file a case at a time (pass one of an import), without keeping the document."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import replace

from caseflow.exchange.document_check import DocumentCheck
from caseflow.exchange.existing_cases import batches_of, existing_for, import_gemeenten
from caseflow.exchange.files import MAX_DEPTH, json_depth
from caseflow.exchange.positions import lines_of, split_path
from caseflow.exchange.stream import (
    CaseStream,
    Opener,
    StreamedCase,
    StreamProblem,
    opener,
    peek_header,
)
from caseflow.exchange.validator import MAX_BYTES, Context, Issue, Result, too_large

Source = bytes | Opener  # a file in memory, or a way to open it (read twice, in chunks)


def check(
    source: Source,
    *,
    update: bool = False,
    limit: int = MAX_BYTES,
    checking: Callable[[int], None] | None = None,
) -> Result:
    """Validate a file against the schema, the domain's rules and what the database holds,
    reading it a case at a time. ``checking`` is told how many bytes were read so far."""
    open_file = opener_of(source, limit)
    if isinstance(open_file, Result):
        return open_file
    tag = peek_header(open_file).get("format")
    context = Context(gemeenten=import_gemeenten(), existing={}, update=update)
    checker = DocumentCheck(context, tag)
    handle = open_file()
    stream = CaseStream(handle)
    try:
        for batch in batches_of(stream.cases()):
            context.existing.update(existing_for([item.case for item in batch], update))
            for item in batch:
                checker.case(item.index, item.case, locate=_locator(item))
            if checking:
                checking(handle.tell())
    except StreamProblem as problem:
        return Result(None, [Issue("$", str(problem), line=problem.line)])
    checker.header(stream.header, has_cases=stream.has_cases, cases=stream.header.get("cases"))
    result = checker.finish(has_cases=stream.has_cases)
    result.errors = [_header_line(issue, stream) for issue in result.errors]
    result.document = {"cases": checker.count}  # no document is kept: its size, for the caller
    return result


def opener_of(source: Source, limit: int) -> Opener | Result:
    if not isinstance(source, bytes | bytearray):
        return source
    refused = too_large(len(source), limit)
    if refused:
        return Result(None, [refused])
    try:
        source.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = source.count(b"\n", 0, error.start) + 1
        message = f"het bestand is geen UTF-8-tekst (regel {line}); sla het op als UTF-8"
        return Result(None, [Issue("$", message, line=line)])
    if not source.strip().lstrip(codecs.BOM_UTF8).strip():
        return Result(None, [Issue("$", "het bestand is leeg; er is niets geïmporteerd")])
    depth = json_depth(bytes(source))  # C speed, before anything recurses
    if depth > MAX_DEPTH:
        message = f"het bestand is te diep genest ({depth} niveaus; hooguit {MAX_DEPTH})"
        return Result(None, [Issue("$", message)])
    return opener(bytes(source))


def _locator(item: StreamedCase) -> Callable[[list[Issue]], list[Issue]]:
    def locate(issues: list[Issue]) -> list[Issue]:
        inner = {issue.path: split_path(issue.path)[2:] for issue in issues}
        lines = lines_of(item.text, inner.values(), item.line)
        return [replace(issue, line=lines.get(inner[issue.path], item.line)) for issue in issues]

    return locate


def _header_line(issue: Issue, stream: CaseStream) -> Issue:
    if issue.line is not None:
        return issue
    key = split_path(issue.path)[0] if issue.path != "$" else None
    return replace(issue, line=stream.header_lines.get(str(key), 1))
