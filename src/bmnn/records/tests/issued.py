"""Helpers for tests of acts on issued items (reproduction, stock-take, inventory): an item
with its outgoing (or incoming) register line and numbered copies, built the way the
issue and receipt acts build them, in one transaction."""

import datetime as dt

from django.db import transaction

from bmnn.records.models import ItemStatus, RegisterKind
from bmnn.records.services import custody
from bmnn.records.services.registers import record_entry
from bmnn.records.tests.factories import SecretItemFactory


def issued_item(clerk, unit, *, level, copies=3, on=dt.date(2026, 4, 10), kind=RegisterKind.OUTGOING, **fields):
    """An item of `unit` entered in its register on `on`, its copies in the unit's storage."""
    with transaction.atomic():
        item = SecretItemFactory(holding_unit=unit, level=level, status=ItemStatus.ISSUED, copies_planned=copies,
                                 **fields)
        record_entry(clerk, unit=unit, kind=kind, entry_date=on, item=item, counterpart="Nơi nhận thử",
                     copies_count=copies)
        custody.create_copies(item, copies, custodian_unit=unit, storage_place="Tủ sắt 1", act="issue")
    return item
