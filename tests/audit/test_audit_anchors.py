"""The access log can't be cut short: checkpoints (HMAC with a key outside the database) and the
external anchor file let ``audit verify`` name every kind of tampering, done as an attacker with
database access would: raw SQL, triggers off, hashes recomputed."""

from __future__ import annotations

import json
import socket

import pytest
from sqlalchemy import select, text

from caseflow.audit.anchors import MARKER, read_anchor_file, write_checkpoint
from caseflow.audit.integrity import verify_log
from caseflow.audit.models import AccessLogEntry, AuditEvent
from caseflow.audit.services import log_access, values_digest
from caseflow.extensions import db
from tests.databases import BACKEND

postgres_only = pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL only")


@pytest.fixture
def anchors(app, tmp_path, monkeypatch):
    """This test's own anchor file; no automatic checkpoints unless the test asks for them."""
    path = tmp_path / "audit-anchors.log"
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_FILE", str(path))
    monkeypatch.setitem(app.config, "AUDIT_CHECKPOINT_EVERY", 0)
    return path


def _log(count: int) -> list[int]:
    ids = []
    for number in range(count):
        entry = log_access(AuditEvent.READ, case_id=number + 1, object_type="case",
                           object_id=number + 1)
        db.session.flush()
        ids.append(entry.id)
    return ids


@pytest.fixture
def anchored_log(anchors):
    """Seven rows; the fifth is anchored by the daily command (table and file)."""
    ids = _log(5)
    anchor = write_checkpoint()
    db.session.commit()
    ids += _log(2)
    db.session.commit()
    assert anchor.head_id == ids[4] and anchor.rows == 5
    return ids


def tamper(*statements: str, replica: bool = False, **params) -> None:
    """Raw SQL behind the application's back: the triggers switched off first, as the table's
    owner can (or, on PostgreSQL, ``session_replication_role = replica``, which skips them)."""
    if replica:
        db.session.execute(text("SET LOCAL session_replication_role = replica"))
    elif BACKEND == "postgresql":
        db.session.execute(text("ALTER TABLE access_log DISABLE TRIGGER USER"))
    else:
        db.session.execute(text("DROP TRIGGER IF EXISTS access_log_no_update"))
        db.session.execute(text("DROP TRIGGER IF EXISTS access_log_no_delete"))
    for statement in statements:
        db.session.execute(text(statement), params)
    if replica:
        db.session.execute(text("SET LOCAL session_replication_role = origin"))
    db.session.expire_all()


def _verify(runner) -> tuple[int, str]:
    result = runner.invoke(args=["audit", "verify"])
    return result.exit_code, result.output


def test_a_clean_log_with_checkpoint_and_file_is_in_order(anchored_log, anchors, runner):
    code, output = _verify(runner)
    assert code == 0, output
    assert "in orde: 7 regels" in output and "1 checkpoints en 1 ankerregels kloppen" in output
    ((number, line),) = read_anchor_file(anchors)
    assert number == 1 and line.head_id == anchored_log[4] and line.rows == 5


def test_an_edited_row_is_named(anchored_log, runner):
    tamper("UPDATE access_log SET case_id = 99 WHERE id = :id", id=anchored_log[2])
    code, output = _verify(runner)
    assert code == 1
    assert f"regel {anchored_log[2]}: inhoud komt niet overeen met row_hash" in output


def test_a_deleted_row_is_named_by_the_gap_and_the_count(anchored_log, runner):
    tamper("DELETE FROM access_log WHERE id = :id", id=anchored_log[2])
    code, output = _verify(runner)
    assert code == 1
    assert f"regel {anchored_log[2]} ontbreken (verwijderd)" in output
    assert f"4 regels t/m regel {anchored_log[4]}, vastgelegd waren 5" in output


def test_a_truncated_tail_is_named(anchored_log, runner):
    tamper("DELETE FROM access_log WHERE id >= :id", id=anchored_log[4])
    code, output = _verify(runner)
    assert code == 1
    assert (f"afgekapt: de nieuwste regel is {anchored_log[3]}, maar checkpoint" in output
            and f"legde regel {anchored_log[4]} vast (5 regels)" in output)


def test_a_truncated_tail_with_its_checkpoints_deleted_is_caught_by_the_file(anchored_log, runner):
    tamper("DELETE FROM access_log WHERE id >= :id", "DELETE FROM audit_checkpoint",
           id=anchored_log[4])
    code, output = _verify(runner)
    assert code == 1
    assert f"ankerbestand regel 1: het checkpoint van regel {anchored_log[4]}" in output
    assert "ontbreekt in de database (checkpoint verwijderd)" in output
    assert f"afgekapt: de nieuwste regel is {anchored_log[3]}" in output


def test_all_rows_deleted_is_named(anchored_log, runner):
    tamper("DELETE FROM access_log")
    code, output = _verify(runner)
    assert code == 1
    assert "het logboek is leeg" in output and "alle regels zijn verwijderd" in output


def test_all_rows_and_checkpoints_deleted_is_caught_by_the_file(anchored_log, runner):
    tamper("DELETE FROM access_log", "DELETE FROM audit_checkpoint")
    code, output = _verify(runner)
    assert code == 1
    assert "alle regels zijn verwijderd" in output and "ankerbestand regel 1" in output


def _rewrite_chain(change_id: int) -> None:
    """Change one row and recompute every hash from there on, consistently: the chain itself is
    then perfect; only the anchors can tell. (The algorithm is public; no secret is needed.)"""
    table = AccessLogEntry.__table__
    rows = db.session.execute(select(table).order_by(table.c.id)).mappings().all()
    tamper()
    previous = "0" * 64
    for row in rows:
        values = {**row, "prev_hash": previous}
        if values["id"] == change_id:
            values["case_id"] = 4242
        previous = values_digest(values)
        db.session.execute(
            text("UPDATE access_log SET case_id = :case, prev_hash = :prev, row_hash = :new "
                 "WHERE id = :id"),
            {"case": values["case_id"], "prev": values["prev_hash"], "new": previous,
             "id": values["id"]},
        )
    db.session.expire_all()


def test_a_consistently_rewritten_chain_is_caught_by_the_checkpoint(anchored_log, runner):
    _rewrite_chain(anchored_log[1])
    code, output = _verify(runner)
    assert code == 1
    assert "keten klopt" not in output and "inhoud komt niet overeen" not in output
    assert f"regel {anchored_log[4]}: hash wijkt af van checkpoint" in output
    assert "de keten is herschreven" in output


def test_a_forged_checkpoint_fails_its_hmac(anchored_log, anchors, runner):
    _rewrite_chain(anchored_log[1])
    new_head = db.session.scalar(text("SELECT row_hash FROM access_log WHERE id = :id"),
                                 {"id": anchored_log[4]})
    tamper("UPDATE audit_checkpoint SET head_hash = :hash", hash=new_head)
    anchors.write_text(anchors.read_text().replace(json.loads(
        anchors.read_text().split(" ", 1)[1])["head_hash"], new_head))
    code, output = _verify(runner)
    assert code == 1
    assert "HMAC klopt niet" in output and "ankerbestand regel 1: HMAC klopt niet" in output


@postgres_only
def test_replica_mode_deleting_the_tail_is_caught(anchored_log, runner):
    tamper("DELETE FROM access_log WHERE id >= :id", replica=True, id=anchored_log[4])
    remaining = db.session.scalar(text("SELECT count(*) FROM access_log"))
    assert remaining == 4  # the append-only trigger did not fire
    code, output = _verify(runner)
    assert code == 1 and f"de nieuwste regel is {anchored_log[3]}" in output


def test_every_nth_row_writes_a_checkpoint_in_its_transaction(app, anchors, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIT_CHECKPOINT_EVERY", 3)
    ids = _log(7)
    assert not anchors.exists()  # nothing outside the database before the commit
    db.session.commit()
    multiples = [row_id for row_id in ids if row_id % 3 == 0]
    lines = [anchor for _, anchor in read_anchor_file(anchors)]
    assert [anchor.head_id for anchor in lines] == multiples
    assert [anchor.rows for anchor in lines] == [ids.index(i) + 1 + _before(ids) for i in multiples]
    report = verify_log()
    assert report.ok, report.problems
    assert report.checkpoints == len(multiples) >= 2


def _before(ids: list[int]) -> int:
    return db.session.scalar(text("SELECT count(*) FROM access_log WHERE id < :id"), {"id": ids[0]})


def test_a_rolled_back_checkpoint_never_reaches_the_file(app, anchors, monkeypatch):
    monkeypatch.setitem(app.config, "AUDIT_CHECKPOINT_EVERY", 1)
    _log(2)
    db.session.rollback()
    kept = _log(1)
    with pytest.raises(RuntimeError), db.session.begin_nested():  # a savepoint rolled back
        _log(1)
        raise RuntimeError
    db.session.commit()
    assert [anchor.head_id for _, anchor in read_anchor_file(anchors)] == kept
    assert verify_log().ok


def test_a_missing_anchor_file_is_named(anchored_log, anchors, runner):
    anchors.unlink()
    code, output = _verify(runner)
    assert code == 1 and f"ankerbestand {anchors} ontbreekt" in output


def test_verify_reads_the_anchor_file_given(anchored_log, anchors, runner, tmp_path):
    copy = tmp_path / "bij-de-backup.log"
    copy.write_text(f"Dec  2 03:00:01 host caseflow: {anchors.read_text()}")
    anchors.unlink()
    result = runner.invoke(args=["audit", "verify", "--anchor-file", str(copy)])
    assert result.exit_code == 0, result.output


def test_the_checkpoint_command_and_syslog(app, anchors, runner, monkeypatch):
    assert "leeg" in runner.invoke(args=["audit", "checkpoint"]).output
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(10)
    monkeypatch.setitem(app.config, "AUDIT_SYSLOG", f"127.0.0.1:{receiver.getsockname()[1]}")
    ids = _log(2)
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    assert f"regel {ids[-1]}" in result.output
    message = receiver.recv(4096).decode()
    receiver.close()
    assert MARKER in message and f'"head_id":{ids[-1]}' in message
    assert read_anchor_file(anchors)[0][1].head_id == ids[-1]


def test_requests_anchor_their_rows_after_their_commit(app, anchors, client, auth, monkeypatch):
    """Through real requests (a login POST, page reads that commit their row at once): each row
    with an id divisible by N is anchored in the file once its request has committed."""
    monkeypatch.setitem(app.config, "AUDIT_CHECKPOINT_EVERY", 1)
    auth.login()
    client.get("/cases")
    rows = db.session.scalars(select(AccessLogEntry.id).order_by(AccessLogEntry.id)).all()
    assert rows and [anchor.head_id for _, anchor in read_anchor_file(anchors)] == rows
    assert verify_log().ok


@pytest.mark.parametrize("content", ["", "Dec  2 03:00:01 host sshd[1]: unrelated\n"])
def test_an_emptied_anchor_file_is_named_like_a_missing_one(anchored_log, anchors, runner, content):
    """Attack pass: deleting the anchor file was named, but emptying it (``: > audit-anchors.log``)
    or swapping in a file without one anchor line said "in orde" while the database has
    checkpoints, so the tail rows after an older checkpoint, the newer checkpoints and the whole
    file could go without a word."""
    anchors.write_text(content)
    code, output = _verify(runner)
    assert code == 1 and f"ankerbestand {anchors} bevat geen ankerregels" in output
