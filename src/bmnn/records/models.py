"""Secret items (tài liệu, vật chứa BMNN).

This is the foundation's part of the model: enough to hold items, hide them from
people whose access assignment does not cover them, and let later work (the
secret-items issue) add classification, registers, copies and custody."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bmnn.core.access import ProtectedQuerySet
from bmnn.core.levels import Level
from bmnn.org.models import Person, Searchable, Unit


class ItemKind(models.TextChoices):
    DOCUMENT = "document", _("Tài liệu giấy")
    ELECTRONIC = "electronic", _("Văn bản điện tử")
    OBJECT = "object", _("Vật")
    PLACE = "place", _("Địa điểm")
    SPEECH = "speech", _("Lời nói")
    ACTIVITY = "activity", _("Hoạt động")


class SecretItemQuerySet(ProtectedQuerySet):
    def need_to_know_q(self, person, on):
        # The holding unit's people, and explicit grants. Recipients and custodians
        # join this when copies and delivery exist.
        return Q(holding_unit_id__in=_units_with_subunits(person, on)) | Q(grants__person=person)


def _units_with_subunits(person, on):
    return Unit.objects.descendant_ids(person.unit_ids_on(on))


class SecretItem(Searchable):
    reference = models.CharField(max_length=120, verbose_name=_("Số, ký hiệu"))
    issued_on = models.DateField(verbose_name=_("Ngày văn bản"))
    kind = models.CharField(max_length=20, choices=ItemKind.choices, default=ItemKind.DOCUMENT,
                            verbose_name=_("Loại"))
    document_type = models.CharField(max_length=100, blank=True, verbose_name=_("Tên loại"))
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật"))
    holding_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="secret_items",
                                     verbose_name=_("Đơn vị quản lý"))
    issuing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="issued_items",
                                     verbose_name=_("Cơ quan ban hành"))
    summary = models.TextField(blank=True, verbose_name=_("Trích yếu"))
    classified_on = models.DateField(verbose_name=_("Ngày xác định độ mật"))
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Người quyết định"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SecretItemQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "reference"]
        verbose_name = _("Tài liệu, vật chứa BMNN")
        verbose_name_plural = _("Tài liệu, vật chứa BMNN")

    def __str__(self) -> str:
        return self.reference

    def searchable_parts(self):
        # The summary is secret content: never folded into a searchable plain copy.
        return [self.reference, self.document_type]

    def sort_source(self):
        return self.reference


class AccessGrant(models.Model):
    """An explicit need-to-know grant on one item, decided and recorded."""

    item = models.ForeignKey(SecretItem, on_delete=models.PROTECT, related_name="grants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="item_grants")
    granted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Cấp quyền tiếp cận")
