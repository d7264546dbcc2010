"""English is real: the catalogues ship compiled, complete and consistent, and the
language switch turns the interface into English while Vietnamese stays the default.

Vietnamese is the source language: every msgid is the Vietnamese text, so 'vi'
needs no catalogue of its own (except accounts/locale/vi, which only fills a gap
in Django's catalogue). See docs/i18n.md."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from bmnn.accounts.testing import login_with_second_factor
from bmnn.core.levels import Level
from bmnn.org.tests.factories import UnitFactory, person_in

PACKAGE = Path(__file__).resolve().parents[2]  # src/bmnn
EN_CATALOGUES = sorted(PACKAGE.glob("**/locale/en/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file (header and obsolete entries left out).

    A small reader, because the machines that run the tests need not have GNU
    gettext: each entry gives msgid, msgid_plural, msgstr (a dict: None or the plural
    index -> text) and its flags."""
    entries, entry, key = [], None, None

    def close():
        if entry and "msgid" in entry and entry["msgid"] and not entry.get("obsolete"):
            entries.append(entry)

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        keyword = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line)
        starts_entry = not line.strip() or line.startswith("#") or (keyword and line.startswith(("msgid ", "msgctxt")))
        if starts_entry and entry is not None and entry["msgstr"]:
            close()
            entry = None
        if not line.strip():
            continue
        if entry is None:
            entry = {"flags": set(), "msgstr": {}}
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif keyword:
            name, index, value = keyword.groups()
            if name.startswith("msgstr"):
                key = ("msgstr", int(index) if index else None)
                entry["msgstr"][key[1]] = ast.literal_eval(value)
            else:
                key = (name, None)
                entry[name] = ast.literal_eval(value)
        elif line.startswith('"') and key:
            if key[0] == "msgstr":
                entry["msgstr"][key[1]] += ast.literal_eval(line)
            else:
                entry[key[0]] += ast.literal_eval(line)
    return entries


# --- The catalogues -------------------------------------------------------------------------

def test_english_catalogues_exist_for_the_project_and_the_accounts_app():
    found = {path.relative_to(PACKAGE).as_posix() for path in EN_CATALOGUES}
    assert "locale/en/LC_MESSAGES/django.po" in found
    assert "accounts/locale/en/LC_MESSAGES/django.po" in found


@pytest.mark.parametrize("po", EN_CATALOGUES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_english_entry_is_translated_and_not_fuzzy(po):
    entries = read_po(po)
    assert entries
    missing = [e["msgid"] for e in entries if "fuzzy" in e["flags"] or not all(e["msgstr"].values())]
    assert missing == []


@pytest.mark.parametrize("po", EN_CATALOGUES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_plural_entries_have_both_english_forms(po):
    for entry in read_po(po):
        if "msgid_plural" in entry:
            assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]


@pytest.mark.parametrize("po", EN_CATALOGUES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_translations_keep_the_placeholders_of_the_vietnamese(po):
    for entry in read_po(po):
        expected = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in entry["msgstr"].values():
            assert sorted(PLACEHOLDER.findall(text)) == expected, entry["msgid"]


@pytest.mark.parametrize("po", EN_CATALOGUES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_compiled_catalogue_matches_the_po_file(po):
    """The .mo ships in the package; a .po edited without compilemessages is caught here."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), "run compilemessages and commit the .mo"
    with mo.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in read_po(po):
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n, form in ((1, 0), (2, 1)):
                found = (compiled.npgettext(context, entry["msgid"], entry["msgid_plural"], n) if context
                         else compiled.ngettext(entry["msgid"], entry["msgid_plural"], n))
                assert found == entry["msgstr"][form], entry["msgid"]
        else:
            found = compiled.pgettext(context, entry["msgid"]) if context else compiled.gettext(entry["msgid"])
            assert found == entry["msgstr"][None], entry["msgid"]


def test_english_catalogue_is_loaded_at_runtime():
    with translation.override("en"):
        assert _("Bảo vệ bí mật nhà nước") == "State secret protection"
        assert _("Tuyệt mật") == "Top secret"
        assert _("Tối mật") == "Very secret"
        assert _("Mật") == "Secret"
        assert pgettext("menu", "Quy định") == "Rules"  # a menu entry, apart from the "Rule" column
        assert _("Mật khẩu hiện tại") == "Current password"  # the accounts app's own catalogue
        assert ngettext("%(n)s cán bộ", "%(n)s cán bộ", 2) % {"n": 2} == "2 staff members"


def test_vietnamese_is_the_source_text():
    with translation.override("vi"):
        assert _("Bảo vệ bí mật nhà nước") == "Bảo vệ bí mật nhà nước"


def test_vietnamese_gap_filler_of_the_accounts_app_still_works():
    msgid = "This password is too short. It must contain at least %d character."
    plural = "This password is too short. It must contain at least %d characters."
    with translation.override("vi"):
        assert ngettext(msgid, plural, 12) % 12 == "Mật khẩu quá ngắn: phải có ít nhất 12 ký tự."


# --- Pages ------------------------------------------------------------------------------------

def _in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_login_page_is_vietnamese_by_default(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html
    assert "Sign in" not in html


def test_login_page_is_english_with_the_language_cookie(client):
    html = _in_english(client).get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "Username" in html  # form label, from the accounts catalogue
    assert "State secret protection" in html
    assert "Đăng nhập" not in html


def test_language_switch_sets_english_and_back(client):
    login = reverse("accounts:login")
    response = client.post(reverse("set_language"), {"language": "en", "next": login})
    assert response.status_code == 302
    assert "Sign in" in client.get(login).content.decode()
    client.post(reverse("set_language"), {"language": "vi", "next": login})
    assert "Đăng nhập" in client.get(login).content.decode()


@pytest.mark.django_db
def test_logged_in_home_page_is_vietnamese_by_default(client):
    person = person_in(UnitFactory(), clearance=Level.TOI_MAT)
    html = login_with_second_factor(client, person).get(reverse("core:home")).content.decode()
    assert "Xin chào" in html
    assert "Tối mật" in html
    assert "Đăng xuất" in html


@pytest.mark.django_db
def test_logged_in_home_page_is_english_with_the_language_cookie(client):
    person = person_in(UnitFactory(), clearance=Level.TOI_MAT)
    login_with_second_factor(_in_english(client), person)
    html = client.get(reverse("core:home")).content.decode()
    assert "Hello" in html
    assert "Very secret" in html  # the clearance badge
    assert "Sign out" in html
    assert "Access assignments" in html  # main navigation
    assert "Xin chào" not in html


# --- Messages built in code, and what must stay Vietnamese --------------------------------------

def test_choice_labels_follow_the_language():
    with translation.override("en"):
        assert str(Level.TOI_MAT.label) == "Very secret"
    with translation.override("vi"):
        assert str(Level.TOI_MAT.label) == "Tối mật"


def test_level_label_for_kept_text_stays_vietnamese():
    from bmnn.core.levels import label

    with translation.override("en"):
        assert label("TOI_MAT") == "Tối mật"


@pytest.mark.django_db
def test_service_refusal_is_in_the_users_language():
    from bmnn.core.errors import Refused
    from bmnn.org import services

    clerk = person_in(UnitFactory())
    with translation.override("en"), pytest.raises(Refused) as refused:
        services.create_unit(clerk, name="Phòng Thử", code="PT", kind="DIVISION", valid_from=None)
    assert refused.value.message == "Only the system administrator may add units."
    with translation.override("vi"), pytest.raises(Refused) as refused:
        services.create_unit(clerk, name="Phòng Thử", code="PT", kind="DIVISION", valid_from=None)
    assert refused.value.message == "Chỉ quản trị hệ thống mới được thêm đơn vị."


@pytest.mark.django_db
def test_ledger_description_stays_vietnamese_when_the_user_works_in_english():
    """The ledger is a legal record: its text does not depend on the actor's interface language."""
    import datetime as dt

    from bmnn.core.models import LedgerEvent
    from bmnn.org.tests.factories import PersonFactory
    from bmnn.rulebook import services

    admin = PersonFactory(is_system_admin=True)
    with translation.override("en"):
        services.create_override(admin, act="reproduce", level="TOI_MAT", authority_class="provincial_department_head",
                                 effect="deny", reference="Quy chế 01/QC-STC", reason="Thắt chặt",
                                 valid_from=dt.date(2025, 1, 1))
    description = LedgerEvent.objects.filter(action="rulebook.override.create").latest("seq").description
    assert "không cho phép" in description
    assert "Tối mật" in description
    assert "Very secret" not in description
