"""Fixtures for the records tests."""

from pathlib import Path

import pytest

from bmnn.accounts.testing import FAST_PASSWORD_HASHERS

NAV_NAMES = ["org:unit_list", "org:person_list", "org:assignment_list", "org:delegation_list", "records:item_list",
             "rulebook:rules", "core:ledger", "accounts:logout", "accounts:security"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is deliberately slow; these tests are not about hashing."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def nav_until_every_app_has_its_pages(settings):
    """The shared navigation links to every app's pages. While some app has not yet
    provided its URL name, records pages render with a records-only navigation so
    these tests test records; once every name resolves this does nothing."""
    from django.urls import NoReverseMatch, reverse

    try:
        for name in NAV_NAMES:
            reverse(name)
    except NoReverseMatch:
        stub_dir = Path(__file__).parent / "stub_templates"
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [stub_dir, *settings.TEMPLATES[0]["DIRS"]]}]
