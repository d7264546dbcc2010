"""The item page's "Dấu trên tài liệu": the stamps the item and its copies must bear now, as images
served from the item's own address with the item's visibility (404 for who may not see it)."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records.models import (CopyOrigin, Declassification, DeclassificationGround, ItemKind, ItemStatus, Recall,
                                 Reproduction, ReproductionMethod, ReproductionStatus)
from bmnn.records.services import custody
from bmnn.records.services.marks import item_marks
from bmnn.records.tests.factories import SecretItemFactory

pytestmark = pytest.mark.django_db

ON = dt.date(2026, 4, 10)


@pytest.fixture
def keeper(pa03):
    return person_in(pa03, title="Văn thư", role=Role.CLERK, clearance=Level.TUYET_MAT, full_name="Lê Thị Giữ")


def item_with_copies(unit, level=Level.TOI_MAT, copies=2, **fields):
    item = SecretItemFactory(holding_unit=unit, level=level, status=ItemStatus.ISSUED, reference="07/BC-PA03", **fields)
    custody.create_copies(item, copies, custodian_unit=unit, storage_place="Tủ sắt 1", act="issue")
    return item


def reproduced(item, head, requester, count=2):
    reproduction = Reproduction.objects.create(
        item=item, method=ReproductionMethod.TRUE_COPY, copies_requested=count, purpose="Phục vụ họp",
        requested_by=requester, requested_at=timezone.now(), status=ReproductionStatus.DONE, decided_by=head,
        decided_on=ON, copies_made=count)
    return custody.create_copies(item, count, origin=CopyOrigin.REPRODUCTION, reproduction=reproduction,
                                 custodian_person=requester, act="reproduction")


def page(client, person, item):
    login_with_second_factor(client, person)
    response = client.get(reverse("records:item_detail", args=[item.pk]))
    assert response.status_code == 200
    return response.content.decode()


def stamp_src(item, code, copy=None):
    return reverse("records:item_stamp", args=[item.pk, code]) + (f"?ban={copy.pk}" if copy else "")


def texts(item):
    return [(m.code, m.where, m.info.stamp.text) for m in item_marks(item, ON)]


def test_an_issued_document_bears_its_level_stamp_and_a_copy_number_per_copy(pa03, keeper, client):
    item = item_with_copies(pa03, Level.TOI_MAT, copies=2)
    assert texts(item) == [("level_TOI_MAT", "Mọi bản của tài liệu", "TỐI MẬT"),
                           ("copy_number", "Bản số 01", "Bản số: 01"), ("copy_number", "Bản số 02", "Bản số: 02")]
    html = page(client, keeper, item)
    assert "Dấu trên tài liệu" in html and 'alt="TỐI MẬT"' in html and 'alt="Bản số: 02"' in html
    assert "Mẫu 02" in html and "30 × 8 mm" in html and "chưa xác minh" in html
    assert reverse("outputs:document", args=["stamp-sheet", item.pk, "pdf"]) in html


def test_a_reproduced_copy_bears_bản_sao_số_and_the_reproduction_block(pa03, keeper, director, client):
    item = item_with_copies(pa03, Level.MAT, copies=1)
    copy = reproduced(item, director, keeper, count=2)[1]
    html = page(client, keeper, item)
    assert 'alt="Bản sao số: 02"' in html and stamp_src(item, "reproduction", copy) in html
    assert "Mẫu 09" in html and "Mẫu 11" in html
    block = next(m for m in item_marks(item, ON) if m.code == "reproduction" and m.copy == copy).info.stamp.text
    for line in ("Số: 02", "Hình thức sao: Sao y", "Thời gian sao: 10/04/2026", "Số lượng bản: 2",
                 "Nơi nhận: Lê Thị Giữ", "Người cho phép sao: Nguyễn Đức Thắng"):
        assert line in block


def test_an_open_recall_adds_the_recall_stamp_with_its_return_date(pa03, keeper, director, client):
    item = item_with_copies(pa03)
    Recall.objects.create(item=item, reference="03/QĐ-TH", decided_by=director, decided_on=ON,
                          return_by=dt.date(2026, 5, 15))
    html = page(client, keeper, item)
    assert "alt=\"TÀI LIỆU THU HỒI\nHạn trả: 15/05/2026\"" in html and "Mẫu 07" in html


def test_a_closed_recall_leaves_no_recall_stamp(pa03, director):
    item = item_with_copies(pa03)
    Recall.objects.create(item=item, reference="03/QĐ-TH", decided_by=director, decided_on=ON,
                          return_by=dt.date(2026, 5, 15), status="done")
    assert "recall" not in [code for code, _where, _text in texts(item)]


def test_a_declassified_item_bears_giải_mật_with_its_date_instead_of_its_level(pa03, keeper, director, client):
    item = item_with_copies(pa03, Level.MAT, copies=1)
    Declassification.objects.create(item=item, ground=DeclassificationGround.EXPIRED, level=Level.MAT, unit=pa03,
                                    decided_on=ON, effective_on=dt.date(2026, 4, 11), basis="Điều 22 Luật 2018")
    item.status = ItemStatus.DECLASSIFIED
    item.save(update_fields=["status"])
    assert texts(item)[0] == ("declassified", "Mọi bản của tài liệu", "GIẢI MẬT\nTừ: 11/04/2026")
    assert "level_MAT" not in [code for code, _where, _text in texts(item)]
    assert "Mẫu 05" in page(client, keeper, item)


def test_an_extension_and_an_adjustment_add_their_stamps(pa03, director):
    from bmnn.records.models import Adjustment, Extension, SecretList, SecretListEntry

    secret_list = SecretList.objects.create(code="DM-CA", title="Danh mục thử", decision_reference="1/QĐ-TTg",
                                            issued_on=dt.date(2020, 1, 1), valid_from=dt.date(2020, 1, 1))
    entry = SecretListEntry.objects.create(secret_list=secret_list, number="3", content="Kế hoạch bảo vệ",
                                           level=Level.TOI_MAT, valid_from=dt.date(2020, 1, 1))
    item = item_with_copies(pa03, Level.MAT, copies=1)
    common = dict(item=item, unit=pa03, decided_by=director, decided_on=ON, reason="Cần bảo vệ tiếp")
    Extension.objects.create(decision_reference="05/QĐ-GH", level=Level.MAT, years=5,
                             previous_until=dt.date(2036, 1, 5), new_until=dt.date(2041, 1, 5), **common)
    Adjustment.objects.create(decision_reference="06/QĐ-ĐC", from_level=Level.MAT, to_level=Level.TOI_MAT, list_entry=entry,
                              **common)
    stamps = {code: text for code, _where, text in texts(item)}
    assert stamps["extension"] == "GIA HẠN THỜI HẠN BẢO VỆ BÍ MẬT NHÀ NƯỚC\nĐến ngày: 05/01/2041"
    assert stamps["adjustment"] == "ĐIỀU CHỈNH ĐỘ MẬT\nThành: TỐI MẬT\nTừ ngày: 10/04/2026"


def test_a_shortened_period_is_stamped_on_the_document(pa03):
    item = item_with_copies(pa03, Level.MAT, copies=1, protection_shortened=True,
                            protection_until=dt.date(2027, 12, 31))
    assert ("protection_period", "Mọi bản của tài liệu",
            "THỜI HẠN BẢO VỆ BÍ MẬT NHÀ NƯỚC\nĐến ngày: 31/12/2027") in texts(item)


def test_an_object_carries_no_stamp_and_the_page_says_why(pa03, keeper, client):
    item = item_with_copies(pa03, kind=ItemKind.OBJECT)
    assert texts(item) == []
    assert "Mẫu 01" in page(client, keeper, item)


def test_a_destroyed_copy_needs_no_stamp(pa03):
    item = item_with_copies(pa03, copies=2)
    item.copies.filter(number=1).update(status="destroyed")
    assert [where for _code, where, _text in texts(item)] == ["Mọi bản của tài liệu", "Bản số 02"]


def test_the_item_serves_its_own_stamp_as_a_red_png(pa03, keeper, director, client):
    item = item_with_copies(pa03, Level.MAT, copies=1)
    copy = reproduced(item, director, keeper, count=1)[0]
    login_with_second_factor(client, keeper)
    response = client.get(stamp_src(item, "reproduction", copy) + "&dpi=150")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "no-store"
    assert Image.open(io.BytesIO(response.content)).info["dpi"][0] == pytest.approx(150, abs=1)


def test_an_items_stamp_is_404_for_whoever_may_not_see_the_item(pa03, director, client):
    item = item_with_copies(pa03, Level.TUYET_MAT, copies=1)
    outsider = person_in(UnitFactory(code="KHAC"), role=Role.SECURITY_OFFICER, clearance=Level.TUYET_MAT)
    login_with_second_factor(client, outsider)
    assert client.get(stamp_src(item, "level_TUYET_MAT")).status_code == 404
    assert client.get(stamp_src(item, "copy_number", item.copies.get())).status_code == 404


def test_a_stamp_the_item_does_not_bear_is_404(pa03, keeper, client):
    item = item_with_copies(pa03, Level.MAT, copies=1)
    login_with_second_factor(client, keeper)
    assert client.get(stamp_src(item, "recall")).status_code == 404  # no open recall
    assert client.get(stamp_src(item, "level_TUYET_MAT")).status_code == 404  # not its level
    assert client.get(stamp_src(item, "copy_number") + "?ban=abc").status_code == 404


def test_an_items_stamp_takes_no_fields_from_the_query(pa03, keeper, client):
    item = item_with_copies(pa03, Level.MAT, copies=1)
    login_with_second_factor(client, keeper)
    response = client.get(stamp_src(item, "copy_number", item.copies.get()) + "&copy_number=99")
    assert response.status_code == 400 and "copy_number" in response.content.decode()


def test_an_items_stamp_needs_a_login(pa03, client):
    item = item_with_copies(pa03, Level.MAT, copies=1)
    assert client.get(stamp_src(item, "level_MAT")).status_code == 302
