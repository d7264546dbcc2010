"""Councils (hội đồng) that review items before a decision: the declassification council
(Law 2018 Art. 22.4: set up by the head of the classifying body, chaired by its
leadership) and the destruction council (Art. 23.4: set up by the deciding authority,
chaired by the leadership of the body storing the items, the direct custodian a member).
The council is set up by a decision, meets, and its minutes (biên bản) record its
conclusion; the decision itself belongs to the act (Declassification, Destruction)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.org.models import Person, Unit


class CouncilKind(models.TextChoices):
    DECLASSIFICATION = "declassification", _("Hội đồng giải mật")
    DESTRUCTION = "destruction", _("Hội đồng tiêu hủy")


class CouncilStatus(models.TextChoices):
    ESTABLISHED = "established", _("Đã thành lập")
    REPORTED = "reported", _("Đã họp, có biên bản")
    CLOSED = "closed", _("Đã có quyết định")


class Council(models.Model):
    kind = models.CharField(max_length=20, choices=CouncilKind.choices, verbose_name=_("Loại hội đồng"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="councils",
                             verbose_name=_("Cơ quan, tổ chức thành lập"))
    # The highest level among the items it reviews: who may set it up depends on it.
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật cao nhất"))
    established_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("Người quyết định thành lập"))
    established_on = models.DateField(verbose_name=_("Ngày quyết định thành lập"))
    reference = models.CharField(max_length=120, verbose_name=_("Số quyết định thành lập"))
    authority_basis = models.CharField(max_length=300, blank=True)
    items = models.ManyToManyField("records.SecretItem", related_name="councils", verbose_name=_("Tài liệu xem xét"))
    status = models.CharField(max_length=20, choices=CouncilStatus.choices, default=CouncilStatus.ESTABLISHED)
    met_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày họp"))
    minutes_reference = models.CharField(max_length=120, blank=True, verbose_name=_("Số biên bản họp"))
    # The council's conclusion may describe secret content: kept here, never in the ledger.
    conclusion = models.TextField(blank=True, verbose_name=_("Kết luận của hội đồng"))
    recommends = models.BooleanField(null=True, verbose_name=_("Hội đồng đề nghị"))
    minutes_recorded_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-established_on", "-pk"]
        verbose_name = _("Hội đồng")
        verbose_name_plural = _("Hội đồng")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chủ tịch hội đồng")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="members")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # A representative of a related body outside the installation.
    external_name = models.CharField(max_length=200, blank=True, verbose_name=_("Họ tên (ngoài hệ thống)"))
    external_body = models.CharField(max_length=300, blank=True, verbose_name=_("Cơ quan (ngoài hệ thống)"))
    role = models.CharField(max_length=20, choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    capacity = models.CharField(max_length=200, blank=True, verbose_name=_("Chức vụ"))

    class Meta:
        ordering = ["council", "role", "pk"]
        constraints = [models.CheckConstraint(
            condition=(models.Q(person__isnull=False, external_name="")
                       | (models.Q(person__isnull=True) & ~models.Q(external_name=""))),
            name="council_member_person_or_external")]

    @property
    def name(self) -> str:
        return self.person.full_name if self.person_id else self.external_name
