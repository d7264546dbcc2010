"""The installation's own overrides of the rulebook's authority matrix (a body's
quy chế). The law itself lives in the regime data files, not in the database."""

from django.db import models

from bmnn.core.levels import Level
from bmnn.org.models import Effective, EffectiveQuerySet, Person


class OverrideEffect(models.TextChoices):
    ALLOW = "allow", "Cho phép"
    DENY = "deny", "Không cho phép"


class AuthorityOverride(Effective):
    act = models.CharField(max_length=40, verbose_name="Việc")
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name="Độ mật")
    authority_class = models.CharField(max_length=60, verbose_name="Nhóm thẩm quyền")
    effect = models.CharField(max_length=10, choices=OverrideEffect.choices, verbose_name="Hiệu lực")
    reference = models.CharField(max_length=200, verbose_name="Căn cứ (quy chế của cơ quan)")
    reason = models.CharField(max_length=500, verbose_name="Lý do")
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name="Người tạo")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_on = models.DateField(null=True, blank=True, verbose_name="Ngày bãi bỏ")

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = "Quy định riêng về thẩm quyền"
        verbose_name_plural = "Quy định riêng về thẩm quyền"

    def __str__(self) -> str:
        return f"{self.act}/{self.level}/{self.authority_class}: {self.effect}"
