"""Who may print a register, and the ways to print it: the pages' buttons, the API and `bmnn print
register`. Only the unit's register keepers; to anyone else the register is 404 (page, API) or the
command refuses in Vietnamese, and nothing is printed."""

import io

import pypdfium2 as pdfium
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from bmnn.core.models import LedgerEvent
from bmnn.outputs import register_prints
from bmnn.outputs.models import Printout

from .conftest import api, web

pytestmark = pytest.mark.django_db


def test_the_register_page_offers_the_print_buttons_and_lists_the_printouts(clerk, outgoing):
    register_prints.print_volume(clerk, outgoing, "pdf")
    page = web(clerk).get(reverse("records:register_detail", args=[outgoing.pk])).content.decode()
    assert "In sổ (PDF)" in page and "In sổ (DOCX)" in page
    printout = Printout.objects.get()
    assert printout.sha256[:10] in page and "In lại" in page and "Phạm Thu Trang" in page


def test_the_series_and_inventory_pages_offer_the_print_buttons_to_keepers(clerk, outgoing, pa03):
    client = web(clerk)
    series = client.get(reverse("records:register_entries"), {"unit": pa03.pk, "kind": "outgoing", "year": 2026})
    assert "In sổ (PDF)" in series.content.decode()
    inventory = client.get(reverse("records:inventory"), {"unit": pa03.pk, "from": "01/01/2026", "to": "31/12/2026"})
    assert "In sổ (DOCX)" in inventory.content.decode()


def test_the_print_button_downloads_the_file_and_records_the_act(clerk, outgoing):
    response = web(clerk).post(reverse("records:register_print", args=[outgoing.pk]), {"format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="so-dang-ky-bi-mat-nha-nuoc-di-pa03-nam-2026-quyen-1.pdf"')
    assert "filename*=UTF-8''S%E1%BB%95%20%C4%91%C4%83ng" in disposition
    assert len(pdfium.PdfDocument(io.BytesIO(response.content))) == 2
    assert LedgerEvent.objects.filter(action="outputs.print").count() == 1


def test_the_series_print_button_prints_the_year(clerk, outgoing, pa03):
    response = web(clerk).post(reverse("records:register_series_print"),
                               {"unit": pa03.pk, "kind": "outgoing", "year": 2026, "format": "docx"})
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    assert Printout.objects.get().object_type == register_prints.SERIES_TYPE


def test_a_non_keeper_gets_404_from_the_print_pages_and_no_buttons(staff, outgoing, pa03):
    client = web(staff)
    assert client.post(reverse("records:register_print", args=[outgoing.pk]), {"format": "pdf"}).status_code == 404
    assert client.post(reverse("records:register_series_print"),
                       {"unit": pa03.pk, "kind": "outgoing", "year": 2026, "format": "pdf"}).status_code == 404
    assert client.post(reverse("records:inventory_print"), {"unit": pa03.pk, "format": "pdf"}).status_code == 404
    inventory = client.get(reverse("records:inventory"), {"unit": pa03.pk})
    assert inventory.status_code == 200 and "In sổ (PDF)" not in inventory.content.decode()
    assert not Printout.objects.exists() and not LedgerEvent.objects.filter(action="outputs.print").exists()


def test_reprint_says_the_file_is_identical_and_downloads_it(clerk, outgoing):
    printout, content = register_prints.print_volume(clerk, outgoing, "pdf")
    client = web(clerk)
    url = reverse("records:register_reprint", args=[printout.pk])
    page = client.post(url)
    assert "Tệp in lại giống hệt bản đã in" in page.content.decode()
    download = client.post(url, {"download": "1"})
    assert download.content == content and download["X-Bmnn-Identical"] == "1"
    assert LedgerEvent.objects.filter(action="outputs.reprint").count() == 2


def test_a_non_keeper_cannot_reprint(staff, clerk, outgoing):
    printout, _ = register_prints.print_volume(clerk, outgoing, "pdf")
    assert web(staff).post(reverse("records:register_reprint", args=[printout.pk])).status_code == 404
    assert api(staff).post(f"/api/outputs/register-prints/{printout.pk}/reprint/").status_code == 404


def test_an_unknown_format_on_the_page_is_refused_in_vietnamese(clerk, outgoing):
    response = web(clerk).post(reverse("records:register_print", args=[outgoing.pk]), {"format": "odt"})
    assert response.status_code == 400 and "chọn PDF hoặc DOCX" in response.content.decode()


# --- API ------------------------------------------------------------------------------------------

def test_the_api_prints_a_volume_a_series_and_the_inventory(clerk, outgoing, pa03):
    client = api(clerk)
    volume = client.post("/api/outputs/register-prints/", {"kind": "outgoing", "register": outgoing.pk,
                                                           "format": "pdf"}, format="json")
    assert volume.status_code == 200 and volume["Content-Type"] == "application/pdf"
    assert volume["X-Bmnn-Sha256"] == Printout.objects.get().sha256
    series = client.post("/api/outputs/register-prints/", {"kind": "outgoing", "unit": pa03.pk, "year": 2026,
                                                           "format": "docx"}, format="json")
    assert series.status_code == 200
    inventory = client.post("/api/outputs/register-prints/", {"kind": "inventory", "unit": pa03.pk, "year": 2026,
                                                              "format": "pdf"}, format="json")
    assert inventory.status_code == 200 and "THỐNG KÊ" in pdfium.PdfDocument(
        io.BytesIO(inventory.content))[0].get_textpage().get_text_range()
    listed = client.get("/api/outputs/register-prints/", {"unit": pa03.pk}).json()
    assert len(listed) == 3 and {p["fmt"] for p in listed} == {"pdf", "docx"}
    assert client.get("/api/outputs/register-prints/", {"register": outgoing.pk}).json()[0]["pages"] == 2


def test_the_api_reprint_says_whether_it_is_identical(clerk, outgoing):
    printout, content = register_prints.print_volume(clerk, outgoing, "pdf")
    response = api(clerk).post(f"/api/outputs/register-prints/{printout.pk}/reprint/")
    assert response.status_code == 200 and response.content == content and response["X-Bmnn-Identical"] == "1"


def test_a_non_keeper_gets_404_from_the_api(staff, clerk, outgoing, pa03):
    register_prints.print_volume(clerk, outgoing, "pdf")
    client = api(staff)
    response = client.post("/api/outputs/register-prints/", {"kind": "outgoing", "register": outgoing.pk,
                                                             "format": "pdf"}, format="json")
    assert response.status_code == 404
    assert client.get("/api/outputs/register-prints/", {"register": outgoing.pk}).status_code == 404
    assert client.get("/api/outputs/register-prints/", {"unit": pa03.pk}).json() == []
    assert client.get(f"/api/outputs/register-prints/{Printout.objects.get().pk}/").status_code == 404
    assert Printout.objects.count() == 1


# --- CLI ------------------------------------------------------------------------------------------

def test_the_cli_prints_a_register_as_its_keeper(clerk, outgoing, tmp_path):
    out = io.StringIO()
    target = tmp_path / "so-di.pdf"
    call_command("print", "register", "--unit", "PA03", "--kind", "outgoing", "--year", "2026", "--format", "pdf",
                 "--user", clerk.username, "--output", str(target), stdout=out)
    assert len(pdfium.PdfDocument(str(target))) == 2
    assert "Đã in «Sổ đăng ký bí mật nhà nước đi PA03 năm 2026»" in out.getvalue()
    event = LedgerEvent.objects.get(action="outputs.print")
    assert event.actor_id == clerk.pk


def test_the_cli_prints_one_volume_as_docx(clerk, outgoing, tmp_path):
    target = tmp_path / "q1.docx"
    call_command("print", "register", "--unit", "PA03", "--kind", "outgoing", "--year", "2026", "--volume", "1",
                 "--format", "docx", "--user", clerk.username, "--output", str(target), stdout=io.StringIO())
    assert target.stat().st_size > 0 and Printout.objects.get().object_type == "records.register"


def test_the_cli_refuses_a_non_keeper_in_vietnamese(staff, outgoing, tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("print", "register", "--unit", "PA03", "--kind", "outgoing", "--year", "2026",
                     "--user", staff.username, "--output", str(tmp_path / "x.pdf"))
    assert "chỉ văn thư, cán bộ bảo mật hoặc lãnh đạo của đơn vị mới được in sổ" in str(caught.value)
    assert "Điều 7 Nghị định 26/2020/NĐ-CP" in str(caught.value)
    assert not (tmp_path / "x.pdf").exists() and not Printout.objects.exists()


def test_the_cli_names_a_missing_volume_and_an_unknown_unit(clerk, outgoing, tmp_path):
    with pytest.raises(CommandError, match="không có quyển 3"):
        call_command("print", "register", "--unit", "PA03", "--kind", "outgoing", "--year", "2026", "--volume", "3",
                     "--user", clerk.username, "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="Không có đơn vị mã «XX»"):
        call_command("print", "register", "--unit", "XX", "--kind", "outgoing", "--user", clerk.username)


def test_another_module_adds_a_print_subcommand_by_registering_one_function(clerk, tmp_path):
    from bmnn.outputs import commands

    names = set(commands.SUBCOMMANDS)
    assert {"register", "document"} <= names  # registers are one sub-command among the producers'
