"""Acts on secret items (foundation part): recording an item, granting need-to-know
on one item, and opening an item (a read, which the ledger records).

Each act checks its authority, then writes the change and its ledger event in one
transaction. Secret content (the summary) reaches the ledger only as a hash."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import cleared_for, get_visible_or_404, today
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label
from bmnn.core.text import nfc
from bmnn.org import selectors
from bmnn.records.models import AccessGrant, ItemKind, SecretItem
from bmnn.rulebook import authority, loader


def visible_items(person, *, query: str | None = None, level: str | None = None):
    """The items `person` may know of, optionally searched and filtered by level.

    Search is diacritic-insensitive on reference and document type ("bao cao" finds
    "Báo cáo") and runs on the already visible queryset, so it never reveals more."""
    items = SecretItem.objects.visible_to(person).select_related("holding_unit", "issuing_unit")
    if query:
        items = items.filter(selectors.search_q(query))
    if level in Level.values:
        items = items.filter(level=level)
    return items


def record_item(actor, *, reference: str, issued_on: dt.date, kind: str, document_type: str, level: str,
                holding_unit, issuing_unit, summary: str, classified_on: dt.date,
                summary_consent: bool = False) -> SecretItem:
    """Record a secret item whose level the actor decides (xác định độ mật).

    Needs the actor's authority to classify at `level` for `holding_unit` on the
    classification date, under the regime in force on that date. A Tuyệt mật
    summary follows that regime's rule B2: never stored (2026), or stored only with
    the classifier's consent (2018) — the actor is the classifier, so
    `summary_consent=True` is their recorded consent, kept in the ledger event.

    Data that make no sense raise ValidationError (keyed by field); acts the law
    forbids raise Refused with the rule and its basis."""
    reference, document_type, summary = nfc(reference), nfc(document_type), nfc(summary)
    if level not in Level.values:
        raise ValidationError({"level": _("Độ mật «%(level)s» không hợp lệ.") % {"level": level}})
    if kind not in ItemKind.values:
        raise ValidationError({"kind": _("Loại «%(kind)s» không hợp lệ.") % {"kind": kind}})
    if not reference:
        raise ValidationError({"reference": _("Cần có số, ký hiệu.")})
    if classified_on is None or issued_on is None:
        raise ValidationError({"classified_on": _("Cần có ngày văn bản và ngày xác định độ mật.")})
    with transaction.atomic():
        authority.authorize(actor, "classify", level, holding_unit, on=classified_on).require()
        authority.summary_rule(level, on=classified_on).require(has_summary=bool(summary), consent=summary_consent)
        from bmnn.records.services.classification import protection_until

        until, _shortened = protection_until(level, kind, classified_on)  # the period runs from the decision
        item = SecretItem.objects.create(
            reference=reference, issued_on=issued_on, kind=kind, document_type=document_type, level=level,
            holding_unit=holding_unit, issuing_unit=issuing_unit, summary=summary, classified_on=classified_on,
            decided_by=actor, protection_until=until,
        )
        ledger.record_event(
            "records.item.record", actor=actor, unit=holding_unit, obj=item,
            description=f"Ghi nhận {label(level)} {reference}",
            payload={"reference": reference, "issued_on": issued_on, "kind": kind, "document_type": document_type,
                     "level": level, "holding_unit": holding_unit.pk, "issuing_unit": issuing_unit.pk,
                     "classified_on": classified_on,
                     "summary": ledger.secret_hash(summary) if summary else "",
                     **({"summary_consent": True} if summary and summary_consent else {})},
        )
    return item


def grant_access(actor, item: SecretItem, person, reason: str) -> AccessGrant:
    """Give `person` need-to-know on one item. It never lifts the mandatory filter:
    the person must already hold an active assignment covering the item's level and unit."""
    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do cấp quyền tiếp cận.")})
    with transaction.atomic():
        # The actor must see the item; an invisible item does not exist for them (404).
        item = get_visible_or_404(SecretItem.objects.all(), actor, pk=item.pk)
        on = today()
        # Widening need-to-know is the head's decision on who accesses the body's secrets.
        authority.authorize(actor, "assign_access", item.level, item.holding_unit, on=on).require()
        if not cleared_for(person, item.level, item.holding_unit_id, on):
            act = loader.regime_on(on).act("assign_access")
            # The level in the user's language (Level.label), unlike the ledger descriptions.
            raise Refused(
                _("%(person)s chưa được giao tiếp cận bí mật nhà nước độ %(level)s của %(unit)s (hoặc chưa ký "
                  "cam kết), nên không thể cấp quyền tiếp cận tài liệu này: quyền được biết chỉ thu hẹp, không "
                  "mở rộng phạm vi được giao tiếp cận.")
                % {"person": person.full_name, "level": Level(item.level).label, "unit": item.holding_unit.name},
                rule=act.id, basis=act.citation, field="person")
        grant, created = AccessGrant.objects.get_or_create(
            item=item, person=person, defaults={"granted_by": actor, "reason": reason})
        if created:
            # Recorded against the item, so the item's history in the ledger shows who was let in.
            ledger.record_event(
                "records.item.grant_access", actor=actor, unit=item.holding_unit, obj=item,
                description=f"Cấp quyền tiếp cận {item.reference} cho {person.full_name}",
                payload={"grant": grant.pk, "person": person.pk, "reason": reason})
    return grant


def open_item(person, pk) -> SecretItem:
    """Fetch one item for reading and append the read to the ledger, in one transaction."""
    with transaction.atomic():
        item = get_visible_or_404(SecretItem.objects.select_related("holding_unit", "issuing_unit", "decided_by"),
                                  person, pk=pk)
        ledger.record_read(person, item, action="records.item.read", unit=item.holding_unit,
                           description=f"Xem {item.reference or f'{item.document_type} chưa có số (#{item.pk})'}")
    return item
