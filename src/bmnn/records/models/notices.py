"""Written notices (thông báo bằng văn bản) that a decision on an item owes to those who
hold it: an extension, an adjustment of level, a declassification (Law 2018 Arts. 20.4,
21, 22). One notice per holder — a unit of the installation, a person, or an outside body
named among the recipients — each sent (with the notice's reference) and acknowledged by
the holder, who then stamps or records the change on their copies."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.org.models import Person, Unit


class NoticeAct(models.TextChoices):
    EXTENSION = "extension", _("Gia hạn thời hạn bảo vệ")
    ADJUSTMENT = "adjustment", _("Điều chỉnh độ mật")
    DECLASSIFICATION = "declassification", _("Giải mật")
    LIST_REMOVAL = "list_removal", _("Giải mật do không còn thuộc danh mục")
    RECALL = "recall", _("Thu hồi")


class NoticeStatus(models.TextChoices):
    DUE = "due", _("Chưa gửi")
    SENT = "sent", _("Đã gửi, chờ xác nhận")
    ACKNOWLEDGED = "acknowledged", _("Đã xác nhận")


class Notice(models.Model):
    item = models.ForeignKey("records.SecretItem", on_delete=models.PROTECT, related_name="notices")
    act = models.CharField(max_length=20, choices=NoticeAct.choices, verbose_name=_("Việc thông báo"))
    # The decision the notice reports (Extension, Adjustment, Declassification… row id).
    act_id = models.PositiveBigIntegerField()
    decided_on = models.DateField(verbose_name=_("Ngày quyết định"))
    recipient_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("Đơn vị nhận thông báo"))
    recipient_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                         verbose_name=_("Người nhận thông báo"))
    recipient_external = models.CharField(max_length=300, blank=True, verbose_name=_("Nơi nhận ngoài hệ thống"))
    # The copies the holder has, whose marking the acknowledgement updates.
    copies = models.ManyToManyField("records.Copy", blank=True, related_name="notices")
    due_on = models.DateField(verbose_name=_("Hạn gửi thông báo"))
    deadline_basis = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.DUE, db_index=True)
    reference = models.CharField(max_length=120, blank=True, verbose_name=_("Số văn bản thông báo"))
    sent_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày gửi"))
    sent_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sent_late = models.BooleanField(default=False)
    acknowledged_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày xác nhận"))
    acknowledged_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    acknowledgement = models.CharField(max_length=300, blank=True, verbose_name=_("Nội dung xác nhận"))
    # Set once by `bmnn tick` when the notice was not sent by its due date.
    overdue_flagged_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        indexes = [models.Index(fields=["act", "act_id"], name="notice_act_idx"),
                   models.Index(fields=["status", "due_on"], name="notice_due_idx")]
        constraints = [models.CheckConstraint(
            condition=(models.Q(recipient_unit__isnull=False, recipient_person__isnull=True, recipient_external="")
                       | models.Q(recipient_unit__isnull=True, recipient_person__isnull=False, recipient_external="")
                       | (models.Q(recipient_unit__isnull=True, recipient_person__isnull=True)
                          & ~models.Q(recipient_external=""))),
            name="notice_exactly_one_recipient")]

    @property
    def recipient_name(self) -> str:
        if self.recipient_unit_id:
            return self.recipient_unit.name
        if self.recipient_person_id:
            return self.recipient_person.full_name
        return self.recipient_external
