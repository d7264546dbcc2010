"""Register layouts as rulebook data: every shipped file names only fields the print code knows, the
2018 outgoing register has the 9 columns the secondary sources give, the 2026 files are flagged
unverified, and a layout with an unknown field is refused in Vietnamese."""

import pytest

from bmnn.outputs.registers import FIELDS, KINDS, check_layout
from bmnn.rulebook.forms import form_set, parse, shipped
from bmnn.rulebook.loader import RegimeError


def _register_sets():
    return [s for s in shipped() if s.kind == "registers"]


def test_every_shipped_register_layout_names_only_known_fields():
    sets = _register_sets()
    assert {s.version for s in sets} >= {"2018.1", "2026.1"}
    for forms in sets:
        assert set(forms.entries) == set(KINDS)
        for entry in forms.entries.values():
            check_layout(entry, forms.source)
            assert all(column["key"] in FIELDS for column in entry["columns"])


def test_the_outgoing_register_has_nine_columns_the_first_being_the_sequence_number():
    entry = form_set("registers", "2018.1").entry("outgoing")
    assert entry["form"] == "Mẫu 14" and entry["title"] == "SỔ ĐĂNG KÝ BÍ MẬT NHÀ NƯỚC ĐI"
    assert len(entry["columns"]) == 9
    assert entry["columns"][0]["heading"] == "Số thứ tự"
    assert entry["orientation"] == "landscape" and len(entry["cover_notes"]) == 6


def test_no_layout_claims_to_be_verified_and_the_2026_ones_say_they_are_carried_over():
    for forms in _register_sets():
        for entry in forms.entries.values():
            assert entry.verified is False and "CHƯA XÁC MINH" in entry.note
    for entry in form_set("registers", "2026.1").entries.values():
        assert "Mang sang từ phiên bản 2018.1" in entry.note
        assert "Nghị định 63/2026/NĐ-CP" in entry.citation


def test_a_layout_naming_an_unknown_field_is_refused_in_vietnamese():
    text = """
schema: 1
kind: registers
version: "9999.1"
regime: "2026"
valid_from: 2099-01-01
entries:
  outgoing:
    name: "Sổ thử"
    form: "Mẫu 14"
    title: "SỔ THỬ"
    columns:
      - {key: number, heading: "Số thứ tự", width: 10}
      - {key: nguoi_ky, heading: "Người ký", width: 20}
    basis: {text: DECREE_63_2026, article: "Phụ lục"}
    verified: false
"""
    forms = parse(text, "registers-9999.1.yaml")
    with pytest.raises(RegimeError) as caught:
        check_layout(forms.entry("outgoing"), forms.source)
    message = "\n".join(caught.value.problems)
    assert "registers-9999.1.yaml" in message and "“nguoi_ky”" in message and "không biết trường" in message
