"""The administrator's account pages and the console command."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from bmnn.accounts import services, totp
from bmnn.accounts.models import SecondFactor
from bmnn.accounts.testing import login_with_second_factor
from bmnn.accounts.tests.conftest import PASSWORD
from bmnn.core.models import LedgerEvent


def test_console_unlocks_an_account(plain_person, clock, capsys):
    for _ in range(5):
        try:
            services.password_login("binhthuong", "sai")
        except Exception:
            pass
    call_command("account", "unlock", "binhthuong")
    assert services.password_login("binhthuong", PASSWORD).person == plain_person
    event = LedgerEvent.objects.get(action="auth.account_unlocked")
    assert event.actor_id is None and json.loads(event.payload)["by"] == "console"


def test_console_resets_the_second_factor(enrolled, clock):
    person, _, _ = enrolled
    call_command("account", "reset-second-factor", person.username)
    assert not SecondFactor.objects.filter(person=person).exists()


def test_console_resets_a_password_to_change_at_login(plain_person, clock, capsys):
    call_command("account", "reset-password", "binhthuong")
    temporary = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    plain_person.refresh_from_db()
    assert plain_person.check_password(temporary) and plain_person.must_change_password


def test_console_enrols_with_a_known_secret_and_computes_its_code(assigned_person, clock, capsys):
    call_command("account", "enrol-totp", assigned_person.username, "--secret", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    capsys.readouterr()
    call_command("account", "totp-code", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    from django.utils import timezone
    assert capsys.readouterr().out.strip() == totp.now_code("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", timezone.now())


def test_console_refuses_an_unknown_username(db):
    with pytest.raises(CommandError):
        call_command("account", "unlock", "khongco")


def test_administrator_page_resets_a_password_and_shows_it_once(client, admin, plain_person, clock):
    login_with_second_factor(client, admin)
    response = client.post(reverse("accounts:admin_detail", args=[plain_person.pk]), {"action": "reset_password"})
    assert response.status_code == 200
    plain_person.refresh_from_db()
    assert plain_person.must_change_password
    assert "Mật khẩu tạm thời" in response.content.decode()


def test_administrator_page_lists_accounts(client, admin, plain_person, clock):
    login_with_second_factor(client, admin)
    response = client.get(reverse("accounts:admin_list"), {"q": "tran thi"})
    assert "binhthuong" in response.content.decode()
    assert "quantri" not in response.content.decode().split("<tbody>")[1]
