"""Helpers for tests of document kinds: print one from its page as a logged-in person (POST) and
open what comes back — the PDF's text per page (pypdfium2), the DOCX's text and images (python-docx)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from django.urls import reverse
from django.utils import timezone

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.models import LedgerEvent
from bmnn.outputs import stamps
from bmnn.outputs.models import Printout
from bmnn.outputs.tests.test_document import docx_text, pdf_text

# What every Decree 30 document carries, in the PDF and the DOCX alike.
LAYOUT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "In từ hệ thống bmnn")


def flat(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Printed:
    pdf_pages: list[str]
    docx: str
    docx_images: list[bytes]
    printout: Printout

    @property
    def pdf(self) -> str:
        """Every page's text, lines joined by single spaces (a wrapped phrase reads whole)."""
        return flat(" ".join(self.pdf_pages))

    def has(self, *texts: str) -> None:
        """Each text in the PDF and in the DOCX (a missing one is named)."""
        pdf, word = self.pdf, flat(self.docx)
        for text in texts:
            assert text in pdf, f"PDF lacks {text!r} in {pdf}"
            assert text in word, f"DOCX lacks {text!r}"

    def lacks(self, *texts: str) -> None:
        pdf, word = self.pdf, flat(self.docx)
        for text in texts:
            assert text not in pdf and text not in word, text

    def has_level_stamp(self, level: str) -> None:
        """The level stamp: its text in the PDF, its red image in the DOCX."""
        stamp = stamps.level_stamp(level, timezone.localdate())
        assert stamp.text in flat(self.pdf_pages[0])
        assert stamps.png(stamp) in self.docx_images


def post(client, kind: str, pk: int, fmt: str):
    return client.post(reverse("outputs:document", args=[kind, pk, fmt]))


def print_both(client, person, kind: str, pk: int) -> Printed:
    """Print `kind` of object `pk` as `person` from the page, in PDF then DOCX, and open both."""
    login_with_second_factor(client, person)
    pdf = post(client, kind, pk, "pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", pdf.status_code
    word = post(client, kind, pk, "docx")
    assert word.status_code == 200 and "attachment" in word["Content-Disposition"]
    document = docx.Document(io.BytesIO(word.content))
    images = [rel.target_part.blob for rel in document.part.rels.values() if rel.reltype.endswith("/image")]
    printed = Printed(pdf_text(pdf.content), docx_text(word.content), images,
                      Printout.objects.filter(form=f"document.{kind}").order_by("pk").first())
    printed.has(*LAYOUT[:2])
    assert LAYOUT[2] in printed.pdf_pages[-1]
    return printed


def print_event(printout: Printout) -> LedgerEvent:
    return LedgerEvent.objects.get(action="outputs.print", object_id=str(printout.pk))


def shows_buttons(client, person, page: str, kind: str, pk: int) -> bool:
    """Whether `page` (a detail page) offers the print buttons of `kind` for object `pk`."""
    login_with_second_factor(client, person)
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()
    return all(reverse("outputs:document", args=[kind, pk, fmt]) in html for fmt in ("pdf", "docx"))


def hidden_from_outsider(client, kind: str, pk: int) -> bool:
    """Whether a security officer of another unit, cleared for Tuyệt mật but without need-to-know,
    gets a 404 for both formats and nothing is printed."""
    from bmnn.core.levels import Level
    from bmnn.org.models import Role
    from bmnn.org.tests.factories import UnitFactory, person_in

    outsider = person_in(UnitFactory(code="KHAC"), role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    login_with_second_factor(client, outsider)
    statuses = {post(client, kind, pk, fmt).status_code for fmt in ("pdf", "docx")}
    return statuses == {404} and not Printout.objects.filter(form=f"document.{kind}").exists()
