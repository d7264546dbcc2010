"""Stamps for people: any stamp of the forms as a red PNG at its size (/in/dau/<code>.png), its fields
checked (bad input is a 400 in Vietnamese), only for people logged in; the page of every stamp form."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.models import Role
from bmnn.org.tests.factories import UnitFactory, person_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return person_in(UnitFactory(code="PKT"), role=Role.SECURITY_OFFICER, clearance=Level.MAT, full_name="Đỗ Thị Hà")


@pytest.fixture
def logged_in(client, officer):
    login_with_second_factor(client, officer)
    return client


def stamp_url(code, **query):
    from urllib.parse import urlencode
    return reverse("outputs:stamp", args=[code]) + (f"?{urlencode(query)}" if query else "")


def red_pixels(image: Image.Image) -> int:
    data = image.convert("RGBA").tobytes()
    return sum(1 for i in range(0, len(data), 4)
               if data[i + 3] > 128 and data[i] > 150 and data[i + 1] < 80 and data[i + 2] < 80)


def test_a_level_stamp_is_a_red_png_of_its_size_in_millimetres_at_the_dpi(logged_in):
    response = logged_in.get(stamp_url("level_TUYET_MAT", dpi=300))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (round(40 * 300 / 25.4), round(8 * 300 / 25.4))  # 40 × 8 mm
    assert red_pixels(image) > 500


def test_the_resolution_follows_the_dpi_asked_for(logged_in):
    image = Image.open(io.BytesIO(logged_in.get(stamp_url("envelope_A", dpi=100)).content))
    assert image.size == (round(12 * 100 / 25.4), round(12 * 100 / 25.4))


def test_a_stamp_is_filled_with_the_fields_of_the_query(logged_in):
    blank = logged_in.get(stamp_url("recall")).content
    filled = logged_in.get(stamp_url("recall", date="05/01/2026"))
    assert filled.status_code == 200 and filled.content != blank


def test_a_date_not_written_dd_mm_yyyy_is_a_400_in_vietnamese(logged_in):
    response = logged_in.get(stamp_url("declassified", date="2026-01-05"))
    assert response.status_code == 400
    assert "dd/mm/yyyy" in response.content.decode() and "Ngày" in response.content.decode()


def test_an_impossible_date_is_a_400(logged_in):
    assert logged_in.get(stamp_url("recall", date="31/02/2026")).status_code == 400


def test_text_longer_than_the_bound_is_a_400(logged_in):
    response = logged_in.get(stamp_url("reproduction", recipients="x" * 121))
    assert response.status_code == 400 and "Nơi nhận" in response.content.decode()


def test_a_line_break_in_a_field_is_a_400(logged_in):
    assert logged_in.get(stamp_url("reproduction", method="Sao y\nSao lục")).status_code == 400


def test_a_copy_number_out_of_range_is_a_400(logged_in):
    assert logged_in.get(stamp_url("copy_number", copy_number="0")).status_code == 400
    assert logged_in.get(stamp_url("copy_number", copy_number="mười")).status_code == 400


def test_a_parameter_the_stamp_does_not_have_is_a_400_naming_it(logged_in):
    response = logged_in.get(stamp_url("level_MAT", summary="Nội dung"))
    assert response.status_code == 400 and "summary" in response.content.decode()


def test_a_dpi_outside_72_to_600_is_a_400(logged_in):
    assert logged_in.get(stamp_url("level_MAT", dpi=5000)).status_code == 400


def test_an_unknown_form_version_is_a_400(logged_in):
    response = logged_in.get(stamp_url("level_MAT", v="1999.1"))
    assert response.status_code == 400 and "1999.1" in response.content.decode()


def test_an_older_form_version_can_be_drawn(logged_in):
    assert logged_in.get(stamp_url("level_MAT", v="2018.1")).status_code == 200


def test_an_unknown_stamp_is_404(logged_in):
    assert logged_in.get(stamp_url("level_SIEU_MAT")).status_code == 404


def test_stamps_need_a_login(client):
    response = client.get(stamp_url("level_MAT"))
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]
    assert client.get(reverse("outputs:stamp_forms")).status_code == 302


def test_the_stamp_forms_page_lists_every_stamp_with_image_size_basis_and_flag(logged_in):
    from bmnn.core.access import today
    from bmnn.rulebook.forms import form_set_on

    page = logged_in.get(reverse("outputs:stamp_forms")).content.decode()
    forms = form_set_on("stamps", today())
    for code in forms.entries:
        assert f'id="{code}"' in page and reverse("outputs:stamp", args=[code]) in page
    assert "40 × 8 mm" in page and "Mẫu 02" in page and "Mẫu 09" in page
    assert "Chưa xác minh" in page and forms.entry("level_MAT").citation in page
    assert f"<strong>{forms.version}</strong>" in page


def test_the_stamp_forms_page_shows_an_older_version_on_request(logged_in):
    page = logged_in.get(reverse("outputs:stamp_forms") + "?v=2018.1").content.decode()
    assert "<strong>2018.1</strong>" in page and "30/06/2020" not in page and "01/07/2020" in page
    assert "v=2018.1" in page


def test_the_rulebook_pages_link_to_the_stamp_forms(logged_in):
    page = logged_in.get(reverse("rulebook:rules")).content.decode()
    assert reverse("outputs:stamp_forms") in page
