"""What the rules page and the API show of a regime: plain structures built from the
loaded data, so templates and serializers do no rule logic of their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bmnn.core.levels import Level
from bmnn.rulebook import loader
from bmnn.rulebook.loader import Act, AuthorityClass, Grant, Regime, Rule


def basis_dict(rule: Rule) -> dict:
    return {"text": rule.basis.text.code, "article": rule.basis.article, "citation": rule.citation}


def rule_dict(rule: Rule) -> dict:
    return {"id": rule.id, "title": rule.title, "basis": basis_dict(rule), "verified": rule.verified,
            "note": rule.note}


@dataclass
class Cell:
    level: str
    grants: list[Grant]

    @property
    def verified(self) -> bool:
        return all(g.verified for g in self.grants)


@dataclass
class MatrixRow:
    act: Act
    cells: list[Cell]


def levels_desc() -> list[str]:
    return list(reversed(loader.LEVEL_CODES))


def matrix(regime: Regime) -> list[MatrixRow]:
    """Decision acts × levels (highest first) → the grants that apply."""
    rows = []
    for act in regime.acts.values():
        if act.kind != "decision":
            continue
        rows.append(MatrixRow(act, [Cell(level, [g for g in act.grants if level in g.levels])
                                    for level in levels_desc()]))
    return rows


@dataclass
class ClassCell:
    levels: list[str]  # highest first
    verified: bool

    @property
    def highest(self) -> str:
        return self.levels[0] if self.levels else ""

    @property
    def and_below(self) -> bool:
        """Every level from the highest down to Mật (the usual case): shown as "… trở xuống"."""
        return bool(self.levels) and self.levels == levels_desc()[levels_desc().index(self.highest):]


@dataclass
class ClassRow:
    cls: AuthorityClass
    cells: list[ClassCell]  # per decision act


def class_table(regime: Regime) -> tuple[list[Act], list[ClassRow]]:
    """Authority classes × decision acts → the levels each class may decide."""
    acts = [a for a in regime.acts.values() if a.kind == "decision"]
    rows = []
    for cls in regime.classes.values():
        cells = []
        for act in acts:
            grants = {level: regime.grant_for(act.code, level, cls.code) for level in levels_desc()}
            found = [level for level, grant in grants.items() if grant is not None]
            cells.append(ClassCell(found, all(grants[level].verified for level in found)))
        rows.append(ClassRow(cls, cells))
    return acts, rows


def class_names(regime: Regime, codes) -> list[str]:
    return [regime.classes[c].name for c in regime.classes if c in set(codes)]


def regime_dict(regime: Regime, *, full: bool = True) -> dict:
    """The regime as JSON-ready data (API)."""
    data = {
        "code": regime.code, "name": regime.name, "description": regime.description,
        "valid_from": regime.valid_from.isoformat(),
        "valid_to": regime.valid_to.isoformat() if regime.valid_to else None,
        "source": regime.source, "rules": len(regime.rules()), "unverified": len(regime.unverified_rules()),
    }
    if not full:
        return data
    data["texts"] = [{"code": t.code, "citation": t.citation, "title": t.title, "note": t.note}
                     for t in regime.texts.values()]
    data["levels"] = [{
        "code": lv.code, "name": lv.name, **rule_dict(lv),
        "stamp": {"text": lv.stamp_text, **rule_dict(lv.stamp)},
        "envelope": {"letter": lv.envelope_letter, "count": lv.envelope_count, **rule_dict(lv.envelope)},
        "protection_period": {"years": lv.period_years, **rule_dict(lv.period)},
    } for lv in regime.levels.values()]
    data["protection_periods"] = [{"key": p.key, "description": p.description, "values": dict(p.values),
                                   **rule_dict(p)} for p in regime.period_rules.values()]
    data["authority_classes"] = [{"code": c.code, "name": c.name, "head": c.head, "art11": c.art11,
                                  "obsolete": c.obsolete, **rule_dict(c)} for c in regime.classes.values()]
    data["acts"] = [act_dict(a) for a in regime.acts.values()]
    data["deadlines"] = [{"key": d.key, "days": d.days, "description": d.description, **rule_dict(d)}
                         for d in regime.deadlines.values()]
    data["requirements"] = [{"key": r.key, "value": r.value, "severity": r.severity, "description": r.description,
                             **rule_dict(r)} for r in regime.requirements.values()]
    data["unverified_rules"] = [rule_dict(r) for r in regime.unverified_rules()]
    return data


def act_dict(act: Act) -> dict:
    return {
        "code": act.code, "name": act.name, "kind": act.kind, **rule_dict(act),
        "grants": [{"levels": list(g.levels), "classes": sorted(g.classes), **rule_dict(g)} for g in act.grants],
        "delegation": ({"allowed": act.delegation.allowed, "delegator_min_level": act.delegation.delegator_min_level
                        or None, **rule_dict(act.delegation)} if act.delegation else None),
        "performed_by": ({"roles": list(act.performed_by.roles), "assigned": act.performed_by.assigned,
                          "description": act.performed_by.description, **rule_dict(act.performed_by)}
                         if act.performed_by else None),
    }


def override_dict(override) -> dict:
    return {"id": override.pk, "act": override.act, "level": override.level,
            "authority_class": override.authority_class, "effect": override.effect,
            "reference": override.reference, "reason": override.reason,
            "valid_from": override.valid_from.isoformat(),
            "valid_to": override.valid_to.isoformat() if override.valid_to else None,
            "revoked_on": override.revoked_on.isoformat() if override.revoked_on else None}


def override_status(override, on: dt.date) -> str:
    if override.revoked_on is not None and on >= override.revoked_on:
        return "revoked"
    if on < override.valid_from:
        return "future"
    if override.valid_to is not None and on > override.valid_to:
        return "expired"
    return "active"


def level_name(regime: Regime | None, code: str) -> str:
    if regime is not None and code in regime.levels:
        return regime.levels[code].name
    return Level(code).label
