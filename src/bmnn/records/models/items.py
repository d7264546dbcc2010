"""Secret items (tài liệu, vật chứa BMNN), their copies and the custody of each copy.

The summary (trích yếu) is stored encrypted (AES-256-GCM, bmnn.core.crypto) and
never for Tuyệt mật under the 2026 regime. Access goes only through
SecretItem.objects.visible_to(person) (bmnn.core.access)."""

import uuid

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


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PROPOSED = "proposed", _("Chờ quyết định độ mật")
    RETURNED = "returned", _("Trả lại người đề xuất")
    CLASSIFIED = "classified", _("Đã xác định độ mật")
    ISSUED = "issued", _("Đã vào sổ đi, phát hành")
    RECEIVED = "received", _("Đã nhận, vào sổ đến")
    DESTROYED = "destroyed", _("Đã tiêu hủy")
    DECLASSIFIED = "declassified", _("Đã giải mật")


class SecretItemQuerySet(ProtectedQuerySet):
    """Visibility of secret items (DESIGN.md "Access"). Conditions on copies, grants and
    recipients are uncorrelated `pk IN (SELECT item_id …)` subqueries: the database
    evaluates each once (a hashed set) instead of once per item, and lists and counts
    stay one row per item."""

    def covered_units_q(self, units, person, on):
        # An item is in the assignment's units when it is managed there or one of its
        # copies is held there (a received item: its holding unit is the sender's).
        return (Q(holding_unit_id__in=units)
                | Q(pk__in=Copy.objects.filter(custodian_unit_id__in=units).values("item_id"))
                | Q(pk__in=Copy.objects.filter(custodian_person=person).values("item_id")))

    def need_to_know_implied(self, units, person, on):
        # The covered condition is "held in U, or a copy in U, or a copy with me"; need-to-know
        # starts with the same clauses over the person's own units D. When U is inside D the
        # first implies the second, and leaving it out halves the work at 1,000,000 items
        # (docs/benchmarks.md): the common case, an assignment to one's own unit.
        return units <= self._own_units(person, on)

    @staticmethod
    def _own_units(person, on):
        return Unit.objects.descendant_ids(person.unit_ids_on(on))

    def need_to_know_q(self, person, on):
        # People of the holding unit (and its sub-units), current custodians of a copy
        # (themselves or their unit), named recipients, the drafter and decider, and
        # explicit grants.
        units = self._own_units(person, on)
        return (Q(holding_unit_id__in=units) | Q(drafter=person) | Q(decided_by=person)
                | Q(pk__in=Copy.objects.filter(custodian_person=person).values("item_id"))
                | Q(pk__in=Copy.objects.filter(custodian_unit_id__in=units).values("item_id"))
                | Q(pk__in=AccessGrant.objects.filter(person=person).values("item_id"))
                | Q(pk__in=Recipient.objects.filter(person=person).values("item_id")))


class SecretItem(Searchable):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=120, blank=True, verbose_name=_("Số, ký hiệu"))
    issued_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày văn bản"))
    kind = models.CharField(max_length=20, choices=ItemKind.choices, default=ItemKind.DOCUMENT,
                            verbose_name=_("Loại"))
    document_type = models.CharField(max_length=100, blank=True, verbose_name=_("Tên loại"))
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật"))
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.CLASSIFIED,
                              db_index=True, verbose_name=_("Trạng thái"))
    holding_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="secret_items",
                                     verbose_name=_("Đơn vị quản lý"))
    issuing_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="issued_items", verbose_name=_("Cơ quan ban hành"))
    issuing_body_external = models.CharField(max_length=300, blank=True,
                                             verbose_name=_("Cơ quan ban hành (ngoài hệ thống)"))
    # AES-256-GCM ciphertext of the summary; empty when there is none.
    summary_encrypted = models.BinaryField(default=b"", blank=True)
    list_entry = models.ForeignKey("records.SecretListEntry", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="items", verbose_name=_("Mục trong danh mục BMNN"))
    drafter = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("Người soạn thảo, đề xuất"))
    decided_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("Người quyết định độ mật"))
    classified_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày xác định độ mật"))
    protection_until = models.DateField(null=True, blank=True, verbose_name=_("Thời hạn bảo vệ đến ngày"))
    protection_shortened = models.BooleanField(default=False, verbose_name=_("Thời hạn bảo vệ ngắn hơn (hoạt động)"))
    copies_planned = models.PositiveIntegerField(default=1, verbose_name=_("Số lượng bản phát hành"))
    reproduction_allowed = models.BooleanField(default=False, verbose_name=_("Được phép sao, chụp"))
    pages = models.PositiveIntegerField(default=0, verbose_name=_("Số trang"))
    attachments = models.PositiveIntegerField(default=0, verbose_name=_("Số phụ lục, tài liệu kèm theo"))
    return_reason = models.CharField(max_length=500, blank=True, verbose_name=_("Lý do trả lại"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SecretItemQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "reference"]
        verbose_name = _("Tài liệu, vật chứa BMNN")
        verbose_name_plural = _("Tài liệu, vật chứa BMNN")
        indexes = [models.Index(fields=["holding_unit", "level", "status"]),
                   # Lists filter by level and date far more often than by unit (benchmarks.md).
                   models.Index(fields=["level", "issued_on"], name="item_level_issued_idx"),
                   # The list's own order: the newest page is read from the index, not sorted.
                   models.Index(fields=["-issued_on", "reference"], name="item_newest_idx"),
                   # Items nearing the end of their protection period (periods.queues).
                   models.Index(fields=["protection_until"], name="item_protection_until_idx")]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"

    @property
    def label(self) -> str:
        """What a link or a heading shows: the reference once there is one; before issue (a
        proposal has no number yet) the type of document and the internal number, so that a
        leader's queue never shows an empty link."""
        if self.reference:
            return self.reference
        return _("%(type)s – chưa có số (#%(pk)s)") % {"type": self.document_type or self.get_kind_display(),
                                                        "pk": self.pk}

    # The summary is kept only as AES-256-GCM ciphertext bound to this item's uid;
    # `item.summary` reads and writes the plain text in memory.
    def _summary_aad(self) -> bytes:
        return b"records.secretitem.summary:" + str(self.uid).encode()

    @property
    def summary(self) -> str:
        from bmnn.core import crypto

        blob = bytes(self.summary_encrypted or b"")
        return crypto.decrypt(blob, aad=self._summary_aad()).decode("utf-8") if blob else ""

    @summary.setter
    def summary(self, value: str) -> None:
        from bmnn.core import crypto

        self.summary_encrypted = crypto.encrypt(value.encode("utf-8"), aad=self._summary_aad()) if value else b""

    def searchable_parts(self):
        # The summary is secret content: never folded into a searchable plain copy.
        return [self.reference, self.document_type]

    def sort_source(self):
        return self.reference


class Recipient(models.Model):
    """A recipient in the item's "Nơi nhận": a unit of the installation, a person, or an outside body."""

    item = models.ForeignKey(SecretItem, on_delete=models.PROTECT, related_name="recipients")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Đơn vị nhận"))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("Người nhận"))
    external_name = models.CharField(max_length=300, blank=True, verbose_name=_("Nơi nhận ngoài hệ thống"))
    copies = models.PositiveIntegerField(default=1, verbose_name=_("Số bản"))

    class Meta:
        verbose_name = _("Nơi nhận")
        verbose_name_plural = _("Nơi nhận")


class AccessGrant(models.Model):
    """An explicit need-to-know grant on one item, decided and recorded."""

    item = models.ForeignKey(SecretItem, on_delete=models.PROTECT, related_name="grants")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="item_grants")
    granted_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Cấp quyền tiếp cận")


class CopyOrigin(models.TextChoices):
    ORIGINAL = "original", _("Bản số (bản phát hành)")
    REPRODUCTION = "reproduction", _("Bản sao số")


class CopyStatus(models.TextChoices):
    HELD = "held", _("Đang lưu giữ")
    IN_TRANSIT = "in_transit", _("Đang chuyển giao")
    OUT = "out", _("Mang ra khỏi nơi lưu giữ")
    MISSING = "missing", _("Không xuất trình được")
    DESTROYED = "destroyed", _("Đã tiêu hủy")
    PROVIDED = "provided", _("Đã cung cấp, chuyển giao ra ngoài")


class Copy(models.Model):
    """A numbered copy (bản số / bản sao số). Exactly one custodian at any time:
    a person, or a unit's storage place (custodian_unit + storage_place)."""

    item = models.ForeignKey(SecretItem, on_delete=models.PROTECT, related_name="copies")
    origin = models.CharField(max_length=20, choices=CopyOrigin.choices, default=CopyOrigin.ORIGINAL)
    number = models.PositiveIntegerField(verbose_name=_("Bản số"))
    reproduction = models.ForeignKey("records.Reproduction", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="copies")
    status = models.CharField(max_length=20, choices=CopyStatus.choices, default=CopyStatus.HELD, db_index=True)
    custodian_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="copies_held", verbose_name=_("Người giữ"))
    custodian_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="copies_held", verbose_name=_("Đơn vị lưu giữ"))
    storage_place = models.CharField(max_length=200, blank=True, verbose_name=_("Nơi lưu giữ"))
    # The level stamped on this copy while a holder has not yet acknowledged an adjustment
    # of the item's level (Law 2018 Art. 21); null = the copy carries the item's level.
    marked_level = models.CharField(max_length=20, choices=Level.choices, null=True, blank=True,
                                    verbose_name=_("Độ mật đang đóng trên bản"))

    class Meta:
        ordering = ["item", "origin", "number"]
        verbose_name = _("Bản")
        verbose_name_plural = _("Bản")
        constraints = [
            models.UniqueConstraint(fields=["item", "origin", "number"], name="copy_number_unique"),
            models.CheckConstraint(
                condition=(Q(custodian_person__isnull=False, custodian_unit__isnull=True)
                           | Q(custodian_person__isnull=True, custodian_unit__isnull=False)),
                name="copy_exactly_one_custodian"),
        ]
        # The access filter's "a copy is held in these units" set is read from this index alone.
        indexes = [models.Index(fields=["custodian_unit", "item"], name="copy_unit_item_idx")]

    def __str__(self) -> str:
        prefix = "Bản sao số" if self.origin == CopyOrigin.REPRODUCTION else "Bản số"
        return f"{self.item} – {prefix} {self.number:02d}"


class CustodyRecord(models.Model):
    """One period of custody of a copy; the open one (until null) is the current custodian."""

    copy = models.ForeignKey(Copy, on_delete=models.PROTECT, related_name="custody")
    custodian_person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    custodian_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    storage_place = models.CharField(max_length=200, blank=True)
    since = models.DateTimeField()
    until = models.DateTimeField(null=True, blank=True)
    act = models.CharField(max_length=40, verbose_name=_("Việc"))
    ledger_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["copy", "since"]
        verbose_name = _("Quá trình lưu giữ bản")

    @property
    def act_label(self) -> str:
        return str(CUSTODY_ACTS.get(self.act, self.act))


# What moved a copy, as the custody history shows it (CustodyRecord.act).
CUSTODY_ACTS = {
    "issue": _("phát hành"), "arrival": _("vào sổ đến khi nhận từ ngoài"), "receipt": _("ký nhận"),
    "reproduction": _("sao, chụp"), "carry_out": _("mang ra khỏi nơi lưu giữ"),
    "carry_out_return": _("nộp lại sau khi mang ra"), "provision": _("cung cấp, chuyển giao"),
    "recall": _("thu hồi"), "handover": _("bàn giao khi nghỉ việc, chuyển công tác"),
    "meeting_handout": _("phát tại hội nghị"), "meeting_recovery": _("thu hồi sau hội nghị"),
    "destruction": _("tiêu hủy"), "emergency_destruction": _("tiêu hủy khẩn cấp"),
}
