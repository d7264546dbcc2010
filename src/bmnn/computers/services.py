"""Acts on the register of computers: importing a scan report, declaring how a unit
uses a machine, and closing a violation. Each checks who acts (computers.access),
writes in one transaction with its ledger event, and never puts a path or a stamp
line into the ledger (the ledger is read more widely than the register)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bmnn.computers import reportfile, rules
from bmnn.computers.access import require_oversight
from bmnn.computers.models import (
    Computer, MarkedFile, NetworkMode, ScanReport, Verdict, Violation, ViolationStatus,
)
from bmnn.core import ledger
from bmnn.core.errors import Refused
from bmnn.core.text import nfc

TAMPER_BASIS = "Lược đồ báo cáo bmnn.scan/1 (report_sha256)"


@dataclass
class ImportResult:
    report: ScanReport
    created: bool  # False: this very report had been imported before (recognised by its hash)
    violation: Violation | None = None

    @property
    def computer(self) -> Computer:
        return self.report.computer


def _vi(label) -> str:
    """A choice label in Vietnamese whatever the interface language: ledger text is kept."""
    with translation.override(None):
        return str(label)


def _check_mode(network_mode: str) -> str:
    if network_mode and network_mode not in NetworkMode.values:
        raise ValidationError({"network_mode": _("Chế độ kết nối không hợp lệ.")})
    return network_mode or ""


def import_report(actor, data: bytes | str | dict, *, unit, source_name: str = "",
                  network_mode: str = "") -> ImportResult:
    """Validate a `bmnn.scan/1` report and store it under `unit`.

    Bad input raises reportfile.InvalidReport (a ValidationError, Vietnamese); a report
    whose hash does not match its content is refused as altered. The same report
    imported again is recognised and returned as it is: nothing written, no event."""
    require_oversight(actor, unit)
    network_mode = _check_mode(network_mode)
    report = reportfile.parse(data)
    reportfile.validate(report)
    digest = reportfile.report_sha256(report)
    if digest != report["report_sha256"]:
        raise Refused(_("Mã băm ghi trong báo cáo không khớp với nội dung: báo cáo đã bị sửa sau khi quét hoặc bị "
                        "hỏng. Không nhập; hãy quét lại máy."), rule="computers.report_tampered", basis=TAMPER_BASIS)
    existing = _imported(digest)
    if existing is not None:
        return existing
    source_name = nfc(source_name)[:255]
    try:
        return _store(actor, unit, report, digest, source_name, network_mode)
    except IntegrityError:
        # Another import committed first: this same report (the unique hash let one
        # through), or a report of the same machine, new to the register: it is
        # registered now, so once more.
        existing = _imported(digest)
        return existing or _store(actor, unit, report, digest, source_name, network_mode)


def _imported(digest: str) -> ImportResult | None:
    report = ScanReport.objects.select_related("computer", "computer__unit").filter(report_sha256=digest).first()
    return ImportResult(report, created=False) if report else None


def _os_name(machine: dict) -> str:
    os_facts = machine.get("os") or {}
    return (os_facts.get("platform") or " ".join(
        part for part in (os_facts.get("system"), os_facts.get("release")) if part) or "")[:255]


@transaction.atomic
def _store(actor, unit, report: dict, digest: str, source_name: str, network_mode: str) -> ImportResult:
    machine = report["machine"]
    computer, _created = Computer.objects.select_for_update().get_or_create(
        unit=unit, machine_id=reportfile.machine_identity(machine),
        defaults={"hostname": nfc(machine["hostname"])[:255] or "?"})
    if network_mode:
        computer.network_mode = network_mode
    findings = report["findings"]
    stamped = rules.stamped(findings)
    scan = ScanReport(
        computer=computer, report_sha256=digest, scanner_version=str(report["scanner"].get("version", ""))[:40],
        verdict=report["verdict"]["value"], verdict_evidence=report["verdict"]["evidence"], facts=machine,
        started_at=reportfile.parse_time(report["started_at"]),
        finished_at=reportfile.parse_time(report["finished_at"]),
        completed=report["completed"], full=bool(report["options"].get("full")), stats=report["stats"],
        problem_counts=_count_by(report["problems"], "kind"), marked_count=len(stamped),
        review_count=sum(1 for f in findings if f["tier"] == "review"),
        highest_level=rules.highest(f["level"] for f in stamped), imported_by=actor, source_name=source_name)
    scan.set_raw(report)
    scan.save()
    MarkedFile.objects.bulk_create([_marked_file(scan, i, f) for i, f in enumerate(findings)], batch_size=500)
    _update_computer(computer, scan, machine)
    ledger.record_event(
        "computers.scan.import", actor=actor, unit=unit, obj=scan,
        description=f"Nhập kết quả quét máy {computer.hostname}: {_vi(Verdict(scan.verdict).label)}, "
                    f"{scan.marked_count} tệp có dấu độ mật, {scan.review_count} tệp cần xem lại",
        payload={"report_sha256": digest, "hostname": computer.hostname, "computer": computer.pk,
                 "verdict": scan.verdict, "marked": scan.marked_count, "review": scan.review_count,
                 "highest_level": scan.highest_level, "problems": len(report["problems"]),
                 "completed": scan.completed})
    return ImportResult(scan, created=True, violation=_open_violation(actor, computer, scan, findings))


def _count_by(rows: list[dict], key: str) -> dict:
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[key]] = counts.get(row[key], 0) + 1
    return counts


def _marked_file(scan: ScanReport, position: int, finding: dict) -> MarkedFile:
    marked = MarkedFile(report=scan, position=position, level=finding["level"] or "", tier=finding["tier"],
                        score=finding["score"], size=finding["size"],
                        modified=reportfile.parse_time(finding["modified"]),
                        file_type=finding["type"][:40], sha256=finding["sha256"])
    marked.seal(scan.report_sha256, finding["path"], finding["evidence"])
    return marked


def _update_computer(computer: Computer, scan: ScanReport, machine: dict) -> None:
    """The register shows the latest scan; a report older than it (imported late) adds
    its files and history but does not replace the latest facts."""
    if computer.last_scanned_at is None or scan.finished_at >= computer.last_scanned_at:
        computer.hostname = nfc(machine["hostname"])[:255] or computer.hostname
        computer.os = _os_name(machine)
        computer.latest_report = scan
        computer.latest_verdict = scan.verdict
        computer.last_scanned_at = scan.finished_at
        computer.marked_count = scan.marked_count
        computer.highest_level = scan.highest_level
    computer.save()


def _open_violation(actor, computer: Computer, scan: ScanReport, findings: list[dict]) -> Violation | None:
    """Open a violation when the report shows one; when one of that kind is still open
    for the machine, this report is recorded as seeing it again."""
    found = rules.breach(scan.verdict, computer.network_mode, findings)
    if found is None:
        return None
    violation = Violation.objects.select_for_update().filter(
        computer=computer, kind=found.kind, status=ViolationStatus.OPEN).first()
    payload = {"report_sha256": scan.report_sha256, "kind": found.kind, "level": found.level,
               "files": found.file_count, "computer": computer.pk}
    if violation is not None:
        violation.last_report = scan
        violation.level = rules.highest([violation.level, found.level])
        violation.file_count = found.file_count
        violation.save(update_fields=["last_report", "level", "file_count"])
        ledger.record_event("computers.violation.seen", actor=actor, unit=computer.unit, obj=violation,
                            description=f"Báo cáo quét mới vẫn thấy vi phạm trên máy {computer.hostname}",
                            payload=payload)
        return violation
    violation = Violation.objects.create(computer=computer, report=scan, last_report=scan, kind=found.kind,
                                         level=found.level, file_count=found.file_count, opened_at=timezone.now())
    ledger.record_event("computers.violation.open", actor=actor, unit=computer.unit, obj=violation,
                        description=f"Phát hiện vi phạm trên máy {computer.hostname}: "
                                    f"{_vi(violation.get_kind_display())}",
                        payload=payload)
    return violation


def resolve_violation(actor, violation: Violation, note: str) -> Violation:
    """Close a violation with what was done (files removed, machine disconnected, …)."""
    note = nfc(note or "").strip()
    with transaction.atomic():
        violation = Violation.objects.select_for_update().select_related("computer", "computer__unit").get(
            pk=violation.pk)
        require_oversight(actor, violation.computer.unit)
        if violation.status != ViolationStatus.OPEN:
            raise Refused(_("Vi phạm này đã được xử lý."), rule="computers.violation_closed",
                          basis=rules.BASIS[violation.kind])
        if not note:
            raise ValidationError({"note": _("Ghi kết quả xử lý (đã làm gì, ai làm, khi nào).")})
        violation.status = ViolationStatus.RESOLVED
        violation.resolution_note = note
        violation.resolved_by = actor
        violation.resolved_at = timezone.now()
        violation.save(update_fields=["status", "resolution_note", "resolved_by", "resolved_at"])
        # The note is shown on the violation's page; the ledger keeps its hash in case it names a file.
        ledger.record_event("computers.violation.resolve", actor=actor, unit=violation.computer.unit, obj=violation,
                            description=f"Xử lý xong vi phạm trên máy {violation.computer.hostname}",
                            payload={"kind": violation.kind, "note": ledger.secret_hash(note)})
    return violation


def declare_network_mode(actor, computer: Computer, network_mode: str) -> Computer:
    """Record how the unit says the machine is used (Internet, independent LAN, none)."""
    network_mode = _check_mode(network_mode)
    with transaction.atomic():
        computer = Computer.objects.select_for_update().select_related("unit").get(pk=computer.pk)
        require_oversight(actor, computer.unit)
        before = computer.network_mode
        computer.network_mode = network_mode
        computer.save()
        ledger.record_event("computers.computer.network_mode", actor=actor, unit=computer.unit, obj=computer,
                            description=f"Khai báo chế độ kết nối của máy {computer.hostname}: "
                                        f"{_vi(NetworkMode(network_mode).label) if network_mode else 'không khai báo'}",
                            payload={"from": before, "to": network_mode})
    return computer


def open_computer(person, pk) -> Computer:
    """Fetch one computer for reading and log the read: the page shows the paths of its
    files within the reader's clearance (selectors.files_for); the ledger never does."""
    from bmnn.core.access import get_visible_or_404

    with transaction.atomic():
        computer = get_visible_or_404(Computer.objects.select_related("unit", "latest_report"), person, pk=pk)
        ledger.record_read(person, computer, action="computers.computer.read", unit=computer.unit,
                           description=f"Xem máy tính {computer.hostname}")
    return computer


def open_report(person, pk) -> ScanReport:
    """Fetch one report of a visible computer for reading and log the read."""
    from django.http import Http404

    with transaction.atomic():
        report = ScanReport.objects.select_related("computer", "computer__unit", "imported_by").filter(
            computer__in=Computer.objects.visible_to(person), pk=pk).first()
        if report is None:
            raise Http404(_("Không tìm thấy."))
        ledger.record_read(person, report, action="computers.scanreport.read", unit=report.computer.unit,
                           description=f"Xem báo cáo quét máy {report.computer.hostname}")
    return report
