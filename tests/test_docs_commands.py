"""The guides' commands work: every ``flask --app caseflow …`` command in README.md and docs/
names a real CLI command, which answers ``--help``."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

ROOT = Path(__file__).resolve().parent.parent
COMMAND = re.compile(r"flask --app caseflow ((?:[a-z][a-z-]*\s?)+)")
GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


def documented_commands() -> list[tuple[str, str]]:
    found = []
    for guide in GUIDES:
        for match in COMMAND.finditer(guide.read_text(encoding="utf-8")):
            found.append((guide.relative_to(ROOT).as_posix(), match.group(1).strip()))
    return sorted(set(found))


def test_the_guides_document_commands():
    guides = {guide for guide, _ in documented_commands()}
    assert "docs/operator-guide.md" in guides
    assert len(documented_commands()) >= 8


@pytest.mark.parametrize(("guide", "words"), documented_commands())
def test_documented_command_answers_help(app, runner, guide, words):
    command: click.Command = app.cli
    path: list[str] = []
    for word in words.split():
        if not isinstance(command, click.Group):
            break
        with app.app_context():
            sub = command.get_command(click.Context(command), word)
        if sub is None:
            break
        command, path = sub, [*path, word]
    assert path, f"{guide}: 'flask --app caseflow {words}' names no command"
    result = runner.invoke(args=[*path, "--help"])
    assert result.exit_code == 0, f"{guide}: {' '.join(path)} --help\n{result.output}"
