"""Copies and their custody. Every copy has exactly one custodian at any moment
(a person, or a unit's storage place; the database checks it); every change of
custodian closes the open custody period and opens the next, so the whole
history of a copy can be shown. Called by the acts (issue, delivery, receipt,
reproduction…) inside their own transaction; it writes no ledger event itself:
the act that moves the copy records it."""

from __future__ import annotations

from django.utils import timezone

from bmnn.records.models import Copy, CopyOrigin, CopyStatus, CustodyRecord


def _open_period(copy: Copy, act: str, at) -> CustodyRecord:
    return CustodyRecord.objects.create(copy=copy, custodian_person=copy.custodian_person,
                                        custodian_unit=copy.custodian_unit, storage_place=copy.storage_place,
                                        since=at, act=act)


def create_copies(item, count: int, *, origin: str = CopyOrigin.ORIGINAL, reproduction=None, custodian_person=None,
                  custodian_unit=None, storage_place: str = "", act: str, at=None) -> list[Copy]:
    """Numbered copies 1..count (or continuing the item's reproduction numbers)."""
    at = at or timezone.now()
    last = (Copy.objects.filter(item=item, origin=origin).order_by("-number").values_list("number", flat=True)
            .first() or 0)
    copies = []
    for number in range(last + 1, last + count + 1):
        copy = Copy.objects.create(item=item, origin=origin, number=number, reproduction=reproduction,
                                   custodian_person=custodian_person,
                                   custodian_unit=None if custodian_person else custodian_unit,
                                   storage_place=storage_place)
        _open_period(copy, act, at)
        copies.append(copy)
    return copies


def move_copy(copy: Copy, *, to_person=None, to_unit=None, storage_place: str = "", act: str, at=None,
              status: str | None = None) -> CustodyRecord:
    """Hand the copy to one new custodian (exactly one of to_person / to_unit)."""
    if (to_person is None) == (to_unit is None):
        raise ValueError("A copy has exactly one custodian: give to_person or to_unit.")
    at = at or timezone.now()
    CustodyRecord.objects.filter(copy=copy, until__isnull=True).update(until=at)
    copy.custodian_person, copy.custodian_unit, copy.storage_place = to_person, to_unit, storage_place
    if status:
        copy.status = status
    copy.save(update_fields=["custodian_person", "custodian_unit", "storage_place", "status"])
    return _open_period(copy, act, at)


def set_status(copy: Copy, status: str) -> None:
    copy.status = status
    copy.save(update_fields=["status"])


def held_by_unit(unit_ids) -> "Copy.objects":
    """Copies a unit is answerable for: in its storage, or held by its people. Used by stock-takes."""
    from bmnn.org.models import Tenure

    on = timezone.localdate()
    people = Tenure.objects.held_on(on).filter(position__unit_id__in=unit_ids).values("person_id")
    from django.db.models import Q

    return Copy.objects.filter(Q(custodian_unit_id__in=unit_ids) | Q(custodian_person_id__in=people)).exclude(
        status__in=[CopyStatus.DESTROYED, CopyStatus.PROVIDED])  # provided: signed for by the outside receiver
