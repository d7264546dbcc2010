"""The Windows bundle recipe (scripts/build_scanner_bundle.py), on Linux and offline.

The embeddable Python is a fake zip with the right names (python.exe with an x86-64 PE
header, python311._pth as python.org writes it); the wheels are tiny fake wheels whose
hashes a requirements file in tmp_path lists, handed over through the injectable fetch
step, so no test touches the network. The real pins (pyproject.toml ↔ the committed
scripts/scanner-bundle-requirements.txt) are checked as files.

That the scanner in the bundle needs nothing but its own dependencies is run for real:
this machine's Python with -S (no site-packages, so no Django), the bundle's lib folder and
the Linux builds of the six dependencies on PYTHONPATH, scans through the bundle's launcher.

Not tested here, for want of Windows: python.exe reading the patched ._pth, scan.cmd and
kiem-tra.cmd under cmd.exe and PowerShell, the wheels' DLLs (pdfium, psutil, ahocorasick).
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]
SCRIPT = ROOT / "scripts" / "build_scanner_bundle.py"
TOP_LEVEL = {"python", "lib", "scan.cmd", "kiem-tra.cmd", "launch_scan.py", "HUONG-DAN.txt", "MANIFEST.sha256"}
EMBED_FILES = {"python.exe", "python311.dll", "python311.zip", "python311._pth", "vcruntime140.dll", "LICENSE.txt"}
PTH_FROM_PYTHON_ORG = "python311.zip\r\n.\r\n\r\n# Uncomment to run site.main() automatically\r\n#import site\r\n"
# The import names of the scanner's dependencies (module or package), in the venv.
LINUX_DEPENDENCIES = ("psutil", "pypdfium2", "pypdfium2_raw", "olefile", "xlrd", "ahocorasick", "tqdm")
THIRD_PARTY = {"pypdfium2", "olefile", "xlrd", "ahocorasick", "psutil", "tqdm"}
WHEEL_TAGS = {"pypdfium2": "py3-none-win_amd64", "pyahocorasick": "cp311-cp311-win_amd64",
              "psutil": "cp37-abi3-win_amd64"}


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_scanner_bundle", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pe_header(machine: int = 0x8664) -> bytes:
    return b"MZ" + b"\0" * 0x3A + struct.pack("<I", 0x40) + b"PE\0\0" + struct.pack("<H", machine) + b"\0" * 18


def fake_embed(folder: Path, *, machine: int = 0x8664, leave_out: str = "") -> Path:
    path = folder / "python-3.11.9-embed-amd64.zip"
    members = {"python.exe": pe_header(machine), "python311.dll": b"dll", "python311.zip": b"PK\5\6" + b"\0" * 18,
               "python311._pth": PTH_FROM_PYTHON_ORG.encode(), "vcruntime140.dll": b"dll", "LICENSE.txt": b"PSF"}
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            if name != leave_out:
                archive.writestr(name, data)
    return path


def fake_wheel(folder: Path, name: str, version: str, *, tag: str = "py3-none-any",
               files: dict[str, bytes] | None = None) -> Path:
    module = name.replace("-", "_")
    path = folder / f"{module}-{version}-{tag}.whl"
    info = f"{module}-{version}.dist-info"
    members = files or {f"{module}/__init__.py": f"NAME = {name!r}\n".encode()}
    with zipfile.ZipFile(path, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
        archive.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        archive.writestr(f"{info}/WHEEL", f"Wheel-Version: 1.0\nTag: {tag}\n")
        archive.writestr(f"{info}/RECORD", "")
    return path


def requirements_for(wheels: list[Path], builder) -> str:
    lines = []
    for wheel in wheels:
        name, version = builder.wheel_name_version(wheel)
        lines.append(f"{name}=={version} \\\n    --hash=sha256:{sha256(wheel)}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    """A still copy of the sources and pins: others edit and commit in this tree meanwhile."""
    root = tmp_path_factory.mktemp("source")
    shutil.copyfile(ROOT / "pyproject.toml", root / "pyproject.toml")
    (root / "src" / "bmnn").mkdir(parents=True)
    shutil.copyfile(ROOT / "src" / "bmnn" / "__init__.py", root / "src" / "bmnn" / "__init__.py")
    shutil.copytree(ROOT / "src" / "bmnn" / "scanner", root / "src" / "bmnn" / "scanner",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return root


def make_inputs(builder, source: Path, tmp: Path, **changes):
    """The sources and pins with a fake Python and fake wheels of the pinned versions."""
    wheels_dir = tmp / "wheels"
    wheels_dir.mkdir(parents=True, exist_ok=True)
    pins = builder.read_pins(source / "pyproject.toml")
    wheels = [fake_wheel(wheels_dir, name, version, tag=WHEEL_TAGS.get(name, "py3-none-any"))
              for name, version in pins.items()]
    requirements = tmp / "requirements.txt"
    requirements.write_text(requirements_for(wheels, builder), "utf-8")
    embed = fake_embed(tmp)
    settings = dict(embed=embed, embed_sha256=sha256(embed), dist=tmp / "dist", root=source,
                    requirements=requirements, fetch_wheels=builder.from_folder(wheels_dir))
    settings.update(changes)
    return builder.Inputs(**settings)


@pytest.fixture(scope="module")
def built(builder, source, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("bundle")
    return builder.build(make_inputs(builder, source, tmp))


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def shipped_sources(source: Path) -> set[str]:
    scanner = source / "src" / "bmnn" / "scanner"
    names = {"bmnn/__init__.py"}
    for path in scanner.rglob("*"):
        relative = path.relative_to(scanner)
        if (path.is_file() and relative.parts[0] not in ("tests", "corpus") and "__pycache__" not in relative.parts
                and path.suffix in (".py", ".json")):
            names.add(f"bmnn/scanner/{relative.as_posix()}")
    return names


# ---- layout ------------------------------------------------------------------------------

def test_bundle_holds_python_the_scanner_its_launchers_and_manifest(built):
    assert {p.name for p in built.bundle.iterdir()} == TOP_LEVEL
    assert built.bundle.name == "bmnn-scanner-win64"
    assert EMBED_FILES <= {p.name for p in (built.bundle / "python").iterdir()}


def test_pth_keeps_python_orgs_entries_adds_lib_and_site_packages_and_runs_site(built):
    pth = (built.bundle / "python" / "python311._pth").read_bytes().decode("utf-8")
    assert pth.split("\r\n") == ["python311.zip", ".", r"..\lib", r"Lib\site-packages", "import site", ""]


def test_wheels_are_unpacked_into_the_embedded_site_packages(built):
    site = built.bundle / "python" / "Lib" / "site-packages"
    for module in ("pypdfium2", "olefile", "xlrd", "pyahocorasick", "psutil", "tqdm", "colorama"):
        assert (site / module / "__init__.py").is_file(), module
    assert len(built.wheels) == 7


def test_only_the_scanner_package_is_shipped_without_its_tests_and_corpus(built, source):
    assert files_under(built.bundle / "lib") == shipped_sources(source)
    assert "bmnn/scanner/schema/scan-report-1.schema.json" in files_under(built.bundle / "lib")


def test_no_file_outside_the_allowed_set_and_nothing_of_django(built, source):
    allowed_top = {"scan.cmd", "kiem-tra.cmd", "launch_scan.py", "HUONG-DAN.txt", "MANIFEST.sha256"}
    for rel in files_under(built.bundle):
        assert "django" not in rel.lower(), rel
        parts = rel.split("/")
        if len(parts) == 1:
            assert rel in allowed_top
        elif parts[0] == "lib":
            assert "/".join(parts[1:]) in shipped_sources(source), rel
        else:
            assert parts[0] == "python", rel
            assert len(parts) == 2 and parts[1] in EMBED_FILES or parts[1:3] == ["Lib", "site-packages"], rel


def test_no_shipped_module_imports_django_or_another_part_of_bmnn(built):
    for path in (built.bundle / "lib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert (top in sys.stdlib_module_names or top in THIRD_PARTY
                        or name == "bmnn.scanner" or name.startswith("bmnn.scanner.")), f"{path.name}: {name}"


# ---- manifest and zip --------------------------------------------------------------------

def test_manifest_lists_every_other_file_with_its_sha256(built):
    manifest = built.bundle / "MANIFEST.sha256"
    entries = dict(line.split("  ", 1)[::-1] for line in manifest.read_text("utf-8").splitlines())
    assert set(entries) == files_under(built.bundle) - {"MANIFEST.sha256"}
    for rel, digest in entries.items():
        assert sha256(built.bundle / rel) == digest, rel
    assert built.manifest_sha256 == sha256(manifest)


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="no sha256sum")
def test_manifest_is_read_by_sha256sum(built):
    done = subprocess.run(["sha256sum", "--check", "--quiet", "MANIFEST.sha256"], cwd=built.bundle,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_zip_holds_the_folder_under_its_name(built):
    with zipfile.ZipFile(built.zip_path) as archive:
        names = set(archive.namelist())
        assert names == {f"bmnn-scanner-win64/{rel}" for rel in files_under(built.bundle)}
        assert archive.read("bmnn-scanner-win64/scan.cmd") == (built.bundle / "scan.cmd").read_bytes()
    assert built.zip_sha256 == sha256(built.zip_path)


def test_the_same_inputs_build_the_same_zip(builder, source, tmp_path):
    first = builder.build(make_inputs(builder, source, tmp_path / "a"))
    second = builder.build(make_inputs(builder, source, tmp_path / "a", dist=tmp_path / "other-dist"))
    assert first.zip_path.read_bytes() == second.zip_path.read_bytes()
    assert first.manifest_sha256 == second.manifest_sha256


# ---- launchers and notes -----------------------------------------------------------------

def test_scan_cmd_runs_the_bundled_python_on_the_launcher_in_utf8(built):
    data = (built.bundle / "scan.cmd").read_bytes()
    assert data.isascii()  # cmd.exe reads a .cmd in the console's code page
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    text = data.decode()
    assert "chcp 65001" in text
    assert r'"%~dp0python\python.exe" -B "%~dp0launch_scan.py" %*' in text
    assert "exit /b %RC%" in text


def test_kiem_tra_checks_the_manifest_with_windows_powershell_in_one_quoted_command(built):
    text = (built.bundle / "kiem-tra.cmd").read_bytes().decode("ascii")
    command = next(line for line in text.split("\r\n") if line.startswith("powershell "))
    script = command.split('-Command "', 1)[1]
    assert script.endswith('"') and '"' not in script[:-1]  # one quoted argument
    assert "%" not in script  # cmd would expand it
    assert "Get-FileHash -Algorithm SHA256" in script and "MANIFEST.sha256" in script
    assert "THUA / extra" in script  # a file added to the medium is reported too


def test_notes_are_vietnamese_then_english_with_a_bom_and_the_versions(built):
    data = (built.bundle / "HUONG-DAN.txt").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.index("HƯỚNG DẪN") < text.index("README")
    assert "KHÔNG cài đặt gì" in text and "nothing is installed" in text
    assert "Python 3.11.9" in text and "pypdfium2 5.15.2" in text


# ---- refusals: the embeddable Python -----------------------------------------------------

def test_refuses_an_embed_zip_whose_sha256_differs(builder, source, tmp_path):
    inputs = make_inputs(builder, source, tmp_path, embed_sha256="0" * 64)
    with pytest.raises(builder.Refused, match="SHA-256 mismatch"):
        builder.build(inputs)
    assert not (tmp_path / "dist" / "bmnn-scanner-win64").exists()


def test_refuses_an_embed_zip_when_no_hash_is_pinned_or_given(builder, source, tmp_path):
    inputs = make_inputs(builder, source, tmp_path, embed_sha256=None)
    with pytest.raises(builder.Refused, match=f"sha256={sha256(inputs.embed)}"):
        builder.build(inputs)


def test_refuses_a_given_hash_that_contradicts_the_pinned_one(builder, source, tmp_path, monkeypatch):
    inputs = make_inputs(builder, source, tmp_path)
    monkeypatch.setattr(builder, "EMBED_SHA256", "f" * 64)
    with pytest.raises(builder.Refused, match="pinned"):
        builder.build(inputs)


def test_uses_the_pinned_hash_when_none_is_given(builder, source, tmp_path, monkeypatch):
    inputs = make_inputs(builder, source, tmp_path, embed_sha256=None)
    monkeypatch.setattr(builder, "EMBED_SHA256", sha256(inputs.embed))
    assert builder.build(inputs).embed_sha256 == sha256(inputs.embed)


def test_refuses_an_embed_zip_for_another_architecture(builder, source, tmp_path):
    embed = fake_embed(tmp_path, machine=0x014C)  # 32-bit x86
    inputs = make_inputs(builder, source, tmp_path / "x", embed=embed, embed_sha256=sha256(embed))
    with pytest.raises(builder.Refused, match="x86-64"):
        builder.build(inputs)


def test_refuses_a_zip_that_is_not_an_embeddable_python(builder, source, tmp_path):
    embed = fake_embed(tmp_path, leave_out="python311._pth")
    inputs = make_inputs(builder, source, tmp_path / "x", embed=embed, embed_sha256=sha256(embed))
    with pytest.raises(builder.Refused, match="python311._pth"):
        builder.build(inputs)


# ---- refusals: wheels and pins -----------------------------------------------------------

def test_refuses_a_wheel_whose_hash_differs(builder, source, tmp_path):
    inputs = make_inputs(builder, source, tmp_path)
    pins = builder.read_pins(source / "pyproject.toml")
    fake_wheel(tmp_path / "wheels", "xlrd", pins["xlrd"], files={"xlrd/__init__.py": b"import os  # swapped\n"})
    with pytest.raises(builder.Refused, match="wheel hash differs: xlrd"):
        builder.build(inputs)


def test_refuses_when_a_wheel_is_missing(builder, source, tmp_path):
    inputs = make_inputs(builder, source, tmp_path)
    next((tmp_path / "wheels").glob("olefile-*.whl")).unlink()
    with pytest.raises(builder.Refused, match="missing wheel: olefile"):
        builder.build(inputs)


def test_refuses_a_listed_wheel_built_for_another_platform(builder, source, tmp_path):
    inputs = make_inputs(builder, source, tmp_path)
    for wheel in (tmp_path / "wheels").glob("psutil-*.whl"):
        wheel.unlink()
    pins = builder.read_pins(source / "pyproject.toml")
    linux = fake_wheel(tmp_path / "wheels", "psutil", pins["psutil"], tag="cp36-abi3-manylinux_2_17_x86_64")
    text = inputs.requirements.read_text("utf-8")
    start = text.index("psutil==")
    end = text.index("\n", text.index("--hash", start))
    inputs.requirements.write_text(text[:start] + f"psutil=={pins['psutil']} --hash=sha256:{sha256(linux)}"
                                   + text[end:], "utf-8")
    with pytest.raises(builder.Refused, match="not a win_amd64 cp311 wheel"):
        builder.build(inputs)


def test_refuses_requirements_whose_pins_drifted_from_pyproject(builder, source, tmp_path):
    inputs = make_inputs(builder, source, tmp_path)
    pins = builder.read_pins(source / "pyproject.toml")
    text = inputs.requirements.read_text("utf-8").replace(f"tqdm=={pins['tqdm']}", "tqdm==0.0.1")
    inputs.requirements.write_text(text, "utf-8")
    with pytest.raises(builder.Refused, match="does not match pyproject.toml: tqdm"):
        builder.build(inputs)


def test_refuses_a_wheel_member_that_would_land_outside_site_packages(builder, tmp_path):
    wheel = fake_wheel(tmp_path, "evil", "1.0", files={"../../scan.cmd": b"format c:"})
    with pytest.raises(builder.Refused, match="unsafe member"):
        builder.unpack_wheel(wheel, tmp_path / "site")
    assert not (tmp_path / "scan.cmd").exists()


def test_wheel_data_purelib_goes_to_site_packages_and_scripts_are_left_out(builder, tmp_path):
    wheel = fake_wheel(tmp_path, "odd", "1.0", files={"odd-1.0.data/purelib/odd.py": b"X = 1\n",
                                                       "odd-1.0.data/scripts/odd.exe": b"MZ"})
    builder.unpack_wheel(wheel, tmp_path / "site")
    assert (tmp_path / "site" / "odd.py").read_bytes() == b"X = 1\n"
    assert not any(p.name == "odd.exe" for p in (tmp_path / "site").rglob("*"))


def test_committed_requirements_pin_exactly_what_pyproject_pins_with_one_hash_each(builder):
    requirements = builder.read_requirements(builder.REQUIREMENTS)
    builder.check_requirements(requirements, builder.read_pins(ROOT / "pyproject.toml"))
    assert all(len(r.hashes) == 1 for r in requirements)
    assert {r.name for r in requirements} == {"pypdfium2", "olefile", "xlrd", "pyahocorasick", "psutil", "tqdm",
                                              "colorama"}


def test_pip_is_asked_for_hash_checked_windows_wheels_only(builder, tmp_path, monkeypatch):
    seen = []
    monkeypatch.setattr(builder.subprocess, "run",
                        lambda command, check: seen.append(command) or subprocess.CompletedProcess(command, 0))
    builder.pip_download(tmp_path / "r.txt", tmp_path)
    command = seen[0]
    assert command[1:4] == ["-m", "pip", "download"]
    for flag in ("--only-binary=:all:", "--require-hashes", "--no-deps", "win_amd64", "cp311"):
        assert flag in command


def test_a_failed_pip_download_stops_the_build(builder, tmp_path, monkeypatch):
    monkeypatch.setattr(builder.subprocess, "run", lambda command, check: subprocess.CompletedProcess(command, 1))
    with pytest.raises(builder.Refused, match="pip download failed"):
        builder.pip_download(tmp_path / "r.txt", tmp_path)


# ---- the scanner from the bundle, without Django -----------------------------------------

@pytest.fixture(scope="module")
def linux_dependencies(tmp_path_factory):
    """This venv's Linux builds of the scanner's dependencies, alone in one folder."""
    folder = tmp_path_factory.mktemp("linux-deps")
    for name in LINUX_DEPENDENCIES:
        spec = importlib.util.find_spec(name)
        origin = spec.submodule_search_locations[0] if spec.submodule_search_locations else spec.origin
        os.symlink(origin, folder / os.path.basename(origin))
    return folder


def bundle_python(bundle: Path, deps: Path, home: Path) -> tuple[list[str], dict]:
    """Python without site-packages (-S: Django cannot be imported), on the bundle's lib."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8",
           "PYTHONPATH": os.pathsep.join([str(bundle / "lib"), str(deps)])}
    return [sys.executable, "-S", "-B"], env


def test_bundled_scanner_answers_help_with_no_django_to_import(built, linux_dependencies, tmp_path):
    python, env = bundle_python(built.bundle, linux_dependencies, tmp_path)
    probe = subprocess.run([*python, "-c", "import importlib.util; print(importlib.util.find_spec('django'))"],
                           env=env, capture_output=True, text=True, check=True)
    assert probe.stdout.strip() == "None"
    done = subprocess.run([*python, "-m", "bmnn.scanner", "--help"], env=env, capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert "--output" in done.stdout and "--probe" in done.stdout


def test_bundled_launcher_scans_writes_to_reports_and_skips_its_own_folder(built, linux_dependencies, tmp_path):
    medium = tmp_path / "medium"
    shutil.copytree(built.bundle, medium / "bmnn-scanner-win64")
    (medium / "bao-cao.txt").write_text("TỐI MẬT\n\nBÁO CÁO\nTình hình quý IV\n", "utf-8")
    bundle = medium / "bmnn-scanner-win64"
    python, env = bundle_python(bundle, linux_dependencies, tmp_path)
    done = subprocess.run([*python, str(bundle / "launch_scan.py"), str(medium), "--jobs", "1", "-q"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    reports = list((bundle / "reports").glob("bmnn-scan-*.json"))
    assert len(reports) == 1 and list((bundle / "reports").glob("bmnn-scan-cache-*.sqlite"))
    report = json.loads(reports[0].read_text("utf-8"))
    assert [f["path"] for f in report["findings"]] == [str(medium / "bao-cao.txt")]
    assert report["findings"][0]["level"] == "TOI_MAT"
    assert str(bundle) in report["options"]["excluded"]
    assert not list(bundle.rglob("__pycache__"))  # -B: nothing written beside the sources


@pytest.fixture
def launcher(built):
    spec = importlib.util.spec_from_file_location("launch_scan", built.bundle / "launch_scan.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_launcher_puts_report_and_cache_in_reports_unless_told(launcher, tmp_path):
    launcher.REPORTS = str(tmp_path / "reports")
    argv = launcher.with_defaults(["C:\\Users"])
    assert argv[0] == "--output" and argv[1].startswith(str(tmp_path / "reports" / "bmnn-scan-"))
    assert argv[2] == "--cache" and argv[3] == str(tmp_path / "reports" / f"bmnn-scan-cache-{launcher.host()}.sqlite")
    assert argv[4:] == ["C:\\Users"]
    assert launcher.with_defaults(["--output", "x.json", "--no-cache"]) == ["--output", "x.json", "--no-cache"]
    assert launcher.with_defaults(["--help"]) == ["--help"]


def test_launcher_stops_before_scanning_when_reports_cannot_be_written(launcher, tmp_path):
    (tmp_path / "a-file").write_text("x")
    launcher.REPORTS = str(tmp_path / "a-file" / "reports")
    with pytest.raises(SystemExit) as stopped:
        launcher.with_defaults([])
    assert stopped.value.code == 2
    assert launcher.with_defaults(["--output", "x.json"]) == ["--output", "x.json"]
