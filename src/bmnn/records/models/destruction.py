"""Destruction (tiêu hủy) of copies of secret items (Law 2018 Art. 23; legal-rules.md §4.11, F6, F7).

- Routine destruction (ground a): the storing unit lists the copies it proposes
  (`Destruction` with one `DestructionLine` per copy), a destruction council reviews
  them (records.Council, kind destruction), the authority decides (reference, date,
  method), and the destruction record (biên bản tiêu hủy, `DestructionRecord`) lists
  what was destroyed, how, by whom, signed by every council member
  (`DestructionSignature`). Only then are the copies destroyed.
- Emergency destruction (ground b): the custodian holding a copy destroys it at once
  and reports in writing to the head immediately (`EmergencyDestruction`, its report
  tracked like a deadline).

Nothing here is ever deleted: a destroyed copy and its item stay as records."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.org.models import Person, Unit


class DestructionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đã lập danh sách đề nghị tiêu hủy")
    DECIDED = "decided", _("Đã có quyết định tiêu hủy")
    REJECTED = "rejected", _("Không quyết định tiêu hủy")
    DONE = "done", _("Đã tiêu hủy, có biên bản")


class Destruction(models.Model):
    """The file of one routine destruction (hồ sơ tiêu hủy) in one storing unit."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="destructions",
                             verbose_name=_("Cơ quan, đơn vị trực tiếp lưu giữ"))
    status = models.CharField(max_length=20, choices=DestructionStatus.choices, default=DestructionStatus.PROPOSED,
                              db_index=True)
    # The highest level among the items listed: who may decide depends on it.
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật cao nhất"))
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Người lập danh sách"))
    proposed_on = models.DateField(verbose_name=_("Ngày lập danh sách"))
    # Why they are no longer needed; may speak of content: kept here, hashed in the ledger.
    grounds = models.TextField(verbose_name=_("Lý do đề nghị tiêu hủy"))
    council = models.OneToOneField("records.Council", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="destruction", verbose_name=_("Hội đồng tiêu hủy"))
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Người quyết định"))
    decided_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày quyết định"))
    decision_reference = models.CharField(max_length=120, blank=True, verbose_name=_("Số quyết định tiêu hủy"))
    method = models.CharField(max_length=40, blank=True, verbose_name=_("Phương pháp tiêu hủy"))
    decision_reason = models.CharField(max_length=500, blank=True, verbose_name=_("Lý do không tiêu hủy"))
    authority_basis = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-proposed_on", "-pk"]
        verbose_name = _("Hồ sơ tiêu hủy")
        verbose_name_plural = _("Hồ sơ tiêu hủy")

    def __str__(self) -> str:
        return f"Tiêu hủy #{self.pk} ({self.unit})"


class DestructionLine(models.Model):
    """One copy proposed for destruction. The item's reference and the copy number are
    read from the copy; the summary from the item, shown only to who may see it."""

    destruction = models.ForeignKey(Destruction, on_delete=models.PROTECT, related_name="lines")
    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="destruction_lines")
    copy = models.ForeignKey("records.Copy", on_delete=models.PROTECT, related_name="destruction_lines")

    class Meta:
        ordering = ["destruction", "item", "copy__origin", "copy__number"]
        constraints = [models.UniqueConstraint(fields=["destruction", "copy"], name="destruction_copy_unique")]


class DestructionRecord(models.Model):
    """Biên bản tiêu hủy (TT 07/2020 Art. 13.4.d): when, where, how and in what sequence,
    who destroyed; the copies are the destruction's lines. Complete once every council
    member has signed."""

    destruction = models.OneToOneField(Destruction, on_delete=models.PROTECT, related_name="record")
    reference = models.CharField(max_length=120, verbose_name=_("Số biên bản"))
    carried_out_on = models.DateField(verbose_name=_("Ngày tiêu hủy"))
    place = models.CharField(max_length=300, verbose_name=_("Địa điểm tiêu hủy"))
    method = models.CharField(max_length=40, verbose_name=_("Phương pháp tiêu hủy"))
    sequence = models.TextField(verbose_name=_("Trình tự tiêu hủy"))
    executors = models.ManyToManyField(Person, related_name="+", verbose_name=_("Người thực hiện tiêu hủy"))
    drawn_up_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    drawn_up_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Biên bản tiêu hủy")


class SignatureMethod(models.TextChoices):
    PASSWORD = "password", _("Mật khẩu")
    TOTP = "totp", _("Mã xác thực")
    PAPER = "paper", _("Ký trên giấy (thư ký ghi nhận)")


class DestructionSignature(models.Model):
    record = models.ForeignKey(DestructionRecord, on_delete=models.PROTECT, related_name="signatures")
    member = models.ForeignKey("records.CouncilMember", on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=20, choices=SignatureMethod.choices)
    signed_at = models.DateTimeField()
    # Who entered it: the member, or the secretary for a paper signature.
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["record", "signed_at"]
        constraints = [models.UniqueConstraint(fields=["record", "member"], name="destruction_signature_once")]


class EmergencyDestruction(models.Model):
    """Tiêu hủy khẩn cấp (Art. 23.1.b, 23.3.c): by the custodian holding the copy, then an
    immediate written report to the head."""

    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="emergency_destructions")
    copy = models.OneToOneField("records.Copy", on_delete=models.PROTECT, related_name="emergency_destruction")
    custodian = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Người đang quản lý đã tiêu hủy"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Cơ quan, đơn vị của người quản lý"))
    head = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Người đứng đầu nhận báo cáo"))
    destroyed_on = models.DateField(verbose_name=_("Ngày tiêu hủy"))
    destroyed_at_time = models.TimeField(null=True, blank=True, verbose_name=_("Giờ tiêu hủy"))
    place = models.CharField(max_length=300, verbose_name=_("Địa điểm"))
    method = models.CharField(max_length=40, verbose_name=_("Phương pháp tiêu hủy"))
    # The circumstances may speak of the content or of an operation: hashed in the ledger.
    reason = models.TextField(verbose_name=_("Lý do phải tiêu hủy ngay"))
    recorded_at = models.DateTimeField()
    report_due_on = models.DateField(verbose_name=_("Hạn báo cáo"))
    deadline_basis = models.CharField(max_length=300, blank=True)
    report_reference = models.CharField(max_length=120, blank=True, verbose_name=_("Số văn bản báo cáo"))
    report_sent_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày gửi báo cáo"))
    report_sent_to = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("Báo cáo gửi"))
    report_recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+")
    report_late = models.BooleanField(default=False)
    # Set once by `bmnn tick` when the report was not sent by its due date.
    overdue_flagged_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-destroyed_on", "-pk"]
        verbose_name = _("Tiêu hủy khẩn cấp")
        verbose_name_plural = _("Tiêu hủy khẩn cấp")
        indexes = [models.Index(fields=["report_sent_on", "report_due_on"], name="emergency_report_due_idx")]

    @property
    def reported(self) -> bool:
        return self.report_sent_on is not None
