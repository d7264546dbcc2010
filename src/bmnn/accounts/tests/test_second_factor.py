"""TOTP second factor: who must use it, enrolment, verification, reuse, recovery codes."""

import base64
import json
import re

import pytest
from django.urls import reverse

from bmnn.accounts import services, totp
from bmnn.accounts.models import RecoveryCode, SecondFactor
from bmnn.accounts.session import SECOND_FACTOR_KEY
from bmnn.accounts.tests.conftest import PASSWORD, current_code
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.models import LedgerEvent
from bmnn.org.tests.factories import AccessAssignmentFactory, PersonFactory


def password_step(client, username):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def verify(client, code):
    return client.post(reverse("accounts:verify"), {"code": code})


# --- who must use it ---------------------------------------------------------------------

def test_assigned_person_is_sent_to_enrolment_after_the_password(client, assigned_person, clock):
    response = password_step(client, "duocgiao")
    assert response["Location"] == reverse("accounts:enrol")
    assert LedgerEvent.objects.filter(action="auth.password_ok").count() == 1
    assert not LedgerEvent.objects.filter(action="auth.login").exists()


def test_assigned_person_cannot_reach_a_page_before_passing_the_factor(client, enrolled):
    password_step(client, "duocgiao")
    response = client.get(reverse("accounts:security"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")


def test_assignment_without_signed_commitment_still_requires_the_factor(client, db, clock):
    person = PersonFactory(username="chuaky")
    AccessAssignmentFactory(person=person, max_level=Level.MAT)  # no commitment
    response = password_step(client, "chuaky")
    assert response["Location"] == reverse("accounts:enrol")


def test_revoked_assignment_does_not_require_the_factor(client, db, clock):
    person = PersonFactory(username="dathuhoi")
    AccessAssignmentFactory(person=person, revoked_on="2020-01-01")
    response = password_step(client, "dathuhoi")
    assert response["Location"] == reverse("core:home")


def test_system_administrator_requires_the_factor(client, admin, clock):
    response = password_step(client, "quantri")
    assert response["Location"] == reverse("accounts:enrol")


def test_the_pages_say_why_the_factor_is_asked(client, assigned_person, clock):
    password_step(client, "duocgiao")
    body = client.get(reverse("accounts:enrol")).content.decode()
    assert "được giao tiếp cận bí mật nhà nước" in body


def test_api_session_without_the_factor_is_rejected(client, enrolled):
    password_step(client, "duocgiao")
    response = client.get(reverse("accounts-api-me"))
    assert response.status_code in (401, 403)
    assert "xác thực hai lớp" in response.json()["detail"]


# --- enrolment -----------------------------------------------------------------------------

def test_enrolment_page_shows_an_offline_svg_qr_code_and_the_secret(client, assigned_person, clock):
    password_step(client, "duocgiao")
    body = client.get(reverse("accounts:enrol")).content.decode()
    match = re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', body)
    assert match, "QR code must be an inline base64 SVG"
    assert base64.b64decode(match.group(1)).lstrip().startswith(b"<svg")
    secret = re.search(r'class="code secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    assert len(secret) == 32
    # Reloading keeps the same secret until it is confirmed.
    assert secret.replace(" ", "") in client.get(reverse("accounts:enrol")).content.decode().replace(" ", "")


def _enrolment_secret(client):
    body = client.get(reverse("accounts:enrol")).content.decode()
    return re.search(r'class="code secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")


def test_confirming_enrolment_shows_ten_recovery_codes_once_and_completes_the_login(client, assigned_person, clock):
    password_step(client, "duocgiao")
    secret = _enrolment_secret(client)
    response = client.post(reverse("accounts:enrol"), {"code": current_code(secret, clock)})
    assert response.status_code == 200
    codes = re.findall(r"<li>([2-9a-z]{5}-[2-9a-z]{5})</li>", response.content.decode())
    assert len(codes) == 10
    assert RecoveryCode.objects.filter(person=assigned_person).count() == 10
    assert client.session[SECOND_FACTOR_KEY] == assigned_person.pk
    assert LedgerEvent.objects.filter(action="auth.second_factor_enrolled", actor_id=assigned_person.pk).exists()
    assert json.loads(LedgerEvent.objects.get(action="auth.login").payload)["method"] == "totp_enrolment"


def test_wrong_enrolment_code_is_refused_and_counts_as_a_failure(client, assigned_person, clock):
    password_step(client, "duocgiao")
    secret = _enrolment_secret(client)
    wrong = "000000" if current_code(secret, clock) != "000000" else "111111"
    response = client.post(reverse("accounts:enrol"), {"code": wrong})
    assert "Mã xác nhận không đúng" in response.content.decode()
    assert not SecondFactor.objects.filter(person=assigned_person).exists()
    assert LedgerEvent.objects.filter(action="auth.login_failed").count() == 1


def test_secret_is_stored_encrypted(enrolled):
    person, secret, _ = enrolled
    device = SecondFactor.objects.get(person=person)
    assert secret.encode() not in bytes(device.secret_encrypted)
    assert totp.decrypt_secret(device.secret_encrypted, person.pk) == secret


def test_encrypted_secret_is_bound_to_its_person(enrolled):
    person, _, _ = enrolled
    device = SecondFactor.objects.get(person=person)
    with pytest.raises(Exception):
        totp.decrypt_secret(device.secret_encrypted, person.pk + 1)


def test_recovery_codes_are_stored_hashed(enrolled):
    person, _, codes = enrolled
    stored = set(RecoveryCode.objects.filter(person=person).values_list("code_hash", flat=True))
    assert not stored & set(codes)
    assert totp.recovery_code_hash(codes[0]) in stored


def test_enrol_totp_accepts_a_known_secret_for_the_demo(assigned_person, clock):
    secret, codes = services.enrol_totp(assigned_person, secret="JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP")
    assert secret == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    assert len(codes) == 10
    device = SecondFactor.objects.get(person=assigned_person)
    assert totp.decrypt_secret(device.secret_encrypted, assigned_person.pk) == secret


def test_enrol_totp_for_someone_else_needs_an_administrator(assigned_person, plain_person, admin, clock):
    with pytest.raises(Refused):
        services.enrol_totp(assigned_person, actor=plain_person)
    services.enrol_totp(assigned_person, actor=admin)
    event = LedgerEvent.objects.get(action="auth.second_factor_enrolled")
    assert event.actor_id == admin.pk and json.loads(event.payload)["by"] == "administrator"


def test_enrolled_person_cannot_replace_the_device_before_passing_it(client, enrolled):
    password_step(client, "duocgiao")
    response = client.get(reverse("accounts:enrol"))
    assert response["Location"] == reverse("accounts:verify")


# --- verification --------------------------------------------------------------------------

def test_right_code_passes_the_factor_and_logs_in(client, enrolled, clock):
    person, secret, _ = enrolled
    password_step(client, "duocgiao")
    response = verify(client, current_code(secret, clock))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert client.session[SECOND_FACTOR_KEY] == person.pk
    event = LedgerEvent.objects.get(action="auth.login")
    assert event.actor_id == person.pk and json.loads(event.payload)["method"] == "totp"


def test_verification_returns_to_the_page_first_asked_for(client, enrolled, clock):
    _, secret, _ = enrolled
    password_step(client, "duocgiao")
    client.get(reverse("accounts:token"))  # redirected to verify, remembered
    response = verify(client, current_code(secret, clock))
    assert response["Location"] == reverse("accounts:token")


def test_code_from_the_previous_step_is_accepted(client, enrolled, clock):
    _, secret, _ = enrolled
    previous = totp.code_at(secret, totp.step_at(clock.now()) - 1)
    password_step(client, "duocgiao")
    assert verify(client, previous).status_code == 302


def test_code_two_steps_old_is_refused(client, enrolled, clock):
    _, secret, _ = enrolled
    old = totp.code_at(secret, totp.step_at(clock.now()) - 2)
    if old in {totp.code_at(secret, totp.step_at(clock.now()) + d) for d in (-1, 0, 1)}:
        pytest.skip("code collision")
    password_step(client, "duocgiao")
    response = verify(client, old)
    assert response.status_code == 200
    assert "Mã xác thực không đúng" in response.content.decode()


def test_the_same_code_cannot_be_used_twice(client, enrolled, clock):
    person, secret, _ = enrolled
    code = current_code(secret, clock)
    password_step(client, "duocgiao")
    assert verify(client, code).status_code == 302
    client.post(reverse("accounts:logout"))
    password_step(client, "duocgiao")
    response = verify(client, code)
    assert response.status_code == 200
    assert "đã được dùng" in response.content.decode()
    assert SECOND_FACTOR_KEY not in client.session


def test_wrong_code_does_not_pass_the_factor(client, enrolled, clock):
    _, secret, _ = enrolled
    password_step(client, "duocgiao")
    wrong = "123456" if current_code(secret, clock) != "123456" else "654321"
    response = verify(client, wrong)
    assert response.status_code == 200
    assert client.get(reverse("accounts:security"))["Location"] == reverse("accounts:verify")


# --- recovery codes ------------------------------------------------------------------------

def test_recovery_code_logs_in_once_and_is_marked_used(client, enrolled, clock):
    person, _, codes = enrolled
    password_step(client, "duocgiao")
    response = verify(client, codes[0].upper())  # case and dash do not matter
    assert response.status_code == 302
    assert RecoveryCode.objects.filter(person=person, used_at__isnull=False).count() == 1
    event = LedgerEvent.objects.get(action="auth.recovery_code_used")
    assert json.loads(event.payload)["remaining"] == 9
    client.post(reverse("accounts:logout"))
    password_step(client, "duocgiao")
    assert verify(client, codes[0]).status_code == 200


def test_regenerating_recovery_codes_invalidates_the_old_ones(client, enrolled, clock):
    person, _, old_codes = enrolled
    new_codes = services.regenerate_recovery_codes(person)
    assert set(new_codes).isdisjoint(old_codes)
    password_step(client, "duocgiao")
    assert verify(client, old_codes[1]).status_code == 200  # refused
    assert verify(client, new_codes[1]).status_code == 302
    assert LedgerEvent.objects.filter(action="auth.recovery_codes_regenerated").exists()


def test_administrator_resets_the_second_factor(enrolled, admin, plain_person, clock):
    person, _, _ = enrolled
    with pytest.raises(Refused):
        services.reset_second_factor(person, actor=plain_person)
    services.reset_second_factor(person, actor=admin)
    assert not SecondFactor.objects.filter(person=person).exists()
    assert not RecoveryCode.objects.filter(person=person).exists()
    assert LedgerEvent.objects.get(action="auth.second_factor_reset").actor_id == admin.pk


def test_enrol_totp_refuses_a_short_secret(assigned_person, clock):
    with pytest.raises(ValueError):
        services.enrol_totp(assigned_person, secret="JBSWY3DPEHPK3PXP")  # 80 bits


def test_demo_can_compute_the_code_of_a_known_secret_with_pyotp(assigned_person, clock):
    """What docs/accounts.md tells the demo to print: pyotp.TOTP(secret).now()."""
    import pyotp

    secret, _ = services.enrol_totp(assigned_person, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    code = pyotp.TOTP(secret).at(clock.now())
    with __import__("django.db", fromlist=["transaction"]).transaction.atomic():
        assert services._consume_code(assigned_person, code, clock.now()) == "totp"
