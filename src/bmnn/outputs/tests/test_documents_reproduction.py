"""The papers of a reproduction printed from its page: the record of copying with the stamps of
every copy (sao y, sao lục), the photo record (TT 24 Mẫu 13) and the extract (Mẫu 10), each made
through the real acts (request, decision, execution) and opened back from the PDF and the DOCX."""

import pytest
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.outputs.models import Printout
from bmnn.outputs.tests.printed import hidden_from_outsider, post, print_both, print_event, shows_buttons
from bmnn.records.models import ReproductionMethod
from bmnn.records.services.reproduction import decide_reproduction
from bmnn.records.tests.conftest import director, pa03, police  # noqa: F401  (fixtures)
from bmnn.records.tests.test_reproduction import IN_2026, ask, clerk, execute, item, staff  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def made(staff, item, director, clerk, method, copies=2):
    reproduction = decide_reproduction(director, ask(staff, item, copies=copies, method=method), approve=True,
                                       on=IN_2026)
    execute(clerk, reproduction, copies_made=copies)
    reproduction.refresh_from_db()
    return reproduction


def test_the_copy_record_names_the_act_and_carries_the_stamps_of_every_copy(client, staff, item, director, clerk):
    reproduction = made(staff, item, director, clerk, ReproductionMethod.TRUE_COPY)
    printed = print_both(client, clerk, "reproduction-record", reproduction.pk)
    printed.has("PHÒNG AN NINH CHÍNH TRỊ NỘI BỘ", "CÔNG AN TỈNH SƠN HÀ", "BIÊN BẢN",
                "Về việc sao tài liệu, vật chứa bí mật nhà nước", "/BB-PA03", "…………, ngày 10 tháng 4 năm 2026",
                f"Báo cáo số {item.reference}", "Độ mật: Tối mật", "Người đề nghị: Bùi Văn Nam, Chuyên viên",
                "Mục đích: Phục vụ họp giao ban", "Người cho phép: Nguyễn Đức Thắng, Giám đốc",
                "Hình thức sao: Sao y", "Thời gian sao: 10/04/2026", "Địa điểm sao: Phòng văn thư PA03",
                "Người thực hiện: Phạm Thu Trang", "Bản sao số: 01, 02", "Nơi nhận: Bùi Văn Nam",
                "Vào sổ quản lý sao, chụp bí mật nhà nước: số 1/2026", "NGƯỜI CHO PHÉP SAO",
                "(Đã cho phép trên hệ thống ngày 10/04/2026)")
    printed.has_level_stamp(Level.TOI_MAT)
    # The stamps as they go on the copies: in the PDF as text, in the DOCX as images.
    for number in ("01", "02"):
        assert f"Bản sao số: {number}" in printed.pdf and f"Số: {number}" in printed.pdf
    assert "BẢN SAO BÍ MẬT NHÀ NƯỚC" in printed.pdf and "Người cho phép sao: Nguyễn Đức Thắng, Giám đốc" in printed.pdf
    assert "Hình thức sao: Sao y" in printed.pdf and "Số lượng bản: 02" in printed.pdf
    assert len(printed.docx_images) >= 1 + 2 * 2  # level stamp, then two stamps per copy


def test_the_transcribed_copy_prints_the_same_record_with_its_method(client, staff, item, director, clerk):
    reproduction = made(staff, item, director, clerk, ReproductionMethod.TRANSCRIBED, copies=1)
    printed = print_both(client, clerk, "reproduction-record", reproduction.pk)
    printed.has("Hình thức sao: Sao lục", "Bản sao số: 01")


def test_the_photo_record_has_the_contents_of_form_13(client, staff, item, director, clerk):
    reproduction = made(staff, item, director, clerk, ReproductionMethod.PHOTO, copies=3)
    printed = print_both(client, clerk, "photo-record", reproduction.pk)
    printed.has("VĂN BẢN GHI NHẬN VIỆC CHỤP", f"Tên tài liệu, vật chứa bí mật nhà nước: Báo cáo số {item.reference}",
                "Loại: Tài liệu giấy", "Độ mật: Tối mật", "Thời gian chụp: 10/04/2026", "Số lượng bản: 03",
                "Nơi nhận: Bùi Văn Nam", "Người thực hiện: Phạm Thu Trang", "NGƯỜI CHỤP",
                "Người cho phép: Nguyễn Đức Thắng, Giám đốc", "NGƯỜI CHO PHÉP CHỤP")
    printed.has_level_stamp(Level.TOI_MAT)
    assert "Hình thức sao: Chụp" in printed.pdf


def test_the_extract_leaves_the_passage_to_be_written_on_paper_and_is_signed_by_who_allowed_it(
        client, staff, item, director, clerk):
    reproduction = made(staff, item, director, clerk, ReproductionMethod.EXTRACT, copies=1)
    printed = print_both(client, clerk, "extract", reproduction.pk)
    printed.has("VĂN BẢN TRÍCH SAO", f"Trích sao Báo cáo số {item.reference}", "Nội dung trích sao",
                "hệ thống không lưu nội dung này", "Thời gian trích sao: 10/04/2026", "Số lượng bản: 01",
                "Nơi nhận: Bùi Văn Nam", "Người cho phép trích sao: Nguyễn Đức Thắng, Giám đốc", "GIÁM ĐỐC")
    printed.has_level_stamp(Level.TOI_MAT)  # the secrecy stamp of the source
    assert "……………………" in printed.pdf


def test_each_method_prints_only_its_own_paper(client, staff, item, director, clerk):
    reproduction = made(staff, item, director, clerk, ReproductionMethod.TRUE_COPY)
    login_with_second_factor(client, clerk)
    assert post(client, "photo-record", reproduction.pk, "pdf").status_code == 404
    assert post(client, "extract", reproduction.pk, "pdf").status_code == 404


def test_a_reproduction_not_yet_made_is_refused_with_its_basis(client, staff, item, director, clerk):
    reproduction = decide_reproduction(director, ask(staff, item), approve=True, on=IN_2026)
    login_with_second_factor(client, clerk)
    response = client.post(f"/in/van-ban/reproduction-record/{reproduction.pk}.pdf", follow=True)
    page = response.content.decode()
    assert "khi đã sao, chụp xong" in page and "Nghị định 26/2020/NĐ-CP" in page
    assert not Printout.objects.exists()


def test_someone_who_may_not_see_the_item_gets_404_and_nothing_is_printed(client, staff, item, director, clerk):
    reproduction = made(staff, item, director, clerk, ReproductionMethod.TRUE_COPY)
    for kind in ("reproduction-record", "photo-record", "extract"):
        assert hidden_from_outsider(client, kind, reproduction.pk)


def test_the_print_is_in_the_ledger_without_the_purpose(client, staff, item, director, clerk):
    reproduction = made(staff, item, director, clerk, ReproductionMethod.TRUE_COPY)
    printed = print_both(client, clerk, "reproduction-record", reproduction.pk)
    event = print_event(printed.printout)
    assert printed.printout.level == Level.TOI_MAT and event.actor_id == clerk.pk
    assert "Biên bản sao" in event.description and "giao ban" not in event.description + event.payload


def test_the_reproduction_page_offers_the_paper_of_its_method_once_made(client, staff, item, director, clerk):
    photo = made(staff, item, director, clerk, ReproductionMethod.PHOTO, copies=1)
    page = reverse("records:reproduction_detail", args=[photo.pk])
    assert shows_buttons(client, clerk, page, "photo-record", photo.pk)
    assert not shows_buttons(client, clerk, page, "reproduction-record", photo.pk)
    pending = decide_reproduction(director, ask(staff, item, method=ReproductionMethod.EXTRACT), approve=True,
                                  on=IN_2026)
    assert not shows_buttons(client, clerk, reverse("records:reproduction_detail", args=[pending.pk]), "extract",
                             pending.pk)
