"""Registers (sổ): outgoing, incoming, handover and reproduction, per unit and
calendar year, in volumes. Numbers run per (unit, kind, year) across volumes:
allocated inside the act's transaction from `RegisterCounter`, unique and gapless
(database constraint), never reused; a mistaken entry is cancelled, not deleted."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.org.models import Person, Unit


class RegisterKind(models.TextChoices):
    OUTGOING = "outgoing", _("Sổ đăng ký bí mật nhà nước đi")
    INCOMING = "incoming", _("Sổ đăng ký bí mật nhà nước đến")
    HANDOVER = "handover", _("Sổ chuyển giao bí mật nhà nước")
    REPRODUCTION = "reproduction", _("Sổ quản lý sao, chụp bí mật nhà nước")


class Register(models.Model):
    """One volume (quyển) of a register. Cover data: parent body and body (names as
    they were when opened), year, volume; first/last date and number come from its entries."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registers", verbose_name=_("Đơn vị"))
    kind = models.CharField(max_length=20, choices=RegisterKind.choices, verbose_name=_("Loại sổ"))
    year = models.PositiveIntegerField(verbose_name=_("Năm"))
    volume = models.PositiveIntegerField(default=1, verbose_name=_("Quyển số"))
    parent_body_name = models.CharField(max_length=300, blank=True, verbose_name=_("Cơ quan chủ quản"))
    body_name = models.CharField(max_length=300, verbose_name=_("Cơ quan, đơn vị"))
    opened_on = models.DateField(verbose_name=_("Ngày mở sổ"))
    opened_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("Người mở sổ"))
    closed_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày khóa sổ"))
    closed_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("Người khóa sổ"))
    closed_for_year = models.BooleanField(default=False, verbose_name=_("Khóa sổ cuối năm"))

    class Meta:
        ordering = ["unit", "kind", "-year", "-volume"]
        verbose_name = _("Sổ đăng ký")
        verbose_name_plural = _("Sổ đăng ký")
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "year", "volume"], name="register_volume_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year} quyển {self.volume} – {self.unit.code}"

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None


class RegisterCounter(models.Model):
    """The last number given in a (unit, kind, year) series; locked (SELECT … FOR
    UPDATE, or SQLite's write lock) while the next number is taken."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RegisterKind.choices)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "year"], name="register_counter_unique")]


class RegisterEntry(models.Model):
    """One numbered line of a register. What it records depends on the register:
    the item (outgoing, incoming), the delivery (handover) or the reproduction."""

    register = models.ForeignKey(Register, on_delete=models.PROTECT, related_name="entries", verbose_name=_("Sổ"))
    # Denormalised series key: the database itself refuses a duplicate number.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RegisterKind.choices)
    year = models.PositiveIntegerField()
    number = models.PositiveIntegerField(verbose_name=_("Số thứ tự"))
    entry_date = models.DateField(verbose_name=_("Ngày vào sổ"))
    item = models.ForeignKey("records.SecretItem", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="register_entries", verbose_name=_("Tài liệu"))
    counterpart = models.CharField(max_length=300, blank=True, verbose_name=_("Nơi gửi / nơi nhận"))
    copies_count = models.PositiveIntegerField(default=0, verbose_name=_("Số lượng bản"))
    note = models.CharField(max_length=500, blank=True, verbose_name=_("Ghi chú"))
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("Người ghi sổ"))
    recorded_at = models.DateTimeField(auto_now_add=True)
    cancelled_on = models.DateField(null=True, blank=True, verbose_name=_("Ngày hủy dòng"))
    cancelled_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("Người hủy dòng"))
    cancel_reason = models.CharField(max_length=300, blank=True, verbose_name=_("Lý do hủy"))

    class Meta:
        ordering = ["unit", "kind", "year", "number"]
        verbose_name = _("Dòng sổ đăng ký")
        verbose_name_plural = _("Dòng sổ đăng ký")
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "year", "number"],
                                               name="register_number_unique")]
        indexes = [models.Index(fields=["register", "number"]), models.Index(fields=["register", "entry_date"]),
                   models.Index(fields=["unit", "kind", "year", "entry_date"])]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} ({self.get_kind_display()})"
