"""Acts on secret items (foundation part): recording an item, granting need-to-know
on one item, and opening an item (a read, which the ledger records).

Each act checks its authority, then writes the change and its ledger event in one
transaction. Secret content (the summary) reaches the ledger only as a hash."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from bmnn.core import ledger
from bmnn.core.access import clearance, get_visible_or_404, today
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label
from bmnn.core.text import fold, nfc
from bmnn.records.models import AccessGrant, ItemKind, SecretItem


def search(queryset, query: str | None):
    """Diacritic-insensitive search on reference and document type ("bao cao" finds "Báo cáo").

    Runs on the already filtered (visible) queryset, so search never reveals more."""
    words = fold(query).split()
    for word in words:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def record_item(actor, *, reference: str, issued_on: dt.date, kind: str, document_type: str, level: str,
                holding_unit, issuing_unit, summary: str, classified_on: dt.date) -> SecretItem:
    """Record a secret item whose level the actor decides (xác định độ mật).

    Needs the actor's authority to classify at `level` for `holding_unit` on the
    classification date, under the regime in force on that date."""
    from bmnn.rulebook.authority import authorize

    reference, document_type, summary = nfc(reference), nfc(document_type), nfc(summary)
    if level not in Level.values:
        raise Refused(f"Độ mật «{level}» không hợp lệ.", rule="A1", basis="Điều 8 Luật BVBMNN", field="level")
    if kind not in ItemKind.values:
        raise Refused(f"Loại «{kind}» không hợp lệ.", rule="A1", basis="Điều 2 Luật BVBMNN", field="kind")
    if not reference:
        raise Refused("Phải có số, ký hiệu.", rule="B5", basis="Điều 3 Thông tư 24/2020/TT-BCA", field="reference")
    with transaction.atomic():
        authorize(actor, "classify", level, holding_unit, on=classified_on).require()
        _check_summary_allowed(level, summary, classified_on)
        item = SecretItem.objects.create(
            reference=reference, issued_on=issued_on, kind=kind, document_type=document_type, level=level,
            holding_unit=holding_unit, issuing_unit=issuing_unit, summary=summary, classified_on=classified_on,
            decided_by=actor,
        )
        ledger.record_event(
            "records.item.record", actor=actor, unit=holding_unit, obj=item,
            description=f"Ghi nhận {label(level)} {reference}",
            payload={"reference": reference, "issued_on": issued_on, "kind": kind, "document_type": document_type,
                     "level": level, "holding_unit": holding_unit.pk, "issuing_unit": issuing_unit.pk,
                     "classified_on": classified_on,
                     "summary": ledger.secret_hash(summary) if summary else ""},
        )
    return item


def _check_summary_allowed(level: str, summary: str, on: dt.date) -> None:
    """Tuyệt mật summaries, by the regime in force on the classification date (rule B2)."""
    if not summary or level != Level.TUYET_MAT:
        return
    from bmnn.rulebook import authority

    authority.summary_rule(level, on=on).require(has_summary=True)


def grant_access(actor, item: SecretItem, person, reason: str) -> AccessGrant:
    """Give `person` need-to-know on one item. It never lifts the mandatory filter:
    the person must already hold an active assignment covering the item's level and unit."""
    reason = nfc(reason)
    if not reason:
        raise Refused("Phải ghi lý do cấp quyền tiếp cận.", rule="G7", basis="Điều 26 Luật BVBMNN 2018",
                      field="reason")
    with transaction.atomic():
        # The actor must see the item; an invisible item does not exist for them (404).
        item = get_visible_or_404(SecretItem.objects.all(), actor, pk=item.pk)
        on = today()
        levels, units = clearance(person, on)
        if item.level not in levels or item.holding_unit_id not in units:
            raise Refused(
                f"{person} chưa được giao tiếp cận bí mật nhà nước độ {label(item.level)} của đơn vị quản lý "
                f"tài liệu (hoặc chưa ký cam kết), nên không thể cấp quyền tiếp cận tài liệu này.",
                rule="access.assignment_required", basis="Điều 24, 25, 26 Luật BVBMNN 2018", field="person")
        _authorize_grant(actor, item, on)
        grant, created = AccessGrant.objects.get_or_create(
            item=item, person=person, defaults={"granted_by": actor, "reason": reason})
        if created:
            ledger.record_event(
                "records.item.grant_access", actor=actor, unit=item.holding_unit, obj=grant,
                description=f"Cấp quyền tiếp cận {item.reference} cho {person}",
                payload={"item": item.pk, "person": person.pk, "reason": reason})
    return grant


def _authorize_grant(actor, item: SecretItem, on: dt.date) -> None:
    """Who may widen need-to-know: whoever may decide providing the item (head, or deputy by delegation)."""
    from bmnn.rulebook.authority import authorize

    authorize(actor, "provide", item.level, item.holding_unit, on=on).require()


def open_item(person, pk) -> SecretItem:
    """Fetch one item for reading and append the read to the ledger, in one transaction."""
    with transaction.atomic():
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit", "issuing_unit", "decided_by"),
                                  person, pk=pk)
        ledger.record_event("records.item.read", actor=person, unit=item.holding_unit, obj=item,
                            description=f"Xem {item.reference}")
    return item
