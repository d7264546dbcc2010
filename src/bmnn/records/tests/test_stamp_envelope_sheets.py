"""The stamp sheet of an item and the envelope sheet of a delivery, printed from their pages (POST,
logged in) and opened back: PDF with pypdfium2, DOCX with python-docx."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.outputs.models import Printout
from bmnn.outputs.tests.test_document import docx_text, pdf_text
from bmnn.records.services import delivery as svc
from bmnn.records.tests.test_delivery import named, pa05, sender  # noqa: F401  (fixtures)
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 4, 10)
NAMED_ONLY = "Chỉ người có tên mới được bóc bì"


def printed(client, person, kind, obj, fmt):
    login_with_second_factor(client, person)
    response = client.post(reverse("outputs:document", args=[kind, obj.pk, fmt]))
    assert response.status_code == 200, response.content[:300]
    return response.content


def send(sender, item, to_unit, **kw):
    return svc.deliver(sender, item, copies=list(item.copies.order_by("number")[:2]), to_unit=to_unit, on=ON, **kw)


def images(content: bytes) -> list[str]:
    """The alternative text of every picture in a DOCX (the stamps' words)."""
    document = docx.Document(io.BytesIO(content))
    return [el.get("descr") for el in document.element.body.iter()
            if el.tag.endswith("}docPr")]


# --- Stamp sheet ------------------------------------------------------------------------------------

def test_the_stamp_sheet_pdf_shows_every_stamp_of_the_item_with_its_form_size_and_flag(client, sender, pa03):
    item = issued_item(sender, pa03, level=Level.TOI_MAT, copies=2)
    content = printed(client, sender, "stamp-sheet", item, "pdf")
    pages = pdf_text(content)
    text = "\n".join(pages)
    assert len(pages) == 1
    assert "TỜ MẪU DẤU" in text and f"Các dấu trên tài liệu {item.reference}" in text
    assert "PHÒNG AN NINH CHÍNH TRỊ NỘI BỘ" in " ".join(text.split()) and "CÔNG AN TỈNH SƠN HÀ" in text
    assert "Dấu độ mật Tối mật (Mẫu 02), 30 × 8 mm, chưa xác minh" in text
    assert "Bản số: 01" in text and "Bản số: 02" in text and "Đóng trên: Bản số 02" in text
    assert text.count("TỐI MẬT") >= 2  # box 10a and the stamp itself
    assert "người in: Lê Thị Gửi" in text
    assert Printout.objects.get().level == Level.TOI_MAT


def test_the_stamp_sheet_docx_has_the_stamps_as_pictures_with_their_words(client, sender, pa03):
    item = issued_item(sender, pa03, level=Level.MAT, copies=1)
    content = printed(client, sender, "stamp-sheet", item, "docx")
    assert "Dấu quản lý số lượng (Bản số) (Mẫu 08)" in docx_text(content)
    assert images(content) == ["MẬT", "MẬT", "Bản số: 01"]  # box 10a, then the sheet


def test_the_stamp_sheet_of_a_tuyet_mat_item_names_it_by_its_number_only(client, sender, pa03):
    item = issued_item(sender, pa03, level=Level.TUYET_MAT, copies=1, summary="Kế hoạch tuyệt mật thử")
    text = "\n".join(pdf_text(printed(client, sender, "stamp-sheet", item, "pdf")))
    assert item.reference in text and "Kế hoạch tuyệt mật thử" not in text


def test_the_stamp_sheet_of_an_item_the_person_may_not_see_is_404(client, sender, pa03):
    item = issued_item(sender, pa03, level=Level.TOI_MAT, copies=1)
    outsider = person_in(UnitFactory(code="KHAC"), role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    login_with_second_factor(client, outsider)
    assert client.post(reverse("outputs:document", args=["stamp-sheet", item.pk, "pdf"])).status_code == 404
    assert not Printout.objects.exists()


# --- Envelope sheet ---------------------------------------------------------------------------------

def test_a_tuyet_mat_delivery_to_a_named_person_has_an_outer_a_and_a_sealed_inner_envelope(
        client, sender, pa03, pa05, named):
    item = issued_item(sender, pa03, level=Level.TUYET_MAT, copies=2)
    delivery = send(sender, item, pa05, named_recipient=named, named_recipient_only=True)
    pages = pdf_text(printed(client, sender, "envelope-sheet", delivery, "pdf"))
    text = "\n".join(pages)
    assert len(pages) == 1 and "PHIẾU GHI BÌ" in text
    outer, inner = text.split("I. BÌ NGOÀI")[1].split("II. BÌ TRONG (NIÊM PHONG)")
    assert "Ghi như thư thường" in outer and "Phòng An ninh kinh tế" in outer
    assert "Dấu ký hiệu chữ A (bì ngoài tài liệu Tuyệt mật) (Mẫu 03)" in outer
    assert item.reference not in outer and "TUYỆT MẬT" not in outer and "Phạm Có Tên" not in outer
    assert item.reference in inner and "Phạm Có Tên – Phòng An ninh kinh tế" in inner
    assert "TUYỆT MẬT" in inner and NAMED_ONLY in inner
    assert "Niêm phong bằng dấu của cơ quan, tổ chức" in inner
    assert "Trong bì: 2 bản (bản số 01, 02)" in inner and "Điều 4 khoản 1 điểm b" in inner


def test_the_tuyet_mat_envelope_sheet_docx_has_the_a_tuyet_mat_and_named_only_stamps(
        client, sender, pa03, pa05, named):
    item = issued_item(sender, pa03, level=Level.TUYET_MAT, copies=2)
    delivery = send(sender, item, pa05, named_recipient=named, named_recipient_only=True)
    content = printed(client, sender, "envelope-sheet", delivery, "docx")
    assert images(content) == ["TUYỆT MẬT", "A", "TUYỆT MẬT", NAMED_ONLY]  # box 10a, outer, inner
    text = docx_text(content)
    assert "I. BÌ NGOÀI" in text and "II. BÌ TRONG (NIÊM PHONG)" in text and "Phạm Có Tên" in text


def test_a_mat_delivery_has_one_envelope_stamped_c_only(client, sender, pa03, pa05):
    item = issued_item(sender, pa03, level=Level.MAT, copies=2)
    delivery = send(sender, item, pa05)
    text = "\n".join(pdf_text(printed(client, sender, "envelope-sheet", delivery, "pdf")))
    assert "BÌ TÀI LIỆU" in text and "Dấu ký hiệu chữ C (bì tài liệu Mật) (Mẫu 03)" in text
    assert "BÌ NGOÀI" not in text and "BÌ TRONG" not in text and "TUYỆT MẬT" not in text
    assert "chữ A" not in text and "chữ B" not in text and NAMED_ONLY not in text
    content = printed(client, sender, "envelope-sheet", delivery, "docx")
    assert images(content) == ["MẬT", "C"]


def test_a_toi_mat_express_delivery_has_one_envelope_stamped_b_and_marked_express(client, sender, pa03, pa05):
    item = issued_item(sender, pa03, level=Level.TOI_MAT, copies=2)
    delivery = send(sender, item, pa05, express=True)
    text = "\n".join(pdf_text(printed(client, sender, "envelope-sheet", delivery, "pdf")))
    assert "Dấu ký hiệu chữ B" in text and "HỎA TỐC" in text and "BÌ NGOÀI" not in text


def test_the_envelope_sheet_of_a_delivery_the_person_may_not_see_is_404(client, sender, pa03, pa05):
    delivery = send(sender, issued_item(sender, pa03, level=Level.TOI_MAT, copies=2), pa05)
    outsider = person_in(UnitFactory(code="KHAC"), role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    login_with_second_factor(client, outsider)
    assert client.post(reverse("outputs:document", args=["envelope-sheet", delivery.pk, "pdf"])).status_code == 404
    assert client.get(reverse("records:delivery_envelope", args=[delivery.pk])).status_code == 404
    assert not Printout.objects.exists()


def test_the_delivery_pages_offer_the_envelope_sheet_and_show_the_stamps(client, sender, pa03, pa05, named):
    item = issued_item(sender, pa03, level=Level.TUYET_MAT, copies=2)
    delivery = send(sender, item, pa05, named_recipient=named, named_recipient_only=True)
    login_with_second_factor(client, sender)
    button = reverse("outputs:document", args=["envelope-sheet", delivery.pk, "pdf"])
    assert button in client.get(reverse("records:delivery_detail", args=[delivery.pk])).content.decode()
    envelope = client.get(reverse("records:delivery_envelope", args=[delivery.pk])).content.decode()
    assert button in envelope
    for code in ("envelope_A", "level_TUYET_MAT", "named_only"):
        assert reverse("outputs:stamp", args=[code]) in envelope
