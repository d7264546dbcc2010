"""The regime files: the shipped ones validate; malformed ones are refused by file and field."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bmnn.org.models import Role
from bmnn.rulebook import loader

SHIPPED = sorted(loader.REGIME_DIR.glob("*.yaml"))
DEMO_CLASSES = ["police_provincial_director", "police_division_head", "treasury_region_head",
                "state_bank_region_head", "post_provincial_director", "division_head_provincial", "deputy", "none",
                "minister", "provincial_leader", "provincial_department_head", "commune_leader",
                "commune_division_head", "district_leader", "prime_minister", "minister_defence",
                "minister_public_security", "soe_head", "public_service_unit_head"]


def text_of(name: str) -> str:
    return (loader.REGIME_DIR / name).read_text(encoding="utf-8")


def problems(text: str, name: str = "2026.yaml") -> list[str]:
    with pytest.raises(loader.RegimeError) as caught:
        loader.parse(text, name)
    return caught.value.problems


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_each_shipped_file_validates(path):
    regime = loader.load_file(path)
    assert set(regime.acts) == set(loader.ACT_CODES)
    assert set(regime.levels) == set(loader.LEVEL_CODES)


def test_the_two_regimes_ship_and_meet_on_1_march_2026():
    assert [r.code for r in loader.regimes()] == ["2018", "2026"]
    assert loader.regime_on(dt.date(2026, 2, 28)).code == "2018"
    assert loader.regime_on(dt.date(2026, 3, 1)).code == "2026"
    assert loader.regime_on(dt.date(2020, 6, 30)) is None


def test_loaded_regimes_are_cached():
    assert loader.regimes() is loader.regimes()


@pytest.mark.parametrize("code", ["2018", "2026"])
def test_demo_authority_classes_exist(code):
    classes = loader.get_regime(code).classes
    assert [c for c in DEMO_CLASSES if c not in classes] == []


def test_levels_periods_and_envelopes():
    regime = loader.get_regime("2018")
    assert [(lv.code, lv.stamp_text, lv.envelope_letter, lv.period_years) for lv in regime.levels.values()] == [
        ("TUYET_MAT", "TUYỆT MẬT", "A", 30), ("TOI_MAT", "TỐI MẬT", "B", 20), ("MAT", "MẬT", "C", 10)]


def test_every_rule_has_a_basis_and_a_verified_flag():
    for regime in loader.regimes():
        for rule in regime.rules():
            assert rule.basis.text.code in regime.texts, rule.id
            assert isinstance(rule.verified, bool), rule.id


def test_2026_rules_are_all_unverified_and_2018_mostly_verified():
    assert loader.get_regime("2026").unverified_rules() == loader.get_regime("2026").rules()
    old = loader.get_regime("2018")
    assert 0 < len(old.unverified_rules()) < len(old.rules()) / 4


def test_summary_and_list_entry_rules_differ_between_regimes():
    old, new = loader.get_regime("2018"), loader.get_regime("2026")
    assert old.requirements["tuyet_mat_summary"].value == "with_classifier_consent"
    assert new.requirements["tuyet_mat_summary"].value == "never"
    assert old.requirements["list_entry_required"].severity == "requirement"
    assert new.requirements["list_entry_required"].severity == "prohibited_act"
    assert new.requirements["list_entry_required"].citation == "Điều 5 khoản 1 Luật BVBMNN 2025"


def test_deadlines():
    deadlines = loader.get_regime("2018").deadlines
    assert (deadlines["extension_before_expiry"].days, deadlines["extension_notice"].days,
            deadlines["expiry_alert"].days) == (60, 15, 60)


def test_roles_in_the_files_match_the_position_roles():
    assert set(loader.ROLE_CODES) == set(Role.values)


# --- Malformed files ---------------------------------------------------------------------------------

def test_a_missing_field_is_named_by_file_and_path():
    text = text_of("2018.yaml").replace('    envelope:\n      letter: "B"\n', '    envelope:\n', 1)
    assert "2018.yaml: levels.TOI_MAT.envelope.letter: thiếu trường bắt buộc" in problems(text, "2018.yaml")


def test_an_unknown_authority_class_is_named_by_file_and_path():
    text = text_of("2026.yaml").replace("classes: [treasury_region_head, post_provincial_director]",
                                        "classes: [foo, post_provincial_director]", 1)
    assert ("2026.yaml: acts.reproduce.grants[3].classes[0]: nhóm thẩm quyền 'foo' không có trong danh mục"
            in problems(text))


def test_a_bad_level_is_named_by_file_and_path():
    text = text_of("2026.yaml").replace("levels: [TOI_MAT, MAT]", "levels: [TOI_MAT, SECRET]", 1)
    found = problems(text)
    assert any(p.startswith("2026.yaml: acts.reproduce.grants[2].levels[1]: độ mật 'SECRET' không hợp lệ")
               for p in found), found


def test_a_missing_basis_is_refused():
    text = text_of("2018.yaml").replace(
        '    envelope:\n      letter: "C"\n      count: 1\n      basis: {text: DECREE_26_2020, article: "Điều 4 khoản 1 điểm b"}\n',
        '    envelope:\n      letter: "C"\n      count: 1\n', 1)
    assert "2018.yaml: levels.MAT.envelope.basis: thiếu trường bắt buộc" in problems(text, "2018.yaml")


def test_a_basis_citing_an_unknown_text_is_refused():
    text = text_of("2018.yaml").replace('{text: LAW_2018, article: "Điều 8 khoản 1"}',
                                        '{text: LAW_1999, article: "Điều 8"}', 1)
    assert "2018.yaml: levels.TUYET_MAT.basis.text: văn bản 'LAW_1999' không có trong mục texts" in problems(
        text, "2018.yaml")


def test_an_unknown_act_is_refused():
    text = text_of("2026.yaml").replace("\n  recall:\n", "\n  recal:\n", 1)
    found = problems(text)
    assert any(p.startswith("2026.yaml: acts.recal: việc 'recal' không xác định") for p in found)
    assert "2026.yaml: acts.recall: thiếu quy định về việc này" in found


def test_an_invalid_date_is_refused():
    text = text_of("2026.yaml").replace("valid_from: 2026-03-01", "valid_from: 01/03/2026", 1)
    assert any(p.startswith("2026.yaml: valid_from: ngày không hợp lệ") for p in problems(text))


def test_a_misspelt_field_is_refused():
    text = text_of("2026.yaml").replace("      allowed: false\n", "      alowed: false\n", 1)
    assert any("trường không xác định: alowed" in p for p in problems(text))


def test_a_verified_rule_must_name_its_article():
    text = text_of("2018.yaml").replace('{text: LAW_2018, article: "Điều 8 khoản 3"}',
                                        '{text: LAW_2018, article: ""}', 1)
    assert "2018.yaml: levels.MAT.basis.article: quy định đã xác minh phải ghi rõ điều, khoản" in problems(
        text, "2018.yaml")


def test_unreadable_yaml_is_refused_with_the_line():
    assert problems("code: [2018", "x.yaml")[0].startswith("x.yaml: dòng ")


def test_overlapping_regimes_are_refused(tmp_path):
    (tmp_path / "2018.yaml").write_text(text_of("2018.yaml").replace("valid_to: 2026-02-28", "valid_to: 2026-03-01"),
                                        encoding="utf-8")
    (tmp_path / "2026.yaml").write_text(text_of("2026.yaml"), encoding="utf-8")
    with pytest.raises(loader.RegimeError) as caught:
        loader.load_regimes(sorted(tmp_path.glob("*.yaml")))
    assert caught.value.problems[0].startswith("2026.yaml: valid_from: chế độ 2026 bắt đầu 01/03/2026 khi chế độ 2018")


# --- bmnn rulebook check ----------------------------------------------------------------------------------

def test_check_command_passes_the_shipped_files(capsys):
    call_command("rulebook", "check")
    out = capsys.readouterr().out
    assert "2018.yaml" in out and "2026.yaml" in out


def test_check_command_fails_on_a_malformed_file(tmp_path, capsys):
    bad = tmp_path / "2030.yaml"
    bad.write_text(text_of("2026.yaml").replace("classes: [treasury_region_head, post_provincial_director]",
                                                "classes: [foo, post_provincial_director]", 1), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("rulebook", "check", str(bad))
    assert "2030.yaml: acts.reproduce.grants[3].classes[0]" in capsys.readouterr().err


def test_check_command_on_a_missing_file_fails(tmp_path):
    with pytest.raises(CommandError):
        call_command("rulebook", "check", str(Path(tmp_path) / "none.yaml"))
