"""The export from the page's button, the API and `bmnn export`: the file as a download, the
refusal (message on the page, 403 with rule and basis on the API) and the hidden list (404)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.outputs.export.act import CONTENT_TYPE
from bmnn.outputs.models import Printout
from bmnn.outputs.tests.export_fixtures import clerk, elsewhere, staff, treasury  # noqa: F401  (over conftest's)
from bmnn.outputs.tests.export_fixtures import open_xlsx, table
from bmnn.records.models import ItemStatus, RegisterEntry
from bmnn.records.tests.factories import SecretItemFactory
from bmnn.records.tests.issued import issued_item

pytestmark = pytest.mark.django_db

URL = "/in/xuat/items/"
API = "/api/outputs/exports/"


@pytest.fixture
def items(treasury):
    return [SecretItemFactory(holding_unit=treasury, level=level, status=ItemStatus.CLASSIFIED)
            for level in (Level.MAT, Level.TOI_MAT)]


def test_the_button_downloads_the_file_with_a_vietnamese_name(clerk, items):
    response = login_with_second_factor(Client(), clerk).get(URL + "?level=MAT")
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="bmnn-items-') and "filename*=UTF-8''T%C3%A0i" in disposition
    assert [r[3] for r in table(open_xlsx(response.content))] == ["Mật"]
    assert Printout.objects.count() == 1


def test_the_button_for_a_refused_role_returns_to_the_list_with_the_rule_and_basis(staff, items):
    response = login_with_second_factor(Client(), staff).get(URL + "?level=MAT", follow=True)
    assert response.redirect_chain[0][0] == reverse("records:item_list") + "?level=MAT"
    page = response.content.decode()
    assert "Điều 12 khoản 2 Luật BVBMNN 2018" in page and "exports.items" in page
    assert not Printout.objects.exists() and not LedgerEvent.objects.filter(action="outputs.export").exists()


def test_the_button_of_a_register_the_person_does_not_keep_is_404(staff, clerk, treasury):
    issued_item(clerk, treasury, level=Level.MAT)
    register = RegisterEntry.objects.get().register
    response = login_with_second_factor(Client(), staff).get(f"/in/xuat/register/?register={register.pk}")
    assert response.status_code == 404 and not Printout.objects.exists()


def test_the_api_gives_the_file(clerk, items):
    response = login_with_second_factor(APIClient(), clerk).get(API + "items/?level=TOI_MAT")
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    assert open_xlsx(response.content)["A1"].value == "TỐI MẬT"


def test_the_api_refuses_a_role_with_403_rule_and_basis(staff, items):
    response = login_with_second_factor(APIClient(), staff).get(API + "items/")
    assert response.status_code == 403
    body = response.json()
    assert body["rule"] == "exports.items" and body["basis"] == "Điều 12 khoản 2 Luật BVBMNN 2018"
    assert not Printout.objects.exists()


def test_the_api_hides_a_register_the_caller_does_not_keep(staff, clerk, treasury):
    issued_item(clerk, treasury, level=Level.MAT)
    register = RegisterEntry.objects.get().register
    response = login_with_second_factor(APIClient(), staff).get(API + f"register/?register={register.pk}")
    assert response.status_code == 404


def test_the_api_lists_the_lists_and_whether_the_caller_may_export_them(staff):
    rows = {r["code"]: r for r in login_with_second_factor(APIClient(), staff).get(API).json()}
    assert rows["items"]["may_export"] is False and "clerk" in rows["items"]["roles"]
    assert rows["violations"]["roles"] == ["security_officer", "leader", "deputy", "inspector"]


def test_the_schema_documents_the_export_endpoint(clerk):
    schema = login_with_second_factor(APIClient(), clerk).get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/outputs/exports/{code}/"]["get"]
    assert CONTENT_TYPE in operation["responses"]["200"]["content"]
    assert {"403", "404"} <= set(operation["responses"])


def test_cli_exports_items_with_filters(clerk, items, tmp_path):
    out = tmp_path / "tai-lieu.xlsx"
    call_command("export", "items", "level=TOI_MAT", user="vanthu", output=str(out))
    assert [r[3] for r in table(open_xlsx(out.read_bytes()))] == ["Tối mật"]
    assert Printout.objects.get().printed_by == clerk


def test_cli_exports_a_register_volume_and_a_year(clerk, treasury, tmp_path):
    issued_item(clerk, treasury, level=Level.MAT, on=dt.date(2026, 4, 10))
    call_command("export", "register", user="vanthu", unit="KBNN-KVXII", kind="outgoing", year=2026, volume=1,
                 output=str(tmp_path / "q1.xlsx"))
    call_command("export", "register-series", user="vanthu", unit="KBNN-KVXII", kind="outgoing", year=2026,
                 output=str(tmp_path / "nam.xlsx"))
    for name in ("q1.xlsx", "nam.xlsx"):
        assert [r[0] for r in table(open_xlsx(Path(tmp_path / name).read_bytes()))] == [1]


def test_cli_refusal_is_a_vietnamese_error(staff, items, tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("export", "items", user="chuyenvien", output=str(tmp_path / "x.xlsx"))
    assert "Điều 12 khoản 2 Luật BVBMNN 2018" in str(error.value)
    assert not (tmp_path / "x.xlsx").exists()
