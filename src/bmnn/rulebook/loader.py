"""The law as data: load and validate the regime files (regimes/*.yaml).

A regime is everything the system needs to judge an act on a date: the texts it
cites, the levels with their stamps, envelopes and protection periods, the
catalogue of authority classes, who may decide each act at which level, whether
the act may be delegated, deadlines and other requirements. Each of those is a
*rule* with its legal basis and a `verified` flag (✔ read in the legal text →
true; ◐ or UNVERIFIED → false).

Nothing in this module imports Django models, so `bmnn rulebook check` can judge a
file before it is installed. A malformed file is refused whole, with every problem
named by file and field path, e.g.
``2026.yaml: acts.reproduce.grants[2].classes[0]: nhóm thẩm quyền 'foo' không có trong danh mục``.

The file format is described in docs/rulebook.md."""

from __future__ import annotations

import datetime as dt
import functools
import string
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

import yaml
from django.utils.translation import gettext

REGIME_DIR = Path(__file__).resolve().parent / "regimes"
SCHEMA_VERSION = 1

# Fixed vocabularies. Levels and acts are part of the code (services call them by
# name); everything a law can change about them lives in the files.
LEVEL_CODES = ("MAT", "TOI_MAT", "TUYET_MAT")  # ordered, as bmnn.core.levels
ACT_CODES = (
    "classify", "reproduce", "deliver", "receive", "carry_out_domestic", "carry_out_abroad",
    "provide_domestic", "provide_foreign", "extend", "adjust", "declassify", "destroy", "recall",
    "assign_access", "meeting_domestic", "meeting_foreign",
)
ACT_KINDS = ("decision", "performance")
# Position roles (bmnn.org.models.Role); a test keeps the two in step.
ROLE_CODES = ("leader", "deputy", "security_officer", "clerk", "inspector", "staff")
DEADLINE_KEYS = ("extension_before_expiry", "expiry_alert", "extension_notice", "adjustment_notice",
                 "declassification_notice", "list_removal_notice", "emergency_destruction_report")
REQUIREMENT_VALUES = {
    "list_entry_required": (True,),
    "tuyet_mat_summary": ("with_classifier_consent", "never", "allowed"),
    "extension_max_is_base_period": (True, False),
    # Meetings with secret content (Decree 26 Art. 6): devices allowed in the room per level, whose attendees are
    # security-checked, the venue and equipment checks, sealing the room, recovering documents.
    "meeting_devices_tuyet_mat": ("forbidden", "chair_decides"),
    "meeting_devices_toi_mat": ("forbidden", "chair_decides"),
    "meeting_devices_mat": ("forbidden", "chair_decides"),
    "meeting_attendee_check": ("tuyet_mat", "all_levels"),
    "meeting_venue": ("hq_closed_room_or_police_check",),
    "meeting_equipment": ("checked_or_cipher",),
    "meeting_protection_plan": (True,),
    "meeting_room_sealing": ("each_day_when_multi_day",),
    "meeting_documents_recovered": (True,),
    # The annual report (Decree 26 Art. 8): its data window, 15/12 of the previous year to 14/12.
    "annual_report": ("15_12_to_14_12",),
}
REQUIREMENT_SEVERITIES = ("requirement", "prohibited_act")
PERIOD_RULE_KEYS = ("start", "activity", "place", "extension")


class RegimeError(ValueError):
    """A regime file that cannot be used. `problems` lists every "file: path: message"."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


# --- The loaded, immutable regime --------------------------------------------------------

@dataclass(frozen=True)
class Text:
    code: str
    citation: str  # short, as cited in a sentence: "Luật BVBMNN 2018"
    title: str
    note: str = ""


@dataclass(frozen=True)
class Basis:
    text: Text
    article: str  # "Điều 11 khoản 2"; empty only where the article is not known

    @property
    def citation(self) -> str:
        return f"{self.article} {self.text.citation}".strip()

    def __str__(self) -> str:
        return self.citation


@dataclass(frozen=True)
class Rule:
    """Anything the law says that the system relies on. `id` is "<regime>:<path>"."""

    id: str
    title: str
    basis: Basis
    verified: bool
    note: str = ""

    @property
    def citation(self) -> str:
        return self.basis.citation


@dataclass(frozen=True)
class LevelRule(Rule):
    code: str = ""
    name: str = ""
    stamp: Rule | None = None
    stamp_text: str = ""
    envelope: Rule | None = None
    envelope_letter: str = ""
    envelope_count: int = 1
    period: Rule | None = None
    period_years: int = 0

    def rules(self) -> list[Rule]:
        return [self, self.stamp, self.envelope, self.period]


@dataclass(frozen=True)
class AuthorityClass(Rule):
    code: str = ""
    name: str = ""
    head: bool = False
    art11: str = ""  # the Art. 11 letter this class falls under, where there is one ("1.h")
    obsolete: bool = False  # kept so old positions still resolve; gives no authority


@dataclass(frozen=True)
class Group(Rule):
    code: str = ""
    classes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grant(Rule):
    """These classes may decide this act at these levels."""

    act: str = ""
    levels: tuple[str, ...] = ()
    classes: frozenset[str] = frozenset()  # resolved: named classes + groups + heads


@dataclass(frozen=True)
class DelegationRule(Rule):
    allowed: bool = False
    # For reproduction only Tuyệt mật/Tối mật authorities may delegate (Art. 11.5): the
    # delegator must hold the act directly at this level or above.
    delegator_min_level: str = ""


@dataclass(frozen=True)
class PerformerRule(Rule):
    """Acts done by staff rather than decided: who may do them."""

    roles: tuple[str, ...] = ()
    assigned: bool = False  # a person with an active access assignment covering the level and unit
    description: str = ""


@dataclass(frozen=True)
class Act(Rule):
    code: str = ""
    name: str = ""
    phrase: str = ""  # "cho phép sao, chụp tài liệu {level}"
    kind: str = "decision"
    grants: tuple[Grant, ...] = ()
    delegation: DelegationRule | None = None
    performed_by: PerformerRule | None = None

    def describe(self, level_name: str) -> str:
        return self.phrase.format(level=level_name)


@dataclass(frozen=True)
class Deadline(Rule):
    key: str = ""
    days: int = 0
    description: str = ""


@dataclass(frozen=True)
class DestructionMethod(Rule):
    """One way of destroying an item so that it cannot be restored (Law 2018 Art. 23.2),
    offered as a choice in destruction decisions and records."""

    code: str = ""
    name: str = ""
    applies_to: str = ""  # what it is for: paper, media…; shown next to the name


@dataclass(frozen=True)
class Requirement(Rule):
    key: str = ""
    value: Any = None
    severity: str = "requirement"
    description: str = ""


@dataclass(frozen=True)
class PeriodRule(Rule):
    key: str = ""
    description: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Regime:
    code: str
    name: str
    description: str
    valid_from: dt.date
    valid_to: dt.date | None
    source: str  # file name
    texts: Mapping[str, Text]
    levels: Mapping[str, LevelRule]
    period_rules: Mapping[str, PeriodRule]
    classes: Mapping[str, AuthorityClass]
    groups: Mapping[str, Group]
    acts: Mapping[str, Act]
    deadlines: Mapping[str, Deadline]
    requirements: Mapping[str, Requirement]
    # Optional section: a regime without it offers no method (the destruction area refuses).
    destruction_methods: Mapping[str, DestructionMethod] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.name

    def is_in_force(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def act(self, code: str) -> Act:
        try:
            return self.acts[code]
        except KeyError:
            raise ValueError(f"Việc '{code}' không có trong quy định (các việc: {', '.join(ACT_CODES)}).") from None

    def grant_for(self, act: str, level: str, authority_class: str) -> Grant | None:
        """The first grant letting `authority_class` decide `act` at `level`, if any."""
        if not authority_class or self.classes.get(authority_class) is None:
            return None
        if self.classes[authority_class].obsolete:
            return None
        for grant in self.act(act).grants:
            if level in grant.levels and authority_class in grant.classes:
                return grant
        return None

    def classes_for(self, act: str, level: str) -> list[AuthorityClass]:
        """Every class that may decide `act` at `level` (the matrix cell)."""
        codes = {c for g in self.act(act).grants if level in g.levels for c in g.classes}
        return [cls for code, cls in self.classes.items() if code in codes and not cls.obsolete]

    def rules(self) -> list[Rule]:
        """Every rule of the regime, in reading order."""
        out: list[Rule] = []
        for level in self.levels.values():
            out.extend(level.rules())
        out.extend(self.period_rules.values())
        out.extend(self.classes.values())
        out.extend(self.groups.values())
        for act in self.acts.values():
            out.append(act)
            out.extend(act.grants)
            out.extend(r for r in (act.delegation, act.performed_by) if r is not None)
        out.extend(self.deadlines.values())
        out.extend(self.requirements.values())
        out.extend(self.destruction_methods.values())
        return out

    def unverified_rules(self) -> list[Rule]:
        return [rule for rule in self.rules() if not rule.verified]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules() if r.id == rule_id), None)


# --- Validation --------------------------------------------------------------------------

class _Checker:
    """Walks the parsed YAML, collecting "file: path: message" problems."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(f"{self.source}: {path}: {message}" if path else f"{self.source}: {message}")

    def mapping(self, data: Any, path: str) -> dict | None:
        if not isinstance(data, dict):
            self.fail(path, "phải là một bảng (khóa: giá trị)")
            return None
        return data

    def sequence(self, data: Any, path: str) -> list | None:
        if not isinstance(data, list):
            self.fail(path, "phải là một danh sách")
            return None
        return data

    def get(self, data: dict, key: str, path: str, kind: type | tuple[type, ...], *, required: bool = True,
            default: Any = None, nonempty: bool = True) -> Any:
        where = f"{path}.{key}" if path else key
        if key not in data or data[key] is None:
            if required:
                self.fail(where, "thiếu trường bắt buộc")
            return default
        value = data[key]
        # bool is an int in Python; never accept one for the other.
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            self.fail(where, f"kiểu không hợp lệ ({_kind_name(kind)})")
            return default
        if nonempty and isinstance(value, str) and not value.strip():
            self.fail(where, "không được để trống")
            return default
        return value

    def date(self, data: dict, key: str, path: str, *, required: bool = True) -> dt.date | None:
        where = f"{path}.{key}" if path else key
        if key not in data or data[key] is None:
            if required:
                self.fail(where, "thiếu trường bắt buộc")
            return None
        value = data[key]
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(where, f"ngày không hợp lệ '{value}' (viết dạng YYYY-MM-DD)")
            return None
        return value

    def only(self, data: dict, path: str, *keys: str) -> None:
        """Refuse unknown keys: a misspelt field must not silently fall back to a default."""
        allowed = set(keys) | {"basis", "verified", "note"}
        unknown = sorted(str(k) for k in data if k not in allowed)
        if unknown:
            self.fail(path, f"trường không xác định: {', '.join(unknown)}")

    def level(self, value: Any, where: str) -> str | None:
        if value not in LEVEL_CODES:
            self.fail(where, f"độ mật '{value}' không hợp lệ (chỉ nhận {', '.join(LEVEL_CODES)})")
            return None
        return value


def _kind_name(kind) -> str:
    names = {str: "chuỗi", int: "số nguyên", bool: "true/false", list: "danh sách", dict: "bảng"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " hoặc ".join(names.get(k, k.__name__) for k in kinds)


class _Builder:
    """Builds a Regime from parsed YAML, validating as it goes."""

    def __init__(self, data: Any, source: str):
        self.c = _Checker(source)
        self.data = data
        self.code = ""
        self.texts: dict[str, Text] = {}
        self.classes: dict[str, AuthorityClass] = {}
        self.groups: dict[str, Group] = {}

    def rid(self, path: str) -> str:
        return f"{self.code}:{path}"

    def basis_and_flag(self, data: dict, path: str) -> tuple[Basis, bool, str]:
        c = self.c
        verified = c.get(data, "verified", path, bool, default=False)
        note = c.get(data, "note", path, str, required=False, default="")
        raw = c.get(data, "basis", path, dict, default=None)
        basis = Basis(Text("?", "?", "?"), "")
        if raw is not None:
            where = f"{path}.basis"
            text_code = c.get(raw, "text", where, str)
            article = c.get(raw, "article", where, str, nonempty=False, default="")
            if isinstance(article, str) and not article.strip() and verified:
                c.fail(f"{where}.article", "quy định đã xác minh phải ghi rõ điều, khoản")
            unknown = {k for k in raw if k not in ("text", "article")}
            if unknown:
                c.fail(where, f"trường không xác định: {', '.join(sorted(map(str, unknown)))}")
            if text_code is not None:
                if text_code not in self.texts:
                    c.fail(f"{where}.text", f"văn bản '{text_code}' không có trong mục texts")
                else:
                    basis = Basis(self.texts[text_code], (article or "").strip())
        return basis, bool(verified), note or ""

    def rule_fields(self, data: dict, path: str, title: str) -> dict:
        basis, verified, note = self.basis_and_flag(data, path)
        return {"id": self.rid(path), "title": title, "basis": basis, "verified": verified, "note": note}

    def fixed_entries(self, section: str, data: dict, keys: Iterable[str], *, unknown, missing: str):
        """A section whose keys the code fixes (levels, acts, deadlines, ...): every unknown key
        and every missing one is a problem; yields (key, path, mapping) for each usable entry,
        in the order of `keys`. `unknown(key)` words the problem for a key not in `keys`."""
        keys = tuple(keys)
        for key in data:
            if key not in keys:
                self.c.fail(f"{section}.{key}", unknown(key))
        for key in keys:
            path = f"{section}.{key}"
            if key not in data:
                self.c.fail(path, missing)
                continue
            raw = self.c.mapping(data[key], path)
            if raw is not None:
                yield key, path, raw

    # -- sections ---------------------------------------------------------------------------

    def build(self) -> Regime | None:
        c = self.c
        data = c.mapping(self.data, "")
        if data is None:
            return None
        schema = c.get(data, "schema", "", int)
        if schema is not None and schema != SCHEMA_VERSION:
            c.fail("schema", f"phiên bản định dạng {schema} không được hỗ trợ (cần {SCHEMA_VERSION})")
        self.code = str(c.get(data, "code", "", (str, int), default="?"))
        name = c.get(data, "name", "", str, default="")
        description = c.get(data, "description", "", str, required=False, default="")
        valid_from = c.date(data, "valid_from", "")
        valid_to = c.date(data, "valid_to", "", required=False)
        if valid_from and valid_to and valid_to < valid_from:
            c.fail("valid_to", "ngày hết hiệu lực trước ngày bắt đầu hiệu lực")
        self.texts = self.build_texts(c.get(data, "texts", "", dict, default={}))
        levels = self.build_levels(c.get(data, "levels", "", dict, default={}))
        periods = self.build_periods(c.get(data, "protection_periods", "", dict, default={}))
        self.classes = self.build_classes(c.get(data, "authority_classes", "", dict, default={}))
        self.groups = self.build_groups(c.get(data, "groups", "", dict, required=False, default={}))
        acts = self.build_acts(c.get(data, "acts", "", dict, default={}))
        deadlines = self.build_deadlines(c.get(data, "deadlines", "", dict, default={}))
        requirements = self.build_requirements(c.get(data, "requirements", "", dict, default={}))
        methods = self.build_destruction_methods(c.get(data, "destruction_methods", "", dict, required=False,
                                                       default={}))
        known = {"schema", "code", "name", "description", "valid_from", "valid_to", "texts", "levels",
                 "protection_periods", "authority_classes", "groups", "acts", "deadlines", "requirements",
                 "destruction_methods"}
        for key in data:
            if key not in known:
                c.fail(str(key), "mục không xác định")
        if c.problems:
            return None
        return Regime(
            code=self.code, name=name, description=description, valid_from=valid_from, valid_to=valid_to,
            source=c.source, texts=MappingProxyType(self.texts), levels=MappingProxyType(levels),
            period_rules=MappingProxyType(periods), classes=MappingProxyType(self.classes),
            groups=MappingProxyType(self.groups), acts=MappingProxyType(acts),
            deadlines=MappingProxyType(deadlines), requirements=MappingProxyType(requirements),
            destruction_methods=MappingProxyType(methods))

    def build_texts(self, data: dict) -> dict[str, Text]:
        c, out = self.c, {}
        if not data:
            c.fail("texts", "cần ít nhất một văn bản")
        for code, raw in data.items():
            path = f"texts.{code}"
            raw = c.mapping(raw, path)
            if raw is None:
                continue
            c.only(raw, path, "citation", "title")
            out[str(code)] = Text(str(code), c.get(raw, "citation", path, str, default="?"),
                                  c.get(raw, "title", path, str, default="?"),
                                  c.get(raw, "note", path, str, required=False, default=""))
        return out

    def build_levels(self, data: dict) -> dict[str, LevelRule]:
        c, out = self.c, {}
        # Highest first, as the law lists them and pages show them.
        for code, path, raw in self.fixed_entries(
                "levels", data, reversed(LEVEL_CODES), missing="thiếu độ mật",
                unknown=lambda code: f"độ mật '{code}' không hợp lệ (chỉ nhận {', '.join(LEVEL_CODES)})"):
            c.only(raw, path, "name", "stamp", "envelope", "protection_period")
            name = c.get(raw, "name", path, str, default="")
            parts = {}
            for part, title in (("stamp", "Dấu chỉ độ mật"), ("envelope", "Ký hiệu trên bì"),
                                ("protection_period", "Thời hạn bảo vệ")):
                sub = c.get(raw, part, path, dict, default=None)
                if sub is not None:
                    c.only(sub, f"{path}.{part}", {"stamp": "text", "envelope": "letter",
                                                   "protection_period": "years"}[part], "count")
                parts[part] = (sub, self.rule_fields(sub, f"{path}.{part}", f"{title} {name}")
                               if sub is not None else None)
            stamp, envelope, period = parts["stamp"], parts["envelope"], parts["protection_period"]
            years = c.get(period[0], "years", f"{path}.protection_period", int, default=0) if period[0] else 0
            if period[0] is not None and years is not None and years <= 0:
                c.fail(f"{path}.protection_period.years", "phải là số năm dương")
            letter = c.get(envelope[0], "letter", f"{path}.envelope", str, default="") if envelope[0] else ""
            count = (c.get(envelope[0], "count", f"{path}.envelope", int, required=False, default=1)
                     if envelope[0] else 1)
            out[code] = LevelRule(
                **self.rule_fields(raw, path, f"Độ {name}"), code=code, name=name,
                stamp=Rule(**stamp[1]) if stamp[1] else None,
                stamp_text=c.get(stamp[0], "text", f"{path}.stamp", str, default="") if stamp[0] else "",
                envelope=Rule(**envelope[1]) if envelope[1] else None, envelope_letter=letter,
                envelope_count=count, period=Rule(**period[1]) if period[1] else None, period_years=years or 0)
        return out

    def build_periods(self, data: dict) -> dict[str, PeriodRule]:
        c, out = self.c, {}
        for key, path, raw in self.fixed_entries("protection_periods", data, PERIOD_RULE_KEYS,
                                                 unknown=lambda key: "quy định không xác định",
                                                 missing="thiếu quy định"):
            description = c.get(raw, "description", path, str, default="")
            values = {k: v for k, v in raw.items() if k not in ("description", "basis", "verified", "note")}
            out[key] = PeriodRule(**self.rule_fields(raw, path, description), key=key, description=description,
                                  values=MappingProxyType(values))
        return out

    def build_classes(self, data: dict) -> dict[str, AuthorityClass]:
        c, out = self.c, {}
        if not data:
            c.fail("authority_classes", "danh mục nhóm thẩm quyền trống")
        for code, raw in data.items():
            path = f"authority_classes.{code}"
            raw = c.mapping(raw, path)
            if raw is None:
                continue
            if not str(code).replace("_", "").isalnum() or str(code) != str(code).lower():
                c.fail(path, "mã nhóm thẩm quyền viết thường, chữ Latin và dấu gạch dưới (snake_case)")
            c.only(raw, path, "name", "head", "art11", "obsolete")
            name = c.get(raw, "name", path, str, default="")
            out[str(code)] = AuthorityClass(
                **self.rule_fields(raw, path, name), code=str(code), name=name,
                head=c.get(raw, "head", path, bool, default=False),
                art11=str(c.get(raw, "art11", path, (str, int), required=False, default="")),
                obsolete=c.get(raw, "obsolete", path, bool, required=False, default=False))
        for needed in ("deputy", "none"):
            if needed not in out and data:
                c.fail(f"authority_classes.{needed}", "thiếu nhóm bắt buộc")
        return out

    def class_list(self, values: Any, where: str) -> list[str]:
        values = self.c.sequence(values, where)
        out = []
        for i, code in enumerate(values or []):
            if code not in self.classes:
                self.c.fail(f"{where}[{i}]", f"nhóm thẩm quyền '{code}' không có trong danh mục")
            else:
                out.append(code)
        return out

    def build_groups(self, data: dict) -> dict[str, Group]:
        c, out = self.c, {}
        for code, raw in data.items():
            path = f"groups.{code}"
            raw = c.mapping(raw, path)
            if raw is None:
                continue
            c.only(raw, path, "name", "classes")
            name = c.get(raw, "name", path, str, default="")
            classes = self.class_list(c.get(raw, "classes", path, list, default=[]), f"{path}.classes")
            out[str(code)] = Group(**self.rule_fields(raw, path, name), code=str(code), classes=tuple(classes))
        return out

    def build_acts(self, data: dict) -> dict[str, Act]:
        out = {}
        for code, path, raw in self.fixed_entries(
                "acts", data, ACT_CODES, missing="thiếu quy định về việc này",
                unknown=lambda code: f"việc '{code}' không xác định (các việc: {', '.join(ACT_CODES)})"):
            out[code] = self.build_act(code, raw, path)
        return out

    def build_act(self, code: str, raw: dict, path: str) -> Act:
        c = self.c
        c.only(raw, path, "name", "phrase", "kind", "grants", "delegation", "performed_by")
        name = c.get(raw, "name", path, str, default="")
        phrase = c.get(raw, "phrase", path, str, default="{level}")
        fields = [f for _, f, _, _ in string.Formatter().parse(phrase) if f is not None]
        if fields != ["level"]:
            c.fail(f"{path}.phrase", "phải chứa đúng một chỗ {level}")
        kind = c.get(raw, "kind", path, str, default="decision")
        if kind not in ACT_KINDS:
            c.fail(f"{path}.kind", f"loại '{kind}' không hợp lệ (chỉ nhận {', '.join(ACT_KINDS)})")
        grants = []
        raw_grants = c.get(raw, "grants", path, list, required=kind == "decision", default=[])
        if kind == "decision" and raw_grants == [] and "grants" in raw:
            c.fail(f"{path}.grants", "việc phải quyết định cần ít nhất một nhóm có thẩm quyền")
        seen_ids: set[str] = set()
        for i, g in enumerate(raw_grants or []):
            grant = self.build_grant(code, g, f"{path}.grants[{i}]")
            if grant is not None:
                if grant.id in seen_ids:
                    c.fail(f"{path}.grants[{i}].id", "mã quy định bị trùng")
                seen_ids.add(grant.id)
                grants.append(grant)
        delegation = None
        raw_del = c.get(raw, "delegation", path, dict, required=kind == "decision", default=None)
        if raw_del is not None:
            dpath = f"{path}.delegation"
            c.only(raw_del, dpath, "allowed", "delegator_min_level")
            min_level = c.get(raw_del, "delegator_min_level", dpath, str, required=False, default="")
            if min_level:
                c.level(min_level, f"{dpath}.delegator_min_level")
            delegation = DelegationRule(
                **{**self.rule_fields(raw_del, dpath, f"Ủy quyền: {name}"), "id": self.rid(f"{code}.delegation")},
                allowed=c.get(raw_del, "allowed", dpath, bool, default=False), delegator_min_level=min_level or "")
        performed = None
        raw_perf = c.get(raw, "performed_by", path, dict, required=kind == "performance", default=None)
        if raw_perf is not None:
            ppath = f"{path}.performed_by"
            c.only(raw_perf, ppath, "roles", "assigned", "description")
            roles = c.get(raw_perf, "roles", ppath, list, default=[])
            for i, role in enumerate(roles or []):
                if role not in ROLE_CODES:
                    c.fail(f"{ppath}.roles[{i}]", f"vai trò '{role}' không hợp lệ (chỉ nhận {', '.join(ROLE_CODES)})")
            description = c.get(raw_perf, "description", ppath, str, default="")
            performed = PerformerRule(
                **{**self.rule_fields(raw_perf, ppath, f"Người thực hiện: {name}"),
                   "id": self.rid(f"{code}.performed_by")}, roles=tuple(roles or ()),
                assigned=c.get(raw_perf, "assigned", ppath, bool, required=False, default=False),
                description=description)
        return Act(**{**self.rule_fields(raw, path, name), "id": self.rid(code)}, code=code, name=name,
                   phrase=phrase, kind=kind,
                   grants=tuple(grants), delegation=delegation, performed_by=performed)

    def build_grant(self, act: str, raw: Any, path: str) -> Grant | None:
        c = self.c
        raw = c.mapping(raw, path)
        if raw is None:
            return None
        gid = c.get(raw, "id", path, str, default="?")
        levels = [c.level(lv, f"{path}.levels[{i}]") for i, lv in enumerate(c.get(raw, "levels", path, list,
                                                                                   default=[]) or [])]
        if "levels" in raw and not raw["levels"]:
            c.fail(f"{path}.levels", "cần ít nhất một độ mật")
        classes = set(self.class_list(raw["classes"], f"{path}.classes")) if "classes" in raw else set()
        for i, group in enumerate(c.get(raw, "groups", path, list, required=False, default=[]) or []):
            if group not in self.groups:
                c.fail(f"{path}.groups[{i}]", f"nhóm '{group}' không có trong mục groups")
            else:
                classes.update(self.groups[group].classes)
        if c.get(raw, "heads", path, bool, required=False, default=False):
            classes.update(code for code, cls in self.classes.items() if cls.head and not cls.obsolete)
        if not classes and not any(k in raw for k in ("classes", "groups", "heads")):
            c.fail(path, "cần ít nhất một trong classes, groups hoặc heads")
        c.only(raw, path, "id", "levels", "classes", "groups", "heads", "title")
        title = c.get(raw, "title", path, str, required=False, default="") or gid
        fields = self.rule_fields(raw, path, title)
        fields["id"] = self.rid(f"{act}.{gid}")
        return Grant(**fields, act=act, levels=tuple(lv for lv in levels if lv), classes=frozenset(classes))

    def build_deadlines(self, data: dict) -> dict[str, Deadline]:
        c, out = self.c, {}
        for key, path, raw in self.fixed_entries("deadlines", data, DEADLINE_KEYS,
                                                 unknown=lambda key: "thời hạn không xác định",
                                                 missing="thiếu thời hạn"):
            c.only(raw, path, "days", "description")
            days = c.get(raw, "days", path, int, default=0)
            if days is not None and days < 0:
                c.fail(f"{path}.days", "số ngày không được âm")
            description = c.get(raw, "description", path, str, default="")
            out[key] = Deadline(**self.rule_fields(raw, path, description), key=key, days=days or 0,
                                description=description)
        return out

    def build_requirements(self, data: dict) -> dict[str, Requirement]:
        c, out = self.c, {}
        for key, path, raw in self.fixed_entries("requirements", data, REQUIREMENT_VALUES,
                                                 unknown=lambda key: "yêu cầu không xác định",
                                                 missing="thiếu yêu cầu"):
            allowed = REQUIREMENT_VALUES[key]
            c.only(raw, path, "value", "severity", "description")
            value = raw.get("value")
            if value not in allowed or isinstance(value, bool) != isinstance(allowed[0], bool):
                c.fail(f"{path}.value", f"giá trị '{value}' không hợp lệ (chỉ nhận {', '.join(map(str, allowed))})")
            severity = c.get(raw, "severity", path, str, required=False, default="requirement")
            if severity not in REQUIREMENT_SEVERITIES:
                c.fail(f"{path}.severity", f"mức '{severity}' không hợp lệ")
            description = c.get(raw, "description", path, str, default="")
            out[key] = Requirement(**self.rule_fields(raw, path, description), key=key, value=value,
                                   severity=severity, description=description)
        return out


    def build_destruction_methods(self, data: dict) -> dict[str, DestructionMethod]:
        c, out = self.c, {}
        for code, raw in data.items():
            path = f"destruction_methods.{code}"
            raw = c.mapping(raw, path)
            if raw is None:
                continue
            c.only(raw, path, "name", "applies_to")
            name = c.get(raw, "name", path, str, default="")
            out[str(code)] = DestructionMethod(**self.rule_fields(raw, path, name), code=str(code), name=name,
                                               applies_to=c.get(raw, "applies_to", path, str, required=False,
                                                                default=""))
        return out


# --- Loading -----------------------------------------------------------------------------

def parse(text: str, source: str) -> Regime:
    """Build one regime from YAML text; RegimeError names every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"dòng {mark.line + 1}, cột {mark.column + 1}: " if mark else ""
        raise RegimeError([f"{source}: {where}không đọc được YAML ({getattr(exc, 'problem', exc)})"]) from None
    builder = _Builder(data, source)
    regime = builder.build()
    if regime is None:
        raise RegimeError(builder.c.problems)
    return regime


def load_file(path: str | Path) -> Regime:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RegimeError([f"{path.name}: không đọc được tệp ({exc})"]) from None
    return parse(text, path.name)


def check_set(regimes: Iterable[Regime]) -> list[str]:
    """Problems of a set of regimes taken together: unique codes, no two in force on one day."""
    problems = []
    ordered = sorted(regimes, key=lambda r: r.valid_from)
    codes = [r.code for r in ordered]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(f"mã chế độ '{code}' bị trùng")
    for earlier, later in zip(ordered, ordered[1:]):
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            problems.append(f"{later.source}: valid_from: chế độ {later.code} bắt đầu "
                            f"{later.valid_from:%d/%m/%Y} khi chế độ {earlier.code} ({earlier.source}) "
                            f"vẫn còn hiệu lực")
    return problems


def load_regimes(paths: Iterable[str | Path] | None = None) -> tuple[Regime, ...]:
    """Load and validate a set of regime files (default: the shipped ones), oldest first."""
    paths = sorted(REGIME_DIR.glob("*.yaml")) if paths is None else [Path(p) for p in paths]
    problems, regimes = [], []
    for path in paths:
        try:
            regimes.append(load_file(path))
        except RegimeError as exc:
            problems.extend(exc.problems)
    if not problems:
        problems.extend(check_set(regimes))
    if problems:
        raise RegimeError(problems)
    return tuple(sorted(regimes, key=lambda r: r.valid_from))


@functools.lru_cache(maxsize=1)
def _shipped() -> tuple[Regime, ...]:
    return load_regimes()


def regimes() -> tuple[Regime, ...]:
    """The shipped regimes, loaded once per process."""
    return _shipped()


def clear_cache() -> None:
    _shipped.cache_clear()


def regime_on(on: dt.date) -> Regime | None:
    """The regime in force on `on`, or None before the first one."""
    return next((r for r in regimes() if r.is_in_force(on)), None)


def get_regime(code: str) -> Regime:
    for regime in regimes():
        if regime.code == str(code):
            return regime
    raise KeyError(code)


def class_choices() -> list[tuple[str, str]]:
    """Every authority class of every regime (newest name wins), for position forms."""
    names: dict[str, str] = {}
    for regime in regimes():
        for code, cls in regime.classes.items():
            names[code] = cls.name + (f" ({gettext('không còn áp dụng')})" if cls.obsolete else "")
    return sorted(names.items(), key=lambda kv: (kv[0] in ("deputy", "none"), kv[1]))


def is_known_class(code: str) -> bool:
    return any(code in regime.classes for regime in regimes())
