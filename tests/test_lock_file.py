"""The lock file a production installation installs from (issue 27, point 5): every dependency of
setup.cfg (with the postgres extra) pinned to a version its range allows, each pin with hashes.
Made with `make lock` (uv pip compile --generate-hashes); audited by tests/audit_dependencies.py."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\],]+)==([^\s\\;]+)")


def _pins() -> dict[str, tuple[Version, int]]:
    pins: dict[str, tuple[Version, int]] = {}
    current = None
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = canonicalize_name(match.group(1).split("[")[0])
            pins[current] = (Version(match.group(2)), 0)
        elif current and line.strip().startswith("--hash=sha256:"):
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def _declared() -> list[Requirement]:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    lines = parser["options"]["install_requires"].splitlines()
    lines += parser["options.extras_require"]["postgres"].splitlines()
    return [Requirement(line.strip()) for line in lines if line.strip()]


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = _pins()
    for requirement in _declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run make lock"
        version, _ = pins[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {name}=={version}, setup.cfg asks {requirement.specifier}"
        )


def test_every_pin_has_a_hash():
    pins = _pins()
    assert len(pins) > 30
    assert [name for name, (_, hashes) in pins.items() if not hashes] == []
