"""The installation's own overrides of the rulebook's authority matrix (a body's
quy chế). The law itself lives in the regime data files, not in the database.

An override is effective-dated and never deleted: revoking it sets `revoked_on`
(the first day it no longer applies), so every past decision can be re-judged."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.org.models import Effective, EffectiveQuerySet, Person


class OverrideEffect(models.TextChoices):
    ALLOW = "allow", _("Cho phép")
    DENY = "deny", _("Không cho phép")


class AuthorityOverrideQuerySet(EffectiveQuerySet):
    def active_on(self, on: dt.date):
        """Valid on `on` and not revoked by then."""
        return self.valid_on(on).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=on))


class AuthorityOverride(Effective):
    act = models.CharField(max_length=40, verbose_name=_("Việc"))
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật"))
    authority_class = models.CharField(max_length=60, verbose_name=_("Nhóm thẩm quyền"))
    effect = models.CharField(max_length=10, choices=OverrideEffect.choices, verbose_name=_("Hiệu lực"))
    reference = models.CharField(max_length=200, verbose_name=_("Căn cứ (quy chế của cơ quan)"))
    reason = models.CharField(max_length=500, verbose_name=_("Lý do"))
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("Người tạo"))
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày bãi bỏ"))
    revoked_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Người bãi bỏ"))
    revoke_reason = models.CharField(max_length=500, blank=True, verbose_name=_("Lý do bãi bỏ"))

    objects = AuthorityOverrideQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("Quy định riêng về thẩm quyền")
        verbose_name_plural = _("Quy định riêng về thẩm quyền")
        indexes = [models.Index(fields=["act", "level"], name="rulebook_override_act_level")]

    def __str__(self) -> str:
        return f"{self.act}/{self.level}/{self.authority_class}: {self.effect}"

    def is_active_on(self, on: dt.date) -> bool:
        return self.is_valid_on(on) and (self.revoked_on is None or on < self.revoked_on)
