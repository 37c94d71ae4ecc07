"""The arrows between caseflow's packages, read from the source with ``ast`` (no import runs).

What counts as an import: ``import x``/``from x import y`` anywhere (also inside functions and
``if TYPE_CHECKING``) and any string literal naming a caseflow module (``importlib.import_module``,
``__import__``, ``"caseflow.x.y"`` constants). A package is ``caseflow/<name>/``; the top-level
plumbing modules are the base layer, ``caseflow/__init__.py``, ``cli.py``, ``models.py`` and
``security.py`` the top. The allowed layers are the picture in README.md (section Layout) and
``LAYERS`` below; a package may import only its own layer or lower ones, and no cycle at all.

Run ``python tests/test_arrows.py`` to print the package graph and its cycles.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "caseflow"
MODULE_PATH = re.compile(r"caseflow(\.[a-z_][a-z0-9_]*)+")

PLUMBING = {"config", "extensions", "database", "textsafety"}
TOP = {"caseflow", "cli", "models", "security"}

# Lowest first; packages on one line are siblings (they may import each other only if no cycle
# results). Keep in step with the picture in README.md.
LAYERS: list[set[str]] = [
    {"core"},
    {"audit"},
    {"auth"},
    {"privacy"},
    {"cases"},
    {"timeline"},
    {"meetings", "risk", "retrospectives", "retention", "search"},
    {"jobs"},
    {"monitor"},
    {"outcome"},
    {"region"},
    {"exchange"},
    {"admin"},
    {"home"},
    {"demo", "generate"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}

# Violations a change in progress still has to remove (empty when none). Each entry is
# (rule, importing module, imported module) and who removes it.
PENDING: dict[tuple[str, str, str], str] = {}

# The doorplaatsing rules are plain functions of a case's history: no views, no templates, no
# request; the history they read is built in risk.history/risk.loading.
RISK_RULE_MODULES = {"caseflow.risk.rules", "caseflow.risk.config"}
# ... and the one definition of doorplaatsing, pure functions over placement records
RISK_RULES_MAY_USE = {"caseflow.risk.history", "caseflow.timeline.doorplaatsing"}
RENDERING = {"render_template", "render_template_string", "request", "session", "g"}

# The state machine is plain Python: no flask, no models, no database.
WORKFLOW_MAY_USE = {"caseflow.cases.vocab"}


@dataclass(frozen=True)
class Arrow:
    source: str  # importing module, e.g. "caseflow.cases.services"
    target: str  # imported module or name, e.g. "caseflow.timeline.models"
    line: int
    text: str  # the source line, for the failure message

    def __str__(self) -> str:
        path = self.source.replace(".", "/")
        return f"{path}.py:{self.line}: {self.text.strip()}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    package = package[: len(package) - node.level + 1]
    return ".".join(package + ([node.module] if node.module else []))


def arrows() -> list[Arrow]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        module = module_name(path)
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(module, path, node)
                # "from caseflow.x import y": y may be a module; keep both, the deepest one wins
                targets = [f"{base}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if text.startswith("caseflow.") and MODULE_PATH.fullmatch(text):
                    targets = [text]
            for target in targets:
                if target == "caseflow" or target.startswith("caseflow."):
                    line = lines[node.lineno - 1]
                    found.append(Arrow(module, _real_module(target), node.lineno, line))
    return list(dict.fromkeys(found))  # one arrow per line and target


def _real_module(target: str) -> str:
    """The deepest prefix of ``target`` that is a module or package in caseflow/."""
    parts = target.split(".")
    while len(parts) > 1:
        relative = Path(*parts[1:])
        if (ROOT / relative).with_suffix(".py").is_file() or (ROOT / relative).is_dir():
            return ".".join(parts)
        parts.pop()
    return "caseflow"


def package_of(module: str) -> str:
    """"cases" for caseflow.cases.*, "plumbing" or "top" for the top-level modules."""
    parts = module.split(".")
    if len(parts) == 1:
        return "top"
    if (ROOT / parts[1]).is_dir():
        return parts[1]
    return "plumbing" if parts[1] in PLUMBING else "top"


def _is_views(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return last == "views" or last.endswith("_views")


def _is_service_or_model(module: str) -> bool:
    last = module.rsplit(".", 1)[-1]
    return last in {"services", "models"} or last.endswith("_models")


def violations(found: list[Arrow]) -> list[tuple[str, Arrow]]:
    """(rule, arrow) for every arrow the design forbids."""
    bad: list[tuple[str, Arrow]] = []
    for arrow in found:
        src, dst = arrow.source, arrow.target
        src_pkg, dst_pkg = package_of(src), package_of(dst)
        if src == "caseflow.cases.workflow" and dst not in WORKFLOW_MAY_USE:
            bad.append(("workflow", arrow))
        if _is_service_or_model(src) and _is_views(dst):
            bad.append(("services-views", arrow))
        if src_pkg != dst_pkg and _is_views(dst) and src_pkg != "top":
            bad.append(("views", arrow))
        if (
            src in RISK_RULE_MODULES
            and (_is_views(dst) or dst_pkg not in {"risk", "plumbing"})
            and dst not in RISK_RULES_MAY_USE
        ):
            bad.append(("risk-rules", arrow))
        if src_pkg == "audit" and dst_pkg not in {"audit", "plumbing", "core"}:
            bad.append(("audit", arrow))
        if src_pkg == "plumbing" and dst_pkg != "plumbing":
            bad.append(("plumbing", arrow))
        if src_pkg in RANK and dst_pkg in RANK and RANK[dst_pkg] > RANK[src_pkg]:
            bad.append(("layer", arrow))
        if src_pkg in RANK and dst_pkg == "top":
            bad.append(("layer", arrow))
    return bad


def workflow_uses_flask() -> list[str]:
    """workflow.py must not import flask or models (it is the plain state machine)."""
    path = ROOT / "cases" / "workflow.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            if name.split(".")[0] in {"flask", "flask_babel", "flask_login", "sqlalchemy"}:
                bad.append(f"caseflow/cases/workflow.py:{node.lineno}: import {name}")
    return bad


WRITES = {"add", "add_all", "delete", "merge", "flush", "bulk_save_objects"}


def writes_in(source: str, where: str) -> list[str]:
    """Writes in ``source`` other than the access log (which the monitor writes through audit's
    ``log_access``): session add/delete/merge/flush, SQL insert/update/delete."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            chain = ast.unparse(node.func)
            if chain.startswith("db.session.") and node.func.attr in WRITES:
                bad.append(f"{where}:{node.lineno}: {chain}(...)")
            if node.func.attr in {"insert", "update", "delete"} and chain.startswith("sa"):
                bad.append(f"{where}:{node.lineno}: {chain}(...)")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            for alias in node.names:
                if alias.name in {"insert", "update", "delete"}:
                    bad.append(f"{where}:{node.lineno}: imports {alias.name}")
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and re.match(r"\s*(INSERT|UPDATE|DELETE)\b", node.value, re.IGNORECASE)
        ):
            bad.append(f"{where}:{node.lineno}: SQL {node.value.split()[0]}")
    return bad


# The one monitor module that writes: the summary of its own figures, rebuilt by the daily job
# into its own tables (docs/monitor-summary.md); it never writes a case or anything of another.
MONITOR_SUMMARY_WRITER = "summary.py"


def monitor_writes() -> list[str]:
    """The monitor only reads; the one row it writes is the access log (through audit), apart
    from its own summary tables (``MONITOR_SUMMARY_WRITER``)."""
    bad = []
    for path in sorted((ROOT / "monitor").rglob("*.py")):
        if path.relative_to(ROOT / "monitor").as_posix() == MONITOR_SUMMARY_WRITER:
            continue
        bad += writes_in(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT.parent)))
    return bad


def rendering_in_risk_rules() -> list[str]:
    """The rules never render or read the request (flask's templates, request, session, g)."""
    bad = []
    for module in sorted(RISK_RULE_MODULES):
        path = ROOT.parent / (module.replace(".", "/") + ".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in {
                "flask",
                "jinja2",
            }:
                names = {alias.name for alias in node.names}
                if node.module == "jinja2" or names & RENDERING:
                    bad.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}: {names}")
    return bad


def package_graph(found: list[Arrow]) -> dict[str, dict[str, list[Arrow]]]:
    graph: dict[str, dict[str, list[Arrow]]] = defaultdict(lambda: defaultdict(list))
    for arrow in found:
        src, dst = package_of(arrow.source), package_of(arrow.target)
        if src in {"top", "plumbing"} or dst in {"top", "plumbing"} or src == dst:
            continue
        graph[src][dst].append(arrow)
    return graph


def cycles(graph: dict[str, dict[str, list[Arrow]]]) -> list[list[str]]:
    """The strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _without_pending(found: list[Arrow]) -> list[Arrow]:
    pending = {(src, dst) for (_rule, src, dst) in PENDING}
    return [a for a in found if (a.source, a.target) not in pending]


# --- the tests -------------------------------------------------------------------------------


def test_the_reader_sees_imports_inside_functions_and_by_string() -> None:
    found = arrows()
    inside = [a for a in found if a.source == "caseflow.exchange.hooks" and a.text.startswith(" ")]
    assert any(a.target == "caseflow.region.organisations" for a in inside)
    assert any(a.source == "caseflow.cli" and a.target == "caseflow.generate.cli" for a in found)


def test_no_forbidden_arrow() -> None:
    bad = [
        (rule, arrow)
        for rule, arrow in violations(arrows())
        if (rule, arrow.source, arrow.target) not in PENDING
    ]
    message = "\n".join(f"[{rule}] {arrow}" for rule, arrow in bad)
    assert not bad, f"arrows the design forbids (see README, Layout):\n{message}"


def test_workflow_is_plain_python() -> None:
    assert workflow_uses_flask() == []


def test_monitor_only_reads() -> None:
    assert monitor_writes() == []


def test_risk_rules_render_nothing() -> None:
    assert rendering_in_risk_rules() == []


def test_the_checks_catch_what_they_forbid() -> None:
    """Each rule, fed a made-up arrow or source, answers with its name."""

    def rules(source: str, target: str) -> set[str]:
        return {rule for rule, _ in violations([Arrow(source, target, 1, "import x")])}

    assert rules("caseflow.cases.workflow", "caseflow.cases.models") == {"workflow"}
    assert {"services-views", "views", "layer"} <= rules(
        "caseflow.cases.services", "caseflow.timeline.views"
    )
    assert rules("caseflow.meetings.views", "caseflow.cases.views") == {"views"}
    assert rules("caseflow.risk.rules", "caseflow.cases.models") == {"risk-rules"}
    assert "audit" in rules("caseflow.audit.services", "caseflow.cases.models")
    assert rules("caseflow.extensions", "caseflow.auth.models") == {"plumbing"}
    assert rules("caseflow.timeline.services", "caseflow.cases.models") == set()
    assert sorted(writes_in("from sqlalchemy import update\ndb.session.add(x)\n", "m.py")) == [
        "m.py:1: imports update",
        "m.py:2: db.session.add(...)",
    ]
    loop = {"a": {"b": []}, "b": {"a": []}, "c": {"a": []}}
    assert cycles(loop) == [["a", "b"]]


def test_no_cycle_between_packages() -> None:
    graph = package_graph(_without_pending(arrows()))
    found = cycles(graph)
    detail = []
    for component in found:
        for src in component:
            for dst in component:
                for arrow in graph.get(src, {}).get(dst, [])[:3]:
                    detail.append(f"{src} -> {dst}: {arrow}")
    assert not found, f"import cycles between packages {found}:\n" + "\n".join(detail)


def test_every_package_has_a_layer() -> None:
    packages = {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages - set(RANK) == set(), "add the new package to LAYERS and the README picture"


def test_pending_entries_still_exist() -> None:
    """A PENDING entry whose arrow is gone should be deleted (the merger's checklist)."""
    present = {(rule, a.source, a.target) for rule, a in violations(arrows())}
    gone = {key: who for key, who in PENDING.items() if key not in present}
    # On this branch every entry is still there; after a helper's merge, delete its entries.
    assert gone == {}, f"delete these PENDING entries, they were fixed: {gone}"


if __name__ == "__main__":
    all_arrows = arrows()
    graph = package_graph(all_arrows if "--all" in sys.argv else _without_pending(all_arrows))
    for src in sorted(graph):
        print(f"{src:15} -> {', '.join(sorted(graph[src]))}")
    print("cycles:", cycles(graph) or "none")


def test_the_event_kinds_cases_writes_are_timeline_kinds() -> None:
    from caseflow.cases.events import EventKind as CaseEventKind
    from caseflow.timeline.models import EventKind

    assert {kind.value for kind in CaseEventKind} <= {kind.value for kind in EventKind}
