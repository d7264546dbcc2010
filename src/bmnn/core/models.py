"""The ledger: an append-only hash chain of every act and every read.

Rows are only ever inserted by `bmnn.core.ledger.record_event`; database triggers
(migration 0003, bmnn.core.ledger_triggers) refuse UPDATE and DELETE on both
SQLite and PostgreSQL, and the models refuse them too.

Times are stored as `at_us`, whole microseconds since 1970-01-01 UTC: an integer
round-trips exactly through both databases and the export, so the hash can be
recomputed from the column without parsing dates (docs/ledger.md).

SQLite caveat for whoever changes these models later: Django rebuilds a SQLite
table to alter it, which drops its triggers. A migration that alters either
table must run `ledger_triggers.install` again afterwards (see 0003)."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def to_us(moment: dt.datetime) -> int:
    """Whole microseconds since the epoch, exactly (no float rounding)."""
    return (moment - EPOCH) // dt.timedelta(microseconds=1)


def from_us(at_us: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=at_us)


class AppendOnly(Exception):
    """Raised when code tries to change or remove a ledger row."""

    def __init__(self, what: str = "sự kiện nhật ký"):
        super().__init__(f"Nhật ký chỉ được ghi thêm: không được sửa hoặc xóa {what}.")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly()

    def delete(self):
        raise AppendOnly()

    # bulk_update goes through update(); bulk_create stays allowed (it only inserts).


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly()
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly()

    @property
    def at(self) -> dt.datetime:
        """The moment as an aware datetime (UTC); templates show it in local time."""
        return from_us(self.at_us)


class SeqField(models.BigIntegerField):
    """A 64-bit sequence number. On SQLite it is declared `integer PRIMARY KEY`, which
    makes it the table's rowid itself: one b-tree fewer to write on every append."""

    def db_type(self, connection):
        return "integer" if connection.vendor == "sqlite" else super().db_type(connection)


class LedgerEvent(AppendOnlyModel):
    # Indexes are kept to what the ledger browser filters on: each one is written
    # on every act of every service (benchmarks/benchmark_ledger.py).
    seq = SeqField(primary_key=True, verbose_name=_("Số thứ tự"))
    at_us = models.BigIntegerField(db_index=True, verbose_name=_("Thời điểm (micro giây từ 1970, UTC)"))
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True, verbose_name=_("Mã người thực hiện"))
    actor_name = models.CharField(max_length=200, blank=True, verbose_name=_("Người thực hiện"))
    unit_id = models.BigIntegerField(null=True, blank=True, verbose_name=_("Mã đơn vị"))
    unit_code = models.CharField(max_length=50, blank=True, verbose_name=_("Đơn vị"))
    action = models.CharField(max_length=80, db_index=True, verbose_name=_("Hành động"))
    object_type = models.CharField(max_length=80, blank=True, verbose_name=_("Loại đối tượng"))
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("Mã đối tượng"))
    description = models.CharField(max_length=500, blank=True, verbose_name=_("Mô tả"))
    # Canonical JSON text, stored as written so the hash can be recomputed byte for byte.
    payload = models.TextField(default="{}", verbose_name=_("Dữ liệu"))
    request_id = models.CharField(max_length=64, blank=True, verbose_name=_("Mã yêu cầu"))
    # Unique: two events can never follow the same predecessor, so the chain cannot fork.
    prev_hash = models.CharField(max_length=64, unique=True, verbose_name=_("Mã băm trước"))
    hash = models.CharField(max_length=64, verbose_name=_("Mã băm"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("Sự kiện nhật ký")
        verbose_name_plural = _("Nhật ký")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class LedgerCheckpoint(AppendOnlyModel):
    """A signature by the installation's Ed25519 key over the chain head at `seq`."""

    seq = models.BigIntegerField(unique=True, verbose_name=_("Đến sự kiện số"))
    head_hash = models.CharField(max_length=64, verbose_name=_("Mã băm đầu chuỗi"))
    at_us = models.BigIntegerField(verbose_name=_("Thời điểm ký (micro giây từ 1970, UTC)"))
    public_key = models.CharField(max_length=64, verbose_name=_("Khóa công khai (hex)"))
    signature = models.CharField(max_length=128, verbose_name=_("Chữ ký (hex)"))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("Điểm kiểm chứng")
        verbose_name_plural = _("Điểm kiểm chứng")

    def __str__(self) -> str:
        return f"checkpoint @{self.seq}"
