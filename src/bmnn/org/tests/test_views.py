"""Organisation pages: login, the tree on a date, live search, admin-only actions,
forms that keep what the user typed and show refusals with their basis."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org import forms as org_forms
from bmnn.org import services
from bmnn.org.models import AccessAssignment, Delegation, Person, Role, Unit
from bmnn.org.tests.factories import AccessAssignmentFactory, PersonFactory, UnitFactory, person_in

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def as_admin(client, admin):
    return login_with_second_factor(client, admin)


@pytest.fixture
def as_staff(client, staff):
    return login_with_second_factor(client, staff)


@pytest.mark.parametrize("name", ["org:unit_list", "org:person_list", "org:position_list", "org:delegation_list",
                                  "org:assignment_list"])
def test_lists_require_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_unit_tree_shows_the_units_valid_on_the_chosen_date(as_staff, admin):
    old = UnitFactory(name="Công an tỉnh Cũ", code="CAT-CU")
    new = UnitFactory(name="Công an tỉnh Mới", code="CAT-MOI", valid_from=D(2025, 7, 1))
    services.close_unit(admin, old, valid_to=D(2025, 6, 30), successor=new)
    before = as_staff.get(reverse("org:unit_list"), {"on": "30/06/2025"}).content.decode()
    after = as_staff.get(reverse("org:unit_list"), {"on": "01/07/2025"}).content.decode()
    assert "Công an tỉnh Cũ" in before and "Công an tỉnh Mới" in before.split("Công an tỉnh Cũ", 1)[1]  # successor
    assert "Công an tỉnh Cũ" not in after and "Công an tỉnh Mới" in after
    assert 'value="01/07/2025"' in after


def test_unit_tree_can_show_closed_units_greyed(as_staff, admin):
    old = UnitFactory(name="Kho bạc tỉnh", code="KBT")
    new = UnitFactory(name="KBNN Khu vực V", code="KV5", valid_from=D(2025, 3, 1))
    services.close_unit(admin, old, valid_to=D(2025, 2, 28), successor=new)
    page = as_staff.get(reverse("org:unit_list"), {"on": "01/07/2025", "closed": "1"}).content.decode()
    assert 'class="unit-node closed"' in page and "Kho bạc tỉnh" in page


def test_unreadable_date_falls_back_to_today_with_a_message(as_staff):
    response = as_staff.get(reverse("org:unit_list"), {"on": "31/02/2025"})
    assert response.status_code == 200 and "dd/mm/yyyy" in response.content.decode()


def test_htmx_tree_request_returns_only_the_tree(as_staff):
    UnitFactory(name="Sở Nội vụ")
    response = as_staff.get(reverse("org:unit_list"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Sở Nội vụ" in body and "<html" not in body


def test_people_search_without_accents(as_staff):
    PersonFactory(full_name="Nguyễn Đức Thắng")
    PersonFactory(full_name="Trần Văn Bình")
    body = as_staff.get(reverse("org:person_list"), {"q": "nguyen duc"}).content.decode()
    assert "Nguyễn Đức Thắng" in body and "Trần Văn Bình" not in body


def test_people_live_search_returns_the_results_table_only(as_staff):
    PersonFactory(full_name="Đặng Thị Hoa")
    response = as_staff.get(reverse("org:person_list"), {"q": "dang"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Đặng Thị Hoa" in body and "<html" not in body and 'id="q"' not in body


def test_people_list_is_in_given_name_order(as_staff):
    for name in ["Lê Văn Đặng", "Phạm Thị Ánh", "Trần Dũng", "Nguyễn Bảo", "Hoàng Văn An"]:
        PersonFactory(full_name=name)
    body = as_staff.get(reverse("org:person_list"), {"q": "a"}).content.decode()
    positions = [body.index(name) for name in ["Hoàng Văn An", "Phạm Thị Ánh", "Nguyễn Bảo", "Trần Dũng",
                                               "Lê Văn Đặng"]]
    assert positions == sorted(positions)


def test_admin_actions_are_shown_to_administrators_only(client, admin, staff):
    login_with_second_factor(client, staff)
    assert reverse("org:unit_create") not in client.get(reverse("org:unit_list")).content.decode()
    assert reverse("org:person_create") not in client.get(reverse("org:person_list")).content.decode()
    login_with_second_factor(client, admin)
    assert reverse("org:unit_create") in client.get(reverse("org:unit_list")).content.decode()
    assert reverse("org:person_create") in client.get(reverse("org:person_list")).content.decode()


def test_admin_form_is_refused_to_others_with_rule_and_basis(as_staff):
    response = as_staff.get(reverse("org:unit_create"))
    body = response.content.decode()
    assert response.status_code == 403 and "org.admin_only" in body and "Quy chế vận hành" in body


def test_admin_creates_a_unit_from_the_form(as_admin):
    response = as_admin.post(reverse("org:unit_create"), {
        "name": "Phòng An ninh chính trị nội bộ", "code": "PA03", "kind": "DIVISION", "valid_from": "01/03/2025"})
    unit = Unit.objects.get(code="PA03")
    assert response.status_code == 302 and response["Location"] == reverse("org:unit_detail", args=[unit.pk])
    assert unit.valid_from == D(2025, 3, 1)
    assert LedgerEvent.objects.filter(action="org.unit.create").exists()


def test_unit_form_keeps_what_was_typed_when_a_date_is_wrong(as_admin):
    response = as_admin.post(reverse("org:unit_create"), {
        "name": "Phòng Cảnh sát cơ động", "code": "PK02", "kind": "DIVISION", "valid_from": "32/13/2025"})
    body = response.content.decode()
    assert response.status_code == 200 and not Unit.objects.exists()
    assert 'value="Phòng Cảnh sát cơ động"' in body and 'value="32/13/2025"' in body and "dd/mm/yyyy" in body


def test_service_validation_error_lands_on_its_field_and_keeps_input(as_admin):
    parent = UnitFactory(name="Công an tỉnh", code="CAT")
    UnitFactory(name="Phòng PA03", code="PA03", parent=parent)
    response = as_admin.post(reverse("org:unit_create"), {
        "name": "Phòng trùng mã", "code": "PA03", "kind": "DIVISION", "parent": parent.pk,
        "valid_from": "01/01/2025"})
    body = response.content.decode()
    assert response.status_code == 200 and "đã được dùng" in body and 'value="Phòng trùng mã"' in body


def test_unit_detail_shows_positions_holders_sub_units_and_history(as_admin, admin, unit):
    head = person_in(unit, title="Giám đốc", role=Role.LEADER, full_name="Phạm Văn Trưởng")
    UnitFactory(name="Phòng Kế hoạch", parent=unit)
    services.update_unit(admin, unit, name="Sở Tài chính tỉnh")
    body = as_admin.get(reverse("org:unit_detail", args=[unit.pk])).content.decode()
    for text in ("Giám đốc", head.full_name, "Phòng Kế hoạch", "Sửa thông tin đơn vị Sở Tài chính tỉnh"):
        assert text in body


def test_close_unit_form_records_the_successor(as_admin, unit):
    successor = UnitFactory(name="Sở Tài chính mới", valid_from=D(2025, 7, 1))
    response = as_admin.post(reverse("org:unit_close", args=[unit.pk]), {
        "valid_to": "30/06/2025", "successor": successor.pk, "closing_reference": "NQ 202/2025/QH15"})
    unit.refresh_from_db()
    assert response.status_code == 302 and unit.valid_to == D(2025, 6, 30) and unit.successor == successor


def test_merge_form_creates_the_new_unit(as_admin):
    a, b = UnitFactory(name="Tỉnh A"), UnitFactory(name="Tỉnh B")
    response = as_admin.post(reverse("org:unit_merge"), {
        "sources": [a.pk, b.pk], "effective_on": "01/07/2025", "name": "Tỉnh AB", "code": "AB",
        "kind": "PROVINCIAL_COMMITTEE"})
    merged = Unit.objects.get(name="Tỉnh AB")
    assert response.status_code == 302 and set(merged.predecessors.all()) == {a, b}


def test_admin_creates_an_account_that_must_change_its_password(as_admin):
    response = as_admin.post(reverse("org:person_create"), {
        "username": "ntlan", "full_name": "Nguyễn Thị Lan", "initial_password": "Khoi-tao-2026!"})
    assert response.status_code == 302
    assert Person.objects.get(username="ntlan").must_change_password


def test_weak_password_error_keeps_the_other_fields_but_not_the_password(as_admin):
    response = as_admin.post(reverse("org:person_create"), {
        "username": "ntlan", "full_name": "Nguyễn Thị Lan", "initial_password": "123"})
    body = response.content.decode()
    assert response.status_code == 200 and 'value="Nguyễn Thị Lan"' in body and 'value="123"' not in body


def test_person_detail_lists_tenures_assignments_and_delegations(as_staff, unit):
    person = person_in(unit, title="Phó Giám đốc", role=Role.DEPUTY, clearance=Level.MAT, full_name="Hoàng Thị Phó")
    head = person_in(unit, title="Giám đốc", role=Role.LEADER)
    Delegation.objects.create(delegator=head, delegate=person, unit=unit, acts=["reproduce"], levels=["MAT"],
                              reference="9/GUQ", signed_on=D(2025, 1, 1), valid_from=D(2025, 1, 1))
    body = as_staff.get(reverse("org:person_detail", args=[person.pk])).content.decode()
    assert "Phó Giám đốc" in body and "Mật" in body and "9/GUQ" in body


def test_delegation_refused_by_the_rulebook_re_renders_with_input_and_basis(client, authority, unit, monkeypatch):
    monkeypatch.setattr(org_forms, "act_choices", lambda: [("reproduce", "Sao, chụp"), ("classify", "Xác định độ mật")])
    head = person_in(unit, title="Giám đốc", role=Role.LEADER)
    deputy = person_in(unit, title="Phó Giám đốc", role=Role.DEPUTY)
    authority.refuse_delegation = Refused("Việc này không được ủy quyền.", rule="2018:acts.classify.delegation",
                                          basis="Điều 11 khoản 5 Luật BVBMNN 2018")
    login_with_second_factor(client, head)
    response = client.post(reverse("org:delegation_create"), {
        "delegator": head.pk, "delegate": deputy.pk, "unit": unit.pk, "acts": ["classify"], "levels": ["MAT"],
        "reference": "7/GUQ-STC", "signed_on": "01/08/2025", "valid_from": "01/08/2025",
        "scope_note": "Sao tài liệu Mật"})
    body = response.content.decode()
    assert response.status_code == 403 and not Delegation.objects.exists()
    assert "Điều 11 khoản 5 Luật BVBMNN 2018" in body and "2018:acts.classify.delegation" in body
    assert 'value="7/GUQ-STC"' in body and "Sao tài liệu Mật" in body
    assert re.search(r'value="classify"[^>]*checked', body) and not re.search(r'value="reproduce"[^>]*checked', body)


def test_assignment_form_refusal_shows_rule_and_article(client, authority, staff, unit):
    officer = person_in(unit, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER)
    authority.refuse_authorize = Refused("Người quyết định không có thẩm quyền giao tiếp cận độ Tối mật.",
                                         rule="2018:acts.assign_access", basis="Điều 7 Nghị định 26/2020/NĐ-CP")
    login_with_second_factor(client, officer)
    response = client.post(reverse("org:assignment_create"), {
        "person": staff.pk, "max_level": "TOI_MAT", "units": [unit.pk], "decision_reference": "45/QĐ-STC",
        "decided_by": officer.pk, "decided_on": "01/08/2025", "valid_from": "01/08/2025"})
    body = response.content.decode()
    assert response.status_code == 403 and not AccessAssignment.objects.exists()
    assert "Điều 7 Nghị định 26/2020/NĐ-CP" in body and "2018:acts.assign_access" in body
    assert 'value="45/QĐ-STC"' in body


def test_commitment_form_activates_the_assignment(client, staff, unit):
    officer = person_in(unit, title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER)
    assignment = AccessAssignmentFactory(person=staff, units=[unit], decided_on=D(2025, 8, 1),
                                         valid_from=D(2025, 8, 1))
    login_with_second_factor(client, officer)
    response = client.post(reverse("org:commitment_create", args=[assignment.pk]), {
        "signed_on": "05/08/2025", "reference": "CK-05"})
    assert response.status_code == 302
    assert AccessAssignment.objects.active(D(2025, 8, 5)).filter(pk=assignment.pk).exists()
    page = client.get(reverse("org:assignment_detail", args=[assignment.pk])).content.decode()
    assert "05/08/2025" in page and "CK-05" in page


def test_assignment_without_commitment_says_it_is_not_active(as_staff, unit):
    assignment = AccessAssignmentFactory(units=[unit])
    body = as_staff.get(reverse("org:assignment_detail", args=[assignment.pk])).content.decode()
    assert "chưa có hiệu lực" in body and "Điều 26" in body
    listing = as_staff.get(reverse("org:assignment_list"), {"status": "pending"}).content.decode()
    assert assignment.decision_reference in listing


def test_delegation_list_filters_by_status(as_staff, unit):
    head, deputy = PersonFactory(), PersonFactory()
    Delegation.objects.create(delegator=head, delegate=deputy, unit=unit, acts=["reproduce"], levels=["MAT"],
                              reference="1/GUQ-HIEN-HANH", signed_on=D(2025, 1, 1), valid_from=D(2025, 1, 1))
    Delegation.objects.create(delegator=head, delegate=deputy, unit=unit, acts=["reproduce"], levels=["MAT"],
                              reference="2/GUQ-DA-THU-HOI", signed_on=D(2025, 1, 1), valid_from=D(2025, 1, 1),
                              revoked_on=D(2025, 2, 1))
    body = as_staff.get(reverse("org:delegation_list")).content.decode()
    assert "1/GUQ-HIEN-HANH" in body and "2/GUQ-DA-THU-HOI" not in body
    body = as_staff.get(reverse("org:delegation_list"), {"status": "revoked"}).content.decode()
    assert "2/GUQ-DA-THU-HOI" in body and "1/GUQ-HIEN-HANH" not in body


def test_pages_carry_no_inline_script_or_style(as_admin, unit):
    for url in (reverse("org:unit_list"), reverse("org:unit_detail", args=[unit.pk]), reverse("org:person_list"),
                reverse("org:unit_create"), reverse("org:delegation_create"), reverse("org:assignment_create")):
        body = as_admin.get(url).content.decode()
        assert " style=" not in body and "<script>" not in body and "onclick" not in body, url


def test_unit_history_shows_organisation_events_only(as_staff, admin, unit):
    from bmnn.core.ledger import record_event

    services.update_unit(admin, unit, name="Sở Tài chính tỉnh")
    record_event("records.item.record", actor=admin, unit=unit, description="Ghi nhận tài liệu 15/BC-STC")
    body = as_staff.get(reverse("org:unit_detail", args=[unit.pk])).content.decode()
    assert "Sửa thông tin đơn vị Sở Tài chính tỉnh" in body and "15/BC-STC" not in body


def test_authority_class_is_shown_by_its_rulebook_name(as_staff, unit):
    person_in(unit, title="Giám đốc", role=Role.LEADER, authority_class="provincial_department_head")
    body = as_staff.get(reverse("org:unit_detail", args=[unit.pk])).content.decode()
    assert "provincial_department_head" not in body


def test_htmx_history_restore_gets_the_whole_page(as_staff):
    response = as_staff.get(reverse("org:person_list"), {"q": "a"}, HTTP_HX_REQUEST="true",
                            HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()
