"""Carrying secret items out of their storage place (mang ra khỏi nơi lưu giữ): the
carrier's written request, the decision, the copies taken out and the return with the
carrier's report (Law 2018 Art. 14; Decree 26/2020 Art. 5; legal-rules.md §4.5, D1–D2).

The request names everything the law lists: the carrier, their position and unit; the
item (its type, summary and level are the item's own — the summary stays encrypted on
the item and is never copied here or into the ledger); the purpose; the time and place
of the trip; domestic or abroad; the protection measures; and, for a trip abroad, the
head of the delegation the carrier reports to."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.org.models import Person, Position, Unit


class CarryOutScope(models.TextChoices):
    DOMESTIC = "domestic", _("Phục vụ công tác trong nước")
    ABROAD = "abroad", _("Mang ra nước ngoài")


class CarryOutStatus(models.TextChoices):
    REQUESTED = "requested", _("Chờ quyết định")
    APPROVED = "approved", _("Đã cho phép, đang mang ra")
    REFUSED = "refused", _("Không cho phép")
    RETURNED = "returned", _("Đã nộp lại, đã báo cáo")


class CarryOut(models.Model):
    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="carry_outs",
                             verbose_name=_("Tài liệu, vật chứa BMNN"))
    copies = models.ManyToManyField("records.Copy", through="records.CarryOutCopy", related_name="carry_outs",
                                    verbose_name=_("Các bản mang ra"))
    # The level when asked; the decision is judged on the item's level at that moment (the same
    # unless it was adjusted in between — then the decider sees the new one).
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật"))
    carrier = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("Người mang"))
    carrier_position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("Chức vụ"))
    # The carrier's unit: the body directly managing the copies carried (whose head decides
    # a domestic trip, Law Art. 14.1) and whose storage they return to.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="carry_outs",
                             verbose_name=_("Đơn vị công tác"))
    scope = models.CharField(max_length=10, choices=CarryOutScope.choices, verbose_name=_("Phạm vi"))
    purpose = models.TextField(max_length=1000, verbose_name=_("Mục đích sử dụng"))
    destination = models.CharField(max_length=300, verbose_name=_("Địa điểm công tác"))
    leaves_on = models.DateField(verbose_name=_("Mang đi từ ngày"))
    returns_by = models.DateField(verbose_name=_("Nộp lại chậm nhất ngày"))
    protection_measures = models.CharField(max_length=500, verbose_name=_("Biện pháp bảo vệ"))
    delegation_head = models.CharField(max_length=200, blank=True, verbose_name=_("Trưởng đoàn công tác"))
    requested_at = models.DateTimeField()
    requested_on = models.DateField(verbose_name=_("Ngày đề nghị"))
    status = models.CharField(max_length=20, choices=CarryOutStatus.choices, default=CarryOutStatus.REQUESTED,
                              verbose_name=_("Trạng thái"))
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Người quyết định"))
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.CharField(max_length=500, blank=True, verbose_name=_("Lý do"))
    authority_basis = models.CharField(max_length=300, blank=True)
    delegation = models.ForeignKey("org.Delegation", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    returned_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày nộp lại"))
    # The carrier's report to the person who allowed the trip (decided_by): how the secret
    # was managed and used.
    report = models.TextField(max_length=2000, blank=True, verbose_name=_("Báo cáo việc quản lý, sử dụng"))
    # Set once by `bmnn tick` on the first day after returns_by with the copies still out.
    overdue_flagged_on = models.DateField(null=True, blank=True)
    incidents = models.ManyToManyField("records.Incident", blank=True, related_name="carry_outs")

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("Mang tài liệu, vật chứa BMNN ra khỏi nơi lưu giữ")
        verbose_name_plural = _("Mang tài liệu, vật chứa BMNN ra khỏi nơi lưu giữ")
        indexes = [models.Index(fields=["status", "returns_by"], name="carryout_status_due_idx")]
        constraints = [models.CheckConstraint(condition=Q(returns_by__gte=models.F("leaves_on")),
                                              name="carryout_returns_after_leaving")]

    def __str__(self) -> str:
        return f"{self.item} – {self.carrier.full_name} ({self.leaves_on:%d/%m/%Y})"


class CarryOutCopy(models.Model):
    """One copy carried, and where it was kept before (filled on approval), so that the
    return puts it back into the same storage place or hands."""

    carry_out = models.ForeignKey(CarryOut, on_delete=models.PROTECT, related_name="lines")
    copy = models.ForeignKey("records.Copy", on_delete=models.PROTECT, related_name="+")
    from_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    from_storage_place = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["carry_out", "copy"]
        constraints = [models.UniqueConstraint(fields=["carry_out", "copy"], name="carryout_copy_unique")]
