"""Helpers for the tests of printed documents: print a registered kind through the page (POST, as a
logged-in person) and open what came back: the PDF with pypdfium2, the DOCX with python-docx."""

import io

import docx
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.models import LedgerEvent
from bmnn.outputs.models import Printout
from bmnn.outputs.tests.test_document import docx_text, pdf_text

LAYOUT = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def post(client, person, kind: str, pk: int, fmt: str):
    login_with_second_factor(client, person)
    return client.post(reverse("outputs:document", args=[kind, pk, fmt]))


def printed(client, person, kind: str, pk: int) -> tuple[list[str], str]:
    """The PDF's pages as text and the DOCX's text (paragraphs and table cells) of one document."""
    pdf = post(client, person, kind, pk, "pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", pdf.status_code
    word = post(client, person, kind, pk, "docx")
    assert word.status_code == 200 and "attachment" in word["Content-Disposition"]
    docx.Document(io.BytesIO(word.content))  # opens
    return pdf_text(pdf.content), docx_text(word.content)


def flat(text: str) -> str:
    """PDF text with its line breaks joined (a table cell may wrap a long value)."""
    return " ".join(text.replace("\r", "").split())


def both_contain(pages: list[str], word_text: str, *expected: str) -> None:
    pdf_all, word_all = flat(" ".join(pages)), flat(word_text)
    for text in expected:
        assert text in pdf_all, f"PDF lacks {text!r}"
        assert text in word_all, f"DOCX lacks {text!r}"


def print_events(kind: str) -> list[LedgerEvent]:
    """The ledger events of the printouts of `kind`."""
    ids = [str(pk) for pk in Printout.objects.filter(form=f"document.{kind}").values_list("pk", flat=True)]
    return list(LedgerEvent.objects.filter(action="outputs.print", object_id__in=ids))
