"""The line of a JSON text on which a JSON path starts, so an error can point into the file.

A small tokenizer (strings, brackets, colons and commas; scalars need no token of their own)
keeps the path of the value being read. It runs only when there are errors to place, over one
case's text at a time, and stops as soon as every wanted path is found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\],:\n]|[^\s"{}\[\],:]+')
_PART = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def split_path(path: str) -> tuple:
    """``cases[3].placements[1].end`` -> ("cases", 3, "placements", 1, "end")."""
    return tuple(int(index) if index else key for key, index in _PART.findall(path))


def lines_of(text: str, wanted: Iterable[tuple], first_line: int = 1) -> dict[tuple, int]:
    """For each wanted path (a tuple of keys and indexes inside ``text``): the line its value (or
    its key) starts on. A path that is not in the text gets the line of its deepest present
    parent (a missing field: the object that misses it)."""
    targets = set(wanted)
    prefixes = {path[:n] for path in targets for n in range(len(path) + 1)}
    state = _Scan(prefixes, first_line)
    state.mark(())
    state.run(text)
    return _resolve(targets, state.found)


class _Scan:
    """The tokenizer's state: per open container [path, is object, key or index, expects key]."""

    def __init__(self, prefixes: set, line: int) -> None:
        self.stack: list[list] = []
        self.prefixes, self.line = prefixes, line
        self.found: dict[tuple, int] = {}

    def mark(self, at: tuple) -> None:
        if at in self.prefixes and at not in self.found:
            self.found[at] = self.line

    def run(self, text: str) -> None:
        position = 0
        stack = self.stack
        while len(self.found) < len(self.prefixes):
            match = _TOKEN.search(text, position)
            if match is None:
                return
            position = match.end()
            piece = match.group()
            top = stack[-1] if stack else None
            if piece == "\n":
                self.line += 1
            elif piece == ":":
                continue
            elif piece == ",":
                if top is not None:
                    if top[1]:
                        top[3] = True
                    else:
                        top[2] += 1
            elif piece in "]}":
                if stack:
                    stack.pop()
            elif top is not None and top[1] and top[3]:  # a key
                top[2] = piece[1:-1]
                top[3] = False
                self.mark((*top[0], top[2]))
            else:  # a value starts
                here = (*top[0], top[2]) if top is not None else ()
                self.mark(here)
                if piece in "[{":
                    if here not in self.prefixes:
                        position = _skip(text, position, self)  # nothing wanted inside it
                        continue
                    stack.append([here, piece == "{", None if piece == "{" else 0, True])


def _skip(text: str, position: int, state: _Scan) -> int:
    depth = 1
    while depth:
        match = _TOKEN.search(text, position)
        if match is None:
            return len(text)
        position = match.end()
        piece = match.group()
        if piece == "\n":
            state.line += 1
        elif piece in "[{":
            depth += 1
        elif piece in "]}":
            depth -= 1
    return position


def _resolve(targets: set, found: dict[tuple, int]) -> dict[tuple, int]:
    result = {}
    for path in targets:
        for size in range(len(path), -1, -1):
            if path[:size] in found:
                result[path] = found[path[:size]]
                break
    return result
