"""Who sees the register of computers, their reports and violations, and who may
import a report or close a violation.

The register is the business of those who answer for a unit's secrets and those
who inspect it:

- the state-secret officer, the leader and the deputy of the computer's unit or of
  a unit above it (holds_role looks upwards: a body's officer oversees its divisions);
- an inspector of the police (role `inspector`, PA03), for the units their access
  assignment covers;

and in both cases only within an active access assignment (clearance) covering the
unit. Everyone else: 404, absent from lists and counts.

A machine's existence, its facts, verdict and violations are not secrets of the
level of the files found on it: the register is visible at any level of clearance
(Mật at least, as every protected thing), so the officer who must act on a
violation sees it even when a file on the machine is above his clearance. What is
sensitive is each marked file's path and stamp lines (a path can carry a
document's title): those are shown only for files whose level the viewer's
clearance covers (`readable_levels`); the others are counted per level
(selectors.files_for)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext as _

from bmnn.core.access import ProtectedQuerySet, clearance, levels_at, today
from bmnn.core.errors import Refused
from bmnn.org import selectors
from bmnn.org.models import Role, Tenure, Unit

OVERSEER_ROLES = (Role.SECURITY_OFFICER, Role.LEADER, Role.DEPUTY)
INSPECTOR_ROLES = (Role.INSPECTOR,)
OVERSIGHT_BASIS = ("Điều 25 khoản 2, Điều 24 khoản 2 điểm đ Luật BVBMNN 2018; "
                   "Điều 7 Nghị định 26/2020/NĐ-CP")


def overseen_unit_ids(person, on: dt.date) -> set[int]:
    """Units where `person` is officer, leader or deputy, with every unit below them."""
    if person is None or not getattr(person, "is_authenticated", False):
        return set()
    roots = Tenure.objects.held_on(on).filter(person=person, position__role__in=OVERSEER_ROLES).values_list(
        "position__unit_id", flat=True)
    roots = set(roots)
    return Unit.objects.descendant_ids(roots) if roots else set()


def is_inspector(person, on: dt.date) -> bool:
    return selectors.holds_role(person, INSPECTOR_ROLES, None, on)


def need_to_know_q(person, on: dt.date, prefix: str = "") -> models.Q:
    """The role condition (the clearance condition is the access filter's own)."""
    if is_inspector(person, on):
        return models.Q()  # their clearance's units are exactly what they inspect
    return models.Q(**{f"{prefix}unit_id__in": overseen_unit_ids(person, on)})


class RegisterQuerySet(ProtectedQuerySet):
    """The access filter without its level condition (module docstring): an active
    assignment covering the object's unit, then the role condition."""

    level_field = None

    def visible_to(self, person, on: dt.date | None = None):
        on = on or today()
        levels, units = clearance(person, on)
        if not levels or not units:
            return self.none()
        return self.filter(self.covered_units_q(units, person, on)).filter(self.need_to_know_q(person, on))


class ComputerQuerySet(RegisterQuerySet):
    unit_field = "unit"

    def need_to_know_q(self, person, on):
        return need_to_know_q(person, on)


class ViolationQuerySet(RegisterQuerySet):
    unit_field = "computer__unit"

    def need_to_know_q(self, person, on):
        return need_to_know_q(person, on, prefix="computer__")


def readable_levels(person, unit_id: int, on: dt.date | None = None) -> set[str]:
    """The levels of marked files whose path and stamp lines `person` may read on a
    computer of that unit: those their assignments give at that unit."""
    return set(levels_at(person, unit_id, on or today()))


def may_oversee(person, unit, on: dt.date | None = None) -> bool:
    """Whether `person` may import reports for `unit` and handle its violations."""
    on = on or today()
    _levels, covered = clearance(person, on)
    if unit.pk not in covered:
        return False
    return is_inspector(person, on) or selectors.holds_role(person, OVERSEER_ROLES, [unit.pk], on)


def require_oversight(actor, unit, on: dt.date | None = None) -> None:
    if not may_oversee(actor, unit, on):
        raise Refused(_("Chỉ cán bộ bảo mật, lãnh đạo của %(unit)s (hoặc của đơn vị cấp trên) hoặc cán bộ kiểm tra "
                        "của Công an được giao tiếp cận bí mật nhà nước của đơn vị này mới được nhập kết quả quét "
                        "và xử lý vi phạm trên máy tính của đơn vị.") % {"unit": unit.name},
                      rule="computers.oversight_only", basis=OVERSIGHT_BASIS)


def overseeable_units(person, on: dt.date | None = None):
    """The units `person` may import reports for (the upload page's choices)."""
    on = on or today()
    _levels, covered = clearance(person, on)
    if not covered:
        return Unit.objects.none()
    ids = covered if is_inspector(person, on) else covered & overseen_unit_ids(person, on)
    return selectors.vi_ordered(Unit.objects.filter(pk__in=ids).valid_on(on).select_related("parent"))
