"""The shared document print act: page, API and builder, on a kind registered by the test."""

import io

import docx
import pytest
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.access import get_visible_or_404
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.outputs import document as d
from bmnn.outputs import documents, services
from bmnn.outputs.models import Printout
from bmnn.outputs.tests.test_document import pdf_text
from bmnn.records.models import SecretItem
from bmnn.records.tests.factories import SecretItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def item_sheet():
    kind = documents.register(documents.DocumentKind(
        code="test-sheet", label="Phiếu thử",
        lookup=lambda person, pk: get_visible_or_404(SecretItem.objects, person, pk=pk),
        build=lambda item, person, on: d.AdminDocument(body_name=item.holding_unit.name, doc_type="Phiếu thử",
                                                       date=on, blocks=[d.Para(f"Tài liệu số {item.pk}")]),
        level=lambda item: item.level, unit=lambda item: item.holding_unit))
    yield kind
    documents.KINDS.pop("test-sheet")


@pytest.fixture
def unit():
    return UnitFactory(name="Phòng Kế toán", code="PKT")


@pytest.fixture
def officer(unit):
    return person_in(unit, role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT, full_name="Đỗ Thị Hà")


def test_printing_from_the_page_hands_out_the_pdf_and_records_the_act(client, unit, officer):
    item = SecretItemFactory(holding_unit=unit, level=Level.MAT)
    login_with_second_factor(client, officer)
    response = client.post(reverse("outputs:document", args=["test-sheet", item.pk, "pdf"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)[0]
    assert f"Tài liệu số {item.pk}" in text and "người in: Đỗ Thị Hà" in text
    printout = Printout.objects.get()
    assert printout.level == Level.MAT and printout.form == "document.test-sheet"
    assert LedgerEvent.objects.filter(action="outputs.print", object_id=str(printout.pk)).exists()


def test_an_item_the_person_may_not_see_prints_nothing_and_is_404(client, unit):
    item = SecretItemFactory(holding_unit=unit, level=Level.TUYET_MAT)
    outsider = person_in(UnitFactory(code="KHAC"), role=Role.SECURITY_OFFICER, clearance=Level.MAT)
    login_with_second_factor(client, outsider)
    assert client.post(reverse("outputs:document", args=["test-sheet", item.pk, "pdf"])).status_code == 404
    assert not Printout.objects.exists()


def test_an_unknown_document_kind_is_404(client, officer):
    login_with_second_factor(client, officer)
    assert client.post(reverse("outputs:document", args=["no-such-kind", 1, "pdf"])).status_code == 404


def test_a_format_other_than_pdf_or_docx_is_refused_with_its_basis(client, unit, officer):
    item = SecretItemFactory(holding_unit=unit, level=Level.MAT)
    login_with_second_factor(client, officer)
    response = client.post(reverse("outputs:document", args=["test-sheet", item.pk, "xlsx"]), follow=True)
    assert "chỉ in được ra PDF hoặc DOCX" in response.content.decode()
    assert not Printout.objects.exists()


def test_printing_is_a_post_only_act(client, unit, officer):
    item = SecretItemFactory(holding_unit=unit, level=Level.MAT)
    login_with_second_factor(client, officer)
    assert client.get(reverse("outputs:document", args=["test-sheet", item.pk, "pdf"])).status_code == 405


def test_the_api_prints_a_docx_and_regenerating_it_gives_the_same_bytes(client, unit, officer):
    item = SecretItemFactory(holding_unit=unit, level=Level.TOI_MAT)
    login_with_second_factor(client, officer)
    response = client.post("/api/outputs/documents/", {"kind": "test-sheet", "id": item.pk, "format": "docx"})
    assert response.status_code == 200
    assert "Tài liệu số" in "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    again, same = services.regenerate(officer, Printout.objects.get())
    assert same and again == response.content


def test_the_api_answers_404_for_an_item_the_caller_may_not_see(client, unit):
    item = SecretItemFactory(holding_unit=unit, level=Level.MAT)
    login_with_second_factor(client, person_in(UnitFactory(code="KHAC"), role=Role.STAFF))
    response = client.post("/api/outputs/documents/", {"kind": "test-sheet", "id": item.pk, "format": "pdf"})
    assert response.status_code == 404
