"""authorize(): positions, delegations, units, dates and regimes."""

import datetime as dt

import pytest

from bmnn.core.errors import Refused
from bmnn.org.models import Role
from bmnn.org.tests.factories import AccessAssignmentFactory, CommitmentFactory, PersonFactory
from bmnn.rulebook.authority import authorize, can_perform, check_delegation, summary_rule
from bmnn.rulebook.tests.conftest import EVE, IN_2025, SWITCH, delegation, deputy, holder

pytestmark = pytest.mark.django_db


# --- Positions -------------------------------------------------------------------------------

def test_position_without_the_authority_is_refused_citing_article_11(units):
    head = holder(units["pa03"], "police_division_head", title="Trưởng phòng")
    decision = authorize(head, "reproduce", "TOI_MAT", units["pa03"], on=IN_2025)
    assert not decision.allowed
    assert decision.reason == ("Chức vụ Trưởng phòng (PA03) không có thẩm quyền cho phép sao, chụp tài liệu Tối mật "
                               "theo Điều 11 Luật BVBMNN 2018.")
    assert decision.basis == "Điều 11 Luật BVBMNN 2018"
    assert decision.rule == "2018:reproduce"
    assert decision.via == ""


def test_require_raises_refused_with_rule_and_basis(units):
    head = holder(units["pa03"], "police_division_head", title="Trưởng phòng")
    with pytest.raises(Refused) as caught:
        authorize(head, "reproduce", "TOI_MAT", units["pa03"], on=IN_2025).require()
    assert caught.value.rule == "2018:reproduce"
    assert caught.value.basis == "Điều 11 Luật BVBMNN 2018"
    assert "Trưởng phòng (PA03)" in caught.value.message


def test_position_with_the_authority_is_allowed_citing_the_clause(units):
    director = holder(units["dept"], "provincial_department_head")
    decision = authorize(director, "reproduce", "TOI_MAT", units["dept"], on=IN_2025).require()
    assert decision.allowed and decision.via == "position"
    assert decision.basis == "Điều 11 khoản 2 Luật BVBMNN 2018"
    assert decision.rule == "2018:reproduce.art11_2"
    assert decision.verified is True


def test_tuyet_mat_needs_a_clause_1_authority(units):
    director = holder(units["dept"], "provincial_department_head")
    assert not authorize(director, "reproduce", "TUYET_MAT", units["dept"], on=IN_2025).allowed
    chair = holder(units["dept"], "provincial_leader", title="Chủ tịch UBND tỉnh")
    assert authorize(chair, "reproduce", "TUYET_MAT", units["dept"], on=IN_2025).allowed


def test_a_grant_from_an_unverified_mapping_is_allowed_but_marked_unverified(units):
    director = holder(units["police"], "police_provincial_director", title="Giám đốc Công an tỉnh")
    decision = authorize(director, "reproduce", "TOI_MAT", units["pa03"], on=IN_2025)
    assert decision.allowed and decision.verified is False
    assert decision.basis == "Điều 4 Thông tư 104/2021/TT-BCA"


def test_authority_covers_the_positions_unit_and_its_sub_units(units):
    director = holder(units["dept"], "provincial_department_head")
    assert authorize(director, "reproduce", "MAT", units["division"], on=IN_2025).allowed


def test_authority_does_not_reach_another_unit(units):
    director = holder(units["dept"], "provincial_department_head")
    decision = authorize(director, "reproduce", "MAT", units["other_dept"], on=IN_2025)
    assert not decision.allowed
    assert "không thuộc Sở Y tế hoặc đơn vị cấp trên" in decision.reason


def test_authority_does_not_reach_the_parent_unit(units):
    head = holder(units["division"], "division_head_provincial", title="Trưởng phòng")
    assert authorize(head, "reproduce", "MAT", units["division"], on=IN_2025).allowed
    assert not authorize(head, "reproduce", "MAT", units["dept"], on=IN_2025).allowed


def test_person_without_any_tenure_is_refused_with_a_clear_reason(units):
    person = PersonFactory(full_name="Lê Văn Không")
    decision = authorize(person, "classify", "MAT", units["dept"], on=IN_2025)
    assert not decision.allowed
    assert decision.reason.startswith("Lê Văn Không không giữ chức vụ nào vào ngày 02/06/2025")


def test_tenure_outside_its_dates_gives_no_authority(units):
    director = holder(units["dept"], "provincial_department_head", valid_to=dt.date(2024, 12, 31))
    assert not authorize(director, "reproduce", "MAT", units["dept"], on=IN_2025).allowed
    assert authorize(director, "reproduce", "MAT", units["dept"], on=dt.date(2024, 12, 31)).allowed


def test_closed_position_gives_no_authority(units):
    director = holder(units["dept"], "provincial_department_head")
    position = director.tenures.get().position
    position.valid_to = dt.date(2025, 1, 1)
    position.save()
    assert not authorize(director, "reproduce", "MAT", units["dept"], on=IN_2025).allowed


def test_inactive_account_is_refused(units):
    director = holder(units["dept"], "provincial_department_head", full_name="Trần Thị Khóa")
    director.is_active = False
    director.save()
    decision = authorize(director, "reproduce", "MAT", units["dept"], on=IN_2025)
    assert not decision.allowed
    assert "Tài khoản của Trần Thị Khóa đã bị khóa" in decision.reason


def test_position_with_a_class_missing_from_the_catalogue_is_refused_by_name(units):
    person = holder(units["dept"], "no_such_class", title="Giám đốc")
    decision = authorize(person, "reproduce", "MAT", units["dept"], on=IN_2025)
    assert not decision.allowed and "no_such_class" in decision.reason


def test_no_regime_before_the_2018_law_took_effect(units):
    director = holder(units["dept"], "provincial_department_head")
    decision = authorize(director, "reproduce", "MAT", units["dept"], on=dt.date(2020, 6, 30))
    assert not decision.allowed and decision.rule == "rulebook:no_regime"


def test_unknown_act_is_a_programming_error(units):
    director = holder(units["dept"], "provincial_department_head")
    with pytest.raises(ValueError):
        authorize(director, "photocopy", "MAT", units["dept"], on=IN_2025)


# --- The regime switch on 01/03/2026 -----------------------------------------------------------

def test_commune_chair_may_authorise_toi_mat_copies_only_from_the_2026_regime(units):
    chair = holder(units["commune"], "commune_leader", title="Chủ tịch UBND xã")
    before = authorize(chair, "reproduce", "TOI_MAT", units["commune"], on=EVE)
    after = authorize(chair, "reproduce", "TOI_MAT", units["commune"], on=SWITCH)
    assert not before.allowed and before.regime == "2018"
    assert "theo Điều 11 Luật BVBMNN 2018" in before.reason
    assert after.allowed and after.regime == "2026"
    assert after.basis == "Điều 11 Luật BVBMNN 2025" and after.verified is False


def test_commune_division_head_gets_mat_but_not_toi_mat_in_2026(units):
    head = holder(units["commune"], "commune_division_head", title="Trưởng phòng Văn hóa - Xã hội")
    assert authorize(head, "reproduce", "MAT", units["commune"], on=SWITCH).allowed
    assert not authorize(head, "reproduce", "TOI_MAT", units["commune"], on=SWITCH).allowed
    assert not authorize(head, "reproduce", "MAT", units["commune"], on=EVE).allowed


def test_district_class_allowed_in_2018_and_refused_from_2026(units):
    chair = holder(units["district"], "district_leader", title="Chủ tịch UBND huyện")
    assert authorize(chair, "reproduce", "TOI_MAT", units["district"], on=IN_2025).allowed
    after = authorize(chair, "reproduce", "TOI_MAT", units["district"], on=SWITCH)
    assert not after.allowed
    assert "không còn áp dụng từ ngày 01/03/2026" in after.reason


# --- Delegation ---------------------------------------------------------------------------------

def test_deputy_with_a_valid_written_delegation_is_allowed(units):
    director = holder(units["dept"], "provincial_department_head", full_name="Phạm Văn Giám")
    vice = deputy(units["dept"])
    assert not authorize(vice, "reproduce", "TOI_MAT", units["dept"], on=IN_2025).allowed  # not on their own
    grant = delegation(director, vice, units["dept"], reference="12/GUQ-STC")
    decision = authorize(vice, "reproduce", "TOI_MAT", units["division"], on=IN_2025).require()
    assert decision.via == "delegation" and decision.delegation_id == grant.pk
    assert decision.basis == "Điều 11 khoản 5 Luật BVBMNN 2018"
    assert "12/GUQ-STC" in decision.reason and "Phạm Văn Giám" in decision.reason


def test_delegation_covers_only_its_acts_and_levels(units):
    director = holder(units["dept"], "provincial_department_head")
    vice = deputy(units["dept"])
    delegation(director, vice, units["dept"], acts=["reproduce"], levels=["MAT"])
    assert authorize(vice, "reproduce", "MAT", units["dept"], on=IN_2025).allowed
    assert not authorize(vice, "reproduce", "TOI_MAT", units["dept"], on=IN_2025).allowed
    assert not authorize(vice, "carry_out_domestic", "MAT", units["dept"], on=IN_2025).allowed


def test_a_delegates_delegation_is_refused_citing_no_sub_delegation(units):
    director = holder(units["dept"], "provincial_department_head")
    first = deputy(units["dept"], full_name="Ngô Văn Phó")
    second = deputy(units["dept"], title="Phó Giám đốc thứ hai")
    delegation(director, first, units["dept"])
    delegation(first, second, units["dept"], reference="99/GUQ-TIEP")
    decision = authorize(second, "reproduce", "TOI_MAT", units["dept"], on=IN_2025)
    assert not decision.allowed
    assert "người được ủy quyền không được ủy quyền tiếp" in decision.reason
    assert "Ngô Văn Phó chỉ có thẩm quyền" in decision.reason
    assert decision.basis == "Điều 11 khoản 5 Luật BVBMNN 2018"
    assert decision.rule == "2018:reproduce.delegation"


def test_reproduction_delegated_by_a_mat_only_authority_is_refused(units):
    head = holder(units["division"], "division_head_provincial", title="Trưởng phòng")
    vice = deputy(units["division"], title="Phó Trưởng phòng")
    assert authorize(head, "reproduce", "MAT", units["division"], on=IN_2025).allowed
    delegation(head, vice, units["division"], levels=["MAT"])
    decision = authorize(vice, "reproduce", "MAT", units["division"], on=IN_2025)
    assert not decision.allowed
    assert "Tuyệt mật, Tối mật mới được ủy quyền" in decision.reason
    assert decision.basis == "Điều 11 khoản 5 Luật BVBMNN 2018"


def test_expired_delegation_no_longer_works(units):
    director = holder(units["dept"], "provincial_department_head")
    vice = deputy(units["dept"])
    delegation(director, vice, units["dept"], reference="5/GUQ", valid_to=dt.date(2025, 5, 31))
    assert authorize(vice, "reproduce", "MAT", units["dept"], on=dt.date(2025, 5, 31)).allowed
    decision = authorize(vice, "reproduce", "MAT", units["dept"], on=IN_2025)
    assert not decision.allowed
    assert "Văn bản ủy quyền 5/GUQ đã hết hiệu lực sau ngày 31/05/2025" in decision.reason


def test_revoked_delegation_no_longer_works_from_the_revocation_day(units):
    director = holder(units["dept"], "provincial_department_head")
    vice = deputy(units["dept"])
    delegation(director, vice, units["dept"], reference="6/GUQ", revoked_on=IN_2025)
    assert authorize(vice, "reproduce", "MAT", units["dept"], on=IN_2025 - dt.timedelta(days=1)).allowed
    decision = authorize(vice, "reproduce", "MAT", units["dept"], on=IN_2025)
    assert not decision.allowed and "đã bị thu hồi từ ngày 02/06/2025" in decision.reason


def test_delegation_lapses_when_the_delegator_leaves_the_post(units):
    director = holder(units["dept"], "provincial_department_head", valid_to=dt.date(2025, 1, 31))
    vice = deputy(units["dept"])
    delegation(director, vice, units["dept"])
    decision = authorize(vice, "reproduce", "MAT", units["dept"], on=IN_2025)
    assert not decision.allowed and "Người ủy quyền" in decision.reason


def test_delegation_lapses_when_the_delegate_is_no_longer_a_deputy_there(units):
    director = holder(units["dept"], "provincial_department_head")
    vice = deputy(units["dept"], valid_to=dt.date(2025, 1, 31))
    delegation(director, vice, units["dept"])
    decision = authorize(vice, "reproduce", "MAT", units["dept"], on=IN_2025)
    assert not decision.allowed and "không giữ chức vụ cấp phó" in decision.reason


def test_an_act_that_may_not_be_delegated_is_refused_even_with_a_delegation(units):
    director = holder(units["dept"], "provincial_department_head")
    vice = deputy(units["dept"])
    delegation(director, vice, units["dept"], acts=["destroy"], levels=["MAT"])
    decision = authorize(vice, "destroy", "MAT", units["dept"], on=IN_2025)
    assert not decision.allowed
    assert decision.basis == "Điều 23 khoản 3 Luật BVBMNN 2018"
    assert "không được ủy quyền" in decision.reason


def test_delegation_reaches_only_its_unit_and_sub_units(units):
    director = holder(units["dept"], "provincial_department_head")
    vice = deputy(units["dept"])
    delegation(director, vice, units["division"])
    assert authorize(vice, "reproduce", "MAT", units["division"], on=IN_2025).allowed
    assert not authorize(vice, "reproduce", "MAT", units["dept"], on=IN_2025).allowed


def test_classification_by_an_authorised_deputy(units):
    director = holder(units["police"], "police_provincial_director", title="Giám đốc Công an tỉnh")
    vice = deputy(units["police"], title="Phó Giám đốc Công an tỉnh")
    delegation(director, vice, units["police"], acts=["classify"], levels=["TUYET_MAT"])
    decision = authorize(vice, "classify", "TUYET_MAT", units["pa03"], on=IN_2025).require()
    assert decision.basis == "Điều 3 khoản 1 Thông tư 104/2021/TT-BCA"


# --- check_delegation (used when a delegation is recorded) ----------------------------------------

def test_check_delegation_accepts_a_head_delegating_to_a_deputy(units):
    director = holder(units["dept"], "provincial_department_head")
    vice = deputy(units["dept"])
    decisions = check_delegation(director, vice, units["dept"], ["reproduce"], ["TOI_MAT", "MAT"], IN_2025)
    assert [d.level for d in decisions] == ["TOI_MAT", "MAT"]


def test_check_delegation_refuses_a_delegate_who_is_not_a_deputy(units):
    director = holder(units["dept"], "provincial_department_head")
    clerk = holder(units["dept"], "none", title="Văn thư", role=Role.CLERK, full_name="Đỗ Thị Văn")
    with pytest.raises(Refused) as caught:
        check_delegation(director, clerk, units["dept"], ["reproduce"], ["MAT"], IN_2025)
    assert "Đỗ Thị Văn không giữ chức vụ cấp phó" in caught.value.message
    assert caught.value.basis == "Điều 11 khoản 5 Luật BVBMNN 2018"


def test_check_delegation_refuses_an_act_that_may_not_be_delegated(units):
    director = holder(units["dept"], "provincial_department_head")
    vice = deputy(units["dept"])
    with pytest.raises(Refused) as caught:
        check_delegation(director, vice, units["dept"], ["destroy"], ["MAT"], IN_2025)
    assert caught.value.basis == "Điều 23 khoản 3 Luật BVBMNN 2018"


def test_check_delegation_refuses_a_delegator_without_the_authority(units):
    head = holder(units["pa03"], "police_division_head", title="Trưởng phòng")
    vice = deputy(units["pa03"], title="Phó Trưởng phòng")
    with pytest.raises(Refused) as caught:
        check_delegation(head, vice, units["pa03"], ["reproduce"], ["TOI_MAT"], IN_2025)
    assert "không có thẩm quyền cho phép sao, chụp tài liệu Tối mật" in caught.value.message


def test_check_delegation_refuses_a_mat_only_authority_delegating_reproduction(units):
    head = holder(units["division"], "division_head_provincial", title="Trưởng phòng")
    vice = deputy(units["division"], title="Phó Trưởng phòng")
    with pytest.raises(Refused) as caught:
        check_delegation(head, vice, units["division"], ["reproduce"], ["MAT"], IN_2025)
    assert caught.value.basis == "Điều 11 khoản 5 Luật BVBMNN 2018"


def test_check_delegation_refuses_sub_delegation(units):
    director = holder(units["dept"], "provincial_department_head")
    first = deputy(units["dept"])
    second = deputy(units["dept"], title="Phó Giám đốc thứ hai")
    delegation(director, first, units["dept"])
    with pytest.raises(Refused) as caught:
        check_delegation(first, second, units["dept"], ["reproduce"], ["MAT"], IN_2025)
    assert "không được ủy quyền tiếp" in caught.value.message


# --- Acts done by staff ---------------------------------------------------------------------------

def test_clerk_may_deliver(units):
    clerk = holder(units["dept"], "none", title="Văn thư", role=Role.CLERK)
    decision = authorize(clerk, "deliver", "TUYET_MAT", units["division"], on=IN_2025).require()
    assert decision.basis == "Điều 13 khoản 1 Luật BVBMNN 2018" and decision.via == "position"


def test_staff_assigned_to_the_level_may_receive(units):
    staff = holder(units["dept"], "none", title="Chuyên viên", role=Role.STAFF)
    assignment = AccessAssignmentFactory(person=staff, max_level="TOI_MAT", units=[units["dept"]])
    CommitmentFactory(assignment=assignment)
    assert authorize(staff, "receive", "TOI_MAT", units["division"], on=IN_2025).via == "assignment"
    assert not authorize(staff, "receive", "TUYET_MAT", units["division"], on=IN_2025).allowed


def test_staff_not_assigned_may_not_deliver(units):
    staff = holder(units["dept"], "none", title="Chuyên viên", role=Role.STAFF, full_name="Vũ Văn Thường")
    decision = authorize(staff, "deliver", "MAT", units["dept"], on=IN_2025)
    assert not decision.allowed
    assert decision.reason.startswith("Vũ Văn Thường không phải văn thư")
    assert decision.basis == "Điều 13 khoản 1 Luật BVBMNN 2018"


def test_can_perform_copying_needs_a_secret_worker(units):
    officer = holder(units["dept"], "none", title="Cán bộ bảo mật", role=Role.SECURITY_OFFICER)
    staff = holder(units["dept"], "none", title="Chuyên viên", role=Role.STAFF)
    assert can_perform(officer, "reproduce", "MAT", units["dept"], on=IN_2025).allowed
    refused = can_perform(staff, "reproduce", "MAT", units["dept"], on=IN_2025)
    assert not refused.allowed and refused.basis == "Điều 11 khoản 6 Luật BVBMNN 2018"


# --- Other acts ------------------------------------------------------------------------------------

def test_mat_only_authority_may_not_decide_destruction(units):
    head = holder(units["division"], "division_head_provincial", title="Trưởng phòng")
    director = holder(units["dept"], "provincial_department_head")
    refused = authorize(head, "destroy", "MAT", units["division"], on=IN_2025)
    assert not refused.allowed and refused.basis == "Điều 23 khoản 3 Luật BVBMNN 2018"
    assert authorize(director, "destroy", "TUYET_MAT", units["division"], on=IN_2025).allowed


def test_only_the_prime_minister_provides_tuyet_mat_abroad(units):
    minister = holder(units["dept"], "minister", title="Bộ trưởng")
    premier = holder(units["dept"], "prime_minister", title="Thủ tướng Chính phủ")
    assert not authorize(minister, "provide_foreign", "TUYET_MAT", units["dept"], on=IN_2025).allowed
    assert authorize(minister, "provide_foreign", "TOI_MAT", units["dept"], on=IN_2025).allowed
    assert authorize(premier, "provide_foreign", "TUYET_MAT", units["dept"], on=IN_2025).allowed


def test_every_head_may_classify_in_its_own_unit(units):
    head = holder(units["pa03"], "police_division_head", title="Trưởng phòng")
    assert authorize(head, "classify", "TUYET_MAT", units["pa03"], on=IN_2025).allowed
    staff = holder(units["pa03"], "none", title="Cán bộ", role=Role.STAFF)
    assert not authorize(staff, "classify", "MAT", units["pa03"], on=IN_2025).allowed


def test_head_assigns_access(units):
    head = holder(units["dept"], "provincial_department_head")
    decision = authorize(head, "assign_access", "TOI_MAT", units["division"], on=IN_2025)
    assert decision.allowed and decision.verified is False  # the basis was not quoted in full


# --- Tuyệt mật summaries (rule B2) ---------------------------------------------------------------

def test_tuyet_mat_summary_needs_consent_in_2018_and_is_never_stored_from_2026(db):
    old = summary_rule("TUYET_MAT", on=EVE)
    old.require(has_summary=True, consent=True)
    with pytest.raises(Refused) as caught:
        old.require(has_summary=True)
    assert caught.value.basis == "Điều 4 khoản 1 điểm a Nghị định 26/2020/NĐ-CP"
    new = summary_rule("TUYET_MAT", on=SWITCH)
    with pytest.raises(Refused):
        new.require(has_summary=True, consent=True)
    new.require(has_summary=False)
    summary_rule("TOI_MAT", on=SWITCH).require(has_summary=True)
