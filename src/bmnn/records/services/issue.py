"""Issuing an item (phát hành): its outgoing-register number and its numbered copies.

Only a classified item is issued: the competent person has decided its level,
recipients, number of copies and whether it may be reproduced (Decree 26/2020
Art. 2.1), and it must be in the outgoing register before it leaves (Art. 4.1.a,
rule B1). The act is done by the keepers of the holding unit's registers (its
văn thư or state-secret officer, or its leader), who must also be people who may
deliver secrets of that level under the regime in force (the rulebook's `deliver`
performer rule). Secret documents get their own number series (Decree 30/2020
Art. 15.2): the number is the outgoing register's, and an empty reference is
composed from it ("15/BC-PA03"); a draft reference with the number left blank
("…/BC-PA03") gets it filled in.

Copies 1..copies_planned (bản số) are created in the holding unit's storage, each
with its custody record; the item becomes ISSUED; the ledger event names the line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import get_visible_or_404, today
from bmnn.core.errors import Refused
from bmnn.core.levels import label
from bmnn.core.text import fold, nfc
from bmnn.records.models import Copy, CustodyRecord, ItemKind, ItemStatus, RegisterEntry, RegisterKind, SecretItem
from bmnn.records.services import custody
from bmnn.records.services.permissions import require_register_keeper
from bmnn.records.services.registers import record_entry
from bmnn.rulebook import authority

ISSUE_BASIS = "Điều 2 khoản 1, Điều 4 khoản 1 điểm a Nghị định 26/2020/NĐ-CP"
METADATA_BASIS = "Điều 2 khoản 1 Nghị định 26/2020/NĐ-CP"

# Abbreviations of the administrative document types (Decree 30/2020 Phụ lục III),
# keyed by the folded type name. A công văn has none: its symbol is the unit's ("05/PA03").
TYPE_ABBREVIATIONS = {
    "nghi quyet": "NQ", "quyet dinh": "QĐ", "chi thi": "CT", "quy che": "QC", "quy dinh": "QyĐ",
    "thong cao": "TC", "thong bao": "TB", "huong dan": "HD", "chuong trinh": "CTr", "ke hoach": "KH",
    "phuong an": "PA", "de an": "ĐA", "du an": "DA", "bao cao": "BC", "bien ban": "BB", "to trinh": "TTr",
    "hop dong": "HĐ", "cong dien": "CĐ", "ban ghi nho": "GN", "ban thoa thuan": "TTh", "giay uy quyen": "GUQ",
    "giay moi": "GM", "giay gioi thieu": "GGT", "giay nghi phep": "GNP", "phieu gui": "PG", "phieu chuyen": "PC",
    "phieu bao": "PB", "cong van": "",
}
ISSUABLE_KINDS = (ItemKind.DOCUMENT, ItemKind.ELECTRONIC, ItemKind.OBJECT)


@dataclass
class Issued:
    item: SecretItem
    entry: RegisterEntry
    copies: list[Copy]


def compose_reference(number: int, document_type: str, unit) -> str:
    """"15/BC-PA03"; a công văn or an unknown type: "15/PA03". Numbers below 10 get a
    leading zero (Decree 30/2020 Phụ lục I)."""
    abbreviation = TYPE_ABBREVIATIONS.get(" ".join(fold(document_type).split()), "")
    symbol = f"{abbreviation}-{unit.code}" if abbreviation else unit.code
    return f"{number:02d}/{symbol}"


_BLANK_NUMBER = re.compile(r"^\s*(?:số\s*:?)?\s*[.…_\s]*/", re.IGNORECASE)


def _reference(item: SecretItem, number: int) -> str:
    reference = nfc(item.reference or "").strip()
    if not reference:
        return compose_reference(number, item.document_type, item.holding_unit)
    if _BLANK_NUMBER.match(reference):
        return f"{number:02d}/{reference.split('/', 1)[1].strip()}"
    return reference


def _recipients_text(item: SecretItem) -> str:
    names = []
    for r in item.recipients.select_related("unit", "person"):
        name = r.unit.name if r.unit_id else (r.person.full_name if r.person_id else r.external_name)
        names.append(f"{name} ({r.copies})" if r.copies and r.copies != 1 else name)
    return "; ".join(n for n in names if n)


def _require_issuable(item: SecretItem) -> None:
    if item.status == ItemStatus.ISSUED:
        entry = item.register_entries.filter(kind=RegisterKind.OUTGOING).order_by("pk").first()
        raise Refused(_("Tài liệu %(reference)s đã vào sổ đi (số %(number)s) và đã phát hành; không cấp số lần nữa.")
                      % {"reference": item.reference, "number": f"{entry.number}/{entry.year}" if entry else "?"},
                      rule="issue.already_issued", basis=ISSUE_BASIS)
    if item.status != ItemStatus.CLASSIFIED:
        raise Refused(_("Tài liệu chưa được người có thẩm quyền xác định độ mật (trạng thái: %(status)s), nên chưa "
                        "được vào sổ đăng ký bí mật nhà nước đi và phát hành.")
                      % {"status": item.get_status_display()}, rule="issue.not_classified", basis=ISSUE_BASIS)
    if item.kind not in ISSUABLE_KINDS:
        raise Refused(_("%(kind)s không phát hành thành bản: chỉ tài liệu, vật chứa bí mật nhà nước mới được vào sổ "
                        "đi và đánh bản số.") % {"kind": item.get_kind_display()},
                      rule="issue.kind", basis=ISSUE_BASIS)
    if item.copies_planned < 1:
        raise Refused(_("Chưa có số lượng bản phát hành do người có thẩm quyền quyết định."),
                      rule="issue.copies_planned", basis=METADATA_BASIS, field="copies_planned")
    if not item.recipients.exists():
        raise Refused(_("Chưa có nơi nhận: nơi nhận, số lượng bản phát hành, tên người soạn thảo và việc được phép "
                        "hay không được phép sao, chụp phải được ghi trước khi phát hành."),
                      rule="issue.recipients", basis=METADATA_BASIS, field="recipients")


def issue_item(clerk, item: SecretItem, on: dt.date | None = None, *, storage_place: str = "") -> Issued:
    """Enter a classified item in its unit's outgoing register on `on` and create its copies."""
    on = on or today()
    storage_place = nfc(storage_place or "").strip()[:200]
    with transaction.atomic():
        # Invisible = absent, as everywhere: 404 before any refusal could confirm the item exists.
        get_visible_or_404(SecretItem.objects.all(), clerk, pk=item.pk)
        item = SecretItem.objects.select_for_update().select_related("holding_unit").get(pk=item.pk)
        _require_issuable(item)
        unit = item.holding_unit
        require_register_keeper(clerk, unit, on)
        decision = authority.authorize(clerk, "deliver", item.level, unit, on=on).require()
        entry = record_entry(clerk, unit=unit, kind=RegisterKind.OUTGOING, entry_date=on, item=item,
                             counterpart=_recipients_text(item), copies_count=item.copies_planned)
        item.reference = _reference(item, entry.number)
        item.issued_on = item.issued_on or on
        item.status = ItemStatus.ISSUED
        item.save(update_fields=["reference", "issued_on", "status", "search_text", "sort_key"])
        at = timezone.now()
        copies = custody.create_copies(item, item.copies_planned, custodian_unit=unit, storage_place=storage_place,
                                       act="issue", at=at)
        event = ledger.record_event(
            "records.item.issue", actor=clerk, unit=unit, obj=item,
            description=(f"Vào sổ đi số {entry.number}/{entry.year}: {label(item.level)} {item.reference}, "
                         f"{len(copies)} bản"),
            payload={"entry": entry.pk, "register": entry.register_id, "number": entry.number, "year": entry.year,
                     "reference": item.reference, "issued_on": item.issued_on, "copies": [c.number for c in copies],
                     "custodian_unit": unit.pk, "storage_place": storage_place, "rule": decision.rule})
        CustodyRecord.objects.filter(copy__in=copies, until__isnull=True).update(ledger_seq=event.seq)
    return Issued(item=item, entry=entry, copies=copies)
