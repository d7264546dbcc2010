"""The capped paginator: a huge list counts up to its cap and offers no page past it."""

import pytest

from bmnn.core.pagination import CappedPaginator
from bmnn.org.models import Unit
from bmnn.org.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_a_list_under_the_cap_is_counted_exactly():
    UnitFactory.create_batch(7)
    paginator = CappedPaginator(Unit.objects.order_by("pk"), 3, cap=10)
    assert paginator.count == 7 and not paginator.capped and paginator.num_pages == 3


def test_a_list_over_the_cap_says_so_and_stops_its_pages_at_the_cap():
    UnitFactory.create_batch(12)
    paginator = CappedPaginator(Unit.objects.order_by("pk"), 3, cap=10)
    assert paginator.capped and paginator.count == 10 and paginator.num_pages == 4
    assert len(paginator.get_page(4).object_list) == 1  # row 10: rows 11 and 12 are past the cap
    assert paginator.get_page(99).number == 4


def test_a_plain_list_is_capped_the_same_way():
    paginator = CappedPaginator(list(range(25)), 10, cap=20)
    assert paginator.capped and paginator.num_pages == 2
