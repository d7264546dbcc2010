#!/usr/bin/env python3
"""Build `dist/bmnn-scanner-win64/` (and its .zip): the bmnn scanner with its own Python
and dependencies in one folder, carried to an agency computer on approved media and run
there with no installer and no network (issue item 5).

    python scripts/build_scanner_bundle.py --python-embed python-3.11.9-embed-amd64.zip \\
        --embed-sha256 HEX [--wheels DIR] [--dist DIR]
    python scripts/build_scanner_bundle.py --write-requirements   # once, after a pin changes

What goes in, and how each input is checked:
- Windows' embeddable CPython (python.org's python-3.11.9-embed-amd64.zip; 3.11.9 is the
  last 3.11 release with Windows binaries). python.org cannot be reached from the build
  machines here (only PyPI is), so the zip is an INPUT FILE that the officer brings on
  approved media; it is refused unless its SHA-256 equals the pinned `EMBED_SHA256`, or,
  while nothing is pinned, the `--embed-sha256` value the officer copied from python.org's
  release page for the same file. Its content is checked too (python.exe built for
  x86-64, python311.dll, python311.zip, python311._pth).
- The scanner's code: `bmnn/__init__.py` and `bmnn/scanner/**` only, without its tests
  and its test-corpus generator (no Django, no web app), as plain sources in `lib\\`.
- Its dependencies as Windows wheels (win_amd64, CPython 3.11), fetched with
  `pip download --require-hashes` from PyPI (the only network the build uses), or taken
  from `--wheels DIR` (wheels downloaded earlier on an office PC). Their versions come
  from pyproject.toml (one source of truth) and their SHA-256 from the committed
  scripts/scanner-bundle-requirements.txt; a wheel whose hash differs is refused, and so
  is a requirements file whose pins drifted from pyproject.toml. colorama is added
  because tqdm requires it on Windows (pip on Linux does not see that marker).
- Launchers and notes written here: scan.cmd → launch_scan.py (report and cache default to
  the bundle's reports folder, on the medium; the bundle's own folder is not scanned),
  kiem-tra.cmd (checks the medium against MANIFEST.sha256 with Windows' own PowerShell),
  HUONG-DAN.txt (Vietnamese, then English). No Tesseract: --ocr uses one installed there.
- MANIFEST.sha256: every file with its SHA-256 (sha256sum format). The zip is
  reproducible: same inputs, same bytes (fixed times, sorted names).

Not tested on real Windows (the tests build with a fake embeddable zip on Linux): that
the ._pth layout, scan.cmd, kiem-tra.cmd and the DLLs of the wheels work there.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "scripts" / "scanner-bundle-requirements.txt"
BUNDLE_NAME = "bmnn-scanner-win64"

EMBED_VERSION = "3.11.9"
EMBED_NAME = f"python-{EMBED_VERSION}-embed-amd64.zip"
# The SHA-256 of python.org's EMBED_NAME. Not pinned yet: python.org was not reachable from
# the machine that wrote this script and no trustworthy copy of the value was found. Pin it
# (one line, reviewed) the first time the file is obtained and checked against python.org's
# release page; until then every build must be given the value with --embed-sha256.
EMBED_SHA256: str | None = None
EMBED_REQUIRED = ("python.exe", "python311.dll", "python311.zip", "python311._pth")
PTH_NAME = "python311._pth"
PE_MACHINE_AMD64 = 0x8664

# The scanner's dependencies (their pins are read from pyproject.toml).
SCANNER_DEPENDENCIES = ("pypdfium2", "olefile", "xlrd", "pyahocorasick", "psutil", "tqdm")
# Required only on Windows by a dependency's own metadata, so pinned here.
WINDOWS_ONLY = {"colorama": "0.4.6"}  # tqdm: Requires-Dist colorama; platform_system == "Windows"
PIP_TARGET = ("--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11",
              "--implementation", "cp", "--abi", "cp311")
WHEEL_PLATFORMS = {"any", "win_amd64"}
WHEEL_PYTHONS = {"py3", "py2.py3", "cp311", "cp37", "cp38", "cp39", "cp310"}  # cp3x-abi3 wheels run on 3.11

# bmnn.scanner subpackages not shipped: they write stamped test documents, which have no
# place on an agency computer, and their prose would be the scanner's own false alarms.
LEFT_OUT = ("tests", "corpus")
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class Refused(Exception):
    """The build stops: an input is missing, wrong or not the one pinned."""


@dataclass(frozen=True)
class Requirement:
    name: str
    version: str
    hashes: frozenset[str]

    def line(self) -> str:
        hashes = " \\\n    ".join(f"--hash=sha256:{h}" for h in sorted(self.hashes))
        return f"{self.name}=={self.version} \\\n    {hashes}"


@dataclass
class Inputs:
    embed: Path
    embed_sha256: str | None = None
    dist: Path = ROOT / "dist"
    root: Path = ROOT
    requirements: Path = REQUIREMENTS
    fetch_wheels: Callable[[Path, Path], None] | None = None  # (requirements file, folder); default pip
    make_zip: bool = True


@dataclass
class Result:
    bundle: Path
    zip_path: Path | None
    manifest_sha256: str
    zip_sha256: str | None
    embed_sha256: str
    wheels: list[str] = field(default_factory=list)


# ---- pins -------------------------------------------------------------------------------

def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(pyproject: Path) -> dict[str, str]:
    """The scanner's dependencies and their exact versions, from pyproject.toml."""
    with open(pyproject, "rb") as handle:
        dependencies = tomllib.load(handle)["project"]["dependencies"]
    found = {}
    for spec in dependencies:
        match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)(?:\[[^]]*\])?\s*==\s*([A-Za-z0-9_.+!-]+)\s*", spec)
        if match:
            found[normalise(match.group(1))] = match.group(2)
    missing = [name for name in SCANNER_DEPENDENCIES if normalise(name) not in found]
    if missing:
        raise Refused(f"pyproject.toml không ghi phiên bản cố định (==) cho / has no exact pin for: "
                      f"{', '.join(missing)}")
    pins = {name: found[normalise(name)] for name in SCANNER_DEPENDENCIES}
    pins.update(WINDOWS_ONLY)
    return pins


def read_requirements(path: Path) -> list[Requirement]:
    """A pip requirements file of `name==version --hash=sha256:…` lines (with `\\` continuations)."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise Refused(f"không đọc được / cannot read {path}: {exc.strerror or exc}") from exc
    logical = re.sub(r"\\\r?\n", " ", text)
    requirements = []
    for raw in logical.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})+)", line)
        if not match:
            raise Refused(f"{path.name}: dòng không hợp lệ / bad line: {line[:80]}")
        hashes = frozenset(re.findall(r"--hash=sha256:([0-9a-f]{64})", match.group(3)))
        requirements.append(Requirement(normalise(match.group(1)), match.group(2), hashes))
    return requirements


def check_requirements(requirements: list[Requirement], pins: dict[str, str]) -> None:
    """The hashes file must pin exactly what pyproject.toml (and WINDOWS_ONLY) pin."""
    listed = {r.name: r.version for r in requirements}
    wanted = {normalise(name): version for name, version in pins.items()}
    if listed != wanted:
        drift = sorted(f"{name}: {listed.get(name, '—')} ≠ {wanted.get(name, '—')}"
                       for name in set(listed) | set(wanted) if listed.get(name) != wanted.get(name))
        raise Refused("scanner-bundle-requirements.txt không khớp pyproject.toml (chạy lại với "
                      "--write-requirements) / does not match pyproject.toml: " + "; ".join(drift))


def write_requirements(path: Path, pins: dict[str, str], wheels: Iterable[Path]) -> None:
    wanted = {normalise(name): version for name, version in pins.items()}
    hashes: dict[str, set[str]] = {name: set() for name in wanted}
    for wheel in wheels:
        name, version = wheel_name_version(wheel)
        if wanted.get(name) == version and wheel_fits_windows(wheel):
            hashes[name].add(sha256_file(wheel))
    missing = [name for name, found in hashes.items() if not found]
    if missing:
        raise Refused(f"không tải được bánh xe Windows cho / no Windows wheel for: {', '.join(missing)}")
    header = ("# The bmnn scanner's dependencies for the Windows bundle (win_amd64, CPython 3.11), each with\n"
              "# the SHA-256 of its wheel. Written by `scripts/build_scanner_bundle.py --write-requirements`\n"
              "# from the pins in pyproject.toml; the build refuses a wheel whose hash is not listed here.\n"
              "# colorama: tqdm's own dependency on Windows.\n")
    lines = [Requirement(name, version, frozenset(hashes[name])).line() for name, version in wanted.items()]
    path.write_text(header + "\n".join(lines) + "\n", "utf-8")


# ---- wheels ----------------------------------------------------------------------------

def pip_download(requirements: Path, folder: Path, *, require_hashes: bool = True) -> None:
    """PyPI → folder, Windows wheels only, nothing built from source, no dependency resolution."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
               *PIP_TARGET, "-d", str(folder), "-r", str(requirements)]
    if require_hashes:
        command.append("--require-hashes")
    done = subprocess.run(command, check=False)
    if done.returncode != 0:
        raise Refused(f"pip download thất bại (mã {done.returncode}) / pip download failed")


def wheel_name_version(wheel: Path) -> tuple[str, str]:
    parts = wheel.name[:-len(".whl")].split("-")
    return normalise(parts[0]), parts[1]


def wheel_fits_windows(wheel: Path) -> bool:
    parts = wheel.name[:-len(".whl")].split("-")
    python, platform = parts[-3], parts[-1]
    return platform in WHEEL_PLATFORMS and any(p in WHEEL_PYTHONS for p in python.split("."))


def select_wheels(requirements: list[Requirement], folder: Path) -> list[Path]:
    """One wheel per requirement, whose SHA-256 is one the requirements file lists."""
    wheels = sorted(folder.glob("*.whl"))
    chosen = []
    for requirement in requirements:
        candidates = [w for w in wheels if wheel_name_version(w) == (requirement.name, requirement.version)]
        accepted = [w for w in candidates if sha256_file(w) in requirement.hashes]
        if not accepted:
            if candidates:
                raise Refused(f"mã băm bánh xe không khớp / wheel hash differs: {candidates[0].name} "
                              f"sha256={sha256_file(candidates[0])}")
            raise Refused(f"thiếu bánh xe / missing wheel: {requirement.name}=={requirement.version} in {folder}")
        if not wheel_fits_windows(accepted[0]):
            raise Refused(f"bánh xe không dành cho Windows 64-bit, Python 3.11 / not a win_amd64 cp311 wheel: "
                          f"{accepted[0].name}")
        chosen.append(accepted[0])
    return chosen


def unpack_wheel(wheel: Path, site_packages: Path) -> None:
    """A wheel is a zip laid out as site-packages; its .data/purelib|platlib go there too."""
    with zipfile.ZipFile(wheel) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            name = safe_member(info.filename, wheel.name)
            parts = PurePosixPath(name).parts
            if parts[0].endswith(".data"):
                if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                    continue  # scripts, headers, data: nothing the scanner imports
                parts = parts[2:]
            extract(archive, info, site_packages.joinpath(*parts))


# ---- the embeddable Python -------------------------------------------------------------

def check_embed(path: Path, expected: str | None) -> str:
    """The zip is the pinned file (by SHA-256) and looks like a 64-bit embeddable Python 3.11."""
    if not path.is_file():
        raise Refused(f"không có tệp / no such file: {path}")
    actual = sha256_file(path)
    given = expected.lower().strip() if expected else None
    if EMBED_SHA256 and given and given != EMBED_SHA256:
        raise Refused(f"--embed-sha256 khác giá trị đã ghim / differs from the pinned {EMBED_SHA256}")
    wanted = EMBED_SHA256 or given
    if not wanted:
        raise Refused(f"chưa ghim mã băm {EMBED_NAME}: ghi --embed-sha256 theo trang phát hành của python.org; "
                      f"tệp này có / not pinned: pass --embed-sha256 from python.org's release page; this "
                      f"file has sha256={actual}")
    if actual != wanted:
        raise Refused(f"mã băm {path.name} không khớp / SHA-256 mismatch: {actual} ≠ {wanted}")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        missing = [n for n in EMBED_REQUIRED if n not in names]
        if missing:
            raise Refused(f"{path.name} không phải bản nhúng Python 3.11 / not an embeddable Python 3.11 "
                          f"(missing {', '.join(missing)})")
        if pe_machine(archive.read("python.exe")) != PE_MACHINE_AMD64:
            raise Refused(f"{path.name}: python.exe không phải 64-bit x86 / is not an x86-64 program")
    return actual


def pe_machine(exe: bytes) -> int | None:
    """The COFF Machine field of a Windows program (0x8664 = x86-64)."""
    if len(exe) < 0x40 or exe[:2] != b"MZ":
        return None
    offset = struct.unpack_from("<I", exe, 0x3C)[0]
    if len(exe) < offset + 6 or exe[offset:offset + 4] != b"PE\0\0":
        return None
    return struct.unpack_from("<H", exe, offset + 4)[0]


def unpack_embed(path: Path, python_dir: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                extract(archive, info, python_dir / safe_member(info.filename, path.name))


def patch_pth(python_dir: Path) -> None:
    """Keep python.org's entries, add the scanner's folder and site-packages, run site."""
    pth = python_dir / PTH_NAME
    kept = [line.strip() for line in pth.read_text("utf-8-sig").splitlines()
            if line.strip() and not line.lstrip().startswith("#") and line.strip() != "import site"]
    lines = kept + [r"..\lib", r"Lib\site-packages", "import site"]
    pth.write_text("\r\n".join(lines) + "\r\n", "utf-8")


# ---- the scanner's code ----------------------------------------------------------------

def copy_scanner(source: Path, lib: Path) -> None:
    """bmnn/__init__.py and bmnn/scanner/** (sources and the report schema), nothing else."""
    package = source / "bmnn"
    (lib / "bmnn").mkdir(parents=True)
    shutil.copyfile(package / "__init__.py", lib / "bmnn" / "__init__.py")
    scanner = package / "scanner"
    for path in sorted(scanner.rglob("*")):
        relative = path.relative_to(scanner)
        if not path.is_file() or not shipped(relative):
            continue
        target = lib / "bmnn" / "scanner" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def shipped(relative: Path) -> bool:
    parts = relative.parts
    if parts[0] in LEFT_OUT or "__pycache__" in parts:
        return False
    return relative.suffix in (".py", ".json")


# ---- launchers and notes ---------------------------------------------------------------

SCAN_CMD = r"""@echo off
rem Bo quet bmnn: tim tep mang dau do mat tren may nay va ghi bao cao JSON.
rem Khong cai dat gi, khong gui gi ra mang; chi doc tep, khong sua, chuyen hay xoa tep nao.
rem Cach dung: scan.cmd [THU_MUC ...] [--output TEP.json] [--jobs N] [--ocr] [--full] [--probe MAY]
rem Mac dinh: quet moi o dia co dinh va di dong; bao cao va bo nho dem ghi vao thu muc reports
rem ben canh tep nay (tren phuong tien duoc phe duyet).
rem Tep nay chi dung chu khong dau: cmd.exe doc tep .cmd theo trang ma cua cua so lenh.
setlocal
rem UTF-8 cho cua so lenh, de hien dung tieng Viet va duong dan co dau.
chcp 65001 >nul
rem -B: khong ghi tep .pyc len phuong tien; launch_scan.py chon noi ghi bao cao roi goi bmnn.scanner.
"%~dp0python\python.exe" -B "%~dp0launch_scan.py" %*
set "RC=%ERRORLEVEL%"
rem Mo bang cach bam dup trong Explorer: giu cua so de doc ket qua.
echo %CMDCMDLINE% | find /i "%~nx0" >nul
if not errorlevel 1 pause
endlocal & exit /b %RC%
"""

KIEM_TRA_CMD = r"""@echo off
rem Kiem tra bo quet truoc khi chay: moi tep phai khop ma bam SHA-256 trong MANIFEST.sha256.
rem Dung PowerShell cua Windows (khong dung Python di kem, vi chinh no cung can duoc kiem tra).
rem Sau do so ma bam cua MANIFEST.sha256 (dong cuoi) voi ma ghi trong bien ban giao nhan.
setlocal
cd /d "%~dp0"
powershell -NoProfile -NonInteractive -Command "{ps}"
set "RC=%ERRORLEVEL%"
echo %CMDCMDLINE% | find /i "%~nx0" >nul
if not errorlevel 1 pause
endlocal & exit /b %RC%
"""

# One line for powershell -Command: every statement ends with ";" (the lines are joined),
# and no "%" (cmd would expand it) and no double quote (it would end the -Command string).
VERIFY_PS = " ".join(r"""
$root = (Get-Location).Path.TrimEnd('\') + '\';
$bad = 0;
$listed = @{};
foreach ($line in (Get-Content -LiteralPath 'MANIFEST.sha256' -Encoding UTF8)) {
  if ($line.Length -lt 67) { continue };
  $hash = $line.Substring(0, 64);
  $rel = $line.Substring(66);
  $listed[$rel.ToLower()] = 1;
  $file = Join-Path $root ($rel -replace '/', '\');
  if (-not (Test-Path -LiteralPath $file -PathType Leaf)) {
    Write-Output ('THIEU / missing: ' + $rel); $bad++; continue };
  if ((Get-FileHash -Algorithm SHA256 -LiteralPath $file).Hash.ToLower() -ne $hash) {
    Write-Output ('SAI / changed: ' + $rel); $bad++ };
};
foreach ($item in (Get-ChildItem -LiteralPath $root -Recurse -File -Force)) {
  $rel = $item.FullName.Substring($root.Length) -replace '\\', '/';
  if ($rel -eq 'MANIFEST.sha256' -or $rel.ToLower().StartsWith('reports/')) { continue };
  if (-not $listed.ContainsKey($rel.ToLower())) { Write-Output ('THUA / extra: ' + $rel); $bad++ };
};
if ($bad) { Write-Output ('KHONG KHOP / MISMATCH: ' + $bad) } else { Write-Output ('KHOP / OK: ' + $listed.Count) };
Write-Output ('SHA-256 MANIFEST.sha256: ' +
  (Get-FileHash -Algorithm SHA256 -LiteralPath 'MANIFEST.sha256').Hash.ToLower());
exit [int]($bad -gt 0);
""".split())

LAUNCH_SCAN = '''"""Chạy bộ quét bmnn từ thư mục này (scan.cmd gọi tệp này).

Khi không có --output: báo cáo ghi vào thư mục reports cạnh tệp này (trên phương tiện được
phê duyệt), tên do bộ quét đặt (bmnn-scan-<máy>-<ngày giờ>.json). Khi không có --cache
hay --no-cache: bộ nhớ đệm cũng ở đó (bmnn-scan-cache-<máy>.sqlite), để quét lại nhanh và
quét tiếp sau khi bị ngắt mà không để lại gì trên máy được quét. Không quét chính thư mục
này (báo cáo ghi nó trong options.excluded). Mọi tùy chọn khác chuyển nguyên cho bmnn.scanner.

Runs the bmnn scanner from this folder (scan.cmd calls it). Without --output the report
goes to the reports folder beside this file; without --cache/--no-cache the cache too.
This folder itself is never scanned (the report lists it under options.excluded).
"""

import contextlib
import glob
import io
import os
import re
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPORTS = os.path.join(HERE, "reports")


def writable(folder):
    try:
        os.makedirs(folder, exist_ok=True)
        probe = os.path.join(folder, ".bmnn-write-test")
        with open(probe, "w", encoding="ascii") as handle:
            handle.write("ok")
        os.remove(probe)
        return True
    except OSError:
        return False


def host():
    """The computer's name as the scanner writes it in the report's file name."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", socket.gethostname()) or "host"


def with_defaults(argv):
    from bmnn.scanner import cli

    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            args = cli.build_parser().parse_args(argv)
    except SystemExit:
        return argv  # help, or a bad argument: the scanner itself answers
    if args.output and (args.cache or args.no_cache):
        return argv
    if not writable(REPORTS):
        if args.output:
            return argv  # the cache goes to the scanner's default place
        print("Không ghi được vào " + REPORTS + " (phương tiện chỉ đọc?): ghi rõ --output TỆP.json. / "
              "Cannot write to " + REPORTS + ": give --output FILE.json.", file=sys.stderr)
        sys.exit(2)
    extra = []
    if not args.output:
        extra += ["--output", os.path.join(REPORTS, os.path.basename(cli.default_output()))]
    if not (args.cache or args.no_cache):
        extra += ["--cache", os.path.join(REPORTS, "bmnn-scan-cache-" + host() + ".sqlite")]
    return extra + argv


def skip_own_folder():
    """This folder (Python, the scanner's sources, earlier reports) is not scanned: its files
    are the scanner's own, not the computer's (scanner-notes §7.6). It goes through run()'s
    `exclusions` parameter, so the report lists it under options.excluded."""
    from bmnn.scanner import scan, walker

    run = scan.run

    def run_skipping_own_folder(*args, full=False, exclusions=None, **kwargs):
        base = exclusions or walker.Exclusions.default(full=full)
        own = walker.Exclusions(base.names, base.dirs + (glob.escape(HERE),), base.files)
        return run(*args, full=full, exclusions=own, **kwargs)

    scan.run = run_skipping_own_folder


def main():
    from bmnn.scanner import cli

    skip_own_folder()
    return cli.main(with_defaults(sys.argv[1:]))


if __name__ == "__main__":  # a spawned reader process imports this file too: it must not scan again
    sys.exit(main())
'''

HUONG_DAN = """BỘ QUÉT BMNN CHO WINDOWS (64-bit) — HƯỚNG DẪN
==============================================

Bộ quét tìm trên máy tính các tệp mang dấu độ mật (TUYỆT MẬT, TỐI MẬT, MẬT, Bản sao số,
TÀI LIỆU THU HỒI…) và ghi lại máy đang hay đã từng kết nối mạng. Thư mục này chạy được ngay:
KHÔNG cài đặt gì, KHÔNG cần và KHÔNG dùng mạng, KHÔNG gửi gì đi. Bộ quét chỉ đọc tệp, không
sửa, chuyển hay xóa tệp nào. Cần Windows 8.1, 10 hoặc 11 bản 64-bit.

1. Kiểm tra phương tiện trước khi chạy
   Bấm đúp kiem-tra.cmd (hoặc chạy trong cửa sổ lệnh). Mọi tệp phải khớp mã băm trong
   MANIFEST.sha256 («KHOP»). Sau đó so mã SHA-256 của chính MANIFEST.sha256 (dòng cuối) với
   mã ghi trong biên bản giao nhận. Không khớp: KHÔNG chạy, báo người giao.

2. Chạy
   Bấm chuột phải scan.cmd → «Run as administrator» (quyền quản trị để đọc được thư mục của mọi
   người dùng; không có quyền đó, thư mục bị từ chối được báo là «denied»), hoặc mở cửa sổ lệnh
   (cmd) quyền quản trị tại thư mục này rồi gõ:
     scan.cmd                       quét mọi ổ đĩa cố định và di động
     scan.cmd D:\\TaiLieu E:\\        chỉ quét các thư mục, ổ đĩa nêu tên
     scan.cmd --output F:\\bc.json   ghi báo cáo vào tệp khác
     scan.cmd --jobs 1              ít tiến trình đọc hơn (máy yếu, đang có người dùng)
     scan.cmd --ocr                 nhận dạng chữ trên bản quét (cần Tesseract + dữ liệu tiếng Việt
                                    đã cài sẵn trên máy; bộ này không kèm Tesseract)
     scan.cmd --full                đọc toàn bộ nội dung và cả thư mục hệ thống (lâu hơn)
     scan.cmd --probe MAY_CHU       thử kết nối chủ động tới một máy do cán bộ kiểm tra chọn
                                    (mặc định KHÔNG gửi gì; chỉ dùng khi được phép)
     scan.cmd --help                mọi tùy chọn
   Quét bị ngắt (Ctrl+C, mất điện): chạy lại đúng lệnh cũ, bộ quét đi tiếp từ chỗ đã đọc.

3. Kết quả
   Cuối lần quét, màn hình hiện kết luận về mạng và bảng các tệp mang dấu. Báo cáo JSON
   (bmnn.scan/1) ghi vào thư mục reports cạnh tệp này: bmnn-scan-<tên máy>-<ngày giờ>.json;
   bộ nhớ đệm bmnn-scan-cache-<tên máy>.sqlite cũng ở đó. Báo cáo chỉ chứa dòng dấu và đường
   dẫn, không chép nội dung tài liệu, nhưng vẫn phải quản lý như tài liệu nhạy cảm. Đưa báo cáo
   vào hệ thống bmnn: trang «Máy tính → Nhập kết quả quét» hoặc lệnh
     bmnn scan-import TỆP.json --unit MÃ_ĐƠN_VỊ --as TÊN_ĐĂNG_NHẬP
   Hướng dẫn đầy đủ: docs/scanner.md trong mã nguồn bmnn.

4. Thư mục này có gì
   python\\            Python {python} bản nhúng của python.org (python.exe, thư viện chuẩn)
   python\\Lib\\site-packages\\  thư viện đi kèm: {wheels}
   lib\\bmnn\\scanner\\  mã nguồn bộ quét bmnn {version} (mã nguồn {commit})
   scan.cmd, launch_scan.py  chạy bộ quét;  kiem-tra.cmd  kiểm tra phương tiện
   MANIFEST.sha256   mã băm SHA-256 của từng tệp

---------------------------------------------------------------------------------------

BMNN SCANNER FOR WINDOWS (64-bit) — README

The scanner finds files bearing secrecy marks on this computer and records whether the
computer is or was connected to a network. This folder runs as it is: nothing is installed,
no network is needed or used, nothing is sent anywhere. It only reads files; it never
changes, moves or deletes one. Needs 64-bit Windows 8.1, 10 or 11.

1. Check the medium first: run kiem-tra.cmd. Every file must match MANIFEST.sha256 ("OK");
   then compare the SHA-256 of MANIFEST.sha256 itself (last line) with the value written in
   the handover record. On a mismatch do not run it; tell whoever handed it over.
2. Right-click scan.cmd → "Run as administrator" (to read every user's folders; without it
   they are reported "denied"), or run it from an administrator console: scan.cmd (every
   fixed and removable drive), or scan.cmd FOLDER… ; options: --output
   FILE, --jobs N, --ocr (needs Tesseract with Vietnamese data installed on the computer; not
   in this bundle), --full, --probe HOST (one active check, off by default), --help.
   Interrupted? Run the same command again: the scan resumes.
3. The summary is shown at the end. The JSON report (bmnn.scan/1) and the cache go to the
   reports folder beside this file. The report holds stamp lines and paths only, no document
   content; still handle it as sensitive. Import it into bmnn on the page "Máy tính → Nhập
   kết quả quét" or with `bmnn scan-import FILE.json --unit CODE --as USERNAME`.
   Full guide: docs/scanner.md in the bmnn sources.
4. Contents: python\\ (python.org's embeddable Python {python}), python\\Lib\\site-packages\\
   ({wheels}), lib\\bmnn\\scanner\\ (bmnn scanner {version}, source {commit}), scan.cmd,
   launch_scan.py, kiem-tra.cmd, MANIFEST.sha256.
"""


def write_launchers(bundle: Path, *, version: str, commit: str, wheels: list[Path]) -> None:
    names = ", ".join(f"{n} {v}" for n, v in (wheel_name_version(w) for w in wheels))
    notes = HUONG_DAN.format(python=EMBED_VERSION, wheels=names, version=version, commit=commit)
    write_crlf(bundle / "scan.cmd", SCAN_CMD)
    write_crlf(bundle / "kiem-tra.cmd", KIEM_TRA_CMD.replace("{ps}", VERIFY_PS))
    (bundle / "launch_scan.py").write_text(LAUNCH_SCAN, "utf-8")
    # A BOM so that old Notepad shows the Vietnamese letters.
    write_crlf(bundle / "HUONG-DAN.txt", notes, encoding="utf-8-sig")


def write_crlf(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.write_bytes(text.replace("\r\n", "\n").replace("\n", "\r\n").encode(encoding))


def scanner_version(root: Path) -> str:
    text = (root / "src" / "bmnn" / "scanner" / "__init__.py").read_text("utf-8")
    match = re.search(r'^VERSION\s*=\s*"([^"]+)"', text, re.M)
    return match.group(1) if match else "?"


def source_commit(root: Path) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=12", "HEAD"], capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return "không rõ / unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "không rõ / unknown"


# ---- manifest and zip ------------------------------------------------------------------

def bundle_files(bundle: Path) -> list[str]:
    """Every file, as a relative POSIX path, sorted."""
    return sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())


def write_manifest(bundle: Path) -> str:
    """`sha256sum -c`-compatible list of every other file; returns the manifest's own hash."""
    manifest = bundle / "MANIFEST.sha256"
    lines = [f"{sha256_file(bundle / rel)}  {rel}" for rel in bundle_files(bundle) if rel != manifest.name]
    manifest.write_text("\n".join(lines) + "\n", "utf-8")
    return sha256_file(manifest)


def write_zip(bundle: Path, zip_path: Path) -> str:
    """The folder as one zip, byte for byte the same for the same inputs."""
    moment = zip_time()
    temp = zip_path.with_suffix(".zip.tmp")
    with zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for rel in bundle_files(bundle):
            info = zipfile.ZipInfo(f"{bundle.name}/{rel}", date_time=moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0  # MS-DOS: Windows' Explorer reads it as a plain file
            archive.writestr(info, (bundle / rel).read_bytes())
    os.replace(temp, zip_path)
    return sha256_file(zip_path)


def zip_time() -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        import time

        stamp = time.gmtime(max(int(epoch), 315532800))  # zip cannot hold times before 1980
        return stamp[:6]
    return FIXED_ZIP_TIME


# ---- helpers ---------------------------------------------------------------------------

def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def safe_member(name: str, archive: str) -> str:
    """A zip member name that stays inside the folder it is unpacked into."""
    path = PurePosixPath(name)
    if (not name or "\\" in name or ":" in name or path.is_absolute()
            or any(part in ("..", "") for part in path.parts)):
        raise Refused(f"{archive}: tên tệp nguy hiểm trong gói / unsafe member name: {name!r}")
    return name


def extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with archive.open(info) as source, open(target, "wb") as out:
        shutil.copyfileobj(source, out)


# ---- the build -------------------------------------------------------------------------

def build(inputs: Inputs) -> Result:
    pins = read_pins(inputs.root / "pyproject.toml")
    requirements = read_requirements(inputs.requirements)
    check_requirements(requirements, pins)
    embed_sha256 = check_embed(inputs.embed, inputs.embed_sha256)

    inputs.dist.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bmnn-wheels-", dir=inputs.dist) as temp:
        wheel_dir = Path(temp)
        (inputs.fetch_wheels or pip_download)(inputs.requirements, wheel_dir)
        wheels = select_wheels(requirements, wheel_dir)

        bundle = inputs.dist / BUNDLE_NAME
        if bundle.exists():
            shutil.rmtree(bundle)
        bundle.mkdir()
        python_dir = bundle / "python"
        unpack_embed(inputs.embed, python_dir)
        patch_pth(python_dir)
        site_packages = python_dir / "Lib" / "site-packages"
        site_packages.mkdir(parents=True, exist_ok=True)
        for wheel in wheels:
            unpack_wheel(wheel, site_packages)
        copy_scanner(inputs.root / "src", bundle / "lib")
        write_launchers(bundle, version=scanner_version(inputs.root), commit=source_commit(inputs.root),
                        wheels=wheels)
        wheel_names = [w.name for w in wheels]

    manifest_sha256 = write_manifest(bundle)
    zip_path = zip_sha256 = None
    if inputs.make_zip:
        zip_path = inputs.dist / f"{BUNDLE_NAME}.zip"
        zip_sha256 = write_zip(bundle, zip_path)
    return Result(bundle, zip_path, manifest_sha256, zip_sha256, embed_sha256, wheel_names)


def from_folder(folder: Path) -> Callable[[Path, Path], None]:
    """Wheels downloaded earlier (e.g. on an office PC): copied, then checked like pip's."""
    def fetch(_requirements: Path, dest: Path) -> None:
        if not folder.is_dir():
            raise Refused(f"không có thư mục / no such folder: {folder}")
        for wheel in folder.glob("*.whl"):
            shutil.copyfile(wheel, dest / wheel.name)
    return fetch


def refresh_requirements(root: Path, path: Path) -> None:
    """Download the pinned wheels without hashes and write their hashes (run once per pin change)."""
    pins = read_pins(root / "pyproject.toml")
    with tempfile.TemporaryDirectory(prefix="bmnn-wheels-") as temp:
        unpinned = Path(temp) / "requirements.txt"
        unpinned.write_text("".join(f"{name}=={version}\n" for name, version in pins.items()), "utf-8")
        folder = Path(temp) / "wheels"
        folder.mkdir()
        pip_download(unpinned, folder, require_hashes=False)
        write_requirements(path, pins, sorted(folder.glob("*.whl")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tạo thư mục bộ quét bmnn cho Windows / build the Windows "
                                                 "scanner bundle (dist/bmnn-scanner-win64/ and its .zip)")
    parser.add_argument("--python-embed", type=Path, metavar="ZIP",
                        help=f"{EMBED_NAME} của python.org, mang đến trên phương tiện được phê duyệt")
    parser.add_argument("--embed-sha256", metavar="HEX",
                        help="SHA-256 của tệp đó theo trang phát hành của python.org (khi chưa ghim trong mã)")
    parser.add_argument("--wheels", type=Path, metavar="DIR",
                        help="lấy bánh xe đã tải sẵn trong DIR thay vì tải từ PyPI (vẫn kiểm tra mã băm)")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", metavar="DIR", help="thư mục kết quả")
    parser.add_argument("--no-zip", action="store_true", help="không tạo tệp .zip")
    parser.add_argument("--write-requirements", action="store_true",
                        help=f"ghi lại {REQUIREMENTS.name} từ pyproject.toml (tải từ PyPI; một lần khi đổi phiên bản)")
    args = parser.parse_args(argv)
    try:
        if args.write_requirements:
            refresh_requirements(ROOT, REQUIREMENTS)
            print(f"Đã ghi / written: {REQUIREMENTS}")
            return 0
        if args.python_embed is None:
            parser.error(f"cần --python-embed {EMBED_NAME}")
        result = build(Inputs(embed=args.python_embed, embed_sha256=args.embed_sha256, dist=args.dist,
                              fetch_wheels=from_folder(args.wheels) if args.wheels else None,
                              make_zip=not args.no_zip))
    except Refused as exc:
        print(f"Không tạo được bộ quét / refused: {exc}", file=sys.stderr)
        return 1
    print(f"Thư mục / folder: {result.bundle}")
    print(f"Python {EMBED_VERSION} (sha256 {result.embed_sha256}); bánh xe / wheels: {', '.join(result.wheels)}")
    print(f"SHA-256 MANIFEST.sha256: {result.manifest_sha256}  ← ghi vào biên bản giao nhận / into the handover record")
    if result.zip_path:
        print(f"SHA-256 {result.zip_path.name}: {result.zip_sha256}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
