"""A case's ``x-`` keys: the sender's own fields, kept as notes of the case (issue 19).

They are stored in ``ExchangeCase.notes`` as ``{path in the case: value}``. An item of a list
whose items have an id (events, placements, …) is named by that id, JSON-quoted
(``events["e1"].x-bron``), so the export puts the key back on the same item whatever order it
writes the list in; other lists by position (``analysis_versions[0].x-…``). The ``x-`` key is
always the path's last part (what is under it is its value), so it may contain any character.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

NOTE_PREFIX = "x-"
_DECODER = json.JSONDecoder()


def notes_of(case: dict[str, Any], ids: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The case's ``x-`` keys anywhere in it, by their path inside the case. ``ids`` gives
    the item ids of the case's top-level lists by position (their content hash if the file
    gave none)."""
    notes: dict[str, Any] = {}
    ids = ids or {}

    def walk(item: Any, path: str, top: str | None) -> None:
        if isinstance(item, dict):
            for key, value in item.items():
                where = f"{path}.{key}" if path else str(key)
                if isinstance(key, str) and key.startswith(NOTE_PREFIX):
                    notes[where] = value
                else:
                    walk(value, where, key if not path else None)
        elif isinstance(item, list):
            named = ids.get(top or "")
            for number, value in enumerate(item):
                if named is not None and number < len(named):
                    walk(value, f"{path}[{json.dumps(named[number], ensure_ascii=False)}]", None)
                else:
                    walk(value, f"{path}[{number}]", None)

    walk(case, "", None)
    return notes


def parse(path: str) -> tuple[list[str | int | tuple[str]], str]:
    """``events["e1"].tariff.x-a`` -> (["events", ("e1",), "tariff"], "x-a"): names, positions
    and ids (a 1-tuple) down to the item, and the note's key."""
    steps: list[str | int | tuple[str]] = []
    at = 0
    while at < len(path):
        if path[at] == ".":
            at += 1
        elif path[at] == "[":
            if path[at + 1 : at + 2] == '"':
                value, end = _DECODER.raw_decode(path, at + 1)
                steps.append((str(value),))
            else:
                end = path.index("]", at)
                steps.append(int(path[at + 1 : end]))
            at = path.index("]", end) + 1
        else:
            if path.startswith(NOTE_PREFIX, at):
                return steps, path[at:]
            end = min((i for i in (path.find(".", at), path.find("[", at)) if i != -1),
                      default=len(path))
            steps.append(path[at:end])
            at = end
    raise ValueError(f"no x- key in {path!r}")


def place(document: dict[str, Any], notes: dict[str, Any]) -> list[str]:
    """Put each note back where it came from in an exported case; the paths of those whose
    place is not in the export (an item left out) are returned."""
    lost = []
    for path, value in notes.items():
        try:
            steps, key = parse(path)
        except (ValueError, IndexError):
            lost.append(path)
            continue
        target: Any = document
        for step in steps:
            target = _step(target, step)
            if target is None:
                break
        if isinstance(target, dict):
            target[key] = value
        else:
            lost.append(path)
    return lost


def _step(target: Any, step: str | int | tuple[str]) -> Any:
    if isinstance(step, tuple):
        if not isinstance(target, list):
            return None
        return next((i for i in target if isinstance(i, dict) and i.get("id") == step[0]), None)
    if isinstance(step, int):
        return target[step] if isinstance(target, list) and step < len(target) else None
    return target.get(step) if isinstance(target, dict) else None


def without_notes(item: Any) -> Any:
    """The item without its ``x-`` keys at any depth (what an item is, for its content hash)."""
    if isinstance(item, dict):
        return {k: without_notes(v) for k, v in item.items()
                if not (isinstance(k, str) and k.startswith(NOTE_PREFIX))}
    if isinstance(item, list):
        return [without_notes(v) for v in item]
    return item


def shown(notes: dict[str, Any] | None) -> Iterable[dict[str, Any]]:
    """For the case page: where (first step, id or position, the rest), key and value as text."""
    for path, value in sorted((notes or {}).items()):
        try:
            steps, key = parse(path)
        except (ValueError, IndexError):
            steps, key = [], path
        part = steps[0] if steps and isinstance(steps[0], str) else None
        item = steps[1] if len(steps) > 1 and not isinstance(steps[1], str) else None
        label = item[0] if isinstance(item, tuple) else (item + 1 if item is not None else None)
        rest = ".".join(str(s) for s in steps[2 if item is not None else 1 :]
                        if isinstance(s, str))
        yield {
            "part": part,
            "item": label,
            "within": rest,
            "path": path,
            "key": key,
            "value": value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
        }
