import datetime as dt

import pytest

from bmnn.core.dates import formal_date
from bmnn.core.models import LedgerEvent
from bmnn.outputs import services
from bmnn.outputs.models import Printout
from bmnn.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _echo(params, fmt, mark):
    return services.Rendered(f"{params['n']}|{mark.line()}".encode(), pages=1)


@pytest.fixture(autouse=True)
def echo_builder():
    services.register_builder("test.echo", _echo)
    yield
    services._BUILDERS.pop("test.echo", None)


def test_issue_records_the_printout_and_its_ledger_event_together():
    person = PersonFactory(full_name="Nguyễn Văn An")
    printout, content = services.issue(person, form="test.echo", fmt="pdf", params={"n": 7},
                                       title="Sổ thử", filename="so-thu.pdf")
    assert content.startswith(b"7|")
    assert "Nguyễn Văn An".encode() in content
    event = LedgerEvent.objects.get(action="outputs.print", object_id=str(printout.pk))
    assert event.payload and printout.sha256 in event.payload
    assert Printout.objects.count() == 1


def test_regenerate_gives_the_same_bytes_and_is_itself_recorded():
    person = PersonFactory()
    printout, content = services.issue(person, form="test.echo", fmt="pdf", params={"n": 3},
                                       title="Sổ thử", filename="so-thu.pdf")
    again, same = services.regenerate(PersonFactory(), printout)
    assert again == content and same
    assert LedgerEvent.objects.filter(action="outputs.reprint", object_id=str(printout.pk)).exists()


def test_regenerate_says_when_the_records_changed_since():
    printout, _ = services.issue(PersonFactory(), form="test.echo", fmt="pdf", params={"n": 3},
                                 title="Sổ thử", filename="so-thu.pdf")
    printout.params = {"n": 4}
    _, same = services.regenerate(PersonFactory(), printout)
    assert not same


@pytest.mark.parametrize("day, text", [
    (dt.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
    (dt.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
    (dt.date(2026, 6, 29), "ngày 29 tháng 6 năm 2026"),
    (dt.date(2026, 12, 3), "ngày 03 tháng 12 năm 2026"),
])
def test_formal_date_follows_the_leading_zero_rule(day, text):
    assert formal_date(day) == text
