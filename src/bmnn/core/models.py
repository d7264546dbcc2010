"""The ledger: an append-only hash chain of every act and every read.

Rows are only ever inserted by `bmnn.core.ledger.record_event`; database triggers
(migration 0002) refuse UPDATE and DELETE on both SQLite and PostgreSQL."""

from django.db import models


class LedgerEvent(models.Model):
    seq = models.BigIntegerField(primary_key=True, verbose_name="Số thứ tự")
    at = models.DateTimeField(verbose_name="Thời điểm", db_index=True)
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True, verbose_name="Mã người thực hiện")
    actor_name = models.CharField(max_length=200, blank=True, verbose_name="Người thực hiện")
    unit_id = models.BigIntegerField(null=True, blank=True, db_index=True, verbose_name="Mã đơn vị")
    unit_code = models.CharField(max_length=50, blank=True, verbose_name="Đơn vị")
    action = models.CharField(max_length=80, db_index=True, verbose_name="Hành động")
    object_type = models.CharField(max_length=80, blank=True, verbose_name="Loại đối tượng")
    object_id = models.CharField(max_length=64, blank=True, verbose_name="Mã đối tượng")
    description = models.CharField(max_length=500, blank=True, verbose_name="Mô tả")
    # Canonical JSON text, stored as written so the hash can be recomputed byte for byte.
    payload = models.TextField(default="{}", verbose_name="Dữ liệu")
    request_id = models.CharField(max_length=64, blank=True, verbose_name="Mã yêu cầu")
    prev_hash = models.CharField(max_length=64, verbose_name="Mã băm trước")
    hash = models.CharField(max_length=64, unique=True, verbose_name="Mã băm")

    class Meta:
        ordering = ["seq"]
        verbose_name = "Sự kiện nhật ký"
        verbose_name_plural = "Nhật ký"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"


class LedgerCheckpoint(models.Model):
    """A signature by the installation's Ed25519 key over the chain head at `seq`."""

    seq = models.BigIntegerField(unique=True, verbose_name="Đến sự kiện số")
    head_hash = models.CharField(max_length=64, verbose_name="Mã băm đầu chuỗi")
    at = models.DateTimeField(verbose_name="Thời điểm ký")
    public_key = models.CharField(max_length=64, verbose_name="Khóa công khai (hex)")
    signature = models.CharField(max_length=128, verbose_name="Chữ ký (hex)")

    class Meta:
        ordering = ["seq"]
        verbose_name = "Điểm kiểm chứng"
        verbose_name_plural = "Điểm kiểm chứng"

    def __str__(self) -> str:
        return f"checkpoint @{self.seq}"
