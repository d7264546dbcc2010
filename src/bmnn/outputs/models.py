"""Printouts and exports: every file bmnn makes of secret records is an act with its own row.

The row keeps what is needed to make the same file again (the form and its version, the
parameters, the moment and the person printed on it) and the SHA-256 of what was handed out,
so a register printed for a year can be regenerated later and shown to be the same file."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.core.levels import Level
from bmnn.org.models import Person, Unit


class OutputFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX (Word)"
    XLSX = "xlsx", "XLSX (Excel)"
    PNG = "png", "PNG"


class OutputKind(models.TextChoices):
    PRINT = "print", _("In")
    EXPORT = "export", _("Xuất tệp")


class Printout(models.Model):
    kind = models.CharField(max_length=10, choices=OutputKind.choices, verbose_name=_("Loại"))
    form = models.CharField(max_length=80, verbose_name=_("Mẫu"))  # e.g. "register.outgoing", "decision.extension"
    form_version = models.CharField(max_length=40, blank=True, verbose_name=_("Phiên bản mẫu"))
    fmt = models.CharField(max_length=5, choices=OutputFormat.choices, verbose_name=_("Định dạng"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("Đơn vị"))
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    params = models.JSONField(default=dict, blank=True)
    level = models.CharField(max_length=10, choices=Level.choices, blank=True, verbose_name=_("Độ mật cao nhất"))
    title = models.CharField(max_length=300, verbose_name=_("Tên bản in"))
    filename = models.CharField(max_length=200)
    printed_at = models.DateTimeField(verbose_name=_("Thời điểm in"))
    printed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("Người in"))
    printed_by_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(null=True, blank=True, verbose_name=_("Số trang"))

    class Meta:
        ordering = ["-printed_at", "-pk"]
        verbose_name = _("Bản in, tệp xuất")
        verbose_name_plural = _("Bản in, tệp xuất")
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["unit", "printed_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.fmt}, {self.printed_at:%d/%m/%Y %H:%M})"
