"""Password login and logout: messages, redirects, inactive accounts, ledger."""

import json

import pytest
from django.urls import reverse

from bmnn.accounts.models import LoginAttempt
from bmnn.accounts.tests.conftest import PASSWORD
from bmnn.core.models import LedgerEvent

LOGIN = "/tai-khoan/dang-nhap/"


def post_login(client, username, password, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, **extra})


def test_login_url_is_dang_nhap():
    assert reverse("accounts:login") == LOGIN


def test_login_page_is_vietnamese(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert "Tên đăng nhập" in response.content.decode()
    assert "Mật khẩu" in response.content.decode()


def test_login_required_pages_redirect_to_the_login_page(client, db):
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN + "?next=")


def test_person_without_assignment_logs_in_with_password_only(client, plain_person, clock):
    response = post_login(client, "binhthuong", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.session["_auth_user_id"] == str(plain_person.pk)


def test_login_goes_to_the_page_first_asked_for(client, plain_person, clock):
    response = post_login(client, "binhthuong", PASSWORD, next=reverse("accounts:security"))
    assert response["Location"] == reverse("accounts:security")


def test_login_ignores_next_pointing_elsewhere(client, plain_person, clock):
    response = post_login(client, "binhthuong", PASSWORD, next="https://example.com/")
    assert response["Location"] == reverse("core:home")


def test_wrong_password_gives_a_generic_message_and_keeps_the_username(client, plain_person, clock):
    response = post_login(client, "binhthuong", "sai-mat-khau")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in body
    assert 'value="binhthuong"' in body
    assert "sai-mat-khau" not in body
    assert "_auth_user_id" not in client.session


def test_unknown_username_gets_the_same_message_as_a_wrong_password(client, plain_person, clock):
    wrong_password = post_login(client, "binhthuong", "sai-mat-khau").content.decode()
    unknown = post_login(client, "khongtontai", "sai-mat-khau").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in unknown
    assert wrong_password.replace("binhthuong", "X") == unknown.replace("khongtontai", "X").replace(
        # the CSRF token differs between renderings
        _csrf(unknown), _csrf(wrong_password))


def _csrf(body):
    marker = 'name="csrfmiddlewaretoken" value="'
    start = body.index(marker) + len(marker)
    return body[start:body.index('"', start)]


def test_inactive_account_cannot_log_in(client, plain_person, clock):
    plain_person.is_active = False
    plain_person.save()
    response = post_login(client, "binhthuong", PASSWORD)
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_login_is_recorded_in_the_ledger(client, plain_person, clock):
    post_login(client, "binhthuong", PASSWORD)
    event = LedgerEvent.objects.get(action="auth.login")
    assert event.actor_id == plain_person.pk
    assert json.loads(event.payload)["method"] == "password"
    assert LoginAttempt.objects.filter(person=plain_person, succeeded=True).count() == 1


def test_failed_login_is_recorded_without_actor_and_without_the_password(client, plain_person, clock):
    post_login(client, "binhthuong", "sai-mat-khau-rat-bi-mat")
    event = LedgerEvent.objects.get(action="auth.login_failed")
    assert event.actor_id is None
    payload = json.loads(event.payload)
    assert payload["username"] == "binhthuong"
    assert "sai-mat-khau-rat-bi-mat" not in event.payload
    assert LoginAttempt.objects.get().counts is True


def test_logout_is_post_only(client, plain_person, clock):
    post_login(client, "binhthuong", PASSWORD)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 405
    assert client.session["_auth_user_id"] == str(plain_person.pk)


def test_logout_ends_the_session_and_is_recorded(client, plain_person, clock):
    post_login(client, "binhthuong", PASSWORD)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session
    event = LedgerEvent.objects.get(action="auth.logout")
    assert event.actor_id == plain_person.pk
