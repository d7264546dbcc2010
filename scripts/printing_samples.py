"""Make the first page of every printout, from the demo data, as a PNG for docs/printing.md.

    BMNN_DATA_DIR=/tmp/demo .venv/bin/bmnn demo        # once
    BMNN_DATA_DIR=/tmp/demo .venv/bin/python scripts/printing_samples.py [--out docs/printing]

Each printout is made through its real print act (so the demo's ledger records them), as a demo user who
may see the object. PDF pages are rendered with pypdfium2; DOCX and XLSX files are first turned into PDF
by LibreOffice (`soffice --headless`), which is needed only here, never by bmnn itself."""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bmnn.settings")

import django  # noqa: E402

django.setup()

import pypdfium2 as pdfium  # noqa: E402
from django.core.exceptions import ObjectDoesNotExist  # noqa: E402
from django.http import Http404  # noqa: E402

from bmnn.org.models import Person, Role  # noqa: E402
from bmnn.outputs import documents  # noqa: E402
from bmnn.outputs.documents.printing import print_document  # noqa: E402

ROLE_ORDER = [Role.SECURITY_OFFICER, Role.CLERK, Role.LEADER, Role.DEPUTY, Role.STAFF, Role.INSPECTOR]


def to_pdf(content: bytes, fmt: str) -> bytes:
    if fmt == "pdf":
        return content
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("LibreOffice (soffice) is needed to picture DOCX/XLSX pages: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"sample.{fmt}"
        source.write_bytes(content)
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
                       check=True, capture_output=True, timeout=180)
        return (Path(tmp) / "sample.pdf").read_bytes()


def first_page_png(content: bytes, fmt: str, target: Path, *, also_second: bool = False) -> None:
    """Page 1 as `target`; with `also_second`, page 2 too (a register's first page is its cover)."""
    pdf = pdfium.PdfDocument(io.BytesIO(to_pdf(content, fmt)))
    try:
        pages = [0, 1] if also_second and len(pdf) > 1 else [0]
        for i in pages:
            image = pdf[i].render(scale=1.25).to_pil()
            name = target if i == 0 else target.with_name(target.name.replace(".png", ".page2.png"))
            image.convert("RGB").quantize(colors=64).save(name, optimize=True)
    finally:
        pdf.close()


def people():
    """Demo people, keepers and officers first: the first who may see an object prints it."""
    ranked = []
    for person in Person.objects.filter(is_active=True):
        roles = set(person.tenures.values_list("position__role", flat=True))
        ranked.append((min((ROLE_ORDER.index(r) for r in roles if r in ROLE_ORDER), default=99), person.pk, person))
    return [p for *_, p in sorted(ranked, key=lambda t: (t[0], t[1]))]


def sample_document(kind, persons, fmt: str):
    for pk in range(1, 150):  # the demo after the walkthrough holds well under 150 of any act
        for person in persons:
            try:
                kind.lookup(person, pk)
            except (Http404, ObjectDoesNotExist):
                continue
            return print_document(person, kind.code, pk, fmt)
    return None


def complete_demo_acts() -> None:
    """The walkthrough does not photograph, extract or carry out: do it here, through the real services,
    as the people who did the walkthrough's reproduction (the police's state-secret officer asks and
    carries, the deputy director allows), so those papers have a demo object too. Idempotent."""
    import datetime as dt

    from django.utils import timezone

    from bmnn.records.models import (Adjustment, CarryOut, CarryOutScope, Copy, CopyStatus, Reproduction,
                                     ReproductionMethod, SecretListEntry)
    from bmnn.records.services import carryout, periods, reproduction

    first = Reproduction.objects.order_by("pk").first()
    if first is None:
        return
    on = timezone.localdate()
    for method in (ReproductionMethod.PHOTO, ReproductionMethod.EXTRACT):
        if Reproduction.objects.filter(method=method).exists():
            continue
        r = reproduction.request_reproduction(first.requested_by, first.item, method=method, copies_requested=1,
                                              purpose="Phục vụ họp giao ban (minh họa)", on=on)
        reproduction.decide_reproduction(first.decided_by, r, approve=True, on=on)
        reproduction.execute_reproduction(first.executor, r, copies_made=1, place="Phòng bảo mật", device="Máy ảnh MA-01"
                                          if method == ReproductionMethod.PHOTO else "Viết tay", on=on)
    if not Adjustment.objects.exists():
        item, decider = first.item, first.item.decided_by
        lower = SecretListEntry.objects.filter(secret_list=item.list_entry.secret_list, level="MAT").first()
        if decider is not None and lower is not None:
            periods.adjust(decider, item, to_level="MAT", list_entry=lower, decision_reference="07/QĐ-CAT",
                           reason="Nội dung còn lại chỉ thuộc mục Mật của danh mục (minh họa)", on=on)
    if not CarryOut.objects.exists():
        copy = Copy.objects.filter(custodian_person=first.requested_by, status=CopyStatus.HELD).first()
        if copy is not None:
            carryout.request_carry_out(
                first.requested_by, copy.item, copies=[copy], scope=CarryOutScope.DOMESTIC,
                purpose="Báo cáo tại cuộc họp của Ủy ban nhân dân tỉnh (minh họa)", destination="Trụ sở UBND tỉnh",
                leaves_on=on, returns_by=on + dt.timedelta(days=1), protection_measures="Cặp có khóa, mang theo người",
                on=on)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="docs/printing")
    parser.add_argument("--only", nargs="*", help="document kind codes")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    complete_demo_acts()
    persons = people()
    made = []
    for kind in documents.KINDS.values():
        if args.only and kind.code not in args.only:
            continue
        for fmt in ("pdf", "docx"):
            result = sample_document(kind, persons, fmt)
            if result is None:
                print(f"  {kind.code}: no demo object to print", file=sys.stderr)
                break
            printout, content = result
            target = out / f"{kind.code}.{fmt}.png"
            first_page_png(content, fmt, target)
            made.append(target)
            print(f"  {target} ← {printout.title} ({printout.printed_by_name})")
    for extra in EXTRA_SAMPLES:
        made += extra(persons, out)
    print(f"{len(made)} pictures in {out}")
    return 0


def _first_allowed(persons, attempt):
    """The first person for whom `attempt(person)` prints something (others get 404 or a refusal)."""
    from bmnn.core.errors import Refused

    for person in persons:
        try:
            return attempt(person)
        except (Http404, Refused, ObjectDoesNotExist):
            continue
    return None


def _save(result, fmt: str, target: Path, *, also_second: bool = False) -> list[Path]:
    if result is None:
        print(f"  {target.name}: nothing to print in the demo", file=sys.stderr)
        return []
    printout, content = result
    first_page_png(content, fmt, target, also_second=also_second)
    print(f"  {target} ← {printout.title} ({printout.printed_by_name})")
    return [target]


def register_samples(persons, out: Path) -> list[Path]:
    from bmnn.outputs import register_prints
    from bmnn.records.models import Register, RegisterKind

    made = []
    for kind in RegisterKind.values:
        register = Register.objects.filter(kind=kind).order_by("-entries__number").first()
        if register is None:
            continue
        for fmt in ("pdf", "docx"):
            made += _save(_first_allowed(persons, lambda p: register_prints.print_volume(p, register, fmt)), fmt,
                          out / f"register-{kind}.{fmt}.png", also_second=True)
    register = Register.objects.order_by("pk").first()
    if register is not None:
        import datetime as dt

        made += _save(_first_allowed(persons, lambda p: register_prints.print_inventory(
            p, register.unit, dt.date(register.year, 1, 1), dt.date(register.year, 12, 31), "pdf")), "pdf",
            out / "register-inventory.pdf.png")
    return made


def export_samples(persons, out: Path) -> list[Path]:
    from bmnn.outputs.export.act import export_list

    return _save(_first_allowed(persons, lambda p: export_list(p, "items", {})), "xlsx", out / "export-items.xlsx.png")


def annual_report_samples(persons, out: Path) -> list[Path]:
    from bmnn.org.models import Unit
    from bmnn.records.services.annual_report import window
    from bmnn.records.services.annual_report_document import print_report
    from django.utils import timezone

    today = timezone.localdate()
    year = today.year if today <= window(today.year)[1] else today.year + 1
    made = []
    for unit in Unit.objects.order_by("pk"):
        result = _first_allowed(persons, lambda p: print_report(p, unit, year, fmt="docx"))
        if result is not None:
            return _save(result, "docx", out / "annual-report.docx.png")
    return made


# Printouts that are not document kinds: (persons, out_dir) -> list of PNG paths.
EXTRA_SAMPLES: list = [register_samples, export_samples, annual_report_samples]

if __name__ == "__main__":
    sys.exit(main())
