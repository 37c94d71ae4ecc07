"""``audit verify``: the chain, the checkpoints and the external anchor file, and what is missing.

One pass over the log (a server-side cursor, constant memory) checks every row's hash and link and
notes, for each anchored head id, the row's hash and how many rows there are up to it. Then each
anchor (checkpoint row or file line) must carry a valid HMAC, its head row must still be there
with the same hash and the same number of rows before it, and the table may not end before the
newest anchor. Every file line must also be a checkpoint in the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from caseflow.audit.anchors import Anchor, anchor_file, audit_key, from_checkpoint, read_anchor_file
from caseflow.audit.models import GENESIS_HASH, AccessLogEntry, AuditCheckpoint
from caseflow.audit.services import HASHED_FIELDS, values_digest
from caseflow.extensions import db

MAX_CHAIN_PROBLEMS = 50


@dataclass
class Walk:
    rows: int = 0
    head_id: int | None = None
    # head id → (row hash or None when the row is gone, rows with an id up to it)
    anchored: dict[int, tuple[str | None, int]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class IntegrityReport:
    rows: int
    checkpoints: int
    file_lines: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _link_problem(row_id: int, previous_id: int | None) -> str:
    if previous_id is None:
        return (f"regel {row_id}: prev_hash wijst niet naar het begin van de keten: de regels "
                f"vóór regel {row_id} zijn verwijderd of de keten is herschreven")
    if row_id > previous_id + 1:
        missing = (f"regel {previous_id + 1}" if row_id == previous_id + 2
                   else f"regels {previous_id + 1}–{row_id - 1}")
        return (f"regel {row_id}: prev_hash wijst niet naar de vorige regel ({previous_id}): "
                f"{missing} ontbreken (verwijderd)")
    return (f"regel {row_id}: prev_hash wijst niet naar de vorige regel: regel {previous_id} is "
            "gewijzigd en haar hash herberekend, of de keten is hier herschreven")


def walk_chain(anchored_ids: Iterable[int]) -> Walk:
    """Check every row; note hash and row count at each of ``anchored_ids``."""
    targets = sorted(set(anchored_ids))
    walk = Walk()
    previous_hash, previous_id, next_target = GENESIS_HASH, None, 0
    columns = [AccessLogEntry.__table__.c[name] for name in ("id", "row_hash", *HASHED_FIELDS)]
    query = select(*columns).order_by(AccessLogEntry.id).execution_options(yield_per=5_000)
    for row in db.session.execute(query).mappings():
        row_id = row["id"]
        # Anchored ids that fall before this row are gone: note how many rows precede them.
        while next_target < len(targets) and targets[next_target] < row_id:
            walk.anchored[targets[next_target]] = (None, walk.rows)
            next_target += 1
        walk.rows += 1
        if next_target < len(targets) and targets[next_target] == row_id:
            walk.anchored[row_id] = (row["row_hash"], walk.rows)
            next_target += 1
        if len(walk.problems) < MAX_CHAIN_PROBLEMS:
            if row["prev_hash"] != previous_hash:
                walk.problems.append(_link_problem(row_id, previous_id))
            if values_digest(row) != row["row_hash"]:
                walk.problems.append(
                    f"regel {row_id}: inhoud komt niet overeen met row_hash (regel gewijzigd)"
                )
        previous_hash, previous_id = row["row_hash"], row_id
    walk.head_id = previous_id
    return walk


def _anchor_problems(anchor: Anchor, label: str, walk: Walk) -> list[str]:
    """What is wrong with one trusted anchor (the head beyond the table is reported once, later)."""
    if walk.head_id is None or anchor.head_id > walk.head_id:
        return []
    row_hash, rows = walk.anchored[anchor.head_id]
    if row_hash is None:
        return [f"regel {anchor.head_id} ontbreekt (verwijderd); {label} legde haar vast"]
    problems = []
    if row_hash != anchor.head_hash:
        problems.append(f"regel {anchor.head_id}: hash wijkt af van {label}: de keten is "
                        "herschreven")
    if rows != anchor.rows:
        problems.append(f"{label}: {rows} regels t/m regel {anchor.head_id}, vastgelegd waren "
                        f"{anchor.rows}: regels verwijderd of tussengevoegd")
    return problems


def _truncation(anchors: list[tuple[Anchor, str]], walk: Walk) -> list[str]:
    head = walk.head_id
    beyond = [(a, label) for a, label in anchors if head is None or a.head_id > head]
    if not beyond:
        return []
    newest, label = max(beyond, key=lambda item: item[0].head_id)
    if walk.head_id is None:
        return [f"het logboek is leeg, maar {label} legde {newest.rows} regels vast t/m regel "
                f"{newest.head_id}: alle regels zijn verwijderd"]
    return [f"het einde van het logboek is afgekapt: de nieuwste regel is {walk.head_id}, maar "
            f"{label} legde regel {newest.head_id} vast ({newest.rows} regels): regels "
            f"{walk.head_id + 1}–{newest.head_id} (en wat erna kwam) ontbreken"]


def verify_log(anchor_path: Path | None = None) -> IntegrityReport:
    """The chain, every checkpoint and every line of the anchor file; problems name the rows."""
    key = audit_key()
    path = anchor_path or anchor_file()
    stored = [from_checkpoint(c) for c in db.session.scalars(
        select(AuditCheckpoint).order_by(AuditCheckpoint.id))]
    lines = read_anchor_file(path) if path.exists() else []
    problems: list[str] = []
    trusted: list[tuple[Anchor, str]] = []
    for anchor in stored:
        label = f"checkpoint {anchor.checkpoint}"
        if anchor.valid(key):
            trusted.append((anchor, label))
        else:
            problems.append(f"{label} (regel {anchor.head_id}): HMAC klopt niet: vervalst, of "
                            "gemaakt met een andere CASEFLOW_AUDIT_KEY")
    in_table = {anchor.mac for anchor in stored}
    for number, anchor in lines:
        label = f"ankerbestand regel {number}"
        if anchor is None:
            problems.append(f"{label}: onleesbaar")
        elif not anchor.valid(key):
            problems.append(f"{label}: HMAC klopt niet: vervalst, of met een andere sleutel")
        elif anchor.mac not in in_table:
            problems.append(f"{label}: het checkpoint van regel {anchor.head_id} ({anchor.at}) "
                            "ontbreekt in de database (checkpoint verwijderd)")
            trusted.append((anchor, label))
    if stored and not path.exists():
        problems.append(f"ankerbestand {path} ontbreekt, terwijl de database {len(stored)} "
                        "checkpoints heeft: zet de kopie terug of geef --anchor-file")
    elif stored and not lines:
        # An emptied file is a deleted file: else ": > file" would pass where "rm file" does not.
        problems.append(f"ankerbestand {path} bevat geen ankerregels, terwijl de database "
                        f"{len(stored)} checkpoints heeft: zet de kopie terug of geef "
                        "--anchor-file")
    walk = walk_chain(anchor.head_id for anchor, _ in trusted)
    # Rows first (the contract: exit 1 names the broken row), then a cut-off end, then the rest.
    problems = walk.problems + _truncation(trusted, walk) + problems
    for anchor, label in trusted:
        problems.extend(_anchor_problems(anchor, label, walk))
    return IntegrityReport(rows=walk.rows, checkpoints=len(stored),
                           file_lines=sum(1 for _, a in lines if a is not None),
                           problems=list(dict.fromkeys(problems)))

