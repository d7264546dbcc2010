"""Helpers for tests of acts on issued or received items (reproduction, stock-take,
inventory), built through the acts themselves: `issue_item` (outgoing number and copies
in the unit's storage) and `register_arrival` (incoming line and copies)."""

import datetime as dt

from bmnn.records.models import ItemStatus, Recipient, RegisterKind
from bmnn.records.services.delivery import register_arrival
from bmnn.records.services.issue import issue_item
from bmnn.records.tests.factories import SecretItemFactory


def issued_item(clerk, unit, *, level, copies=3, on=dt.date(2026, 4, 10), kind=RegisterKind.OUTGOING, **fields):
    """An item of `unit` entered in its outgoing register on `on` by `clerk` (who keeps the
    unit's registers and is assigned to its level), its copies in the unit's storage; or,
    with kind=INCOMING, an item from an outside body registered on arrival."""
    if kind == RegisterKind.INCOMING:
        return register_arrival(clerk, from_external="Bộ Thử nghiệm", reference=f"{on:%d%m}/BC-BTN", issued_on=on,
                                level=level, document_type="Báo cáo", copies=copies, pages=2, attachments=0,
                                unit=unit, on=on)
    item = SecretItemFactory(holding_unit=unit, level=level, status=ItemStatus.CLASSIFIED, copies_planned=copies,
                             **fields)
    Recipient.objects.create(item=item, external_name="Nơi nhận thử", copies=copies)
    return issue_item(clerk, item, on, storage_place="Tủ sắt 1").item
