"""Reports of received information that should be secret but came unmarked: the
receiver reports to the head, and the person assigned proposes its classification
(Decree 26/2020 Art. 2.2). The proposal itself is an ordinary SecretItem; this
records who reported it and where it came from."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.org.models import Person


class UnmarkedReport(models.Model):
    item = models.OneToOneField("records.SecretItem", on_delete=models.PROTECT, related_name="unmarked_report")
    reported_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Người báo cáo"))
    received_from = models.CharField(max_length=300, blank=True, verbose_name=_("Nhận từ"))
    note = models.CharField(max_length=500, blank=True, verbose_name=_("Ghi chú"))
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Báo cáo thông tin chưa xác định độ mật")
        verbose_name_plural = _("Báo cáo thông tin chưa xác định độ mật")
