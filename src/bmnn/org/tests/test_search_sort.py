"""Accent-insensitive search and Vietnamese order, in the database (SQLite and PostgreSQL)."""

import datetime as dt

import pytest

from bmnn.org import selectors
from bmnn.org.models import Person, Unit
from bmnn.org.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def found(query):
    return [p.full_name for p in selectors.search_people(query)]


def test_typing_without_accents_finds_the_accented_name():
    PersonFactory(full_name="Nguyễn Đức Thắng")
    PersonFactory(full_name="Nguyễn Văn Nam")
    assert found("nguyen duc") == ["Nguyễn Đức Thắng"]


def test_d_finds_the_vietnamese_letter_dj():
    PersonFactory(full_name="Đặng Thị Hoa")
    PersonFactory(full_name="Lê Văn Hoa")
    assert found("dang") == ["Đặng Thị Hoa"]


def test_search_words_match_in_any_order_and_case():
    PersonFactory(full_name="Nguyễn Đức Thắng")
    assert found("THANG nguyễn") == ["Nguyễn Đức Thắng"]


def test_search_also_matches_the_username():
    PersonFactory(full_name="Trần Thị Mai", username="ttmai.stc")
    assert found("ttmai") == ["Trần Thị Mai"]


def test_people_sort_by_given_name_in_vietnamese_order():
    for name in ["Lê Văn Đặng", "Phạm Thị Ánh", "Trần Dũng", "Nguyễn Bảo", "Hoàng Văn An"]:
        PersonFactory(full_name=name)
    assert found("") == ["Hoàng Văn An", "Phạm Thị Ánh", "Nguyễn Bảo", "Trần Dũng", "Lê Văn Đặng"]


def test_same_given_name_sorts_by_family_and_middle_names():
    for name in ["Trần Văn An", "Đỗ Thị An", "Bùi An"]:
        PersonFactory(full_name=name)
    assert found("") == ["Bùi An", "Đỗ Thị An", "Trần Văn An"]


def test_a_given_name_sorts_before_a_longer_one_it_begins():
    # Keys "An Lê…" and "Anh Bùi…": a collation that ignored the space would compare
    # "AnL" with "Anh" and put Anh first. The sort key is compared code point by code point.
    for name in ["Bùi Anh", "Lê An"]:
        PersonFactory(full_name=name)
    assert found("") == ["Lê An", "Bùi Anh"]


def test_units_sort_in_vietnamese_order_and_tones_order_within_a_letter():
    for name in ["Sở Ư", "Sở U", "Sở Ơ", "Sở O", "Sở Ô", "Sở mạ", "Sở má", "Sở ma", "Sở mà"]:
        UnitFactory(name=name)
    names = [u.name for u in selectors.vi_ordered(Unit.objects.valid_on(dt.date(2025, 1, 1)))]
    assert names == ["Sở ma", "Sở mà", "Sở má", "Sở mạ", "Sở O", "Sở Ô", "Sở Ơ", "Sở U", "Sở Ư"]
