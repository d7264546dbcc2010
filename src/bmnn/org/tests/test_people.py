"""People and tenures: accounts managed by the administrator, appointments."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from bmnn.core.errors import Refused
from bmnn.core.models import LedgerEvent
from bmnn.org import services
from bmnn.org.models import Person, Role, Tenure
from bmnn.org.tests.factories import PersonFactory, PositionFactory, TenureFactory

D = dt.date
pytestmark = pytest.mark.django_db
GOOD_PASSWORD = "Khoi-tao-2026!"


def test_new_account_must_change_its_initial_password(admin):
    person = services.create_person(admin, username="ndthang", full_name="Nguyễn Đức Thắng",
                                    initial_password=GOOD_PASSWORD)
    person.refresh_from_db()
    assert person.must_change_password and person.check_password(GOOD_PASSWORD)
    [event] = LedgerEvent.objects.filter(action="org.person.create")
    assert GOOD_PASSWORD not in event.payload and person.password not in event.payload


def test_weak_initial_password_is_rejected_on_its_field(admin):
    with pytest.raises(ValidationError) as error:
        services.create_person(admin, username="yeu", full_name="Trần Văn Yếu", initial_password="123")
    assert "initial_password" in error.value.message_dict
    assert not Person.objects.filter(username="yeu").exists()


def test_usernames_are_unique_ignoring_case(admin):
    PersonFactory(username="ndthang")
    with pytest.raises(ValidationError) as error:
        services.create_person(admin, username="NDThang", full_name="Nguyễn Đức Thắng", initial_password=GOOD_PASSWORD)
    assert "username" in error.value.message_dict


def test_non_admin_cannot_create_accounts(staff):
    with pytest.raises(Refused) as refused:
        services.create_person(staff, username="x", full_name="X", initial_password=GOOD_PASSWORD)
    assert refused.value.rule == "org.admin_only"
    assert not LedgerEvent.objects.exists()


def test_update_person_records_what_changed(admin, staff):
    services.update_person(admin, staff, full_name="Cán Bộ Đổi Tên", phone="0912 345 678")
    [event] = LedgerEvent.objects.filter(action="org.person.update")
    assert '"full_name":"Cán Bộ Đổi Tên"' in event.payload and '"username"' not in event.payload


def test_deactivating_locks_the_account(admin, staff):
    services.deactivate_person(admin, staff, reason="Nghỉ hưu")
    staff.refresh_from_db()
    assert not staff.is_active
    assert LedgerEvent.objects.filter(action="org.person.deactivate", object_id=str(staff.pk)).exists()
    services.reactivate_person(admin, staff)
    staff.refresh_from_db()
    assert staff.is_active


def test_admin_cannot_lock_themselves(admin):
    PersonFactory(is_system_admin=True)
    with pytest.raises(Refused) as refused:
        services.deactivate_person(admin, admin)
    assert refused.value.rule == "org.self_deactivation"


def test_last_active_admin_cannot_lose_admin_rights(admin):
    with pytest.raises(Refused) as refused:
        services.update_person(admin, admin, is_system_admin=False)
    assert refused.value.rule == "org.last_admin"
    admin.refresh_from_db()
    assert admin.is_system_admin


def test_appoint_and_end_tenure_with_events(admin, staff, unit):
    position = PositionFactory(unit=unit, title="Phó Giám đốc", role=Role.DEPUTY)
    tenure = services.appoint(admin, person=staff, position=position, valid_from=D(2025, 1, 1),
                              decision_reference="15/QĐ-UBND")
    assert staff.unit_ids_on(D(2025, 3, 1)) == {unit.pk}
    services.end_tenure(admin, tenure, valid_to=D(2025, 6, 30))
    assert staff.unit_ids_on(D(2025, 7, 1)) == set()
    assert [e.action for e in LedgerEvent.objects.all()] == ["org.tenure.appoint", "org.tenure.end"]


def test_non_admin_cannot_appoint(staff, unit):
    with pytest.raises(Refused) as refused:
        services.appoint(staff, person=staff, position=PositionFactory(unit=unit), valid_from=D(2025, 1, 1))
    assert refused.value.rule == "org.admin_only"
    assert not Tenure.objects.exists()


def test_a_head_post_has_one_holder_at_a_time(admin, unit):
    position = PositionFactory(unit=unit, role=Role.LEADER)
    TenureFactory(position=position, valid_from=D(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.appoint(admin, person=PersonFactory(), position=position, valid_from=D(2025, 1, 1))
    assert "position" in error.value.message_dict


def test_deputy_posts_can_have_several_holders(admin, unit):
    position = PositionFactory(unit=unit, role=Role.DEPUTY, title="Phó Giám đốc")
    TenureFactory(position=position)
    services.appoint(admin, person=PersonFactory(), position=position, valid_from=D(2025, 1, 1))
    assert position.tenures.count() == 2


def test_tenure_in_a_post_that_ends_ends_with_it(admin, staff, unit):
    position = PositionFactory(unit=unit, valid_to=D(2025, 12, 31))
    tenure = services.appoint(admin, person=staff, position=position, valid_from=D(2025, 1, 1))
    assert tenure.valid_to == D(2025, 12, 31)
