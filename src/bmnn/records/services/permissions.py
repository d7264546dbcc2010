"""Who keeps the registers: the unit's registry clerk (văn thư) or state-secret
officer, or their leader; the system administrator does not (sees no secrets)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from bmnn.core.errors import Refused
from bmnn.org import selectors
from bmnn.org.models import Role

KEEPER_ROLES = (Role.CLERK, Role.SECURITY_OFFICER, Role.LEADER, Role.DEPUTY)
KEEPER_BASIS = "Điều 7 Nghị định 26/2020/NĐ-CP; Điều 12 Luật BVBMNN 2018"


def require_register_keeper(actor, unit, on) -> None:
    if not selectors.holds_role(actor, KEEPER_ROLES, [unit.pk], on):
        raise Refused(_("Chỉ văn thư, cán bộ bảo mật hoặc lãnh đạo của đơn vị mới được ghi, hủy dòng hoặc khóa sổ."),
                      rule="registers.keeper_only", basis=KEEPER_BASIS)
