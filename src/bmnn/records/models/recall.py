"""Recall (thu hồi) and departures of custodians (legal-rules.md §4.12, rules F8, F9).

- `Recall`: the head's decision that an item is "TÀI LIỆU THU HỒI", with its return
  date; one `RecallLine` per holder outside the holding unit's own storage (a custodian
  person, or another unit), each closed by the receiving keeper's signed receipt.
- `Departure`: a custodian leaves, moves, retires or dies; every copy they hold is
  handed over (`Handover`, signed by the receiver) and their departure commitment (or,
  for a death, the head's recall record) is recorded."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bmnn.org.models import Person, Unit

RECALL_STAMP = "TÀI LIỆU THU HỒI"


class RecallStatus(models.TextChoices):
    OPEN = "open", _("Đang thu hồi")
    DONE = "done", _("Đã thu hồi đủ")


class Recall(models.Model):
    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="recalls")
    reference = models.CharField(max_length=120, verbose_name=_("Số, ký hiệu quyết định thu hồi"))
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Người quyết định thu hồi"))
    decided_on = models.DateField(verbose_name=_("Ngày quyết định"))
    return_by = models.DateField(verbose_name=_("Hạn trả lại"))
    # May speak of the content: kept here, only its hash reaches the ledger.
    reason = models.CharField(max_length=500, blank=True, verbose_name=_("Lý do thu hồi"))
    authority_basis = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=RecallStatus.choices, default=RecallStatus.OPEN,
                              db_index=True)
    completed_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày thu hồi đủ"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("Quyết định thu hồi")
        verbose_name_plural = _("Quyết định thu hồi")


class RecallLine(models.Model):
    """One holder's return: all the copies that holder has, received back into the
    holding unit's storage by its keeper, who signs with password or TOTP."""

    recall = models.ForeignKey(Recall, on_delete=models.PROTECT, related_name="lines")
    holder_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("Người giữ"))
    holder_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Đơn vị giữ"))
    copies = models.ManyToManyField("records.Copy", related_name="recall_lines")
    returned_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày trả lại"))
    received_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Người nhận lại"))
    confirmed_with = models.CharField(max_length=20, blank=True)  # "password" | "totp"
    confirmed_at = models.DateTimeField(null=True, blank=True)
    storage_place = models.CharField(max_length=200, blank=True, verbose_name=_("Nơi lưu giữ"))
    # Set once by `bmnn tick` the first day the return is late (rule F9).
    overdue_flagged_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["recall", "pk"]
        constraints = [models.CheckConstraint(
            condition=(Q(holder_person__isnull=False, holder_unit__isnull=True)
                       | Q(holder_person__isnull=True, holder_unit__isnull=False)),
            name="recall_line_one_holder")]
        indexes = [models.Index(fields=["returned_on", "overdue_flagged_on"], name="recall_line_open_idx")]

    @property
    def holder_name(self) -> str:
        return self.holder_person.full_name if self.holder_person_id else self.holder_unit.name


class DepartureKind(models.TextChoices):
    RESIGNATION = "resignation", _("Thôi việc")
    TRANSFER = "transfer", _("Chuyển công tác")
    RETIREMENT = "retirement", _("Nghỉ hưu")
    DEATH = "death", _("Từ trần")
    REASSIGNED = "reassigned", _("Không còn được phân công quản lý bí mật nhà nước")


class Departure(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="departures",
                               verbose_name=_("Cán bộ"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("Đơn vị"))
    kind = models.CharField(max_length=20, choices=DepartureKind.choices, verbose_name=_("Lý do"))
    effective_on = models.DateField(verbose_name=_("Ngày có hiệu lực"))
    note = models.CharField(max_length=500, blank=True, verbose_name=_("Ghi chú"))
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    # The departing person's written commitment (Art. 26.2.d); for a death, the head's
    # recall record (biên bản thu hồi) in the same fields.
    commitment_reference = models.CharField(max_length=120, blank=True,
                                            verbose_name=_("Số, ký hiệu bản cam kết"))
    commitment_signed_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày ký"))
    commitment_recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                               related_name="+")
    commitment_recorded_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày hoàn tất bàn giao"))

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("Thôi việc, chuyển công tác")
        verbose_name_plural = _("Thôi việc, chuyển công tác")

    @property
    def commitment_recorded(self) -> bool:
        return self.commitment_signed_on is not None


class HandoverDestination(models.TextChoices):
    PERSON = "person", _("Người nhận giữ")
    STORAGE = "storage", _("Nhập nơi lưu giữ của đơn vị")


class Handover(models.Model):
    """One copy handed over by a departing custodian, signed for by its receiver."""

    departure = models.ForeignKey(Departure, on_delete=models.PROTECT, related_name="handovers")
    copy = models.ForeignKey("records.Copy", on_delete=models.PROTECT, related_name="handovers")
    receiver = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("Người nhận"))
    destination = models.CharField(max_length=10, choices=HandoverDestination.choices)
    storage_place = models.CharField(max_length=200, blank=True)
    handed_on = models.DateField()
    confirmed_with = models.CharField(max_length=20)
    confirmed_at = models.DateTimeField()

    class Meta:
        ordering = ["departure", "pk"]
