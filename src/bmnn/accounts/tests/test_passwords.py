"""Password policy (Argon2, validators in Vietnamese), change, administrator reset."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from bmnn import settings as project_settings
from bmnn.accounts import services
from bmnn.accounts.testing import login_with_second_factor
from bmnn.accounts.tests.conftest import PASSWORD
from bmnn.accounts.validators import CharacterClassValidator
from bmnn.core.errors import Refused
from bmnn.core.models import LedgerEvent
from bmnn.org.models import Person


def test_production_settings_hash_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def messages_for(password, person=None):
    with translation.override("vi"):
        try:
            validate_password(password, person)
        except ValidationError as error:
            return error.messages
    return []


@pytest.mark.parametrize("password, expected", [
    ("Ngan-1", "Mật khẩu quá ngắn: phải có ít nhất 12 ký tự."),
    ("123456789012345", "Mật khẩu này hoàn toàn là số."),
    ("password1234", "Mật khẩu này quá phổ biến."),
    ("alllowercaseletters", "Mật khẩu phải có ít nhất ba trong bốn loại ký tự"),
])
def test_password_policy_messages_are_vietnamese(password, expected, db):
    assert any(m.startswith(expected) for m in messages_for(password)), messages_for(password)


def test_password_similar_to_the_username_is_refused(db):
    person = Person(username="nguyenvanan", full_name="Nguyễn Văn An")
    assert any("quá giống" in m for m in messages_for("Nguyenvanan-2026", person))


def test_good_password_passes(db):
    assert messages_for("Rung-tram-nam-2026") == []


def test_character_classes():
    validator = CharacterClassValidator()
    validator.validate("abcDEF123")
    with pytest.raises(ValidationError):
        validator.validate("abcdef123")


def test_password_change(client, plain_person, clock):
    login_with_second_factor(client, plain_person)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Rung-tram-nam-2026", "new_password2": "Rung-tram-nam-2026"})
    assert response.status_code == 302
    plain_person.refresh_from_db()
    assert plain_person.check_password("Rung-tram-nam-2026")
    assert client.session["_auth_user_id"] == str(plain_person.pk)  # this session survives
    assert LedgerEvent.objects.filter(action="auth.password_changed", actor_id=plain_person.pk).exists()


def test_password_change_with_wrong_current_password_is_refused(client, plain_person, clock):
    login_with_second_factor(client, plain_person)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "sai", "new_password1": "Rung-tram-nam-2026", "new_password2": "Rung-tram-nam-2026"})
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng." in response.content.decode()
    plain_person.refresh_from_db()
    assert plain_person.check_password(PASSWORD)


def test_password_change_refuses_a_weak_password_in_vietnamese(client, plain_person, clock):
    login_with_second_factor(client, plain_person)
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "ngan", "new_password2": "ngan"})
    assert "Mật khẩu quá ngắn" in response.content.decode()


def test_administrator_reset_forces_a_change_at_next_login(client, plain_person, admin, clock):
    temporary = services.reset_password(plain_person, actor=admin)
    plain_person.refresh_from_db()
    assert plain_person.must_change_password
    assert LedgerEvent.objects.get(action="auth.password_reset").actor_id == admin.pk
    assert temporary not in LedgerEvent.objects.get(action="auth.password_reset").payload

    client.post(reverse("accounts:login"), {"username": "binhthuong", "password": temporary})
    assert client.get(reverse("accounts:token"))["Location"] == reverse("accounts:password_change")
    client.post(reverse("accounts:password_change"), {
        "old_password": temporary, "new_password1": "Rung-tram-nam-2026", "new_password2": "Rung-tram-nam-2026"})
    plain_person.refresh_from_db()
    assert not plain_person.must_change_password


def test_only_an_administrator_resets_passwords(plain_person, assigned_person, clock):
    with pytest.raises(Refused) as refusal:
        services.reset_password(assigned_person, actor=plain_person)
    assert "quản trị hệ thống" in refusal.value.message


def test_password_reset_ends_existing_sessions(client, plain_person, admin, clock):
    login_with_second_factor(client, plain_person)
    services.reset_password(plain_person, actor=admin)
    response = client.get(reverse("accounts:token"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_non_administrator_gets_a_vietnamese_refusal_page(client, plain_person, clock):
    login_with_second_factor(client, plain_person)
    response = client.get(reverse("accounts:admin_list"))
    assert response.status_code == 403
    assert "Chỉ quản trị hệ thống" in response.content.decode()
