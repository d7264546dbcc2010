"""Units: admin-only acts with their ledger events, the tree on a date, reforms."""

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from bmnn.core.errors import Refused
from bmnn.core.models import LedgerEvent
from bmnn.org import selectors, services
from bmnn.org.models import Position, Role, Tenure, Unit, UnitKind
from bmnn.org.tests.factories import PositionFactory, TenureFactory, UnitFactory

D = dt.date
pytestmark = pytest.mark.django_db


def events(action=None):
    qs = LedgerEvent.objects.all()
    return list(qs.filter(action=action) if action else qs)


def names_in_tree(on, **kwargs):
    names = []

    def walk(nodes):
        for node in nodes:
            names.append(node.unit.name)
            walk(node.children)
    walk(selectors.tree_on(on, **kwargs))
    return names


def test_create_unit_writes_its_ledger_event(admin):
    unit = services.create_unit(admin, name="Công an tỉnh Thử", code="CAT", kind=UnitKind.PROVINCIAL_POLICE,
                                valid_from=D(2025, 7, 1))
    [event] = events("org.unit.create")
    assert (event.object_type, event.object_id, event.actor_id) == ("org.unit", str(unit.pk), admin.pk)
    assert event.unit_code == "CAT"
    assert '"name":"Công an tỉnh Thử"' in event.payload


def test_non_admin_is_refused_unit_creation_citing_the_rule(staff):
    with pytest.raises(Refused) as refused:
        services.create_unit(staff, name="Phòng X", code="PX", kind=UnitKind.DIVISION, valid_from=D(2025, 1, 1))
    assert refused.value.rule == "org.admin_only"
    assert "Quy chế vận hành" in refused.value.basis
    assert not Unit.objects.exists() and not events()


def test_refused_update_writes_nothing(staff, unit):
    with pytest.raises(Refused):
        services.update_unit(staff, unit, name="Tên khác")
    unit.refresh_from_db()
    assert unit.name == "Sở Tài chính" and not events()


def test_ledger_failure_rolls_back_the_change(admin, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("ledger unavailable")
    monkeypatch.setattr(services, "record_event", broken)
    with pytest.raises(RuntimeError):
        services.create_unit(admin, name="Phòng Y", code="PY", kind=UnitKind.DIVISION, valid_from=D(2025, 1, 1))
    assert not Unit.objects.filter(code="PY").exists()


def test_failure_late_in_a_cascade_leaves_no_partial_close(admin, unit, monkeypatch):
    position = PositionFactory(unit=unit)
    real = services.record_event

    def fail_on_position(action, **kwargs):
        if action == "org.position.close":
            raise RuntimeError("ledger unavailable")
        return real(action, **kwargs)
    monkeypatch.setattr(services, "record_event", fail_on_position)
    with pytest.raises(RuntimeError):
        services.close_unit(admin, unit, valid_to=D(2025, 6, 30))
    unit.refresh_from_db()
    position.refresh_from_db()
    assert unit.valid_to is None and position.valid_to is None and not events("org.unit.close")


def test_input_is_stored_in_nfc(admin):
    decomposed = unicodedata.normalize("NFD", "Phòng An ninh chính trị nội bộ")
    unit = services.create_unit(admin, name=decomposed, code=" PA03 ", kind=UnitKind.DIVISION,
                                valid_from=D(2025, 1, 1))
    unit.refresh_from_db()
    assert unit.name == unicodedata.normalize("NFC", decomposed) and unit.code == "PA03"
    assert unit.search_text == "phong an ninh chinh tri noi bo pa03"


def test_unit_closed_on_30_june_is_in_the_tree_that_day_and_gone_the_next(admin):
    old = UnitFactory(name="Công an tỉnh Cũ", code="CAT-CU")
    new = UnitFactory(name="Công an tỉnh Mới", code="CAT-MOI", valid_from=D(2025, 7, 1))
    services.close_unit(admin, old, valid_to=D(2025, 6, 30), successor=new, closing_reference="NQ 202/2025/QH15")
    assert "Công an tỉnh Cũ" in names_in_tree(D(2025, 6, 30))
    assert "Công an tỉnh Mới" not in names_in_tree(D(2025, 6, 30))
    assert "Công an tỉnh Cũ" not in names_in_tree(D(2025, 7, 1))
    assert "Công an tỉnh Mới" in names_in_tree(D(2025, 7, 1))


def test_tree_can_include_closed_units_marked_with_their_successor(admin):
    old = UnitFactory(name="Kho bạc tỉnh", code="KBT")
    new = UnitFactory(name="Kho bạc Nhà nước Khu vực V", code="KBNN-KV5", valid_from=D(2025, 3, 1))
    services.close_unit(admin, old, valid_to=D(2025, 2, 28), successor=new)
    [closed] = [n for n in selectors.tree_on(D(2025, 7, 1), include_closed=True) if n.unit.pk == old.pk]
    assert closed.closed and closed.unit.successor == new


def test_tree_nests_children_under_parents_in_vietnamese_order():
    root = UnitFactory(name="Công an tỉnh", code="CAT")
    for name in ["Phòng Đ", "Phòng D", "Phòng Ă", "Phòng B"]:
        UnitFactory(name=name, parent=root, code=name[-1])
    [node] = selectors.tree_on(D(2025, 7, 1))
    assert [child.unit.name for child in node.children] == ["Phòng Ă", "Phòng B", "Phòng D", "Phòng Đ"]


def test_closing_a_unit_closes_what_is_inside_it(admin, unit):
    sub = UnitFactory(name="Phòng Hành chính", code="PHC", parent=unit)
    position = PositionFactory(unit=sub, title="Trưởng phòng")
    tenure = TenureFactory(position=position)
    services.close_unit(admin, unit, valid_to=D(2025, 6, 30))
    for obj in (sub, position, tenure):
        obj.refresh_from_db()
        assert obj.valid_to == D(2025, 6, 30)
    assert len(events("org.unit.close")) == 2
    assert len(events("org.position.close")) == 1 and len(events("org.tenure.end")) == 1


def test_successor_must_exist_on_the_day_after_closing(admin, unit):
    later = UnitFactory(name="Đơn vị mới", code="NEW", valid_from=D(2025, 9, 1))
    with pytest.raises(ValidationError) as error:
        services.close_unit(admin, unit, valid_to=D(2025, 6, 30), successor=later)
    assert "successor" in error.value.message_dict


def test_merge_closes_the_sources_and_creates_their_successor(admin):
    a = UnitFactory(name="Công an tỉnh Hà Giang", code="CAT-HG")
    b = UnitFactory(name="Công an tỉnh Tuyên Quang", code="CAT-TQ")
    merged = services.merge_units(admin, sources=[a, b], name="Công an tỉnh Tuyên Quang", code="CAT-TQ",
                                  kind=UnitKind.PROVINCIAL_POLICE, effective_on=D(2025, 7, 1),
                                  founding_reference="NQ 202/2025/QH15")
    for source in (a, b):
        source.refresh_from_db()
        assert source.valid_to == D(2025, 6, 30) and source.successor == merged
        assert source.closing_reference == "NQ 202/2025/QH15"
    assert merged.valid_from == D(2025, 7, 1)
    assert names_in_tree(D(2025, 7, 1)) == ["Công an tỉnh Tuyên Quang"]
    assert sorted(names_in_tree(D(2025, 6, 30))) == ["Công an tỉnh Hà Giang", "Công an tỉnh Tuyên Quang"]


def test_a_unit_cannot_be_placed_under_its_own_sub_unit(admin, unit):
    sub = UnitFactory(parent=unit)
    with pytest.raises(ValidationError) as error:
        services.update_unit(admin, unit, parent=sub)
    assert "parent" in error.value.message_dict


def test_sibling_units_cannot_share_a_code_but_provinces_can(admin):
    p1, p2 = UnitFactory(name="Công an tỉnh A", code="CAT-A"), UnitFactory(name="Công an tỉnh B", code="CAT-B")
    services.create_unit(admin, name="Phòng ANCTNB", code="PA03", kind=UnitKind.DIVISION, parent=p1,
                         valid_from=D(2025, 1, 1))
    services.create_unit(admin, name="Phòng ANCTNB", code="PA03", kind=UnitKind.DIVISION, parent=p2,
                         valid_from=D(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        services.create_unit(admin, name="Phòng khác", code="pa03", kind=UnitKind.DIVISION, parent=p1,
                             valid_from=D(2025, 3, 1))
    assert "code" in error.value.message_dict


def test_end_date_before_start_is_rejected(admin):
    with pytest.raises(ValidationError) as error:
        services.create_unit(admin, name="X", code="X", kind=UnitKind.OTHER, valid_from=D(2025, 1, 2),
                             valid_to=D(2025, 1, 1))
    assert "valid_to" in error.value.message_dict


def test_position_create_update_close_are_admin_acts_with_events(admin, staff, unit):
    with pytest.raises(Refused) as refused:
        services.create_position(staff, unit=unit, title="Giám đốc", role=Role.LEADER, valid_from=D(2025, 1, 1))
    assert refused.value.rule == "org.admin_only"
    position = services.create_position(admin, unit=unit, title="Giám đốc", role=Role.LEADER,
                                        authority_class="provincial_department_head", valid_from=D(2025, 1, 1))
    services.update_position(admin, position, title="Giám đốc Sở")
    tenure = TenureFactory(position=position)
    services.close_position(admin, position, valid_to=D(2025, 12, 31))
    position.refresh_from_db()
    tenure.refresh_from_db()
    assert position.title == "Giám đốc Sở" and tenure.valid_to == D(2025, 12, 31)
    assert [e.action for e in events()] == ["org.position.create", "org.position.update", "org.position.close",
                                            "org.tenure.end"]


def test_a_position_cannot_outlive_its_unit(admin):
    closed = UnitFactory(valid_to=D(2025, 6, 30))
    with pytest.raises(ValidationError) as error:
        services.create_position(admin, unit=closed, title="Chuyên viên", valid_from=D(2025, 1, 1))
    assert "valid_to" in error.value.message_dict
    assert not Position.objects.exists() and not Tenure.objects.exists()
