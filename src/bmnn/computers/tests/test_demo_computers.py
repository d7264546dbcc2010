"""The demo's two computers (the full demo is tested in core): one connected PC with a
stamped file (an open violation), one clean PC on the independent LAN; loading again
creates nothing."""

import pytest

from bmnn.computers.demo import load_demo_computers
from bmnn.computers.models import Computer, Violation

pytestmark = pytest.mark.django_db


def test_demo_computers_load_once_with_one_open_violation(officer, treasury, division):
    units, people = {"kbnn": treasury, "kbnn_kt": division}, {"minhdc": officer}
    assert load_demo_computers(units, people) == 2
    assert Computer.objects.get(unit=treasury).network_mode == "independent_lan"
    violation = Violation.objects.get()
    assert violation.computer.unit == division and violation.status == "open"
    assert load_demo_computers(units, people) == 0
    assert Computer.objects.count() == 2
