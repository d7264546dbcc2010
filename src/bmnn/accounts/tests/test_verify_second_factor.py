"""verify_second_factor: the current TOTP code signs an act (a receipt) once; recovery
codes and wrong codes do not, and a wrong code changes nothing."""

import pytest
from django.db import transaction

from bmnn.accounts import services
from bmnn.accounts.models import LoginAttempt, SecondFactor
from bmnn.accounts.tests.conftest import current_code

pytestmark = pytest.mark.django_db


def verify(person, code):
    with transaction.atomic():
        return services.verify_second_factor(person, code)


def test_the_current_code_signs_once(enrolled, clock):
    person, secret, _codes = enrolled
    code = current_code(secret, clock)
    assert verify(person, code) is True
    assert verify(person, code) is False  # the step is consumed


def test_a_wrong_code_or_a_recovery_code_does_not_sign_and_changes_nothing(enrolled, clock):
    person, secret, codes = enrolled
    before = SecondFactor.objects.get(person=person).last_used_step
    assert verify(person, "000000" if current_code(secret, clock) != "000000" else "111111") is False
    assert verify(person, codes[0]) is False
    assert SecondFactor.objects.get(person=person).last_used_step == before
    assert not LoginAttempt.objects.filter(person=person).exists()


def test_a_person_without_a_device_cannot_sign_with_a_code(assigned_person, clock):
    assert verify(assigned_person, "123456") is False

