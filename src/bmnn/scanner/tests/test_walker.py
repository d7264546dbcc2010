"""The walk: every regular file once, no link followed, loops and escapes reported,
exclusions only below the roots, refusals reported."""

import os
import sys

import pytest

from bmnn.scanner import walker as walker_module
from bmnn.scanner.model import Problem, ProblemKind
from bmnn.scanner.walker import Exclusions, FileRef, Walker, default_roots, display_path, long_path

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and permissions")


def _walk(*roots, **kwargs):
    w = Walker([str(r) for r in roots], **kwargs)
    items = list(w)
    files = sorted(os.path.relpath(i.path, roots[0]) for i in items if isinstance(i, FileRef))
    problems = [i for i in items if isinstance(i, Problem)]
    return files, problems, w


def _tree(root, *names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(name)


def test_every_regular_file_comes_with_size_time_and_identity(tmp_path):
    _tree(tmp_path, "a.txt", "sub/b.docx", "sub/deeper/c.pdf")
    items = list(Walker([str(tmp_path)]))
    assert sorted(os.path.relpath(i.path, tmp_path) for i in items) == ["a.txt", "sub/b.docx", "sub/deeper/c.pdf"]
    ref = next(i for i in items if i.path.endswith("a.txt"))
    st = os.stat(ref.path)
    assert (ref.size, ref.mtime_ns, ref.file_id, ref.device) == (st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev)


def test_a_deep_tree_does_not_recurse_in_python(tmp_path):
    folders = []
    path = tmp_path
    try:
        for _ in range(1200):  # deeper than the interpreter's recursion limit would allow
            path = path / "d"
            try:
                path.mkdir()
            except OSError:  # the file system's own path length limit
                break
            folders.append(path)
        (folders[-1] / "deep.txt").write_text("x")
        files, problems, _ = _walk(tmp_path)
        assert len(files) == 1 and files[0].endswith("deep.txt") and not problems
    finally:  # pytest's own clean-up recurses and would fail on this tree
        (folders[-1] / "deep.txt").unlink(missing_ok=True)
        for folder in reversed(folders):
            folder.rmdir()


def test_a_single_file_root_is_walked(tmp_path):
    _tree(tmp_path, "only.txt")
    items = list(Walker([str(tmp_path / "only.txt")]))
    assert [i.path for i in items] == [str(tmp_path / "only.txt")]


@posix_only
def test_a_folder_linking_to_its_parent_is_reported_as_a_loop_and_not_followed(tmp_path):
    _tree(tmp_path, "sub/a.txt")
    os.symlink(tmp_path, tmp_path / "sub" / "up")
    files, problems, _ = _walk(tmp_path)
    assert files == ["sub/a.txt"]
    assert [(p.kind, p.path) for p in problems] == [(ProblemKind.LINK, str(tmp_path / "sub" / "up"))]
    assert "loops" in problems[0].detail


@posix_only
def test_a_link_to_itself_is_reported_as_a_loop(tmp_path):
    os.symlink(tmp_path / "self", tmp_path / "self")
    _, problems, _ = _walk(tmp_path)
    assert [p.kind for p in problems] == [ProblemKind.LINK] and "loops" in problems[0].detail


@posix_only
def test_a_link_out_of_the_roots_is_reported_and_not_followed(tmp_path):
    outside = tmp_path / "outside"
    _tree(outside, "secret.docx")
    root = tmp_path / "root"
    root.mkdir()
    os.symlink(outside, root / "escape")
    os.symlink(outside / "secret.docx", root / "file-link.docx")
    files, problems, _ = _walk(root)
    assert files == []
    assert sorted((p.kind, os.path.basename(p.path)) for p in problems) == [
        (ProblemKind.LINK, "escape"), (ProblemKind.LINK, "file-link.docx")]
    assert all("out of the scanned roots" in p.detail for p in problems)


@posix_only
def test_a_link_inside_the_roots_is_skipped_quietly_and_its_target_walked_once(tmp_path):
    _tree(tmp_path, "real/a.txt")
    os.symlink(tmp_path / "real", tmp_path / "alias")
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling")
    files, problems, w = _walk(tmp_path)
    assert files == ["real/a.txt"] and problems == [] and w.skipped == 2


def test_excluded_names_are_skipped_below_the_root(tmp_path):
    _tree(tmp_path, "keep.txt", "proj/node_modules/pkg/readme.txt", "proj/.git/HEAD", "proj/src/doc.txt")
    files, _, w = _walk(tmp_path, exclusions=Exclusions(names=["node_modules", ".git"]))
    assert files == ["keep.txt", "proj/src/doc.txt"] and w.skipped == 2


def test_an_explicit_root_is_walked_even_when_its_name_is_excluded(tmp_path):
    _tree(tmp_path, "node_modules/pkg/readme.txt")
    files, _, _ = _walk(tmp_path / "node_modules", exclusions=Exclusions(names=["node_modules"]))
    assert files == ["pkg/readme.txt"]


def test_excluded_paths_are_matched_by_pattern(tmp_path):
    _tree(tmp_path, "system/lib.txt", "users/me/doc.txt", "users/me/AppData/cache/x.txt")
    exclusions = Exclusions(dirs=[str(tmp_path / "system"), "*/appdata/cache" if sys.platform != "win32"
                                  else "*\\appdata\\cache"])
    files, _, _ = _walk(tmp_path, exclusions=exclusions)
    expected = ["users/me/doc.txt"]
    if os.path.normcase("A") == "A":  # case-sensitive file system: the pattern's case matters
        expected.append("users/me/AppData/cache/x.txt")
    assert files == sorted(expected)


def test_a_root_inside_another_root_is_walked_once(tmp_path):
    _tree(tmp_path, "a.txt", "inner/b.txt")
    items = [i for i in Walker([str(tmp_path), str(tmp_path / "inner")]) if isinstance(i, FileRef)]
    assert sorted(os.path.basename(i.path) for i in items) == ["a.txt", "b.txt"]


def test_the_scanners_own_files_are_not_walked(tmp_path):
    _tree(tmp_path, "report.json", "cache.sqlite", "doc.txt")
    files, _, _ = _walk(tmp_path, skip_files=[str(tmp_path / "report.json"), str(tmp_path / "cache.sqlite")])
    assert files == ["doc.txt"]


@posix_only
def test_fifos_are_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    files, problems, w = _walk(tmp_path)
    assert files == [] and problems == [] and w.skipped == 1


@posix_only
@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_reported_denied(tmp_path):
    locked = tmp_path / "locked"
    _tree(tmp_path, "locked/x.txt", "open.txt")
    locked.chmod(0)
    try:
        files, problems, _ = _walk(tmp_path)
    finally:
        locked.chmod(0o755)
    assert files == ["open.txt"]
    assert [(p.kind, p.path) for p in problems] == [(ProblemKind.DENIED, str(locked))]


def test_a_folder_the_system_refuses_is_reported_denied(tmp_path, monkeypatch):
    _tree(tmp_path, "locked/x.txt", "open.txt")
    real_scandir = os.scandir

    def scandir(path):
        if os.path.basename(str(path)) == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(walker_module.os, "scandir", scandir)
    files, problems, _ = _walk(tmp_path)
    assert files == ["open.txt"]
    assert [(p.kind, p.path) for p in problems] == [(ProblemKind.DENIED, str(tmp_path / "locked"))]


def test_a_missing_root_is_reported(tmp_path):
    _, problems, _ = _walk(tmp_path / "gone")
    assert [p.kind for p in problems] == [ProblemKind.UNREADABLE]


def test_long_windows_paths_get_the_prefix_and_lose_it_for_display(monkeypatch):
    monkeypatch.setattr(walker_module, "WINDOWS", True)
    long = "C:\\" + "\\".join(["folder"] * 40)
    assert long_path(long) == "\\\\?\\" + long
    assert display_path(long_path(long)) == long
    unc = "\\\\server\\share\\" + "\\".join(["folder"] * 40)
    assert long_path(unc).startswith("\\\\?\\UNC\\server\\share\\")
    assert display_path(long_path(unc)) == unc
    assert long_path("C:\\short") == "C:\\short"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX defaults")
def test_default_roots_start_at_the_file_system_root():
    assert default_roots()[0] == "/"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX defaults")
def test_pseudo_file_systems_stay_excluded_even_in_full_mode():
    full = Exclusions.default(full=True)
    assert full.dir_excluded("/proc", "proc") and full.dir_excluded("/sys", "sys")
    assert not full.dir_excluded("/usr", "usr") and not full.dir_excluded("/x/node_modules", "node_modules")
    stamp = Exclusions.default()
    assert stamp.dir_excluded("/usr", "usr") and stamp.dir_excluded("/x/node_modules", "node_modules")
    assert not stamp.dir_excluded("/home", "home") and not stamp.dir_excluded("/tmp", "tmp")


def test_windows_defaults_skip_system_folders_but_keep_autosave_and_recycle_bin(monkeypatch):
    monkeypatch.setattr(walker_module.os.path, "normcase", lambda p: p.replace("/", "\\").lower())
    exclusions = Exclusions(walker_module.JUNK_NAMES, walker_module.WINDOWS_SYSTEM, walker_module.WINDOWS_SYSTEM_FILES)
    assert exclusions.dir_excluded("C:\\Windows", "Windows")
    assert exclusions.dir_excluded("D:\\Program Files (x86)", "Program Files (x86)")
    assert exclusions.dir_excluded("C:\\System Volume Information", "System Volume Information")
    assert exclusions.file_excluded("C:\\pagefile.sys")
    for kept in ("C:\\$Recycle.Bin", "C:\\Users\\an\\AppData\\Roaming\\Microsoft\\Word",
                 "C:\\Users\\an\\AppData\\Local\\Microsoft\\Office\\UnsavedFiles", "C:\\Users\\an\\AppData\\Local\\Temp",
                 "C:\\Users\\an\\Documents\\Windows"):
        assert not exclusions.dir_excluded(kept, kept.rsplit("\\", 1)[1]), kept


@posix_only
def test_a_name_that_is_not_utf8_is_walked_and_shown_with_a_replacement_character(tmp_path):
    raw = os.fsencode(str(tmp_path)) + b"/bao-cao-\xff\xfe.txt"
    with open(raw, "wb") as out:
        out.write(b"x")
    [ref] = list(Walker([str(tmp_path)]))
    assert os.fsencode(ref.path) == raw  # still opens
    assert ref.display == str(tmp_path) + "/bao-cao-\ufffd\ufffd.txt"
    ref.display.encode("utf-8")
