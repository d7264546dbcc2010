"""A whole scan: the hostile folder completes with every problem reported, unchanged files
come from the cache, an interrupted scan writes what it has and resumes, and the report
is valid and sealed."""

import io
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
import zipfile

import jsonschema
import psutil
import pytest

from bmnn.scanner import extract, report, scan
from bmnn.scanner.model import Budget
from bmnn.scanner.tests import fakes_pipeline as fakes

POSIX = sys.platform != "win32"


@pytest.fixture
def fake_readers(monkeypatch):
    """The fake registry (forwarded to the workers) and instant machine facts."""
    monkeypatch.setattr(extract, "EXTRACTORS", dict(fakes.FAKE_EXTRACTORS))
    monkeypatch.setattr(scan, "EXTRACTORS", extract.EXTRACTORS)
    monkeypatch.setattr(extract, "_loaded", {})
    monkeypatch.setitem(sys.modules, "bmnn.scanner.facts", fakes.fake_facts_module())


def _run(roots, tmp_path, **kwargs):
    kwargs.setdefault("jobs", 2)
    kwargs.setdefault("progress", False)
    kwargs.setdefault("judge", fakes.JUDGE)
    return scan.run([str(r) for r in roots], output=str(tmp_path / "report.json"), **kwargs)


def _problems(result) -> dict[str, str]:
    return {os.path.basename(p["path"].rstrip("/")) if "!" not in p["path"] else p["path"].split(os.sep)[-1]: p["kind"]
            for p in result["problems"]}


def _validate(result):
    validator = jsonschema.Draft202012Validator(report.schema(), format_checker=jsonschema.FormatChecker())
    validator.validate(result)
    assert report.verify(result)


def _write(root, name, data):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    return buffer.getvalue()


def test_stamped_files_are_found_at_their_level_and_sorted_highest_first(tmp_path, fake_readers):
    root = tmp_path / "docs"
    _write(root, "b.txt", "MẬT\nnội dung")
    _write(root, "a.docx", fakes.docx_bytes("TỐI MẬT", "Kính gửi"))
    _write(root, "z.docx", fakes.pdf_bytes("TUYỆT MẬT"))  # a PDF by content
    _write(root, "clean.txt", "bảo mật thông tin")
    result = _run([root], tmp_path, cache_path=None)
    assert [(os.path.basename(f["path"]), f["level"], f["type"]) for f in result["findings"]] == [
        ("z.docx", "TUYET_MAT", "pdf"), ("a.docx", "TOI_MAT", "docx"), ("b.txt", "MAT", "text")]
    assert result["completed"] is True and result["problems"] == []
    _validate(result)


def test_a_finding_carries_size_time_and_the_files_hash(tmp_path, fake_readers):
    import hashlib

    path = _write(tmp_path / "docs", "a.txt", "TUYỆT MẬT\n")
    finding = _run([tmp_path / "docs"], tmp_path)["findings"][0]
    assert finding["size"] == path.stat().st_size
    assert finding["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert finding["modified"].endswith("Z") and finding["evidence"][0]["line"] == "TUYỆT MẬT"


def test_archive_members_are_scanned_and_named_inside_their_archive(tmp_path, fake_readers):
    inner = _zip_of({"c.txt": "TỐI MẬT".encode()})
    _write(tmp_path / "docs", "a.zip", _zip_of({"b.zip": inner, "d.docx": fakes.docx_bytes("MẬT")}))
    result = _run([tmp_path / "docs"], tmp_path)
    paths = sorted(f["path"].split(os.sep)[-1] for f in result["findings"])
    assert paths == ["a.zip!b.zip!c.txt", "a.zip!d.docx"]
    member = next(f for f in result["findings"] if f["path"].endswith("c.txt"))
    assert member["modified"] is None and member["type"] == "text"
    assert result["stats"]["by_type"] == {"docx": 1, "text": 1, "zip": 2}


def test_hostile_readers_cost_their_file_and_the_scan_completes(tmp_path, fake_readers):
    root = tmp_path / "hostile"
    for name, first in (("hang.txt", "HANG"), ("crash.txt", "CRASH"), ("balloon.txt", "BALLOON"),
                        ("bug.txt", "RAISE"), ("locked.txt", "DENY")):
        _write(root, name, first + "\n")
    _write(root, "stamped.txt", "TUYỆT MẬT\n")
    result = _run([root], tmp_path, budget=Budget(seconds=2, memory_bytes=150 << 20))
    assert _problems(result) == {"hang.txt": "timeout", "crash.txt": "crashed", "balloon.txt": "memory",
                                 "bug.txt": "unreadable", "locked.txt": "denied"}
    assert [os.path.basename(f["path"]) for f in result["findings"]] == ["stamped.txt"]
    assert result["completed"] and result["stats"]["errors"] == 5
    _validate(result)


def test_a_folder_the_system_refuses_is_reported_denied(tmp_path, fake_readers, monkeypatch):
    from bmnn.scanner import walker

    _write(tmp_path / "docs", "locked/x.txt", "MẬT")
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(walker.os, "scandir", scandir)
    result = _run([tmp_path / "docs"], tmp_path)
    assert _problems(result) == {"locked": "denied"}


@pytest.mark.skipif(not POSIX or os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_an_unreadable_file_is_reported_denied(tmp_path, fake_readers):
    path = _write(tmp_path / "docs", "x.txt", "MẬT")
    path.chmod(0)
    try:
        result = _run([tmp_path / "docs"], tmp_path)
    finally:
        path.chmod(0o644)
    assert _problems(result) == {"x.txt": "denied"}


def test_images_and_binaries_are_skipped_not_reported(tmp_path, fake_readers):
    _write(tmp_path / "docs", "icon.png", b"\x89PNG\r\n\x1a\n" + bytes(100))
    _write(tmp_path / "docs", "tool.exe", b"MZ" + bytes(range(256)) * 8)
    _write(tmp_path / "docs", "empty.docx", b"")
    result = _run([tmp_path / "docs"], tmp_path)
    assert result["problems"] == [] and result["findings"] == []
    assert result["stats"]["skipped"] == 3 and result["stats"]["by_type"] == {"empty": 1, "image": 1, "other": 1}


def test_rar_files_are_reported_unsupported(tmp_path, fake_readers):
    _write(tmp_path / "docs", "old.rar", b"Rar!\x1a\x07\x00" + bytes(50))
    assert _problems(_run([tmp_path / "docs"], tmp_path)) == {"old.rar": "unsupported"}


def test_a_rescan_of_an_unchanged_folder_reads_no_file(tmp_path, fake_readers):
    root = tmp_path / "docs"
    for i in range(30):
        _write(root, f"d{i}/f{i}.txt", "MẬT\n" if i % 7 == 0 else "x\n")
    _write(root, "bug.txt", "RAISE\n")
    cache = str(tmp_path / "cache.sqlite")
    first = _run([root], tmp_path, cache_path=cache)
    second = _run([root], tmp_path, cache_path=cache)
    assert first["stats"]["files_scanned"] == 31
    assert second["stats"]["files_from_cache"] == second["stats"]["files_seen"] == 31
    assert second["stats"]["files_scanned"] == 0 and second["stats"]["bytes_read"] == 0
    assert second["findings"] == first["findings"] and second["problems"] == first["problems"]
    assert second["stats"]["by_type"] == first["stats"]["by_type"]


def test_a_changed_file_is_read_again(tmp_path, fake_readers):
    root = tmp_path / "docs"
    path = _write(root, "a.txt", "x\n")
    _write(root, "b.txt", "y\n")
    cache = str(tmp_path / "cache.sqlite")
    _run([root], tmp_path, cache_path=cache)
    path.write_text("TỐI MẬT\n")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    result = _run([root], tmp_path, cache_path=cache)
    assert (result["stats"]["files_scanned"], result["stats"]["files_from_cache"]) == (1, 1)
    assert [f["level"] for f in result["findings"]] == ["TOI_MAT"]


def test_the_report_and_cache_themselves_are_not_scanned(tmp_path, fake_readers):
    _write(tmp_path, "a.txt", "MẬT\n")
    cache = str(tmp_path / "cache.sqlite")
    _run([tmp_path], tmp_path, cache_path=cache)
    again = _run([tmp_path], tmp_path, cache_path=cache)  # the first report sits in the root now
    assert again["stats"]["files_seen"] == 1


def test_the_report_file_is_the_returned_report_and_validates(tmp_path, fake_readers):
    _write(tmp_path / "docs", "a.txt", "MẬT\n")
    result = _run([tmp_path / "docs"], tmp_path, cache_path=str(tmp_path / "c.sqlite"))
    on_disk = report.read(str(tmp_path / "report.json"))
    assert on_disk == result
    _validate(on_disk)
    assert on_disk["options"]["cache"] == str(tmp_path / "c.sqlite") and on_disk["options"]["jobs"] == 2
    assert on_disk["machine"]["hostname"] == "test-host" and on_disk["verdict"]["value"] == "isolated"


def test_machine_facts_that_fail_leave_an_unknown_verdict_and_a_valid_report(tmp_path, fake_readers, monkeypatch):
    broken = fakes.fake_facts_module()
    broken.collect = lambda probe=None: 1 / 0
    monkeypatch.setitem(sys.modules, "bmnn.scanner.facts", broken)
    result = _run([tmp_path / "nothing-here"], tmp_path)
    assert result["verdict"]["value"] == "unknown" and "ZeroDivisionError" in result["machine"]["errors"][0]
    _validate(result)


def test_an_interrupted_scan_writes_a_partial_report_and_the_cache_and_resumes(tmp_path, fake_readers, monkeypatch):
    root = tmp_path / "docs"
    for i in range(40):
        _write(root, f"f{i:02}.txt", "MẬT\n" if i == 3 else "x\n")
    cache = str(tmp_path / "cache.sqlite")
    real_add = scan.Tally.add
    calls = {"n": 0}

    def add_then_interrupt(self, ref, result, *, cached):
        calls["n"] += 1
        if calls["n"] == 25:
            raise KeyboardInterrupt
        real_add(self, ref, result, cached=cached)

    monkeypatch.setattr(scan.Tally, "add", add_then_interrupt)
    partial = _run([root], tmp_path, cache_path=cache)
    assert partial["completed"] is False and report.read(str(tmp_path / "report.json"))["completed"] is False
    _validate(partial)
    monkeypatch.setattr(scan.Tally, "add", real_add)
    resumed = _run([root], tmp_path, cache_path=cache)
    assert resumed["completed"] is True and resumed["stats"]["files_from_cache"] >= 24
    assert resumed["stats"]["files_from_cache"] + resumed["stats"]["files_scanned"] == 40
    assert len(resumed["findings"]) == 1


@pytest.mark.skipif(not POSIX, reason="SIGINT to a process group")
def test_ctrl_c_stops_the_scan_with_status_130_after_writing_the_report(tmp_path):
    root = tmp_path / "docs"
    _write(root, "hang.txt", "HANG\n")
    for i in range(5):
        _write(root, f"f{i}.txt", "x\n")
    script = tmp_path / "run.py"
    script.write_text(textwrap.dedent(f"""
        import sys
        from bmnn.scanner import extract
        from bmnn.scanner.tests import fakes_pipeline as fakes

        if __name__ == "__main__":
            extract.EXTRACTORS.clear()
            extract.EXTRACTORS.update(fakes.FAKE_EXTRACTORS)
            sys.modules["bmnn.scanner.facts"] = fakes.fake_facts_module()
            from bmnn.scanner.cli import main
            sys.exit(main([{str(root)!r}, "-o", {str(tmp_path / "out.json")!r}, "--no-cache", "-j", "2", "-q"]))
    """))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(psutil.Process(proc.pid).children()) < 2:
        time.sleep(0.1)
    time.sleep(1.5)  # the workers are reading; the hanging file holds one of them
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: the whole group gets it
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    partial = report.read(str(tmp_path / "out.json"))
    assert partial["completed"] is False
    assert all(p["kind"] != "timeout" for p in partial["problems"])  # in progress is not a failure
    assert "Traceback" not in err.decode()


def _sparse(path, size, head: bytes = b""):
    with open(path, "wb") as out:
        out.write(head)
        out.truncate(size)


def test_a_2_gb_file_is_reported_too_large_without_being_read_whole(tmp_path, fake_readers):
    root = tmp_path / "big"
    root.mkdir()
    try:
        _sparse(root / "huge.log", 2 << 30, ("dòng văn bản\n" * 2000).encode())
        _sparse(root / "zeros.img", 2 << 30)
        _sparse(root / "huge.pdf", 2 << 30, b"%PDF-1.7\n")
        result = _run([root], tmp_path)
    finally:
        for name in ("huge.log", "zeros.img", "huge.pdf"):
            (root / name).unlink(missing_ok=True)
    assert _problems(result) == {"huge.log": "too_large", "huge.pdf": "too_large"}
    assert result["stats"]["bytes_read"] <= 1 << 20 and result["stats"]["skipped"] == 1


def test_the_head_of_a_text_file_above_the_size_budget_is_still_judged(tmp_path, fake_readers):
    import hashlib

    path = _write(tmp_path / "docs", "big.log", "TUYỆT MẬT\n" + "dòng\n" * 400_000)
    result = _run([tmp_path / "docs"], tmp_path, budget=Budget(max_file_bytes=1 << 20))
    assert _problems(result) == {"big.log": "too_large"}
    finding = result["findings"][0]
    assert finding["level"] == "TUYET_MAT" and finding["size"] == path.stat().st_size
    assert finding["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()  # of the whole file


# ---------------------------------------------------------------- the hostile folder, real readers

def _hostile_folder(root):
    """The issue's hostile folder: zip bomb, nested zips past the cap, corrupt docx, a
    symlink loop, an unreadable file, a 2 GB file; and one stamped docx to find."""
    root.mkdir()
    with zipfile.ZipFile(root / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as out, \
            out.open("zeros.txt", "w", force_zip64=True) as member:
        chunk = bytes(1 << 20)
        for _ in range(200):
            member.write(chunk)
    deepest = _zip_of({"d.txt": "TUYỆT MẬT".encode()})
    (root / "nested.zip").write_bytes(_zip_of({"b.zip": _zip_of({"c.zip": deepest})}))
    whole = fakes.docx_bytes("TUYỆT MẬT", "nội dung " * 400)
    (root / "corrupt.docx").write_bytes(whole[: len(whole) // 2])
    (root / "loop").mkdir()
    if POSIX:
        os.symlink(root / "loop", root / "loop" / "again")
    locked = root / "locked.txt"
    locked.write_text("MẬT")
    locked.chmod(0)
    _sparse(root / "huge.txt", 2 << 30, ("dòng\n" * 20000).encode())
    return root


def _peak_rss_while(proc: subprocess.Popen) -> int:
    peak = 0
    parent = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            total = parent.memory_info().rss + sum(c.memory_info().rss for c in parent.children(recursive=True))
        except psutil.Error:
            total = 0
        peak = max(peak, total)
        time.sleep(0.02)
    return peak


def test_hostile_folder_completes_with_every_problem_reported_in_under_300_mb(tmp_path):
    root = _hostile_folder(tmp_path / "hostile")
    output = tmp_path / "report.json"
    try:
        proc = subprocess.Popen([sys.executable, "-m", "bmnn.scanner", str(root), "-o", str(output),
                                 "--no-cache", "-j", "2", "-q"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        peak = [0]
        watcher = threading.Thread(target=lambda: peak.__setitem__(0, _peak_rss_while(proc)))
        watcher.start()
        out, err = proc.communicate(timeout=300)
        watcher.join()
    finally:
        (root / "huge.txt").unlink(missing_ok=True)
        (root / "locked.txt").chmod(0o644)
    assert proc.returncode == 0, err.decode()
    result = report.read(str(output))
    _validate(result)
    kinds = {p["path"].replace(str(root) + os.sep, ""): p["kind"] for p in result["problems"]}
    assert kinds["bomb.zip"] == "bomb"
    assert kinds["nested.zip!b.zip!c.zip"] == "bomb"
    assert kinds["corrupt.docx"] == "unreadable"
    assert kinds["huge.txt"] == "too_large"
    if POSIX:
        assert kinds["loop/again"] == "link"
    if POSIX and os.geteuid() != 0:
        assert kinds["locked.txt"] == "denied"
    assert result["completed"] is True
    assert peak[0] < 300 << 20, f"peak {peak[0] >> 20} MiB"
    print(f"peak {peak[0] >> 20} MiB")


def test_an_unusable_cache_does_not_stop_the_scan(tmp_path, fake_readers, capsys):
    _write(tmp_path / "docs", "a.txt", "MẬT\n")
    result = _run([tmp_path / "docs"], tmp_path, cache_path=str(tmp_path / "docs"))  # a folder, not a database
    assert result["completed"] and result["options"]["cache"] is None and len(result["findings"]) == 1
    assert "cache not usable" in capsys.readouterr().err


@pytest.mark.skipif(not POSIX, reason="NTFS names are always Unicode")
def test_a_file_whose_name_is_not_utf8_is_scanned_and_the_report_stays_utf8(tmp_path, fake_readers):
    root = tmp_path / "docs"
    root.mkdir()
    with open(os.fsencode(str(root)) + b"/bao-cao-\xff.txt", "wb") as out:
        out.write("MẬT\n".encode())
    result = _run([root], tmp_path)
    assert [os.path.basename(f["path"]) for f in result["findings"]] == ["bao-cao-\ufffd.txt"]
    _validate(report.read(str(tmp_path / "report.json")))


def test_each_archive_member_has_its_own_time_budget(tmp_path, fake_readers):
    _write(tmp_path / "docs", "slow.zip", _zip_of({f"{i}.txt": b"SLOW\n" for i in range(4)}))
    result = _run([tmp_path / "docs"], tmp_path, budget=Budget(seconds=1.5))
    assert result["problems"] == [] and result["stats"]["by_type"] == {"text": 4, "zip": 1}


def test_an_archive_of_encrypted_members_only_is_one_encrypted_problem(tmp_path, fake_readers):
    from bmnn.scanner.tests.test_archive import _patch_headers

    _write(tmp_path / "docs", "locked.zip", _patch_headers(_zip_of({"a.docx": b"A", "b.docx": b"B"}), flags=0x1))
    assert _problems(_run([tmp_path / "docs"], tmp_path)) == {"locked.zip": "encrypted"}
