"""REST: token exchange (username + password + code), revocation, /me, and the
session rules of the API."""

import json

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bmnn.accounts import services
from bmnn.accounts.testing import login_password_only, login_with_second_factor
from bmnn.accounts.tests.conftest import PASSWORD, current_code
from bmnn.core.models import LedgerEvent

TOKEN_URL = "/api/auth/token/"
ME_URL = "/api/auth/me/"


@pytest.fixture
def api():
    return APIClient()


def test_urls():
    assert reverse("accounts-api-token") == TOKEN_URL
    assert reverse("accounts-api-me") == ME_URL


def test_token_exchange_needs_password_and_code_then_the_token_works(api, enrolled, clock):
    person, secret, _ = enrolled
    response = api.post(TOKEN_URL, {"username": "duocgiao", "password": PASSWORD,
                                    "code": current_code(secret, clock)}, format="json")
    assert response.status_code == 201
    key = response.json()["token"]
    assert Token.objects.get(user=person).key == key
    event = LedgerEvent.objects.get(action="auth.token_created")
    assert key not in event.payload and json.loads(event.payload)["via"] == "api"

    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    me = api.get(ME_URL)
    assert me.status_code == 200
    assert me.json()["username"] == "duocgiao"
    assert me.json()["authenticated_by"] == "token"
    assert me.json()["second_factor"] == {"required": True, "enrolled": True, "recovery_codes_remaining": 10}


def test_token_exchange_without_the_code_is_refused_generically(api, enrolled, clock):
    response = api.post(TOKEN_URL, {"username": "duocgiao", "password": PASSWORD}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng."
    assert not Token.objects.exists()


def test_token_exchange_with_wrong_password_is_refused_with_the_same_message(api, enrolled, clock):
    _, secret, _ = enrolled
    response = api.post(TOKEN_URL, {"username": "duocgiao", "password": "sai",
                                    "code": current_code(secret, clock)}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Tên đăng nhập, mật khẩu hoặc mã xác thực không đúng."


def test_token_exchange_does_not_take_recovery_codes(api, enrolled, clock):
    _, _, codes = enrolled
    response = api.post(TOKEN_URL, {"username": "duocgiao", "password": PASSWORD, "code": codes[0]}, format="json")
    assert response.status_code == 400


def test_token_exchange_code_cannot_be_reused(api, enrolled, clock):
    _, secret, _ = enrolled
    body = {"username": "duocgiao", "password": PASSWORD, "code": current_code(secret, clock)}
    assert api.post(TOKEN_URL, body, format="json").status_code == 201
    assert api.post(TOKEN_URL, body, format="json").status_code == 400


def test_token_exchange_is_locked_like_the_login_page(api, plain_person, clock):
    for _ in range(settings.LOGIN_MAX_FAILURES):
        api.post(TOKEN_URL, {"username": "binhthuong", "password": "sai"}, format="json")
    response = api.post(TOKEN_URL, {"username": "binhthuong", "password": PASSWORD}, format="json")
    assert response.status_code == 429
    assert "tạm thời bị khóa" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0


def test_person_without_factor_gets_a_token_with_the_password(api, plain_person, clock):
    response = api.post(TOKEN_URL, {"username": "binhthuong", "password": PASSWORD}, format="json")
    assert response.status_code == 201


def test_required_but_not_enrolled_must_enrol_on_the_web_first(api, assigned_person, clock):
    response = api.post(TOKEN_URL, {"username": "duocgiao", "password": PASSWORD}, format="json")
    assert response.status_code == 403
    assert "đăng ký xác thực hai lớp" in response.json()["detail"]


def test_revoke_own_token(api, plain_person, clock):
    key = services.create_token(plain_person, factor_passed=True)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.delete(TOKEN_URL).status_code == 204
    assert not Token.objects.exists()
    assert api.get(ME_URL).status_code in (401, 403)
    assert LedgerEvent.objects.filter(action="auth.token_revoked", actor_id=plain_person.pk).exists()


def test_api_session_without_second_factor_is_rejected(api, enrolled):
    person, _, _ = enrolled
    login_password_only(api, person)
    response = api.get(ME_URL)
    assert response.status_code == 403
    assert "xác thực hai lớp" in response.json()["detail"]


def test_api_session_past_the_second_factor_is_accepted(api, enrolled):
    person, _, _ = enrolled
    login_with_second_factor(api, person)
    response = api.get(ME_URL)
    assert response.status_code == 200
    assert response.json()["authenticated_by"] == "session"


def test_unverified_session_does_not_block_a_valid_token(api, enrolled):
    person, _, _ = enrolled
    key = services.create_token(person, factor_passed=True)
    login_password_only(api, person)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(ME_URL).status_code == 200


def test_api_session_of_a_person_without_factor_is_accepted(api, plain_person):
    login_password_only(api, plain_person)
    assert api.get(ME_URL).status_code == 200


def test_token_page_creates_a_token_only_after_the_factor(client, enrolled, clock):
    person, _, _ = enrolled
    login_password_only(client, person)
    response = client.post(reverse("accounts:token"), {"action": "create"})
    assert response["Location"] == reverse("accounts:verify")
    assert not Token.objects.exists()


def test_create_token_service_refuses_without_the_factor(enrolled):
    from bmnn.core.errors import Refused

    person, _, _ = enrolled
    with pytest.raises(Refused):
        services.create_token(person, factor_passed=False)


def test_schema_documents_the_auth_endpoints(api, plain_person):
    login_with_second_factor(api, plain_person)
    response = api.get("/api/schema/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/auth/token/" in text and "/api/auth/me/" in text
