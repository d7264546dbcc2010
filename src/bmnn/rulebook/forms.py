"""Forms as data: the stamps and the register layouts the law prescribes (and who may export which
list, an installation rule kept the same way), in versioned files
(forms/<kind>-<version>.yaml), each entry with its legal basis and `verified` flag, like the regimes.

A printout is made with the version in force on the day it concerns (a register's year, a
document's date) and keeps that version's code, so it can be made again identically later. When
an official form changes, a new file with a new version and `valid_from` is added; the old one
stays for what was printed under it (docs/printing.md)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import yaml

from bmnn.rulebook.loader import RegimeError, _Checker, get_regime

FORMS_DIR = Path(__file__).resolve().parent / "forms"
KINDS = ("stamps", "registers", "exports")
BORDERS = ("double", "single", "none")
SHAPES = ("rect", "circle")
ORIENTATIONS = ("landscape", "portrait")


@dataclass(frozen=True)
class FormEntry:
    code: str
    name: str
    citation: str  # "Điều 2 (Mẫu 02) Thông tư 24/2020/TT-BCA"
    verified: bool
    note: str
    data: Mapping[str, Any]  # the kind-specific fields, as validated

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass(frozen=True)
class FormSet:
    kind: str
    version: str
    regime: str
    valid_from: dt.date
    valid_to: dt.date | None
    entries: Mapping[str, FormEntry]
    source: str

    def covers(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def entry(self, code: str) -> FormEntry:
        return self.entries[code]


def _check_lines(c: _Checker, raw: dict, path: str) -> None:
    for i, line in enumerate(c.sequence(raw.get("lines"), f"{path}.lines") or []):
        where = f"{path}.lines[{i}]"
        if c.mapping(line, where) is None:
            continue
        c.only(line, where, "text", "size_pt", "bold", "italic")
        c.get(line, "text", where, str)
        c.get(line, "size_pt", where, (int, float), required=False)
        c.get(line, "bold", where, bool, required=False)
        c.get(line, "italic", where, bool, required=False)


def _check_stamp(c: _Checker, raw: dict, path: str) -> None:
    c.only(raw, path, "name", "form", "width_mm", "height_mm", "border", "shape", "lines", "fields")
    c.get(raw, "form", path, str)
    for key in ("width_mm", "height_mm"):
        c.get(raw, key, path, (int, float), required=False)
    if raw.get("border", "double") not in BORDERS:
        c.fail(f"{path}.border", f"chỉ nhận {', '.join(BORDERS)}")
    if raw.get("shape", "rect") not in SHAPES:
        c.fail(f"{path}.shape", f"chỉ nhận {', '.join(SHAPES)}")
    c.get(raw, "fields", path, list, required=False)
    _check_lines(c, raw, path)


def _check_register(c: _Checker, raw: dict, path: str) -> None:
    c.only(raw, path, "name", "form", "title", "orientation", "columns", "cover_notes", "rows_note")
    c.get(raw, "form", path, str)
    c.get(raw, "title", path, str)
    c.get(raw, "cover_notes", path, list, required=False)
    c.get(raw, "rows_note", path, str, required=False)
    if raw.get("orientation", "landscape") not in ORIENTATIONS:
        c.fail(f"{path}.orientation", f"chỉ nhận {', '.join(ORIENTATIONS)}")
    columns = c.sequence(raw.get("columns"), f"{path}.columns") or []
    keys = []
    for i, column in enumerate(columns):
        where = f"{path}.columns[{i}]"
        if c.mapping(column, where) is None:
            continue
        c.only(column, where, "key", "heading", "width", "align")
        keys.append(c.get(column, "key", where, str))
        c.get(column, "heading", where, str)
        width = c.get(column, "width", where, (int, float))
        if isinstance(width, (int, float)) and width <= 0:
            c.fail(f"{where}.width", "độ rộng cột phải lớn hơn 0")
        if column.get("align", "left") not in ("left", "center", "right"):
            c.fail(f"{where}.align", "chỉ nhận left, center, right")
    if len(keys) != len(set(keys)):
        c.fail(f"{path}.columns", "có cột bị lặp")


def _check_export(c: _Checker, raw: dict, path: str) -> None:
    """Who may export a list (issue 6 item 6): the roles (org.Role values) allowed; an empty list
    means nobody may export it."""
    from bmnn.org.models import Role

    c.only(raw, path, "name", "roles")
    roles = c.get(raw, "roles", path, list)
    for i, role in enumerate(roles or []):
        if role not in Role.values:
            c.fail(f"{path}.roles[{i}]", f"vai trò '{role}' không có (chỉ nhận {', '.join(Role.values)})")


CHECKS = {"stamps": _check_stamp, "registers": _check_register, "exports": _check_export}


def parse(text: str, source: str) -> FormSet:
    c = _Checker(source)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RegimeError([f"{source}: không đọc được YAML ({exc})"]) from None
    data = c.mapping(data, "") or {}
    # `anchors`: a place for YAML anchors the entries reuse (*name); not read otherwise.
    c.only(data, "", "schema", "kind", "version", "regime", "valid_from", "valid_to", "anchors", "entries")
    kind = c.get(data, "kind", "", str, default="")
    if kind and kind not in KINDS:
        c.fail("kind", f"chỉ nhận {', '.join(KINDS)}")
    version = str(c.get(data, "version", "", str, default=""))
    regime_code = str(c.get(data, "regime", "", str, default=""))
    valid_from = c.date(data, "valid_from", "")
    valid_to = c.date(data, "valid_to", "", required=False)
    try:
        texts = get_regime(regime_code).texts if regime_code else {}
    except KeyError:
        c.fail("regime", f"chế độ '{regime_code}' không có")
        texts = {}
    entries = {}
    for code, raw in (c.mapping(data.get("entries"), "entries") or {}).items():
        path = f"entries.{code}"
        if c.mapping(raw, path) is None:
            continue
        name = c.get(raw, "name", path, str, default="")
        verified = c.get(raw, "verified", path, bool, default=False)
        basis = c.get(raw, "basis", path, dict, default={}) or {}
        text = texts.get(basis.get("text"))
        if basis and text is None:
            c.fail(f"{path}.basis.text", f"văn bản '{basis.get('text')}' không có trong chế độ {regime_code}")
        if kind in CHECKS:
            CHECKS[kind](c, raw, path)
        citation = " ".join(p for p in (str(basis.get("article", "")).strip(), getattr(text, "citation", "")) if p)
        fields = {k: v for k, v in raw.items() if k not in ("name", "basis", "verified", "note")}
        entries[str(code)] = FormEntry(str(code), name or "", citation, bool(verified),
                                       str(raw.get("note", "") or ""), MappingProxyType(fields))
    if c.problems:
        raise RegimeError(c.problems)
    return FormSet(kind, version, regime_code, valid_from, valid_to, MappingProxyType(entries), source)


def load_file(path: Path) -> FormSet:
    return parse(path.read_text(encoding="utf-8"), path.name)


@functools.lru_cache(maxsize=1)
def shipped() -> tuple[FormSet, ...]:
    problems, sets = [], []
    for path in sorted(FORMS_DIR.glob("*.yaml")):
        try:
            sets.append(load_file(path))
        except RegimeError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RegimeError(problems)
    return tuple(sorted(sets, key=lambda s: (s.kind, s.valid_from)))


def form_set_on(kind: str, on: dt.date) -> FormSet:
    """The version of `kind` in force on `on` (the earliest one before any was in force)."""
    candidates = [s for s in shipped() if s.kind == kind]
    return next((s for s in reversed(candidates) if s.covers(on)), None) or candidates[0]


def form_set(kind: str, version: str) -> FormSet:
    for candidate in shipped():
        if candidate.kind == kind and candidate.version == version:
            return candidate
    raise KeyError(f"{kind} {version}")
