"""`bmnn demo`: loads through the services (the ledger shows it), twice without change, prints the accounts;
`bmnn demo totp USERNAME` prints the current code."""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test.utils import override_settings

from bmnn.accounts import clock, policy, totp
from bmnn.accounts.testing import FAST_PASSWORD_HASHERS
from bmnn.accounts.validators import CharacterClassValidator
from bmnn.core import demo
from bmnn.core.access import clearance
from bmnn.core.models import LedgerEvent
from bmnn.org.models import AccessAssignment, Delegation, Person, Unit
from bmnn.records.models import AccessGrant, SecretItem

pytestmark = pytest.mark.django_db


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module inside a transaction rolled back at the end.

    Argon2 is deliberately slow (about 0.3 s a hash, three per account); hashing is
    not what these tests are about, so the accounts app's fast test hasher is used."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield run_demo("--skip-migrate")
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def test_demo_creates_the_organisation_people_and_items(loaded):
    assert Unit.objects.filter(code="PA03", parent__code="CAT").exists()
    assert Unit.objects.filter(name__startswith="Kho bạc Nhà nước khu vực").exists()
    assert Unit.objects.filter(name__startswith="Ngân hàng Nhà nước khu vực").exists()
    assert Unit.objects.filter(kind="POST").exists()
    assert Person.objects.filter(username__in=demo.demo_usernames()).count() == len(demo.demo_usernames())
    # The recorded items, and the treasury's three made ready for the walkthrough's lifecycle chapter.
    assert SecretItem.objects.count() == len(demo.ITEMS) + 3
    assert set(SecretItem.objects.values_list("level", flat=True)) == {"MAT", "TOI_MAT", "TUYET_MAT"}
    assert Delegation.objects.count() == len(demo.DELEGATIONS)
    assert AccessGrant.objects.count() == len(demo.GRANTS)


def test_demo_readies_an_activity_to_extend_a_report_to_declassify_and_a_plan_to_destroy(loaded):
    import datetime as dt

    from bmnn.core.access import today

    treasury = SecretItem.objects.filter(list_entry__secret_list__code="DEMO-KBNN")
    activity = treasury.get(kind="activity")
    assert activity.protection_shortened and activity.protection_until == today() + dt.timedelta(days=120)
    assert activity.recipients.filter(unit__code="KTNN").exists()
    assert treasury.get(document_type="Báo cáo").status == "issued"
    assert treasury.get(level="TOI_MAT").copies.filter(custodian_unit__code="KBNN-KVXII").count() == 2


def test_demo_keeps_history_of_a_unit_closed_by_the_2025_reform(loaded):
    district = Unit.objects.get(code="CAH-TL")
    assert str(district.valid_to) == "2025-02-28" and district.successor.code == "CAT"


def test_demo_runs_twice_without_failing_or_duplicating(loaded):
    counts = (Person.objects.count(), Unit.objects.count(), SecretItem.objects.count(), LedgerEvent.objects.count())
    out = run_demo("--skip-migrate")
    assert "không tạo thêm gì" in out
    assert (Person.objects.count(), Unit.objects.count(), SecretItem.objects.count(),
            LedgerEvent.objects.count()) == counts


def test_demo_creation_is_in_the_ledger(loaded):
    actions = Counter(LedgerEvent.objects.values_list("action", flat=True))
    assert actions["org.person.bootstrap_admin"] == 1
    assert actions["org.unit.create"] == len(demo.UNITS)
    assert actions["org.person.create"] == len(demo.PEOPLE)
    assert actions["records.item.record"] == len(demo.ITEMS)
    assert actions["auth.second_factor_enrolled"] == len(demo.demo_usernames())
    assert actions["org.commitment.record"] == sum(len(p.assignments()) for p in demo.PEOPLE if p.committed)


def test_demo_ledger_never_holds_a_summary(loaded):
    payloads = " ".join(LedgerEvent.objects.values_list("payload", flat=True))
    for spec in demo.ITEMS:
        if spec.summary:
            assert spec.summary not in payloads


def test_demo_prints_every_account_with_password_clearance_and_totp(loaded):
    for username in demo.demo_usernames():
        row = next(line for line in loaded.splitlines() if line.startswith(username + " "))
        assert demo.DEMO_PASSWORD in row and demo.totp_secret(username) in row
    assert "bmnn demo totp" in loaded and "Tuyệt mật" in loaded and "chưa ký cam kết" in loaded


def test_demo_passwords_satisfy_the_policy_and_work(loaded):
    CharacterClassValidator().validate(demo.DEMO_PASSWORD)
    assert len(demo.DEMO_PASSWORD) >= 12
    person = Person.objects.get(username="thangnd")
    assert person.check_password(demo.DEMO_PASSWORD) and not person.must_change_password


def test_demo_accounts_have_the_second_factor_enrolled(loaded):
    assert all(policy.factor_enrolled(p) for p in Person.objects.filter(username__in=demo.demo_usernames()))


def test_demo_administrator_sees_no_secret_item_and_uncommitted_staff_neither(loaded):
    admin = Person.objects.get(username=demo.ADMIN_USERNAME)
    assert admin.is_system_admin and SecretItem.objects.visible_to(admin).count() == 0
    uncommitted = [p.username for p in demo.PEOPLE if p.clearance and not p.committed]
    assert uncommitted
    for username in uncommitted:
        person = Person.objects.get(username=username)
        assert AccessAssignment.objects.filter(person=person).exists()
        assert clearance(person) == ([], set())
        assert SecretItem.objects.visible_to(person).count() == 0


def test_demo_director_sees_tuyet_mat_and_division_staff_see_only_their_division(loaded):
    director = Person.objects.get(username="thangnd")
    assert SecretItem.objects.visible_to(director).filter(level="TUYET_MAT").exists()
    staff = Person.objects.get(username="nambv")  # PA03, Mật
    visible = set(SecretItem.objects.visible_to(staff).values_list("reference", flat=True))
    assert visible == {"27/TB-PA03"}


def test_demo_grant_makes_one_item_visible_outside_the_division(loaded):
    person = Person.objects.get(username="huynq")  # PV01, granted 27/TB-PA03
    visible = set(SecretItem.objects.visible_to(person).values_list("reference", flat=True))
    assert "27/TB-PA03" in visible and "12/BC-PA03" not in visible


def test_demo_totp_prints_the_current_six_digit_code(loaded):
    out = run_demo("totp", "thangnd").strip()
    assert re.fullmatch(r"\d{6}", out)
    secret = demo.totp_secret("thangnd")
    assert totp.match_step(secret, out, clock.now()) is not None


def test_demo_totp_refuses_an_account_that_is_not_a_demo_account(loaded):
    with pytest.raises(CommandError):
        run_demo("totp", "khongtontai")
    with pytest.raises(CommandError):
        run_demo("totp")


def test_demo_inspector_sees_the_computers_of_the_bodies_she_inspects(loaded):
    from bmnn.computers.models import Computer, Violation

    inspector = Person.objects.get(username="hahtt")  # PA03; assignments decided by each inspected body's head
    deciders = set(AccessAssignment.objects.filter(person=inspector).values_list("decided_by__username", flat=True))
    assert deciders == {"thangnd", "longtv", "quanghs", "ducmc"}
    assert set(Computer.objects.visible_to(inspector).values_list("hostname", flat=True)) == {
        "KTNN-PC07", "KBNN-BMNN-01"}
    assert Violation.objects.visible_to(inspector).count() == 1
    # Covering the inspected bodies opens their computers, not their secret items (need-to-know).
    assert set(SecretItem.objects.visible_to(inspector).values_list("reference", flat=True)) == {
        "12/BC-PA03", "27/TB-PA03"}
