"""The cache knows a file again by volume, file id, size and time, for the same scanner
version and reading mode; errors are kept, refusals are not."""

from bmnn.scanner.cache import Cache, default_path
from bmnn.scanner.walker import FileRef

CLEAN = {"kind": "docx", "bytes": 10, "types": {"docx": 1}, "skipped": 0, "findings": [], "problems": []}


def _ref(file_id=1, size=100, mtime_ns=5, device=7, path="/x/a.docx"):
    return FileRef(path, size, mtime_ns, file_id, device)


def _cache(tmp_path, profile="1.0.0:stamp:no-ocr", **kwargs):
    return Cache(str(tmp_path / "cache.sqlite"), profile, **kwargs)


def test_an_unchanged_file_is_found_after_reopening(tmp_path):
    cache = _cache(tmp_path)
    cache.put(_ref(), CLEAN)
    cache.close()
    again = _cache(tmp_path)
    assert again.lookup([_ref(path="/moved/a.docx")]) == [CLEAN]


def test_a_changed_size_or_time_is_read_again(tmp_path):
    cache = _cache(tmp_path)
    cache.store_many([(_ref(), CLEAN)])
    assert cache.lookup([_ref(size=101), _ref(mtime_ns=6), _ref(device=8), _ref()]) == [None, None, None, CLEAN]


def test_another_reading_mode_does_not_reuse_answers(tmp_path):
    _cache(tmp_path).store_many([(_ref(), CLEAN)])
    assert _cache(tmp_path, "1.0.0:full:no-ocr").lookup([_ref()]) == [None]
    assert _cache(tmp_path).lookup([_ref()]) == [CLEAN]


def test_a_new_scanner_version_invalidates_everything(tmp_path):
    _cache(tmp_path).store_many([(_ref(), CLEAN)])
    _cache(tmp_path, "1.0.1:stamp:no-ocr").close()
    assert _cache(tmp_path).lookup([_ref()]) == [None]


def test_errors_are_kept_but_refusals_are_not(tmp_path):
    timeout = {**CLEAN, "problems": [{"path": "", "kind": "timeout", "detail": "stopped"}]}
    denied = {**CLEAN, "problems": [{"path": "", "kind": "denied", "detail": "no"}]}
    cache = _cache(tmp_path)
    cache.store_many([(_ref(1), timeout), (_ref(2), denied)])
    assert cache.lookup([_ref(1), _ref(2)]) == [timeout, None]


def test_files_without_an_identity_are_not_cached(tmp_path):
    cache = _cache(tmp_path)
    cache.store_many([(_ref(file_id=0), CLEAN)])
    assert cache.lookup([_ref(file_id=0)]) == [None]


def test_lookups_cover_more_files_than_one_chunk(tmp_path):
    cache = _cache(tmp_path)
    refs = [_ref(file_id=i, device=1 + i % 3) for i in range(1, 1300)]
    cache.store_many((ref, CLEAN) for ref in refs)
    assert cache.lookup(refs) == [CLEAN] * len(refs)


def test_without_resume_nothing_is_reused_but_results_are_stored(tmp_path):
    fresh = _cache(tmp_path, read=False)
    fresh.store_many([(_ref(), CLEAN)])
    assert fresh.lookup([_ref()]) == [None]
    assert _cache(tmp_path).lookup([_ref()]) == [CLEAN]


def test_writes_wait_for_a_flush(tmp_path):
    cache = _cache(tmp_path)
    cache.put(_ref(), CLEAN)
    assert cache.pending == 1 and _cache(tmp_path).lookup([_ref()]) == [None]
    cache.flush()
    assert cache.pending == 0 and _cache(tmp_path).lookup([_ref()]) == [CLEAN]


def test_the_database_runs_in_wal_mode(tmp_path):
    cache = _cache(tmp_path)
    assert cache.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_path_is_per_user(monkeypatch, tmp_path):
    monkeypatch.delenv("LOCALAPPDATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_path() == str(tmp_path / "bmnn" / "scan-cache.sqlite")
