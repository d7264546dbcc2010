"""Who keeps the registers: the unit's registry clerk (văn thư) or state-secret
officer, or their leader (in the unit or a unit above it: a body's văn thư keeps the
registers of its divisions that have none of their own); the system administrator
does not (sees no secrets).

The same people may read a unit's registers; to everyone else the unit's
registers do not exist (404), as for any protected object."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _

from bmnn.core.access import today
from bmnn.core.errors import Refused
from bmnn.org import selectors
from bmnn.org.models import Role, Unit

KEEPER_ROLES = (Role.CLERK, Role.SECURITY_OFFICER, Role.LEADER, Role.DEPUTY)
KEEPER_BASIS = "Điều 7 Nghị định 26/2020/NĐ-CP; Điều 12 Luật BVBMNN 2018"


def is_register_keeper(person, unit, on: dt.date | None = None) -> bool:
    return selectors.holds_role(person, KEEPER_ROLES, [unit.pk], on or today())


def require_register_keeper(actor, unit, on) -> None:
    if not is_register_keeper(actor, unit, on):
        raise Refused(_("Chỉ văn thư, cán bộ bảo mật hoặc lãnh đạo của đơn vị mới được ghi, hủy dòng hoặc khóa sổ "
                        "đăng ký bí mật nhà nước của %(unit)s.") % {"unit": unit.name},
                      rule="registers.keeper_only", basis=KEEPER_BASIS)


def require_register_reader(person, unit, on: dt.date | None = None) -> None:
    """404 unless `person` keeps the unit's registers: who may not read them does not learn they exist."""
    if not is_register_keeper(person, unit, on):
        raise Http404(_("Không tìm thấy."))


def units_kept_by(person, on: dt.date | None = None) -> list[Unit]:
    """The units whose registers `person` keeps: those of their keeper posts and the units below."""
    on = on or today()
    if person is None or not getattr(person, "is_authenticated", False):
        return []
    from bmnn.org.models import Tenure

    roots = Tenure.objects.held_on(on).filter(person=person, position__role__in=KEEPER_ROLES).values_list(
        "position__unit_id", flat=True)
    ids = Unit.objects.descendant_ids(set(roots))
    return list(selectors.vi_ordered(Unit.objects.filter(pk__in=ids)))
