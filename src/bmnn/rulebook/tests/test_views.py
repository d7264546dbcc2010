"""Rulebook pages: the rules in force, the authority check, the overrides."""

import datetime as dt

import pytest
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Role
from bmnn.org.tests.factories import PersonFactory
from bmnn.rulebook import services
from bmnn.rulebook.models import AuthorityOverride
from bmnn.rulebook.tests.conftest import holder

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return PersonFactory(is_system_admin=True, full_name="Quản Trị Viên")


@pytest.fixture
def staff(db):
    return PersonFactory(full_name="Cán Bộ Thường")


def test_rules_page_needs_a_login(client):
    response = client.get(reverse("rulebook:rules"))
    assert response.status_code == 302


def test_rules_page_shows_the_basis_of_each_rule_to_anyone_logged_in(client, staff):
    login_with_second_factor(client, staff)
    page = client.get(reverse("rulebook:rules"), {"on": "02/06/2025"}).content.decode()
    assert "Chế độ 2018" in page
    assert "Điều 11 khoản 2 Luật BVBMNN 2018" in page
    assert "Điều 19 khoản 1 Luật BVBMNN 2018" in page
    assert "TUYỆT MẬT" in page and "30 năm" in page
    assert "chưa được xác minh" in page  # the unverified mappings (treasury, police…)
    assert "21 trong 151 quy định chưa được xác minh" in page


def test_rules_page_follows_the_date_across_the_switch(client, staff):
    login_with_second_factor(client, staff)
    assert "Chế độ 2018" in client.get(reverse("rulebook:rules"), {"on": "28/02/2026"}).content.decode()
    page = client.get(reverse("rulebook:rules"), {"on": "01/03/2026"}).content.decode()
    assert "Chế độ 2026" in page and "Điều 11 Luật BVBMNN 2025" in page
    assert "Bí thư Đảng ủy xã" in page


def test_regime_switcher_shows_another_regime_and_says_it_does_not_apply(client, staff):
    login_with_second_factor(client, staff)
    page = client.get(reverse("rulebook:rules"), {"regime": "2018", "on": "01/03/2026"}).content.decode()
    assert "Chế độ 2018" in page
    assert "Chế độ này không áp dụng vào ngày 01/03/2026" in page


def test_a_mistyped_date_falls_back_to_today_with_a_message(client, staff):
    login_with_second_factor(client, staff)
    page = client.get(reverse("rulebook:rules"), {"on": "31/31/2025"}).content.decode()
    assert "không đúng dạng dd/mm/yyyy" in page


def test_no_regime_before_2020_is_said_plainly(client, staff):
    login_with_second_factor(client, staff)
    page = client.get(reverse("rulebook:rules"), {"on": "01/01/2020"}).content.decode()
    assert "Không có chế độ pháp lý nào có hiệu lực vào ngày 01/01/2020" in page


def test_rules_page_lists_active_overrides(client, staff, admin):
    services.create_override(admin, act="reproduce", level="TOI_MAT", authority_class="provincial_department_head",
                             effect="deny", reference="Quy chế 07/QC-STC", reason="Chỉ Giám đốc Sở sao Tối mật",
                             valid_from=dt.date(2025, 1, 1))
    login_with_second_factor(client, staff)
    page = client.get(reverse("rulebook:rules"), {"on": "02/06/2025"}).content.decode()
    assert "Quy chế 07/QC-STC" in page


# --- Thử thẩm quyền -------------------------------------------------------------------------------

def test_try_authority_shows_the_decision_to_a_security_officer(client, units):
    officer = holder(units["dept"], "none", title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER)
    head = holder(units["pa03"], "police_division_head", title="Trưởng phòng")
    login_with_second_factor(client, officer)
    page = client.get(reverse("rulebook:try"), {"person": head.pk, "act": "reproduce", "level": "TOI_MAT",
                                                "unit": units["pa03"].pk, "on": "02/06/2025"}).content.decode()
    assert "Không được phép" in page
    assert ("Chức vụ Trưởng phòng (PA03) không có thẩm quyền cho phép sao, chụp tài liệu Tối mật theo Điều 11 "
            "Luật BVBMNN 2018.") in page


def test_try_authority_is_refused_to_ordinary_staff(client, staff):
    login_with_second_factor(client, staff)
    response = client.get(reverse("rulebook:try"))
    assert response.status_code == 403
    assert "Chỉ cán bộ bảo mật và quản trị hệ thống" in response.content.decode()


# --- Overrides -------------------------------------------------------------------------------------

OVERRIDE_POST = {"act": "reproduce", "level": "TOI_MAT", "authority_class": "police_division_head",
                 "effect": "allow", "reference": "Quyết định 15/QĐ-CAT", "reason": "Theo Thông tư 24/2025/TT-BCA",
                 "valid_from": "01/01/2025", "valid_to": ""}


def test_admin_creates_an_override_from_the_form(client, admin):
    login_with_second_factor(client, admin)
    response = client.post(reverse("rulebook:override_create"), OVERRIDE_POST)
    assert response.status_code == 302
    override = AuthorityOverride.objects.get()
    assert override.reference == "Quyết định 15/QĐ-CAT" and override.created_by == admin
    assert LedgerEvent.objects.filter(action="rulebook.override.create").exists()
    listing = client.get(reverse("rulebook:override_list")).content.decode()
    assert "Quyết định 15/QĐ-CAT" in listing and "Đang áp dụng" in listing


def test_override_form_keeps_the_input_on_error(client, admin):
    login_with_second_factor(client, admin)
    response = client.post(reverse("rulebook:override_create"), {**OVERRIDE_POST, "valid_from": "01/02/2025",
                                                                  "valid_to": "01/01/2025"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ngày hết hiệu lực không được trước ngày bắt đầu." in page
    assert 'value="Quyết định 15/QĐ-CAT"' in page and "Theo Thông tư 24/2025/TT-BCA" in page
    assert not AuthorityOverride.objects.exists()


def test_override_form_shows_a_vietnamese_message_for_a_bad_date(client, admin):
    login_with_second_factor(client, admin)
    page = client.post(reverse("rulebook:override_create"), {**OVERRIDE_POST, "valid_from": "2025"}).content.decode()
    assert "Nhập ngày theo dạng dd/mm/yyyy" in page


def test_override_pages_are_refused_to_non_admins(client, staff):
    login_with_second_factor(client, staff)
    response = client.post(reverse("rulebook:override_create"), OVERRIDE_POST)
    assert response.status_code == 403
    assert "Chỉ quản trị hệ thống mới được" in response.content.decode()
    assert not AuthorityOverride.objects.exists()


def test_admin_revokes_an_override(client, admin):
    override = services.create_override(admin, act="reproduce", level="MAT", authority_class="deputy", effect="allow",
                                        reference="QC 1", reason="Thử", valid_from=dt.date(2025, 1, 1))
    login_with_second_factor(client, admin)
    response = client.post(reverse("rulebook:override_revoke", args=[override.pk]),
                           {"revoked_on": "02/06/2025", "reason": "Hết cần thiết"})
    assert response.status_code == 302
    override.refresh_from_db()
    assert override.revoked_on == dt.date(2025, 6, 2) and override.revoke_reason == "Hết cần thiết"
