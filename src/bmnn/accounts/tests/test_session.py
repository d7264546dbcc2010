"""Session expiry (idle and absolute) and the test helper other teams use."""

from django.conf import settings
from django.urls import reverse

from bmnn.accounts.session import SECOND_FACTOR_KEY
from bmnn.accounts.testing import login_password_only, login_with_second_factor
from bmnn.accounts.tests.conftest import PASSWORD
from bmnn.core.models import LedgerEvent


def test_idle_session_is_logged_out_with_a_message(client, plain_person, clock):
    client.post(reverse("accounts:login"), {"username": "binhthuong", "password": PASSWORD})
    clock.advance(seconds=settings.SESSION_IDLE_SECONDS + 1)
    response = client.get(reverse("accounts:token"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    body = client.get(response["Location"]).content.decode()
    assert "không hoạt động quá" in body
    assert LedgerEvent.objects.filter(action="auth.session_expired", actor_id=plain_person.pk).exists()


def test_activity_keeps_the_session_alive(client, plain_person, clock):
    client.post(reverse("accounts:login"), {"username": "binhthuong", "password": PASSWORD})
    for _ in range(3):
        clock.advance(seconds=settings.SESSION_IDLE_SECONDS - 60)
        client.get(reverse("accounts:verify"))  # any page counts as activity
    assert client.session["_auth_user_id"] == str(plain_person.pk)


def test_session_ends_after_its_absolute_lifetime_despite_activity(client, plain_person, clock):
    client.post(reverse("accounts:login"), {"username": "binhthuong", "password": PASSWORD})
    step = settings.SESSION_IDLE_SECONDS - 60
    for _ in range(settings.SESSION_COOKIE_AGE // step + 1):
        clock.advance(seconds=step)
        client.get(reverse("accounts:verify"))
    assert "_auth_user_id" not in client.session
    assert LedgerEvent.objects.filter(action="auth.session_expired").exists()


def test_idle_api_session_becomes_anonymous(client, assigned_person, clock):
    login_with_second_factor(client, assigned_person)
    assert client.get(reverse("accounts-api-me")).status_code == 200
    clock.advance(seconds=settings.SESSION_IDLE_SECONDS + 1)
    assert client.get(reverse("accounts-api-me")).status_code in (401, 403)


def test_helper_logs_a_person_in_past_the_second_factor(client, assigned_person, clock):
    login_with_second_factor(client, assigned_person)
    assert client.session[SECOND_FACTOR_KEY] == assigned_person.pk
    response = client.get(reverse("accounts:token"))
    assert response.status_code != 302


def test_password_only_helper_leaves_the_factor_pending(client, assigned_person, clock):
    login_password_only(client, assigned_person)
    assert client.get(reverse("accounts:token"))["Location"] == reverse("accounts:enrol")


def test_htmx_request_is_redirected_as_a_whole_page(client, enrolled):
    person, _, _ = enrolled
    from bmnn.accounts.testing import login_password_only as half_login

    half_login(client, person)
    response = client.get(reverse("accounts:token"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("accounts:verify")
