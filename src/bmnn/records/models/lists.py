"""Lists of state secrets (danh mục BMNN): data an administrator loads. A
classification must cite an entry valid on its date (Law 2018 Art. 10.1; from
01/03/2026 classifying outside the list is forbidden, Law 2025 Art. 5.1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.org.models import Effective, EffectiveQuerySet, Searchable


class SecretList(Effective, Searchable):
    code = models.CharField(max_length=60, unique=True, verbose_name=_("Mã danh mục"))
    title = models.CharField(max_length=400, verbose_name=_("Tên danh mục"))
    decision_reference = models.CharField(max_length=120, verbose_name=_("Quyết định ban hành (số, ký hiệu)"))
    issued_on = models.DateField(verbose_name=_("Ngày ban hành"))
    sector = models.CharField(max_length=200, blank=True, verbose_name=_("Ngành, lĩnh vực"))

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("Danh mục bí mật nhà nước")
        verbose_name_plural = _("Danh mục bí mật nhà nước")

    def __str__(self) -> str:
        return f"{self.decision_reference} – {self.title}"

    def searchable_parts(self):
        return [self.code, self.title, self.decision_reference, self.sector]

    def sort_source(self):
        return self.code


class SecretListEntry(Effective):
    """One numbered entry of a list, with the highest level it allows.
    `valid_to` set = removed from the list (automatic declassification follows)."""

    secret_list = models.ForeignKey(SecretList, on_delete=models.PROTECT, related_name="entries",
                                    verbose_name=_("Danh mục"))
    number = models.CharField(max_length=20, verbose_name=_("Số thứ tự trong danh mục"))
    content = models.CharField(max_length=600, verbose_name=_("Nội dung"))
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật"))

    objects = EffectiveQuerySet.as_manager()

    class Meta:
        ordering = ["secret_list", "number"]
        verbose_name = _("Mục trong danh mục BMNN")
        verbose_name_plural = _("Mục trong danh mục BMNN")
        constraints = [models.UniqueConstraint(fields=["secret_list", "number"], name="list_entry_number_unique")]

    def __str__(self) -> str:
        return f"{self.secret_list.code} mục {self.number}: {self.content[:80]}"
