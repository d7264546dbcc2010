"""Declassification (giải mật): Law 2018 Art. 22; legal-rules.md §3, §4.10, rules F3, F5.

Three grounds, three ways in:
- (a) the protection period (with any extension) has ended: `bmnn tick` step
  `declass.expired` declassifies every such item, automatically (Art. 22.2). The Law sets
  no notice duty for (a), so none is created. Places (kind PLACE) have no date and are
  never touched: their protection ends when the place is released (Art. 19.3).
- (c) the list entry it was classified under is removed: `remove_list_entry` (the system
  administrator, who loads the lists) declassifies every item under it at once, records it
  and creates the written notices due the same day (Art. 22.3: «ngay»). Entries ended by
  reloading a list (services/lists.py gives them `valid_to`) are caught by the tick step
  `declass.list_removed`, with the same effect.
- (b) by decision: the head of the classifying body sets up a declassification council
  (services/councils.py), the council meets and its minutes are recorded, then the head
  decides (`decide_declassification`), fully or partially; notices within 15 days
  (Art. 22.4–22.6). A partial declassification leaves the item secret and says exactly what
  is released; only a full one earns the "GIẢI MẬT – Từ: …" stamp (TT 24 Mẫu 05).

A fully declassified item keeps its copies, its register lines and its visibility; it is
no longer a state secret, so the acts that only make sense for a secret (extension,
adjustment, another declassification) are refused through `require_still_secret`.

Every change and its ledger event share one transaction; the released content (which
describes the item's content) goes to the ledger only as a hash."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.core.levels import label
from bmnn.core.text import nfc
from bmnn.org.models import Unit
from bmnn.org.services import require_admin
from bmnn.records.models import (
    Council, CouncilKind, CouncilStatus, Declassification, DeclassificationGround, ItemKind, ItemStatus, NoticeAct,
    SecretItem, SecretListEntry,
)
from bmnn.records.services import councils, notices, tick
from bmnn.records.services.queues import Queue, _authorized
from bmnn.records.services.reproduction import _cite
from bmnn.rulebook import authority

ACT = "declassify"
# The states in which an item is a state secret in force (proposals are not yet secrets).
SECRET = (ItemStatus.CLASSIFIED, ItemStatus.ISSUED, ItemStatus.RECEIVED)
ARTICLE = {DeclassificationGround.EXPIRED: "Điều 22 khoản 2",
           DeclassificationGround.LIST_REMOVAL: "Điều 22 khoản 3",
           DeclassificationGround.DECISION: "Điều 22 khoản 4"}


def basis(ground: str, on: dt.date) -> str:
    return _cite(on, "LAW_2018", ARTICLE[ground])


def _item_label(pk: int, reference: str) -> str:
    return reference or f"#{pk}"


def require_still_secret(item: SecretItem, on: dt.date, what: str) -> None:
    """For the acts that only make sense for a secret in force (extension, adjustment,
    declassification): refused once the item is declassified."""
    if item.status == ItemStatus.DECLASSIFIED:
        done = Declassification.objects.filter(item=item, partial=False).first()
        if done:
            message = _("Tài liệu %(item)s đã được giải mật từ ngày %(on)s, không còn là bí mật nhà nước nên không "
                        "thể %(what)s.") % {"item": item.label, "on": f"{done.effective_on:%d/%m/%Y}", "what": what}
        else:
            message = _("Tài liệu %(item)s đã được giải mật, không còn là bí mật nhà nước nên không thể %(what)s.") % {
                "item": item.label, "what": what}
        raise Refused(message,
                      rule="declass.already_declassified", basis=basis(DeclassificationGround.EXPIRED, on))


def _require_secret_state(item: SecretItem, on: dt.date) -> None:
    require_still_secret(item, on, _("giải mật lần nữa"))
    if item.status not in SECRET:
        raise Refused(_("Tài liệu %(item)s đang ở trạng thái «%(status)s»: chỉ giải mật tài liệu đã được xác định độ "
                        "mật và chưa tiêu hủy.") % {"item": item.label, "status": item.get_status_display()},
                      rule="declass.state", basis=basis(DeclassificationGround.DECISION, on))


# --- (b) By decision, after the council ---------------------------------------------------------

def decide_declassification(actor, item: SecretItem, *, council: Council | None, partial: bool = False,
                            released_content: str = "", reference: str, reason: str = "", other_papers: str = "",
                            on: dt.date) -> Declassification:
    """The head of the classifying body declassifies `item` after `council` has reported.
    Partial: the item stays secret and `released_content` states exactly what is released."""
    reference, reason = nfc(reference or "").strip(), nfc(reason or "").strip()
    released_content, other_papers = nfc(released_content or "").strip(), nfc(other_papers or "").strip()
    errors = {}
    if council is None:
        errors["council"] = _("Cần chọn Hội đồng giải mật đã họp và có biên bản.")
    if not reference:
        errors["reference"] = _("Cần ghi số quyết định giải mật.")
    if partial and not released_content:
        errors["released_content"] = _("Giải mật một phần phải ghi rõ nội dung được giải mật.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Someone who may not know of the item gets the same answer as for no item.
        get_visible_or_404(SecretItem.objects.all(), actor, pk=item.pk)
        item = SecretItem.objects.select_for_update(of=("self",)).select_related("holding_unit").get(pk=item.pk)
        _require_secret_state(item, on)
        decision = authority.authorize(actor, ACT, item.level, item.holding_unit, on=on).require()
        council = Council.objects.select_for_update(of=("self",)).select_related("unit").get(pk=council.pk)
        councils.require_reported(council, CouncilKind.DECLASSIFICATION, item, on)
        if on < council.met_on:
            raise ValidationError({"council": _("Ngày quyết định không được trước ngày họp hội đồng (%(date)s).")
                                   % {"date": f"{council.met_on:%d/%m/%Y}"}})
        cite = basis(DeclassificationGround.DECISION, on)
        row = Declassification.objects.create(
            item=item, ground=DeclassificationGround.DECISION, partial=partial,
            released_content=released_content if partial else "", level=item.level, unit=item.holding_unit,
            council=council, reference=reference, decided_by=actor, decided_on=on, authority_basis=decision.basis,
            reason=reason, basis=cite, effective_on=on, other_papers=other_papers, recorded_by=actor)
        if not partial:
            item.status = ItemStatus.DECLASSIFIED
            item.save(update_fields=["status"])
        what = "Giải mật một phần" if partial else "Giải mật"
        ledger.record_event(
            "records.declass.decide", actor=actor, unit=item.holding_unit, obj=item,
            description=f"{what} {label(item.level)} {item.label} theo quyết định {reference} "
                        f"(hội đồng {council.reference})",
            payload={"declassification": row.pk, "ground": row.ground, "partial": partial,
                     "released_content": ledger.secret_hash(released_content) if partial else None,
                     "council": council.pk, "reference": reference, "on": on, "effective_on": on,
                     "reason": ledger.secret_hash(reason) if reason else None, "other_papers": other_papers,
                     "rule": decision.rule, "basis": decision.basis, "citation": cite})
        notices.issue_notices(actor, item, act=NoticeAct.DECLASSIFICATION, act_id=row.pk, decided_on=on,
                              deadline_key="declassification_notice")
        if not _pending_items(council).exists():
            councils.close(council)
    return row


def _pending_items(council: Council):
    """The council's items still waiting for the head's decision."""
    decided = Declassification.objects.filter(council=council).values("item_id")
    return council.items.filter(status__in=SECRET).exclude(pk__in=decided)


def may_decide(person, item: SecretItem, on: dt.date) -> bool:
    """Whether the item page offers the decision (the service checks again)."""
    return item.status in SECRET and authority.authorize(person, ACT, item.level, item.holding_unit, on=on).allowed


def reported_councils(person, item: SecretItem, on: dt.date):
    """Declassification councils the person may see that reviewed `item` and have their minutes."""
    return (councils.visible_councils(person, on)
            .filter(kind=CouncilKind.DECLASSIFICATION, status=CouncilStatus.REPORTED, items=item)
            .order_by("-met_on", "-pk"))


# --- (c) Removal from the list -----------------------------------------------------------------

def _declassify_for_removal(actor, item: SecretItem, *, ground: str, on: dt.date, effective_on: dt.date,
                              unit: Unit, list_entry=None, reason: str = "") -> Declassification:
    """One item, inside the caller's transaction: row, status, ledger event (and, for a removal
    from the list, the notices due the same day)."""
    cite = basis(ground, on)
    row = Declassification.objects.create(
        item=item, ground=ground, level=item.level, unit=unit, decided_on=on, effective_on=effective_on,
        list_entry=list_entry, reason=reason, basis=cite, recorded_by=actor)
    SecretItem.objects.filter(pk=item.pk).update(status=ItemStatus.DECLASSIFIED)
    item.status = ItemStatus.DECLASSIFIED
    ledger.record_event(
        "records.declass.list_removal", actor=actor, unit=unit, obj=item,
        description=f"Giải mật {label(item.level)} {_item_label(item.pk, item.reference)}: mục "
                    f"{list_entry.number} danh mục {list_entry.secret_list.code} không còn thuộc danh mục",
        payload={"declassification": row.pk, "ground": ground, "list_entry": list_entry.pk, "on": on,
                 "effective_on": effective_on, "level": item.level, "basis": cite})
    notices.issue_notices(actor, item, act=NoticeAct.LIST_REMOVAL, act_id=row.pk, decided_on=on,
                          deadline_key="list_removal_notice")
    return row


def _declassify_entry_items(actor, entry: SecretListEntry, *, on: dt.date, reason: str) -> list[Declassification]:
    effective_on = entry.valid_to + dt.timedelta(days=1)
    items = (SecretItem.objects.select_for_update(of=("self",)).filter(list_entry=entry, status__in=SECRET)
             .select_related("holding_unit").order_by("pk"))
    return [_declassify_for_removal(actor, item, ground=DeclassificationGround.LIST_REMOVAL, on=on,
                                      effective_on=effective_on, unit=item.holding_unit, list_entry=entry,
                                      reason=reason) for item in items]


def remove_list_entry(actor, entry: SecretListEntry, *, on: dt.date, reason: str) -> list[Declassification]:
    """Record that `entry` is no longer in its list from `on` (the system administrator, who
    loads the lists): every item classified under it is declassified at once, recorded, and
    written notices are due the same day (Art. 22.3)."""
    reason = nfc(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi căn cứ đưa mục ra khỏi danh mục (số, ngày quyết định sửa đổi "
                                           "danh mục).")})
    require_admin(actor, _("đưa một mục ra khỏi danh mục bí mật nhà nước"))
    with transaction.atomic():
        entry = (SecretListEntry.objects.select_for_update(of=("self",)).select_related("secret_list")
                 .get(pk=entry.pk))
        if not entry.is_valid_on(on):
            raise Refused(_("Mục %(number)s danh mục %(list)s không có hiệu lực ngày %(on)s (đã bị bỏ hoặc chưa có "
                            "hiệu lực).") % {"number": entry.number, "list": entry.secret_list.code,
                                             "on": f"{on:%d/%m/%Y}"},
                          rule="declass.list_entry_state", basis=basis(DeclassificationGround.LIST_REMOVAL, on))
        entry.valid_to = on - dt.timedelta(days=1)
        entry.save(update_fields=["valid_to"])
        ledger.record_event(
            "records.list.entry_remove", actor=actor, obj=entry,
            description=f"Đưa mục {entry.number} ra khỏi danh mục {entry.secret_list.code} từ ngày {on:%d/%m/%Y}",
            payload={"list": entry.secret_list_id, "number": entry.number, "valid_to": entry.valid_to,
                     "reason": reason, "basis": basis(DeclassificationGround.LIST_REMOVAL, on)})
        return _declassify_entry_items(actor, entry, on=on, reason=reason)


def live_entries():
    """Entries that may be removed (for the form): valid today or later."""
    return SecretListEntry.objects.filter(valid_to__isnull=True).select_related("secret_list").order_by(
        "secret_list__code", "number")


@tick.step("declass.list_removed", "Giải mật tài liệu thuộc mục đã bị bỏ khỏi danh mục", order=20)
def declassify_removed_from_list(on: dt.date, progress=None) -> int:
    """Entries ended by reloading a list (lists.load_list gives them `valid_to`): their items
    are declassified as `remove_list_entry` would have done, with the same-day notices."""
    due = SecretItem.objects.filter(status__in=SECRET, list_entry__valid_to__lt=on)
    changed = 0
    for ids in tick.batches(due, size=200):
        with transaction.atomic():
            for item in (SecretItem.objects.select_for_update(of=("self",))
                         .filter(pk__in=ids, status__in=SECRET, list_entry__valid_to__lt=on)
                         .select_related("holding_unit", "list_entry", "list_entry__secret_list")):
                entry = item.list_entry
                _declassify_for_removal(None, item, ground=DeclassificationGround.LIST_REMOVAL, on=on,
                                          effective_on=entry.valid_to + dt.timedelta(days=1),
                                          unit=item.holding_unit, list_entry=entry,
                                          reason=_("Mục bị bỏ khi nạp lại danh mục"))
                changed += 1
        if progress:
            progress(len(ids))
    return changed


# --- (a) End of the protection period ------------------------------------------------------

def expired_q(on: dt.date) -> Q:
    """Secrets whose period (with extensions, which move protection_until) ended before `on`."""
    return Q(status__in=SECRET, protection_until__lt=on) & ~Q(kind=ItemKind.PLACE)


@tick.step("declass.expired", "Tự động giải mật tài liệu hết thời hạn bảo vệ", order=10)
def declassify_expired(on: dt.date, progress=None) -> int:
    """Ground (a), for every item at once, a batch per transaction: one UPDATE of the
    batch's status, one bulk INSERT of its Declassification rows, and one ledger event
    per item — all in the batch's transaction. A second run the same day finds nothing."""
    cite = basis(DeclassificationGround.EXPIRED, on)
    units: dict[int, Unit] = {}
    changed = 0
    for ids in tick.batches(SecretItem.objects.filter(expired_q(on)), size=tick.BATCH):
        with transaction.atomic():
            # Re-read under lock: an extension decided meanwhile has moved protection_until.
            rows = list(SecretItem.objects.select_for_update().filter(expired_q(on), pk__in=ids).order_by("pk")
                        .values_list("pk", "reference", "level", "holding_unit_id", "protection_until"))
            if rows:
                missing = {r[3] for r in rows} - units.keys()
                if missing:
                    units.update(Unit.objects.in_bulk(missing))
                SecretItem.objects.filter(pk__in=[r[0] for r in rows]).update(status=ItemStatus.DECLASSIFIED)
                made = Declassification.objects.bulk_create([
                    Declassification(item_id=pk, ground=DeclassificationGround.EXPIRED, level=level,
                                     unit_id=unit_id, decided_on=on, effective_on=until + dt.timedelta(days=1),
                                     basis=cite)
                    for pk, _ref, level, unit_id, until in rows])
                for row, (pk, reference, level, unit_id, until) in zip(made, rows):
                    ledger.record_event(
                        "records.declass.expired", unit=units[unit_id], object_type="records.secretitem",
                        object_id=pk,
                        description=f"Tự động giải mật {label(level)} {_item_label(pk, reference)}: hết thời hạn "
                                    f"bảo vệ ngày {until:%d/%m/%Y}",
                        payload={"declassification": row.pk, "ground": DeclassificationGround.EXPIRED,
                                 "protection_until": until, "effective_on": until + dt.timedelta(days=1),
                                 "on": on, "level": level, "basis": cite})
                changed += len(rows)
        if progress:
            progress(len(ids))
    return changed


# --- Reading ---------------------------------------------------------------------------------

def visible_declassifications(person, on: dt.date | None = None):
    visible = SecretItem.objects.visible_to(person, on).values("pk")
    return (Declassification.objects.filter(item__in=visible)
            .select_related("item", "unit", "council", "decided_by", "list_entry", "list_entry__secret_list"))


def get_declassification_or_404(person, pk: int, on: dt.date | None = None) -> Declassification:
    row = visible_declassifications(person, on).filter(pk=pk).first()
    if row is None:
        raise Http404(_("Không tìm thấy."))
    return row


def dossier(row: Declassification) -> list[tuple[str, str, dt.date | None]]:
    """The hồ sơ giải mật (Art. 22.5) as a list of papers: (what, reference, date)."""
    papers = []
    if row.council_id:
        council = row.council
        papers.append((_("Quyết định thành lập Hội đồng giải mật"), council.reference, council.established_on))
    papers.append((_("Tài liệu, vật chứa bí mật nhà nước đề nghị giải mật"), row.item.label, row.item.issued_on))
    if row.council_id:
        papers.append((_("Biên bản họp Hội đồng giải mật"), row.council.minutes_reference, row.council.met_on))
        papers.append((_("Quyết định giải mật"), row.reference, row.decided_on))
    for line in row.other_papers.splitlines():
        if line.strip():
            papers.append((_("Giấy tờ khác"), line.strip(), None))
    return papers


def full_declassification(item: SecretItem) -> Declassification | None:
    return Declassification.objects.filter(item=item, partial=False).first()


def queues(person, on: dt.date) -> list[Queue]:
    """Declassification councils that have reported and wait for this person's decision."""
    waiting = (councils.visible_councils(person, on)
               .filter(kind=CouncilKind.DECLASSIFICATION, status=CouncilStatus.REPORTED)
               .order_by("met_on", "pk"))
    return [_authorized("declass_to_decide", person, waiting, ACT, lambda c: c.level, lambda c: c.unit_id, on)]
