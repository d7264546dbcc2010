"""`bmnn scan` / `python -m bmnn.scanner`: arguments, exit status, summary; no Django."""

import json
import os
import re
import subprocess
import sys
from datetime import datetime

import pytest

from bmnn.scanner import cli, extract, scan
from bmnn.scanner.tests import fakes_pipeline as fakes


@pytest.fixture
def fake_readers(monkeypatch):
    monkeypatch.setattr(extract, "EXTRACTORS", dict(fakes.FAKE_EXTRACTORS))
    monkeypatch.setattr(scan, "EXTRACTORS", extract.EXTRACTORS)
    monkeypatch.setattr(scan, "JUDGE", fakes.JUDGE)
    monkeypatch.setitem(sys.modules, "bmnn.scanner.facts", fakes.fake_facts_module())


def _docs(tmp_path):
    root = tmp_path / "docs"
    root.mkdir()
    (root / "a.txt").write_text("TUYỆT MẬT\n", encoding="utf-8")
    (root / "b.txt").write_text("RAISE\n", encoding="utf-8")
    return root


def test_a_completed_scan_exits_0_writes_the_report_and_prints_the_summary(tmp_path, fake_readers, capsys):
    root = _docs(tmp_path)
    output = tmp_path / "r.json"
    status = cli.main([str(root), "--output", str(output), "--cache", str(tmp_path / "c.sqlite"), "-j", "1", "-q"])
    assert status == 0
    assert json.loads(output.read_text("utf-8"))["completed"] is True
    out = capsys.readouterr().out
    assert "không kết nối / isolated" in out and str(output) in out


def test_the_summary_lists_levels_tiers_paths_and_problem_counts(tmp_path, fake_readers, capsys):
    root = _docs(tmp_path)
    assert cli.main([str(root), "-o", str(tmp_path / "r.json"), "--no-cache", "--quiet", "-j", "1"]) == 0
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    text = cli.summary(report, "r.json")
    assert re.search(r"TUYỆT MẬT\s+có dấu / marked\s+.*a\.txt", text)
    assert "không đọc được / unreadable: 1" in text
    assert "Tệp mang dấu / files with marks: 1" in text


def test_the_default_report_name_has_host_and_minute(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(cli.socket, "gethostname", lambda: "PC-01 phòng")
    name = cli.default_output(datetime(2026, 11, 23, 8, 5))
    assert name == os.path.join(str(tmp_path), "bmnn-scan-PC-01_ph_ng-20261123-0805.json")


@pytest.mark.parametrize("argv", [["--jobs", "0"], ["--jobs", "many"], ["--no-such-option"],
                                  ["/no/such/path/anywhere"], ["--cache", "x", "--no-cache"]])
def test_bad_arguments_exit_2(argv, capsys):
    assert cli.main(argv) == 2
    assert "error" in capsys.readouterr().err


def test_help_exits_0_in_vietnamese_and_english(capsys):
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "Quét máy tính" in out and "Scan this computer" in out


def test_an_interrupted_scan_exits_130(tmp_path, fake_readers, monkeypatch):
    def interrupted(*args, **kwargs):
        return {"completed": False, "verdict": {"value": "unknown", "evidence": []}, "findings": [],
                "problems": [], "stats": {"files_seen": 0, "files_scanned": 0, "files_from_cache": 0,
                                          "skipped": 0, "seconds": 0.0}, "machine": {"hostname": "h"}}

    monkeypatch.setattr(scan, "run", interrupted)
    assert cli.main([str(tmp_path), "-o", str(tmp_path / "r.json"), "--no-cache", "-q"]) == 130


def _run_module(*args, cwd):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_bmnn_scan_never_imports_django(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    code = ("import sys\nfrom bmnn.cli import main\ntry:\n    main(['scan', %r, '-o', %r, '--no-cache', '-q', '-j', '1'])\n"
            "except SystemExit as e:\n    print('status', e.code)\n"
            "print('django', any(m == 'django' or m.startswith('django.') for m in sys.modules))\n"
            % (str(root), str(tmp_path / "r.json")))
    script = tmp_path / "run.py"
    script.write_text("if __name__ == '__main__':\n" + "\n".join("    " + line for line in code.splitlines()) + "\n")
    result = _run_module(str(script), cwd=tmp_path)
    assert "status 0" in result.stdout, result.stderr
    assert "django False" in result.stdout


def test_python_dash_m_bmnn_scanner_is_the_same_command(tmp_path):
    result = _run_module("-m", "bmnn.scanner", "--help", cwd=tmp_path)
    assert result.returncode == 0 and "bmnn scan" in result.stdout
