"""Database triggers that make the ledger tables append-only, on SQLite and PostgreSQL
(and, on PostgreSQL, the function record_event appends through).

Used by migration 0003 (install), by `bmnn ledger verify` (check that they are
present and enabled) and by the test helper that empties a test database.

A table with no rows may still be emptied (TRUNCATE of an empty table loses
nothing): Django's test runner truncates every table between transactional tests."""

from __future__ import annotations

from bmnn.core.message import Message, gettext_noop

TABLES = ("core_ledgerevent", "core_ledgercheckpoint")
MESSAGE = "Nhật ký chỉ được ghi thêm: không được sửa hoặc xóa dữ liệu của bảng {table}."

PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION bmnn_ledger_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    has_rows boolean;
    act text;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO has_rows;
        IF NOT has_rows THEN
            RETURN NULL;
        END IF;
    END IF;
    act := CASE TG_OP WHEN 'UPDATE' THEN 'sửa' WHEN 'DELETE' THEN 'xóa' ELSE 'làm rỗng (TRUNCATE)' END;
    RAISE EXCEPTION 'Nhật ký chỉ được ghi thêm: không được % dữ liệu của bảng %.', act, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation',
              HINT = 'Mọi thay đổi phải được ghi thành sự kiện mới (bmnn.core.ledger.record_event).';
END;
$$;
"""


# One round trip per append on PostgreSQL: take the lock, read the head, build the
# canonical form, hash and insert. The canonical form is the one in ledger_canon
# (to_json escapes strings exactly as Python's json does); record_event recomputes
# the hash in Python and refuses the append if the two ever disagree.
PG_APPEND_FUNCTION = r"""
CREATE OR REPLACE FUNCTION bmnn_ledger_append(
    lock_key bigint, p_actor_id bigint, p_unit_id bigint, p_actor_name text, p_unit_code text, p_action text,
    p_object_type text, p_object_id text, p_description text, p_payload text, p_request_id text,
    OUT seq bigint, OUT at_us bigint, OUT prev_hash text, OUT hash text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    -- Appends are serialised by this transaction-scoped lock. The SELECT below runs
    -- after it is granted and, being a new statement in a VOLATILE function, reads a
    -- fresh snapshot (READ COMMITTED) that includes the previous holder's append.
    PERFORM pg_advisory_xact_lock(lock_key);
    -- EXECUTE: planned on every call. A static query here is planned once per session and
    -- the plan kept; a session that first appended to an empty ledger kept a sequential
    -- scan and paid for the whole table on every later append (docs/benchmarks.md, tick).
    EXECUTE 'SELECT e.seq, e.hash FROM core_ledgerevent e ORDER BY e.seq DESC LIMIT 1' INTO seq, prev_hash;
    seq := coalesce(seq, 0) + 1;
    prev_hash := coalesce(prev_hash, repeat('0', 64));
    at_us := (extract(epoch FROM clock_timestamp()) * 1000000)::bigint;
    hash := encode(sha256(convert_to(prev_hash || '[' || to_json(seq::text)::text
        || ',' || to_json(at_us::text)::text
        || ',' || to_json(coalesce(p_actor_id::text, ''))::text
        || ',' || to_json(coalesce(p_unit_id::text, ''))::text
        || ',' || to_json(p_actor_name)::text || ',' || to_json(p_unit_code)::text
        || ',' || to_json(p_action)::text || ',' || to_json(p_object_type)::text
        || ',' || to_json(p_object_id)::text || ',' || to_json(p_description)::text
        || ',' || to_json(p_payload)::text || ',' || to_json(p_request_id)::text || ']', 'UTF8')), 'hex');
    INSERT INTO core_ledgerevent (seq, at_us, actor_id, unit_id, actor_name, unit_code, action, object_type,
                                  object_id, description, payload, request_id, prev_hash, hash)
    VALUES (seq, at_us, p_actor_id, p_unit_id, p_actor_name, p_unit_code, p_action, p_object_type,
            p_object_id, p_description, p_payload, p_request_id, prev_hash, hash);
END;
$$;
"""


def _sqlite_triggers(table: str) -> list[tuple[str, str]]:
    message = MESSAGE.format(table=table).replace("'", "''")
    return [
        (f"{table}_no_{op.lower()}",
         f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
         f"BEGIN SELECT RAISE(ABORT, '{message}'); END")
        for op in ("UPDATE", "DELETE")
    ]


def _pg_triggers(table: str) -> list[tuple[str, str]]:
    return [
        (f"{table}_append_only",
         f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
         f"FOR EACH ROW EXECUTE FUNCTION bmnn_ledger_append_only()"),
        (f"{table}_no_truncate",
         f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
         f"FOR EACH STATEMENT EXECUTE FUNCTION bmnn_ledger_append_only()"),
    ]


def expected(vendor: str) -> dict[str, list[tuple[str, str]]]:
    """{table: [(trigger name, CREATE statement)]} for this database vendor."""
    if vendor == "sqlite":
        return {table: _sqlite_triggers(table) for table in TABLES}
    if vendor == "postgresql":
        return {table: _pg_triggers(table) for table in TABLES}
    raise NotImplementedError(f"bmnn chỉ hỗ trợ SQLite và PostgreSQL, không hỗ trợ {vendor}.")


def install(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(PG_FUNCTION)
            cursor.execute("DROP FUNCTION IF EXISTS bmnn_ledger_lock_head(bigint)")  # replaced by the next
            cursor.execute(PG_APPEND_FUNCTION)
            for table, triggers in expected("postgresql").items():
                for name, _ in triggers:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for triggers in expected(connection.vendor).values():
            for _, sql in triggers:
                cursor.execute(sql)


def uninstall(connection) -> None:
    with connection.cursor() as cursor:
        for table, triggers in expected(connection.vendor).items():
            for name, _ in triggers:
                if connection.vendor == "postgresql":
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
                else:
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS bmnn_ledger_append_only()")
            cursor.execute("DROP FUNCTION IF EXISTS bmnn_ledger_append(bigint, bigint, bigint, text, text, text, "
                           "text, text, text, text, text)")


def problems(connection) -> list[str]:
    """What is wrong with the triggers right now (Vietnamese sentences, as Messages so that the
    ledger page can show them translated); empty when all is well."""
    found: dict[str, bool] = {}  # name -> enabled
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, t.tgenabled <> 'D' FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = ANY(%s) AND NOT t.tgisinternal AND pg_table_is_visible(c.oid)",
                [list(TABLES)])
        else:
            cursor.execute("SELECT name, 1 FROM sqlite_master WHERE type = 'trigger'")
        found = {name: bool(enabled) for name, enabled in cursor.fetchall()}
    result = []
    for table, triggers in expected(connection.vendor).items():
        for name, _ in triggers:
            if name not in found:
                result.append(Message(gettext_noop("Thiếu trigger %(name)s chống sửa/xóa trên bảng %(table)s."),
                                      name=name, table=table))
            elif not found[name]:
                result.append(Message(gettext_noop("Trigger %(name)s trên bảng %(table)s đang bị vô hiệu hóa."),
                                      name=name, table=table))
    return result
