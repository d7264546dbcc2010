"""Throttling: N failures lock a username (or an address) for the window, even
with the right password; the lock ends when the window passes or an administrator
unlocks; failed codes count too."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from bmnn.accounts import services
from bmnn.accounts.models import LoginAttempt
from bmnn.accounts.tests.conftest import PASSWORD, current_code
from bmnn.core.errors import Refused
from bmnn.core.models import LedgerEvent


def attempt(client, username, password, address="10.0.0.5"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


def fail_n(client, username, n=None, address="10.0.0.5"):
    for _ in range(n or settings.LOGIN_MAX_FAILURES):
        attempt(client, username, "sai-mat-khau", address)


def test_right_password_is_refused_after_too_many_failures(client, plain_person, clock):
    fail_n(client, "binhthuong")
    response = attempt(client, "binhthuong", PASSWORD)
    body = response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "tạm thời bị khóa" in body
    assert "Vui lòng thử lại sau" in body


def test_lock_message_says_when_to_retry(client, plain_person, clock):
    fail_n(client, "binhthuong")
    retry = services.throttle.locked_until("binhthuong", now=clock.now())
    from django.utils import timezone
    expected = timezone.localtime(retry).strftime("%H:%M")
    assert expected in attempt(client, "binhthuong", PASSWORD).content.decode()


def test_fewer_failures_than_the_limit_do_not_lock(client, plain_person, clock):
    fail_n(client, "binhthuong", settings.LOGIN_MAX_FAILURES - 1)
    attempt(client, "binhthuong", PASSWORD)
    assert client.session["_auth_user_id"] == str(plain_person.pk)


def test_lock_ends_when_the_window_passes(client, plain_person, clock):
    fail_n(client, "binhthuong")
    clock.advance(seconds=settings.LOGIN_LOCKOUT_SECONDS - 5)
    attempt(client, "binhthuong", PASSWORD)
    assert "_auth_user_id" not in client.session
    clock.advance(seconds=10)
    attempt(client, "binhthuong", PASSWORD)
    assert client.session["_auth_user_id"] == str(plain_person.pk)


def test_refused_attempts_during_the_lock_do_not_extend_it(client, plain_person, clock):
    fail_n(client, "binhthuong")
    for _ in range(3):
        clock.advance(seconds=60)
        attempt(client, "binhthuong", "sai-mat-khau")
    clock.advance(seconds=settings.LOGIN_LOCKOUT_SECONDS - 170)
    attempt(client, "binhthuong", PASSWORD)
    assert client.session["_auth_user_id"] == str(plain_person.pk)


def test_lock_can_also_be_ended_by_editing_attempt_times(client, plain_person, clock):
    fail_n(client, "binhthuong")
    LoginAttempt.objects.update(at=clock.now() - __import__("datetime").timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS + 1))
    attempt(client, "binhthuong", PASSWORD)
    assert client.session["_auth_user_id"] == str(plain_person.pk)


def test_lock_out_is_recorded_once_in_the_ledger(client, plain_person, clock):
    fail_n(client, "binhthuong")
    attempt(client, "binhthuong", PASSWORD)
    events = LedgerEvent.objects.filter(action="auth.locked_out")
    assert events.count() == 1
    assert json.loads(events.get().payload)["username"] == "binhthuong"
    reasons = [json.loads(e.payload)["reason"] for e in LedgerEvent.objects.filter(action="auth.login_failed")]
    assert reasons.count("locked") == 1


def test_one_address_trying_many_usernames_is_locked(client, plain_person, clock):
    for i in range(settings.LOGIN_MAX_FAILURES):
        attempt(client, f"doan{i}", "sai-mat-khau", address="10.9.9.9")
    attempt(client, "binhthuong", PASSWORD, address="10.9.9.9")
    assert "_auth_user_id" not in client.session
    attempt(client, "binhthuong", PASSWORD, address="10.1.1.1")
    assert client.session["_auth_user_id"] == str(plain_person.pk)


def test_nonexistent_usernames_are_locked_like_real_ones(client, db, clock):
    fail_n(client, "khongtontai")
    assert "tạm thời bị khóa" in attempt(client, "khongtontai", "x").content.decode()


def test_successful_login_forgives_earlier_failures(client, plain_person, clock):
    fail_n(client, "binhthuong", settings.LOGIN_MAX_FAILURES - 1)
    attempt(client, "binhthuong", PASSWORD)
    client.post(reverse("accounts:logout"))
    attempt(client, "binhthuong", "sai-mat-khau")
    attempt(client, "binhthuong", PASSWORD)
    assert client.session["_auth_user_id"] == str(plain_person.pk)


def test_failed_codes_count_toward_the_lock(client, enrolled, clock):
    person, secret, _ = enrolled
    good = current_code(secret, clock)
    wrong = "000000" if good != "000000" else "111111"
    attempt(client, "duocgiao", PASSWORD)
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        client.post(reverse("accounts:verify"), {"code": wrong}, REMOTE_ADDR="10.0.0.5")
    response = client.post(reverse("accounts:verify"), {"code": wrong}, REMOTE_ADDR="10.0.0.5")
    # Locked during the second step: the half-open session ends, the login page says why.
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert "tạm thời bị khóa" in client.get(reverse("accounts:login")).content.decode()
    assert "tạm thời bị khóa" in attempt(client, "duocgiao", PASSWORD).content.decode()


def test_password_success_does_not_forgive_failed_codes(client, enrolled, clock):
    """Otherwise someone who knows the password could guess codes forever."""
    _, secret, _ = enrolled
    wrong = "000000" if current_code(secret, clock) != "000000" else "111111"
    for _ in range(settings.LOGIN_MAX_FAILURES):
        attempt(client, "duocgiao", PASSWORD)
        client.post(reverse("accounts:verify"), {"code": wrong}, REMOTE_ADDR="10.0.0.5")
    assert "tạm thời bị khóa" in attempt(client, "duocgiao", PASSWORD).content.decode()


def test_administrator_unlocks_an_account(client, plain_person, admin, clock):
    fail_n(client, "binhthuong")
    with pytest.raises(Refused):
        services.unlock_account(plain_person, actor=plain_person)
    assert services.unlock_account(plain_person, actor=admin) == settings.LOGIN_MAX_FAILURES
    attempt(client, "binhthuong", PASSWORD)
    assert client.session["_auth_user_id"] == str(plain_person.pk)
    assert LedgerEvent.objects.get(action="auth.account_unlocked").actor_id == admin.pk
