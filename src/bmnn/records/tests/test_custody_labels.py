"""The custody history names in Vietnamese every act that moves a copy."""

import re
from pathlib import Path

from bmnn.records.models.items import CUSTODY_ACTS

SERVICES = Path(__file__).resolve().parent.parent / "services"


def test_every_act_that_moves_a_copy_has_a_vietnamese_label():
    used = set()
    for source in SERVICES.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        used |= set(re.findall(r'\bact="([a-z_]+)"', text))
        used |= set(re.findall(r'_destroy_copies\([^,]+, "([a-z_]+)"', text))
    assert used, "no custody act found: the pattern no longer matches the services"
    assert sorted(used - set(CUSTODY_ACTS)) == []
