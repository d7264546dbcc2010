"""The tamper-evident ledger: chain, append-only triggers, checkpoints, verification,
export and offline verification, atomicity and concurrent writers — on SQLite and
PostgreSQL (each test that needs one database's own mechanism is skipped on the other)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError, connection, transaction

from bmnn.core import ledger_triggers
from bmnn.core.checkpoints import checkpoint_now, installation_public_key
from bmnn.core.ledger import GENESIS, record_event, record_read, secret_hash
from bmnn.core.ledger_canon import (
    EVENT_COLUMNS, canonical_json, canonical_of, chain_hash, public_key_hex, sign_checkpoint,
)
from bmnn.core.ledger_stress import run_writers
from bmnn.core.ledger_testing import ledger_purge  # noqa: F401  (fixture)
from bmnn.core.ledger_verify import verify_database
from bmnn.core.models import AppendOnly, LedgerCheckpoint, LedgerEvent
from bmnn.org.models import Unit
from bmnn.org.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite only")
on_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only")


# --- helpers -------------------------------------------------------------------

def events(n: int, **kwargs) -> list[LedgerEvent]:
    return [record_event("test.act", description=f"Sự kiện thử {i}", payload={"i": i}, **kwargs) for i in range(n)]


def row(seq: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM core_ledgerevent WHERE seq = %s", [seq])
        return dict(zip(EVENT_COLUMNS, cursor.fetchone()))


def verify(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("ledger", "verify", "--no-progress", *args, stdout=out)
    except SystemExit as exc:
        return exc.code, out.getvalue()
    return 0, out.getvalue()


@contextlib.contextmanager
def triggers_off():
    """What someone with direct database access could do (inside the test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ledger_triggers.TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
            yield cursor
            for table in ledger_triggers.TABLES:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER ALL")
        else:
            ledger_triggers.uninstall(connection)
            yield cursor
            ledger_triggers.install(connection)


# --- the chain -------------------------------------------------------------------

def test_events_form_one_gapless_chain_from_genesis():
    written = events(5)
    assert [e.seq for e in written] == [1, 2, 3, 4, 5]
    assert written[0].prev_hash == GENESIS
    for before, after in zip(written, written[1:]):
        assert after.prev_hash == before.hash


def test_hash_is_sha256_of_prev_hash_and_canonical_json_of_the_stored_row():
    event = record_event("test.act", actor=PersonFactory(full_name="Nguyễn Thị Ánh"), unit=UnitFactory(code="PA03"),
                         description='Quyết định "số 5"', payload={"b": 1, "a": "ờ"})
    stored = row(event.seq)
    assert stored["hash"] == chain_hash(stored["prev_hash"], canonical_of(stored))
    assert canonical_of(stored) == json.dumps([str(stored["seq"]), str(stored["at_us"]), str(stored["actor_id"]),
                                               str(stored["unit_id"]), "Nguyễn Thị Ánh", "PA03", "test.act", "", "",
                                               'Quyết định "số 5"', '{"a":"ờ","b":1}', ""],
                                              ensure_ascii=False, separators=(",", ":"))


def test_canonical_json_escapes_only_what_json_must():
    text = canonical_json(1, 2, None, None, "Đặng", "", "a", "", "", 'x"y\\z\n\t\x01\x7f😀', "{}", "")
    assert text == '["1","2","","","Đặng","","a","","","x\\"y\\\\z\\n\\t\\u0001\x7f😀","{}",""]'


def test_the_example_in_docs_ledger_md_holds():
    canonical = canonical_json(3, 1795410831832807, None, None, "", "", "test.act", "", "", 'Mô tả "số" 2',
                               '{"i":2}', "")
    assert canonical == '["3","1795410831832807","","","","","test.act","","","Mô tả \\"số\\" 2","{\\"i\\":2}",""]'
    assert chain_hash("b105f844f505919a5881be503b1af9b6a1229d08567abd02ad9968b5e6a597a2", canonical) == \
        "c156a439540ea9b4d95283856df70d0fcb83740c878e9254283825ba185a9a26"


def test_event_records_actor_unit_object_and_request():
    person, unit = PersonFactory(full_name="Lê Văn Bảo"), UnitFactory(code="CAT")
    event = record_event("org.unit.create", actor=person, unit=unit, obj=unit)
    assert (event.actor_id, event.actor_name, event.unit_id, event.unit_code) == (person.pk, "Lê Văn Bảo", unit.pk,
                                                                                  "CAT")
    assert (event.object_type, event.object_id) == ("org.unit", str(unit.pk))
    assert event.at.tzinfo is not None


def test_the_returned_event_is_the_stored_row():
    event = record_event("test.act", actor=PersonFactory(), unit=UnitFactory(), description="x", payload={"a": 1})
    stored = LedgerEvent.objects.get(seq=event.seq)
    assert [getattr(event, c) for c in EVENT_COLUMNS] == [getattr(stored, c) for c in EVENT_COLUMNS]
    assert not event._state.adding


def test_secret_fields_reach_the_ledger_only_as_hashes():
    event = record_event("records.item.record", payload={"summary": secret_hash("Kế hoạch tác chiến A2")})
    assert "Kế hoạch" not in event.payload
    assert secret_hash("Kế hoạch tác chiến A2") in event.payload


def test_event_rolls_back_with_the_change_it_records():
    with pytest.raises(RuntimeError), transaction.atomic():
        unit = UnitFactory(code="ROLLBACK")
        record_event("org.unit.create", obj=unit)
        raise RuntimeError("the service fails after writing its event")
    assert not Unit.objects.filter(code="ROLLBACK").exists()
    assert not LedgerEvent.objects.exists()
    assert record_event("test.after").seq == 1  # the number was not used up: still gapless


def test_record_read_writes_an_event_in_its_own_transaction():
    person, unit = PersonFactory(), UnitFactory()
    event = record_read(person, unit, description="Xem trang đơn vị")
    assert (event.action, event.actor_id, event.object_id) == ("org.unit.read", person.pk, str(unit.pk))


# --- append-only -----------------------------------------------------------------

@pytest.mark.parametrize("sql", [
    "UPDATE core_ledgerevent SET description = 'sửa' WHERE seq = 1",
    "DELETE FROM core_ledgerevent WHERE seq = 1",
    "UPDATE core_ledgercheckpoint SET head_hash = 'x'",
    "DELETE FROM core_ledgercheckpoint",
])
def test_database_refuses_to_change_or_remove_ledger_rows(sql):
    record_event("test.act")
    checkpoint_now()
    with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(sql)
    assert LedgerEvent.objects.get(seq=1).description == ""


def test_database_refuses_a_fork_after_the_same_predecessor():
    first = record_event("test.act")
    record_event("test.act")
    fork = dict(row(2), seq=3)  # a second successor of #1
    assert fork["prev_hash"] == first.hash
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO core_ledgerevent ({', '.join(EVENT_COLUMNS)}) "
                       f"VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))})", [fork[c] for c in EVENT_COLUMNS])


@on_postgres
def test_postgresql_refuses_truncate_of_a_non_empty_ledger():
    record_event("test.act")
    with pytest.raises(DatabaseError, match="chỉ được ghi thêm"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_ledgerevent")


def test_models_refuse_to_change_or_remove_events():
    event = record_event("test.act")
    event.description = "sửa"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        LedgerEvent.objects.all().update(description="x")


# --- verification ----------------------------------------------------------------

def test_verify_passes_on_an_intact_ledger():
    events(30)
    code, out = verify()
    assert code == 0, out
    assert "Đã kiểm 30 sự kiện" in out and "KẾT QUẢ: TOÀN VẸN." in out


def test_fast_and_reference_forms_agree_on_awkward_text():
    every_control = "".join(chr(c) for c in range(1, 32))
    for text in ['ngoặc "kép" và \\ gạch', "xuống\ndòng\ttab", f"điều khiển <{every_control}\x7f> giữa",
                 "😀 e\u0301 \u2028"]:
        record_event("test.act", description=text, payload={"t": text})
    report = verify_database(batch=2)
    assert report.ok, report.lines()
    assert report.events == 4


@on_sqlite
@pytest.mark.django_db(transaction=True)
def test_edit_in_the_sqlite_file_behind_the_triggers_is_named_by_verify(ledger_purge):
    events(5)
    outside = sqlite3.connect(connection.settings_dict["NAME"], uri=str(connection.settings_dict["NAME"])
                              .startswith("file:"))
    try:
        outside.execute("DROP TRIGGER core_ledgerevent_no_update")
        outside.execute("UPDATE core_ledgerevent SET description = 'đã bị sửa' WHERE seq = 3")
        outside.commit()
    finally:
        outside.close()
    code, out = verify()
    ledger_triggers.install(connection)
    assert code == 1
    assert "LỖI ĐẦU TIÊN TRONG CHUỖI: sự kiện #3 (test.act" in out
    assert "đã bị sửa sau khi ghi" in out
    assert "Thiếu trigger core_ledgerevent_no_update" in out


@on_postgres
def test_edit_with_triggers_disabled_on_postgresql_is_named_by_verify():
    events(5)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_ledgerevent DISABLE TRIGGER ALL")
        cursor.execute("UPDATE core_ledgerevent SET description = 'đã bị sửa' WHERE seq = 4")
        cursor.execute("ALTER TABLE core_ledgerevent ENABLE TRIGGER ALL")
    code, out = verify()
    assert code == 1
    assert "LỖI ĐẦU TIÊN TRONG CHUỖI: sự kiện #4 (test.act" in out and "KHÔNG TOÀN VẸN" in out


@on_postgres
def test_verify_reports_disabled_triggers():
    events(2)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE core_ledgercheckpoint DISABLE TRIGGER USER")
    code, out = verify()
    assert code == 1 and "core_ledgercheckpoint_append_only" in out and "vô hiệu hóa" in out


def test_verify_names_the_first_of_several_edits():
    events(8)
    with triggers_off() as cursor:
        cursor.execute("UPDATE core_ledgerevent SET actor_name = 'Giả mạo' WHERE seq IN (6, 3)")
    report = verify_database(batch=4)
    assert (report.chain_problem.kind, report.chain_problem.seq) == ("hash", 3)
    assert report.chain_problem.stored == row(3)["hash"]


def test_verify_names_a_broken_link_when_an_edited_event_was_rehashed():
    events(6)
    edited = row(3)
    edited["description"] = "viết lại"
    new_hash = chain_hash(edited["prev_hash"], canonical_of(edited))
    with triggers_off() as cursor:
        cursor.execute("UPDATE core_ledgerevent SET description = %s, hash = %s WHERE seq = 3",
                       [edited["description"], new_hash])
    report = verify_database()
    assert (report.chain_problem.kind, report.chain_problem.seq) == ("link", 4)


def test_verify_names_a_deleted_event_as_a_gap():
    events(6)
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM core_ledgerevent WHERE seq = 4")
    report = verify_database()
    assert (report.chain_problem.kind, report.chain_problem.seq) == ("gap", 5)
    assert "thiếu sự kiện #4" in report.chain_problem.message


# --- checkpoints -------------------------------------------------------------------

def test_a_checkpoint_is_signed_every_n_events(settings):
    settings.LEDGER_CHECKPOINT_EVERY = 3
    written = events(7)
    checkpoints = list(LedgerCheckpoint.objects.order_by("seq"))
    assert [(c.seq, c.head_hash) for c in checkpoints] == [(3, written[2].hash), (6, written[5].hash)]
    assert {c.public_key for c in checkpoints} == {installation_public_key()}
    assert verify_database().checkpoints == 2


def test_checkpoint_command_signs_the_head_including_its_own_event():
    events(3)
    out = io.StringIO()
    call_command("ledger", "checkpoint", stdout=out)
    checkpoint = LedgerCheckpoint.objects.get()
    assert checkpoint.seq == 4 and LedgerEvent.objects.get(seq=4).action == "core.ledger.checkpoint"
    assert "Đã ký điểm kiểm chứng tại sự kiện #4" in out.getvalue()
    assert verify()[0] == 0


def test_forged_checkpoint_signature_is_detected():
    written = events(3)
    good = checkpoint_now()[0]
    LedgerCheckpoint(seq=2, head_hash=written[1].hash, at_us=good.at_us, public_key=good.public_key,
                     signature="00" * 64).save()
    code, out = verify()
    assert code == 1 and "điểm kiểm chứng tại #2: chữ ký không hợp lệ" in out


def test_checkpoint_signed_by_another_key_is_detected():
    written = events(2)
    stranger = Ed25519PrivateKey.generate()
    LedgerCheckpoint(seq=2, head_hash=written[1].hash, at_us=1, public_key=public_key_hex(stranger),
                     signature=sign_checkpoint(stranger, 2, written[1].hash, 1)).save()
    report = verify_database()
    assert [p.kind for p in report.checkpoint_problems] == ["checkpoint_key"]


def test_rewritten_chain_no_longer_matches_its_checkpoint():
    events(4)
    checkpoint_now()  # signs #5
    with triggers_off() as cursor:  # rewrite everything from #2 on, consistently
        prev = row(1)["hash"]
        for seq in range(2, 6):
            changed = dict(row(seq), prev_hash=prev, description=f"viết lại {seq}")
            prev = chain_hash(prev, canonical_of(changed))
            cursor.execute("UPDATE core_ledgerevent SET prev_hash = %s, description = %s, hash = %s WHERE seq = %s",
                           [changed["prev_hash"], changed["description"], prev, seq])
    report = verify_database()
    assert report.chain_problem is None
    assert [p.kind for p in report.checkpoint_problems] == ["checkpoint_head"]


def test_cutting_off_signed_events_is_detected():
    events(4)
    checkpoint_now()  # signs #5
    with triggers_off() as cursor:
        cursor.execute("DELETE FROM core_ledgerevent WHERE seq >= 4")
    report = verify_database()
    assert [p.kind for p in report.checkpoint_problems] == ["checkpoint_beyond"]


# --- export and offline verification ---------------------------------------------

def export(tmp_path, *args) -> str:
    path = tmp_path / "nhat-ky.jsonl"
    call_command("ledger", "export", "--output", str(path), *args, stderr=io.StringIO())
    return str(path)


def test_export_verifies_elsewhere_with_the_public_key_and_fails_after_an_edit(tmp_path):
    events(6)
    checkpoint_now()
    path = export(tmp_path)
    key = installation_public_key()
    lines = open(path, encoding="utf-8").read().splitlines()
    assert [json.loads(x)["type"] for x in lines] == ["event"] * 7 + ["checkpoint"]
    assert set(json.loads(lines[0])) == {"type", *EVENT_COLUMNS}
    assert verify("--file", path, "--public-key", key)[0] == 0

    record = json.loads(lines[2])
    record["description"] = "sửa trong tệp"
    lines[2] = json.dumps(record, ensure_ascii=False)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    code, out = verify("--file", path, "--public-key", key)
    assert code == 1 and "sự kiện #3" in out


def test_partial_export_verifies_from_its_first_event(tmp_path):
    events(8)
    path = export(tmp_path, "--from", "3", "--to", "6")
    code, out = verify("--file", path, "--public-key", installation_public_key())
    assert code == 0 and "Đã kiểm 4 sự kiện (#3 – #6)" in out and "bắt đầu từ sự kiện #3" in out


@pytest.mark.django_db(databases=[])
def test_offline_verification_needs_no_database_and_a_trusted_key(tmp_path):
    """Built here without Django: a chain and a checkpoint signed by a key of our own."""
    key = Ed25519PrivateKey.generate()
    prev, lines = GENESIS, []
    for seq in (1, 2, 3):
        values = dict(seq=seq, at_us=1_790_000_000_000_000 + seq, actor_id=None, unit_id=7, actor_name="",
                      unit_code="PA03", action="test.act", object_type="", object_id="", description=f"số {seq}",
                      payload="{}", request_id="")
        digest = chain_hash(prev, canonical_of(values))
        lines.append(json.dumps({"type": "event", **values, "prev_hash": prev, "hash": digest}))
        prev = digest
    lines.append(json.dumps({"type": "checkpoint", "seq": 3, "head_hash": prev, "at_us": 5,
                             "public_key": public_key_hex(key), "signature": sign_checkpoint(key, 3, prev, 5)}))
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert verify("--file", str(path), "--public-key", public_key_hex(key))[0] == 0
    code, out = verify("--file", str(path), "--public-key", public_key_hex(Ed25519PrivateKey.generate()))
    assert code == 1 and "khóa không phải khóa công khai tin cậy" in out
    with pytest.raises(Exception, match="--public-key"):
        verify("--file", str(path))


def test_public_key_command_prints_the_installation_key():
    out = io.StringIO()
    call_command("ledger", "public-key", stdout=out)
    assert out.getvalue().strip() == installation_public_key() and len(installation_public_key()) == 64


# --- concurrent writers --------------------------------------------------------------

def _writers_leave_one_chain(env: dict[str, str], processes=4, each=40) -> None:
    results = run_writers(processes, each, {**env, "BMNN_LEDGER_CHECKPOINT_EVERY": "25"}, startup_seconds=2)
    assert sum(r["events"] for r in results) == processes * each


def test_concurrent_writer_processes_leave_no_fork_on_sqlite(tmp_path):
    env = {"BMNN_DATA_DIR": str(tmp_path), "BMNN_DATABASE_URL": ""}
    run = {**os.environ, **env}
    subprocess.run([sys.executable, "-m", "bmnn", "migrate", "core", "-v", "0"], env=run, check=True)
    _writers_leave_one_chain(env)
    done = subprocess.run([sys.executable, "-m", "bmnn", "ledger", "verify", "--no-progress"], env=run,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã kiểm 160 sự kiện" in done.stdout
    db = sqlite3.connect(tmp_path / "bmnn.sqlite3")
    assert db.execute("SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq), COUNT(DISTINCT prev_hash) "
                      "FROM core_ledgerevent").fetchone() == (160, 160, 1, 160, 160)
    assert db.execute("SELECT COUNT(*) FROM core_ledgercheckpoint").fetchone() == (6,)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writer_processes_leave_no_fork_on_postgresql(ledger_purge):
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    _writers_leave_one_chain({"BMNN_DATABASE_URL": url, "BMNN_DATA_DIR": str(settings.DATA_DIR)})
    report = verify_database()
    assert report.ok, report.lines()
    assert report.events == 160 and report.checkpoints == 6
    assert len(set(LedgerEvent.objects.values_list("seq", flat=True))) == 160
