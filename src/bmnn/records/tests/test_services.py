"""Acts on secret items: recording needs the authority to classify under the regime in force; a Tuyệt mật
summary follows that regime; granting need-to-know is a head's decision and never lifts clearance.
Each act writes its ledger event, with secret content only as a hash."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from bmnn.core.errors import Refused
from bmnn.core.ledger import secret_hash
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.tests.factories import UnitFactory, person_in
from bmnn.records import services
from bmnn.records.models import AccessGrant, ItemKind, SecretItem
from bmnn.records.tests.factories import SecretItemFactory

pytestmark = pytest.mark.django_db

IN_2026 = dt.date(2026, 4, 10)  # Law 117/2025 regime
IN_2025 = dt.date(2025, 10, 1)  # Law 29/2018 regime


@pytest.fixture
def staff(pa03):
    return person_in(pa03, clearance=Level.MAT, full_name="Bùi Văn Nam")


def record(actor, unit, **overrides):
    fields = dict(reference="12/BC-PA03", issued_on=IN_2026, kind=ItemKind.DOCUMENT, document_type="Báo cáo",
                  level=Level.TOI_MAT, holding_unit=unit, issuing_unit=unit, summary="Báo cáo thử nghiệm",
                  classified_on=IN_2026)
    fields.update(overrides)
    return services.record_item(actor, **fields)


def test_head_with_authority_records_an_item_and_the_ledger_keeps_only_the_summary_hash(director, pa03):
    item = record(director, pa03)
    assert item.decided_by == director and item.level == Level.TOI_MAT
    event = LedgerEvent.objects.get(action="records.item.record", object_id=str(item.pk))
    payload = json.loads(event.payload)
    assert payload["summary"] == secret_hash("Báo cáo thử nghiệm")
    assert "Báo cáo thử nghiệm" not in event.payload and "Báo cáo thử nghiệm" not in event.description
    assert event.actor_id == director.pk and event.unit_code == "PA03"


def test_recording_normalises_text_to_nfc(director, pa03):
    item = record(director, pa03, document_type="Ba\u0301o ca\u0301o")
    assert item.document_type == "Báo cáo"


def test_person_without_authority_to_classify_is_refused_with_the_rule(staff, pa03):
    with pytest.raises(Refused) as refusal:
        record(staff, pa03, level=Level.MAT)
    assert refusal.value.rule and refusal.value.basis
    assert not SecretItem.objects.exists()
    assert not LedgerEvent.objects.filter(action="records.item.record").exists()


def test_head_of_another_body_cannot_classify_for_this_one(director):
    other = UnitFactory(name="Kho bạc Nhà nước khu vực XII")
    with pytest.raises(Refused):
        record(director, other)


def test_tuyet_mat_summary_is_refused_under_the_2026_regime(director, police):
    with pytest.raises(Refused) as refusal:
        record(director, police, level=Level.TUYET_MAT, summary="Không được ghi", summary_consent=True)
    assert refusal.value.field == "summary" and refusal.value.basis
    assert not SecretItem.objects.exists()


def test_tuyet_mat_without_summary_is_recorded_under_the_2026_regime(director, police):
    item = record(director, police, level=Level.TUYET_MAT, summary="")
    assert item.summary == ""


def test_tuyet_mat_summary_needs_the_classifiers_consent_under_the_2018_regime(director, police):
    with pytest.raises(Refused):
        record(director, police, level=Level.TUYET_MAT, issued_on=IN_2025, classified_on=IN_2025)
    item = record(director, police, level=Level.TUYET_MAT, issued_on=IN_2025, classified_on=IN_2025,
                  summary_consent=True)
    event = LedgerEvent.objects.get(action="records.item.record", object_id=str(item.pk))
    assert json.loads(event.payload)["summary_consent"] is True


def test_invalid_data_is_a_validation_error_not_a_refusal(director, pa03):
    with pytest.raises(ValidationError):
        record(director, pa03, level="BI_MAT")
    with pytest.raises(ValidationError):
        record(director, pa03, reference="  ")


def test_head_grants_need_to_know_on_one_item_and_it_is_logged(director, police, pa03):
    pv01 = UnitFactory(name="Phòng Tham mưu", code="PV01", parent=police)
    officer = person_in(pv01, clearance=Level.MAT, covers=[police])
    item = SecretItemFactory(holding_unit=pa03, level=Level.MAT)
    assert not SecretItem.objects.visible_to(officer).exists()
    grant = services.grant_access(director, item, officer, "Phối hợp lập kế hoạch kiểm tra")
    assert list(SecretItem.objects.visible_to(officer)) == [item]
    event = LedgerEvent.objects.get(action="records.item.grant_access")
    assert (event.object_type, event.object_id) == ("records.secretitem", str(item.pk))
    assert json.loads(event.payload)["grant"] == grant.pk and event.actor_id == director.pk


def test_granting_twice_keeps_one_grant_and_one_event(director, pa03, staff):
    item = SecretItemFactory(holding_unit=pa03, level=Level.MAT)
    services.grant_access(director, item, staff, "Lý do")
    services.grant_access(director, item, staff, "Lý do")
    assert AccessGrant.objects.count() == 1
    assert LedgerEvent.objects.filter(action="records.item.grant_access").count() == 1


def test_grant_never_lifts_clearance(director, pa03, staff):
    item = SecretItemFactory(holding_unit=pa03, level=Level.TOI_MAT)  # staff is cleared for Mật only
    with pytest.raises(Refused) as refusal:
        services.grant_access(director, item, staff, "Lý do")
    assert refusal.value.field == "person" and refusal.value.basis
    assert not AccessGrant.objects.exists()


def test_grant_refusal_names_the_level_in_the_users_language(director, pa03, staff):
    item = SecretItemFactory(holding_unit=pa03, level=Level.TOI_MAT)
    with translation.override("vi"), pytest.raises(Refused) as refusal:
        services.grant_access(director, item, staff, "Lý do")
    assert refusal.value.message == (
        "Bùi Văn Nam chưa được giao tiếp cận bí mật nhà nước độ Tối mật của Phòng An ninh chính trị nội bộ "
        "(hoặc chưa ký cam kết), nên không thể cấp quyền tiếp cận tài liệu này: quyền được biết chỉ thu hẹp, "
        "không mở rộng phạm vi được giao tiếp cận.")
    with translation.override("en"), pytest.raises(Refused) as refusal:
        services.grant_access(director, item, staff, "Lý do")
    assert refusal.value.message.startswith(
        "Bùi Văn Nam has not been assigned access to state secrets at the Very secret level of "
        "Phòng An ninh chính trị nội bộ")


def test_ledger_description_of_a_recorded_item_stays_vietnamese_in_english(director, pa03):
    with translation.override("en"):
        item = record(director, pa03)
    event = LedgerEvent.objects.get(action="records.item.record", object_id=str(item.pk))
    assert event.description == "Ghi nhận Tối mật 12/BC-PA03"


def test_staff_cannot_grant_need_to_know(pa03, staff):
    colleague = person_in(pa03, clearance=Level.MAT)
    item = SecretItemFactory(holding_unit=pa03, level=Level.MAT)
    with pytest.raises(Refused):
        services.grant_access(staff, item, colleague, "Lý do")
    assert not AccessGrant.objects.exists()


def test_granting_an_item_the_actor_cannot_see_is_not_found(director, staff):
    elsewhere = SecretItemFactory(holding_unit=UnitFactory(), level=Level.MAT)
    with pytest.raises(Http404):
        services.grant_access(director, elsewhere, staff, "Lý do")


def test_grant_needs_a_reason(director, pa03, staff):
    with pytest.raises(ValidationError):
        services.grant_access(director, SecretItemFactory(holding_unit=pa03), staff, " ")


def test_open_item_logs_the_read_and_hides_what_is_not_visible(director, pa03, staff):
    item = SecretItemFactory(holding_unit=pa03, level=Level.TOI_MAT)
    assert services.open_item(director, item.pk) == item
    with pytest.raises(Http404):
        services.open_item(staff, item.pk)
    assert LedgerEvent.objects.filter(action="records.item.read").count() == 1
