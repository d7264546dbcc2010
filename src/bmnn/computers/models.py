"""The register of computers (máy tính) built from imported scan reports, the
reports themselves, the files found bearing marks, and the violations they show.

What is secret here is not document content (the scanner never copies it) but
where marked files sit: a path often is the document's title, and a stamp line
names its level. The raw report and each file's path and stamp lines are kept
only as AES-256-GCM ciphertext (bmnn.core.crypto), bound to the report's hash;
everything else (machine facts, verdict, counts, levels) is plain so it can be
listed and filtered. Every table is read through the access filter
(`bmnn.computers.access`): who may not see a computer does not learn it exists.
The register itself is not guarded by the level of the files on a machine; each
file's path and stamp lines are, file by file (`selectors.files_for`)."""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bmnn.core import crypto
from bmnn.core.levels import Level
from bmnn.org.models import Searchable, Unit

from bmnn.computers.access import ComputerQuerySet, ViolationQuerySet


class NetworkMode(models.TextChoices):
    """How the unit says the machine is used (GLOSSARY: `network_mode`)."""

    INTERNET = "internet", _("Có kết nối Internet, mạng ngoài")
    INDEPENDENT_LAN = "independent_lan", _("Mạng LAN độc lập")
    ISOLATED = "isolated", _("Không kết nối mạng")


class Verdict(models.TextChoices):
    """The scanner's verdict on the machine's connections (report `verdict.value`)."""

    ISOLATED = "isolated", _("Không kết nối mạng")
    INDEPENDENT_LAN = "independent_lan", _("Chỉ mạng nội bộ (có thể là LAN độc lập)")
    CONNECTED = "connected", _("Đang kết nối Internet, mạng ngoài")
    WAS_CONNECTED = "was_connected", _("Đã từng kết nối Internet, mạng ngoài")
    UNKNOWN = "unknown", _("Chưa xác định")


class Tier(models.TextChoices):
    MARKED = "marked", _("Có dấu độ mật")
    REVIEW = "review", _("Cần xem lại")


# Where a mark was found (report `mark.container`) and why a file could not be read
# (report `problem.kind`): the scanner's codes, shown in words.
CONTAINER_LABELS = {
    "body": _("thân văn bản"), "cell": _("ô bảng"), "textbox": _("hộp văn bản"), "header": _("đầu trang"),
    "footer": _("chân trang"), "note": _("chú thích, ghi chú"), "wordart": _("chữ nghệ thuật"),
    "property": _("thuộc tính tệp"), "title": _("tiêu đề trang chiếu"), "filename": _("tên tệp"),
}
PROBLEM_LABELS = {
    "unreadable": _("hỏng, không đọc được"), "encrypted": _("có mật khẩu"), "needs_ocr": _("cần nhận dạng chữ (OCR)"),
    "too_large": _("quá lớn"), "timeout": _("đọc quá thời gian"), "memory": _("đọc quá bộ nhớ"),
    "crashed": _("làm trình đọc dừng đột ngột"), "bomb": _("tệp nén nguy hiểm"), "denied": _("không có quyền đọc"),
    "unsupported": _("định dạng chưa hỗ trợ"), "link": _("liên kết không đi theo"),
}


class Computer(Searchable):
    """One machine of one unit. Its identity is the report's machine id (or host name
    and first hardware address): the same machine in another unit is another entry."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="computers", verbose_name=_("Đơn vị"))
    machine_id = models.CharField(max_length=200, verbose_name=_("Mã định danh máy"))
    hostname = models.CharField(max_length=255, verbose_name=_("Tên máy"))
    os = models.CharField(max_length=255, blank=True, verbose_name=_("Hệ điều hành"))
    network_mode = models.CharField(max_length=20, choices=NetworkMode.choices, blank=True,
                                    verbose_name=_("Chế độ kết nối đơn vị khai báo"))
    latest_verdict = models.CharField(max_length=20, choices=Verdict.choices, default=Verdict.UNKNOWN,
                                      verbose_name=_("Kết luận kết nối (lần quét gần nhất)"))
    latest_report = models.ForeignKey("ScanReport", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name=_("Báo cáo gần nhất"))
    last_scanned_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Quét lần cuối"))
    marked_count = models.PositiveIntegerField(default=0, verbose_name=_("Số tệp có dấu độ mật (lần gần nhất)"))
    highest_level = models.CharField(max_length=20, choices=Level.choices, blank=True,
                                     verbose_name=_("Độ mật cao nhất (lần gần nhất)"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ComputerQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "pk"]
        verbose_name = _("Máy tính")
        verbose_name_plural = _("Máy tính")
        constraints = [models.UniqueConstraint(fields=["unit", "machine_id"], name="computer_unique_in_unit")]
        indexes = [models.Index(fields=["unit", "latest_verdict"], name="computer_unit_verdict")]

    def __str__(self) -> str:
        return self.hostname

    def searchable_parts(self):
        return [self.hostname, self.machine_id, self.os]

    def sort_source(self):
        return self.hostname


class ScanReport(models.Model):
    """One imported report, kept whole (encrypted) with its hash: importing the same
    report again is recognised by the hash, not stored twice."""

    computer = models.ForeignKey(Computer, on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("Máy tính"))
    report_sha256 = models.CharField(max_length=64, unique=True, verbose_name=_("Mã băm báo cáo (SHA-256)"))
    raw_encrypted = models.BinaryField(editable=False)
    scanner_version = models.CharField(max_length=40, blank=True, verbose_name=_("Phiên bản công cụ quét"))
    verdict = models.CharField(max_length=20, choices=Verdict.choices, verbose_name=_("Kết luận kết nối"))
    verdict_evidence = models.JSONField(default=list, verbose_name=_("Căn cứ kết luận"))
    facts = models.JSONField(default=dict, verbose_name=_("Thông tin máy"))
    started_at = models.DateTimeField(verbose_name=_("Bắt đầu quét"))
    finished_at = models.DateTimeField(verbose_name=_("Kết thúc quét"))
    completed = models.BooleanField(default=True, verbose_name=_("Quét trọn vẹn"))
    full = models.BooleanField(default=False, verbose_name=_("Quét toàn văn"))
    stats = models.JSONField(default=dict, verbose_name=_("Thống kê"))
    problem_counts = models.JSONField(default=dict, verbose_name=_("Tệp không đọc được, theo lý do"))
    marked_count = models.PositiveIntegerField(default=0, verbose_name=_("Số tệp có dấu độ mật"))
    review_count = models.PositiveIntegerField(default=0, verbose_name=_("Số tệp cần xem lại"))
    highest_level = models.CharField(max_length=20, choices=Level.choices, blank=True,
                                     verbose_name=_("Độ mật cao nhất"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Người nhập"))
    imported_at = models.DateTimeField(auto_now_add=True, verbose_name=_("Thời điểm nhập"))
    source_name = models.CharField(max_length=255, blank=True, verbose_name=_("Tên tệp báo cáo"))

    class Meta:
        ordering = ["-finished_at", "-pk"]
        verbose_name = _("Báo cáo quét")
        verbose_name_plural = _("Báo cáo quét")

    def __str__(self) -> str:
        return f"{self.computer} – {self.finished_at:%d/%m/%Y %H:%M}"

    def problem_rows(self) -> list[tuple[str, int]]:
        """(why, how many files) for the files the scanner could not read."""
        return [(PROBLEM_LABELS.get(kind, kind), n) for kind, n in sorted(self.problem_counts.items())]

    def _aad(self) -> bytes:
        return b"computers.scanreport:" + self.report_sha256.encode()

    @property
    def raw(self) -> dict:
        return json.loads(crypto.decrypt(self.raw_encrypted, aad=self._aad()).decode("utf-8"))

    def set_raw(self, report: dict) -> None:
        self.raw_encrypted = crypto.encrypt(json.dumps(report, ensure_ascii=False).encode("utf-8"), aad=self._aad())


class MarkedFile(models.Model):
    """A file the scanner found bearing marks (tier `marked`) or worth a look (`review`).
    Its path and stamp lines are kept encrypted (`secret`); the rest is plain."""

    report = models.ForeignKey(ScanReport, on_delete=models.CASCADE, related_name="files",
                               verbose_name=_("Báo cáo quét"))
    position = models.PositiveIntegerField()  # its index in the report's findings
    level = models.CharField(max_length=20, choices=Level.choices, blank=True, verbose_name=_("Độ mật"))
    tier = models.CharField(max_length=10, choices=Tier.choices, verbose_name=_("Mức tin cậy"))
    score = models.FloatField(verbose_name=_("Điểm"))
    size = models.BigIntegerField(verbose_name=_("Kích thước (byte)"))
    modified = models.DateTimeField(null=True, blank=True, verbose_name=_("Sửa lần cuối"))
    file_type = models.CharField(max_length=40, verbose_name=_("Loại tệp"))
    sha256 = models.CharField(max_length=64, verbose_name=_("Mã băm tệp (SHA-256)"))
    secret = models.BinaryField(editable=False)

    class Meta:
        ordering = ["report", "position"]
        verbose_name = _("Tệp có dấu độ mật")
        verbose_name_plural = _("Tệp có dấu độ mật")
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="markedfile_unique_position")]

    def _aad(self, report_sha256: str) -> bytes:
        return f"computers.markedfile:{report_sha256}:{self.position}".encode()

    def seal(self, report_sha256: str, path: str, evidence: list) -> None:
        payload = json.dumps({"path": path, "evidence": evidence}, ensure_ascii=False).encode("utf-8")
        self.secret = crypto.encrypt(payload, aad=self._aad(report_sha256))

    def _opened(self) -> dict:
        cached = getattr(self, "_secret_cache", None)
        if cached is None:
            blob = crypto.decrypt(self.secret, aad=self._aad(self.report.report_sha256))
            cached = self._secret_cache = json.loads(blob.decode("utf-8"))
        return cached

    @property
    def path(self) -> str:
        return self._opened()["path"]

    @property
    def evidence(self) -> list[dict]:
        """The marks found: stamp line (≤ 80 characters), rule, score, level, container, part, page."""
        return self._opened()["evidence"]

    def marks(self) -> list[dict]:
        """The evidence with its place in words (`where`), for the pages."""
        return [{**mark, "where": CONTAINER_LABELS.get(mark.get("container"), mark.get("container"))}
                for mark in self.evidence]


class ViolationKind(models.TextChoices):
    MARKED_ON_CONNECTED = "marked_on_connected", _("Lưu tài liệu mật trên máy đang kết nối mạng")
    MARKED_ON_WAS_CONNECTED = "marked_on_was_connected", _("Lưu tài liệu mật trên máy đã từng kết nối mạng")


class ViolationStatus(models.TextChoices):
    OPEN = "open", _("Chưa xử lý")
    RESOLVED = "resolved", _("Đã xử lý")


class Violation(models.Model):
    """Files bearing a secrecy stamp on a machine that is, or was, connected (the
    prohibited act of rules.BASIS). Opened by the import; closed by a person with a note.
    A later report that shows the same still refreshes the open one (`last_report`)."""

    computer = models.ForeignKey(Computer, on_delete=models.PROTECT, related_name="violations",
                                 verbose_name=_("Máy tính"))
    report = models.ForeignKey(ScanReport, on_delete=models.PROTECT, related_name="violations_opened",
                               verbose_name=_("Báo cáo phát hiện"))
    last_report = models.ForeignKey(ScanReport, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("Báo cáo gần nhất còn thấy"))
    kind = models.CharField(max_length=40, choices=ViolationKind.choices, verbose_name=_("Loại vi phạm"))
    level = models.CharField(max_length=20, choices=Level.choices, verbose_name=_("Độ mật cao nhất"))
    file_count = models.PositiveIntegerField(verbose_name=_("Số tệp có dấu độ mật"))
    status = models.CharField(max_length=10, choices=ViolationStatus.choices, default=ViolationStatus.OPEN,
                              verbose_name=_("Trạng thái"))
    opened_at = models.DateTimeField(verbose_name=_("Ngày phát hiện"))
    resolution_note = models.TextField(blank=True, verbose_name=_("Kết quả xử lý"))
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("Người xử lý"))
    resolved_at = models.DateTimeField(null=True, blank=True, verbose_name=_("Thời điểm xử lý"))

    objects = ViolationQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("Vi phạm")
        verbose_name_plural = _("Vi phạm")
        indexes = [models.Index(fields=["status", "opened_at"], name="violation_status_opened")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.computer}"
