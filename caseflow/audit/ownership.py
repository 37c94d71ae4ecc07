"""Who may cut the log short: a warning when the app's own database role could.

The append-only triggers stop the application, not the table's owner: the owner (and a superuser,
and any member of the owner's role) can disable them, or set ``session_replication_role =
replica`` (PostgreSQL 15 lets a superuser grant that setting), and delete rows unseen. The
operator's guide gives the log a separate owner; this check says when that is not so.
"""

from __future__ import annotations

from sqlalchemy import text

from caseflow.extensions import db

_QUERY = text(
    """
    SELECT current_user AS role,
           pg_get_userbyid(c.relowner) AS owner,
           c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AS owns,
           pg_has_role(current_user, c.relowner, 'MEMBER') AS member,
           (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
           has_table_privilege(current_user, c.oid, 'UPDATE') AS can_update,
           has_table_privilege(current_user, c.oid, 'DELETE') AS can_delete,
           has_table_privilege(current_user, c.oid, 'TRUNCATE') AS can_truncate
    FROM pg_class c
    WHERE c.oid = to_regclass('access_log')
    """
)


def owner_warning() -> str | None:
    """One line when the connected role could change the access log (PostgreSQL); else ``None``."""
    if db.session.get_bind().dialect.name != "postgresql":
        return None
    row = db.session.execute(_QUERY).mappings().first()
    if row is None:
        return None
    reasons = []
    if row["owns"]:
        reasons.append("is eigenaar van access_log")
    elif row["member"] and not row["superuser"]:
        reasons.append(f"is lid van de eigenaar van access_log ({row['owner']})")
    if row["superuser"]:
        reasons.append("is superuser")
    rights = [name for name, key in (("UPDATE", "can_update"), ("DELETE", "can_delete"),
                                     ("TRUNCATE", "can_truncate")) if row[key]]
    if rights and not (row["owns"] or row["superuser"]):
        reasons.append("mag " + "/".join(rights) + " op access_log")
    if not reasons:
        return None
    return (
        f"Let op: databaserol '{row['role']}' {' en '.join(reasons)}: zij kan het "
        "toegangslogboek ongemerkt inkorten. Geef de tabel een aparte eigenaar en deze rol alleen "
        "SELECT en INSERT (docs/operator-guide.md, 'Database roles')."
    )
