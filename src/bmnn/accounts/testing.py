"""Helpers for other apps' tests: log a person in as if they had passed the
password and the second factor, without hashing passwords or computing codes.

    from bmnn.accounts.testing import login_with_second_factor

    def test_something(client):
        person = person_in(unit, clearance=Level.MAT)
        login_with_second_factor(client, person)
        response = client.get(reverse("records:item_list"))

Works with django.test.Client and rest_framework.test.APIClient (session auth)."""

from bmnn.accounts.session import mark_second_factor_passed, start


def login_with_second_factor(client, person):
    """Log `person` in on `client` with the second factor marked as passed.

    The person does not need an enrolled TOTP device: the middleware trusts the
    session flag, exactly as after a real verification. Returns the client."""
    client.force_login(person)
    session = client.session  # a fresh SessionStore each access: change and save it once
    start(session, person)
    mark_second_factor_passed(session, person)
    session.save()
    return client


def login_password_only(client, person):
    """Log `person` in after the password step only (second factor not passed)."""
    client.force_login(person)
    session = client.session
    start(session, person)
    session.save()
    return client


# --- Fast password hashing for tests -----------------------------------------------------
# Django's Argon2 parameters (100 MiB, 8 lanes) cost ~0.5 s per hash, and every
# PersonFactory person hashes a password. Tests can switch to the same algorithm
# with small parameters:
#
#     @pytest.fixture(autouse=True)
#     def fast_hashing(settings):
#         settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS

from django.contrib.auth.hashers import Argon2PasswordHasher  # noqa: E402


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with test-sized parameters. Never for production (settings keep Django's)."""

    time_cost = 1
    memory_cost = 256
    parallelism = 1


FAST_PASSWORD_HASHERS = ["bmnn.accounts.testing.FastArgon2PasswordHasher"]
