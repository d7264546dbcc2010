"""Decisions on an item's protection period and level: extension of the protection period
(gia hạn thời hạn bảo vệ, Law 2018 Art. 20) and adjustment of the level (điều chỉnh độ
mật, Art. 21). Each row is the decision as recorded: who decided, by what authority, the
decision's number, and what it changed (previous and new expiry; previous and new level),
so that the item's history can be shown and printed as the stamps the law requires
(Mẫu 04 "Gia hạn thời hạn bảo vệ BMNN", Mẫu 06 for the adjustment)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from bmnn.core.levels import Level
from bmnn.org.models import Person, Unit


class _Decision(models.Model):
    """What every period decision records: the decision itself and the authority it used."""

    # The classifying body whose head decided (bmnn.records.services.periods.classifying_unit).
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Cơ quan quyết định"))
    decision_reference = models.CharField(max_length=120, verbose_name=_("Số, ký hiệu quyết định"))
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Người quyết định"))
    decided_on = models.DateField(verbose_name=_("Ngày quyết định"))
    # Secret content may be in the reason: it stays in this row, the ledger gets its hash.
    reason = models.TextField(verbose_name=_("Lý do"))
    authority_basis = models.CharField(max_length=300, blank=True, verbose_name=_("Căn cứ thẩm quyền"))
    via = models.CharField(max_length=20, blank=True)
    delegation = models.ForeignKey("org.Delegation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["item", "decided_on", "pk"]


class Extension(_Decision):
    """Gia hạn: the protection period moves from `previous_until` to `new_until`."""

    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="extensions")
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật khi gia hạn"))
    years = models.PositiveSmallIntegerField(default=0, verbose_name=_("Số năm gia hạn"))
    months = models.PositiveSmallIntegerField(default=0, verbose_name=_("Số tháng gia hạn"))
    previous_until = models.DateField(verbose_name=_("Thời hạn bảo vệ trước khi gia hạn"))
    new_until = models.DateField(verbose_name=_("Thời hạn bảo vệ sau khi gia hạn"))

    class Meta(_Decision.Meta):
        verbose_name = _("Gia hạn thời hạn bảo vệ")
        verbose_name_plural = _("Gia hạn thời hạn bảo vệ")

    def __str__(self) -> str:
        return f"{self.decision_reference} – {self.item}"

    @property
    def length_label(self) -> str:
        parts = []
        if self.years:
            parts.append(ngettext("%(n)s năm", "%(n)s năm", self.years) % {"n": self.years})
        if self.months:
            parts.append(ngettext("%(n)s tháng", "%(n)s tháng", self.months) % {"n": self.months})
        return " ".join(str(p) for p in parts)


class Adjustment(_Decision):
    """Điều chỉnh độ mật: from `from_level` to `to_level`, citing a list entry; the
    protection period is recomputed (`previous_until` → `new_until`)."""

    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="adjustments")
    from_level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật cũ"))
    to_level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật mới"))
    list_entry = models.ForeignKey("records.SecretListEntry", on_delete=models.PROTECT, related_name="adjustments",
                                   verbose_name=_("Căn cứ mục trong danh mục BMNN"))
    previous_until = models.DateField(null=True, blank=True, verbose_name=_("Thời hạn bảo vệ trước khi điều chỉnh"))
    new_until = models.DateField(null=True, blank=True, verbose_name=_("Thời hạn bảo vệ sau khi điều chỉnh"))
    period_basis = models.CharField(max_length=300, blank=True, verbose_name=_("Căn cứ tính thời hạn bảo vệ"))
    summary_removed = models.BooleanField(default=False, verbose_name=_("Đã xóa trích yếu"))

    class Meta(_Decision.Meta):
        verbose_name = _("Điều chỉnh độ mật")
        verbose_name_plural = _("Điều chỉnh độ mật")

    def __str__(self) -> str:
        return f"{self.decision_reference} – {self.item}"

    @property
    def raised(self) -> bool:
        from bmnn.core.levels import rank

        return rank(self.to_level) > rank(self.from_level)
