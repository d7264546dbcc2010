"""Who must use the second factor.

Required for system administrators and for anyone holding an access assignment
valid today that is not revoked — even before the commitment is signed, because
the assignment is what will open secret items to the account. A person who
enrolled voluntarily is asked for the factor too: enrolment is a promise."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from bmnn.accounts.models import SecondFactor


def factor_required(person, on=None) -> bool:
    if person is None or not person.is_authenticated:
        return False
    if person.is_system_admin:
        return True
    from bmnn.org.models import AccessAssignment

    on = on or timezone.localdate()
    # An assignment whose revocation takes effect later is still in force today.
    return (AccessAssignment.objects.valid_on(on)
            .filter(person=person)
            .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))
            .exists())


def factor_enrolled(person) -> bool:
    if person is None or not person.is_authenticated:
        return False
    return SecondFactor.objects.filter(person=person, confirmed_at__isnull=False).exists()


def factor_applies(person, on=None) -> bool:
    """The person must pass a second factor after the password."""
    return factor_enrolled(person) or factor_required(person, on)


def required_reason(person, on=None) -> str:
    """Why the person is asked for the second factor, in one Vietnamese sentence."""
    from django.utils.translation import gettext as _

    if person.is_system_admin:
        return _("Bạn là quản trị hệ thống, nên tài khoản phải được bảo vệ bằng xác thực hai lớp.")
    if factor_required(person, on):
        return _("Bạn được giao tiếp cận bí mật nhà nước, nên tài khoản phải được bảo vệ bằng xác thực hai lớp "
                 "(mật khẩu và mã từ ứng dụng xác thực trên điện thoại).")
    return _("Bạn đã đăng ký xác thực hai lớp cho tài khoản này.")
