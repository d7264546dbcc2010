"""Stock-take (kiểm kê) of the copies a unit is answerable for, and the loss incidents
it opens.

A stock-take lists every copy the registers say the unit holds (custody.held_by_unit),
each line is marked presented or missing, and the signed record (biên bản kiểm kê,
with its members) turns every missing copy into status MISSING and an open loss
incident (lộ, mất BMNN) that must be reported at once: an incident whose reported_on
is empty is due. Only the unit's security officer or its leaders conduct, sign and
report."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.errors import Refused
from bmnn.core.text import nfc
from bmnn.org import selectors
from bmnn.org.models import Role
from bmnn.records.models import (
    CopyStatus, Incident, IncidentKind, StockTake, StockTakeLine, StockTakeStatus,
)
from bmnn.records.services import custody

STOCKTAKE_ROLES = (Role.SECURITY_OFFICER, Role.LEADER, Role.DEPUTY)
STOCKTAKE_BASIS = "Điều 12 khoản 1 Luật BVBMNN 2018; Điều 7 Nghị định 26/2020/NĐ-CP"
IN_TRANSIT_NOTE = "Đang chuyển giao: đối chiếu sổ chuyển giao"
INCIDENT_BASIS = "Điều 7 khoản 2 Luật BVBMNN 2018; Điều 6 Nghị định 26/2020/NĐ-CP"


def require_stocktake_keeper(actor, unit, on: dt.date) -> None:
    if not selectors.holds_role(actor, STOCKTAKE_ROLES, [unit.pk], on):
        raise Refused(_("Chỉ cán bộ bảo mật hoặc lãnh đạo của %(unit)s mới được kiểm kê, ký biên bản và báo cáo vụ "
                        "việc lộ, mất bí mật nhà nước của đơn vị.") % {"unit": unit.name},
                      rule="stocktake.keeper_only", basis=STOCKTAKE_BASIS)


def keeper_units(person, on: dt.date | None = None):
    """Units whose stock-takes and incidents the person handles (security officer, leader, deputy)."""
    from bmnn.org.models import Tenure, Unit

    on = on or timezone.localdate()
    ids = Tenure.objects.held_on(on).filter(person=person, position__role__in=STOCKTAKE_ROLES).values(
        "position__unit_id")
    return Unit.objects.filter(pk__in=ids).select_related("parent")


def get_stocktake_or_404(person, pk: int) -> StockTake:
    """A stock-take of a unit the person keeps (security officer, leader, deputy); 404 otherwise."""
    from django.http import Http404

    stocktake = (StockTake.objects.select_related("unit", "unit__parent", "conducted_by", "signed_by")
                 .filter(pk=pk, unit__in=keeper_units(person)).first())
    if stocktake is None:
        raise Http404(_("Không tìm thấy."))
    return stocktake


def lines_seen_by(person, stocktake: StockTake) -> list[StockTakeLine]:
    """The lines in order, each with `item_visible`: a line names its item only to who may know of it
    (a stock-take must not reveal what the access filter hides)."""
    from bmnn.records.models import SecretItem

    lines = list(stocktake.lines.select_related("copy", "copy__item", "copy__custodian_person",
                                                "copy__custodian_unit").order_by("pk"))
    visible = set(SecretItem.objects.visible_to(person).filter(
        pk__in={line.copy.item_id for line in lines}).values_list("pk", flat=True))
    for line in lines:
        line.item_visible = line.copy.item_id in visible
    return lines


def _require_open(stocktake: StockTake) -> None:
    if stocktake.status != StockTakeStatus.OPEN:
        raise Refused(_("Biên bản kiểm kê đã ký; không sửa được nữa."), rule="stocktake.signed",
                      basis=STOCKTAKE_BASIS)


def start_stocktake(actor, unit, as_of: dt.date, members=()) -> StockTake:
    """Open a stock-take listing every copy the unit holds (in its storage or with its people)."""
    with transaction.atomic():
        require_stocktake_keeper(actor, unit, as_of)
        stocktake = StockTake.objects.create(unit=unit, as_of=as_of, conducted_by=actor, started_at=timezone.now())
        members = list(members or [])
        stocktake.members.set(members)
        copies = list(custody.held_by_unit([unit.pk]).order_by("item_id", "origin", "number"))
        # A copy in transit is still the unit's (custody moves when the receiver signs) but is in a
        # sealed envelope: the line says so, and the handover book is what accounts for it.
        StockTakeLine.objects.bulk_create([
            StockTakeLine(stock_take=stocktake, copy=c,
                          note=IN_TRANSIT_NOTE if c.status == CopyStatus.IN_TRANSIT else "") for c in copies])
        ledger.record_event(
            "records.stocktake.start", actor=actor, unit=unit, obj=stocktake,
            description=f"Bắt đầu kiểm kê {unit.name} đến ngày {as_of:%d/%m/%Y}: {len(copies)} bản",
            payload={"as_of": as_of, "members": [m.pk for m in members], "copies": [c.pk for c in copies]})
    return stocktake


def mark_line(actor, line: StockTakeLine, presented: bool, note: str = "") -> StockTakeLine:
    """Presented (xuất trình được) or missing, with a note."""
    note = nfc(note or "").strip()
    with transaction.atomic():
        line = (StockTakeLine.objects.select_for_update(of=("self",))
                .select_related("stock_take", "stock_take__unit", "copy").get(pk=line.pk))
        stocktake = line.stock_take
        require_stocktake_keeper(actor, stocktake.unit, timezone.localdate())
        _require_open(stocktake)
        line.presented, line.note = bool(presented), note
        line.save(update_fields=["presented", "note"])
        ledger.record_event(
            "records.stocktake.mark", actor=actor, unit=stocktake.unit, obj=stocktake,
            description=f"Kiểm kê {line.copy}: {'có' if presented else 'không'} xuất trình",
            payload={"line": line.pk, "copy": line.copy_id, "presented": bool(presented), "note": note})
    return line


def sign_stocktake(actor, stocktake: StockTake, on: dt.date) -> StockTake:
    """Sign the record: every line must be marked; every missing copy becomes MISSING and
    opens a loss incident for the unit, due to be reported."""
    with transaction.atomic():
        stocktake = StockTake.objects.select_for_update(of=("self",)).select_related("unit").get(pk=stocktake.pk)
        require_stocktake_keeper(actor, stocktake.unit, on)
        _require_open(stocktake)
        lines = list(stocktake.lines.select_related("copy", "copy__item").order_by("pk"))
        unmarked = sum(1 for line in lines if line.presented is None)
        if unmarked:
            raise Refused(_("Còn %(count)s bản chưa kiểm; phải kiểm hết mới ký biên bản.") % {"count": unmarked},
                          rule="stocktake.all_lines", basis=STOCKTAKE_BASIS)
        incidents = []
        found = [line.copy for line in lines if line.presented and line.copy.status == CopyStatus.MISSING]
        for copy in found:
            # Missing at an earlier stock-take and presented now: held again; its incident stays for the record.
            custody.set_status(copy, CopyStatus.HELD)
        # A copy already missing with an open incident (an earlier stock-take) does not open a second one.
        already_open = set(Incident.objects.filter(copy__in=[line.copy for line in lines], kind=IncidentKind.LOSS,
                                                   closed_on__isnull=True).values_list("copy_id", flat=True))
        for line in (line for line in lines if line.presented is False and line.copy_id not in already_open):
            custody.set_status(line.copy, CopyStatus.MISSING)
            incident = Incident.objects.create(
                kind=IncidentKind.LOSS, unit=stocktake.unit, item=line.copy.item, copy=line.copy, stock_take=stocktake,
                opened_by=actor, opened_at=timezone.now(),
                description=f"Kiểm kê ngày {stocktake.as_of:%d/%m/%Y}: không xuất trình được {line.copy}"
                            + (f" ({line.note})" if line.note else ""))
            ledger.record_event(
                "records.incident.open", actor=actor, unit=stocktake.unit, obj=incident,
                description=f"Mở vụ việc mất {line.copy}", payload={"kind": IncidentKind.LOSS, "copy": line.copy_id,
                                                                     "item": line.copy.item_id,
                                                                     "stock_take": stocktake.pk})
            incidents.append(incident)
        stocktake.status, stocktake.signed_at, stocktake.signed_by = StockTakeStatus.SIGNED, timezone.now(), actor
        stocktake.save(update_fields=["status", "signed_at", "signed_by"])
        ledger.record_event(
            "records.stocktake.sign", actor=actor, unit=stocktake.unit, obj=stocktake,
            description=f"Ký biên bản kiểm kê {stocktake.unit.name} ngày {on:%d/%m/%Y}: {len(lines)} bản, "
                        f"{sum(1 for line in lines if not line.presented)} không xuất trình được",
            payload={"on": on, "lines": len(lines), "missing": [line.copy_id for line in lines if not line.presented],
                     "found_again": [c.pk for c in found],
                     "incidents": [i.pk for i in incidents],
                     "members": list(stocktake.members.values_list("pk", flat=True))})
    return stocktake


def report_incident(actor, incident: Incident, *, reported_on: dt.date, reported_to: str) -> Incident:
    """Record that the incident was reported (when, to whom)."""
    reported_to = nfc(reported_to or "").strip()
    if not reported_to:
        raise ValidationError({"reported_to": _("Cần ghi nơi, người nhận báo cáo.")})
    with transaction.atomic():
        incident = Incident.objects.select_for_update(of=("self",)).select_related("unit").get(pk=incident.pk)
        require_stocktake_keeper(actor, incident.unit, reported_on)
        if incident.reported_on is not None:
            raise Refused(_("Vụ việc này đã được báo cáo ngày %(on)s.") % {"on": f"{incident.reported_on:%d/%m/%Y}"},
                          rule="incident.already_reported", basis=INCIDENT_BASIS)
        incident.reported_on, incident.reported_to = reported_on, reported_to
        incident.save(update_fields=["reported_on", "reported_to"])
        ledger.record_event(
            "records.incident.report", actor=actor, unit=incident.unit, obj=incident,
            description=f"Báo cáo vụ việc {incident.get_kind_display().lower()} ngày {reported_on:%d/%m/%Y}",
            payload={"reported_on": reported_on, "reported_to": reported_to})
    return incident


def unit_incidents(unit):
    return Incident.objects.filter(unit=unit).select_related("copy", "item", "stock_take")
