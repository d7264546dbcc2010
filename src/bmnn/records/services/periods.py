"""Protection periods (thời hạn bảo vệ), their extension (gia hạn) and the adjustment of
an item's level (điều chỉnh độ mật): legal-rules.md §3, §4.9, rules F1, F2, F4.

- Expiry (F1). An item's protection period is set at classification from the rulebook
  (classification.protection_until: the level's base period counted from the date the
  level was determined; a shorter period only for an activity; none for a place, whose
  protection ends when it is released). `expiry_of` reads it, computing it the same way
  for items recorded with a classification date but no stored period.
- Extension (F2, Law 2018 Art. 20). Decided by the head of the body that classified the
  item (rulebook act `extend`), only on the ground that declassifying would harm national
  interests (Art. 20.1: the reason is required), no later than `extension_before_expiry`
  days (60) before the expiry, each time for no longer than the level's base period
  (`protection_periods.extension`, `extension_max_is_base_period`), as many times as
  needed. The item's period moves; written notices go to every holder within
  `extension_notice` days (15) and each acknowledgement is tracked (services.notices).
- Adjustment (F4, Art. 21). Up or down, by the head of the classifying body (act `adjust`;
  a deputy only where the regime lets the act be delegated or the body's own rule allows
  it — authorize() decides), citing an entry of a list valid on the date that allows the
  new level. The protection period is recomputed for the new level from the decision's
  date (see `_recomputed`). Copies in the classifying body's own storage take the new
  level with the decision; every other holder's copies keep the old marking
  (`Copy.marked_level`) until the holder acknowledges the notice (`adjustment_notice`).

"The body that classified" is `classifying_unit(item)`: see there.

Every act: input checked (ValidationError per field), item visible (404 otherwise),
authority from the rulebook on the decision's date, the law's conditions (Refused with the
rule and its citation), then the change, its ledger event and its notices in one
transaction. Reasons may speak of the content: the ledger gets their hash only."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import get_visible_or_404, today
from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.levels import Level, label, rank
from bmnn.core.text import nfc
from bmnn.org import selectors
from bmnn.org.models import Role
from bmnn.records.models import (Adjustment, Copy, CopyStatus, Extension, ItemKind, ItemStatus, NoticeAct,
                                 SecretItem, SecretListEntry)
from bmnn.records.services import notices
from bmnn.records.services.classification import protection_until
from bmnn.records.services.queues import AUTHORITY_SCAN_LIMIT, QUEUE_LIMIT, Queue, _visible_among
from bmnn.rulebook import authority, loader

EXTEND, ADJUST = "extend", "adjust"
# Items whose period is running: classified, issued or received (not proposals, not ended).
LIVE_STATUSES = (ItemStatus.CLASSIFIED, ItemStatus.ISSUED, ItemStatus.RECEIVED)
LIVE_COPY = (CopyStatus.HELD, CopyStatus.OUT, CopyStatus.IN_TRANSIT)


# --- Reading the rulebook and the item ---------------------------------------------------------

def _regime(on: dt.date):
    regime = loader.regime_on(on)
    if regime is None:
        raise Refused(_("Không có quy định về bảo vệ bí mật nhà nước nào được nạp cho ngày %(on)s.")
                      % {"on": format_date(on)}, rule="rulebook:no_regime")
    return regime


def classifying_unit(item: SecretItem):
    """The body whose head extends or adjusts the item (Law 2018 Arts. 20.2, 21).

    In bmnn the level is always decided for the item's holding unit (classification.decide
    and items.record_item ask authorize("classify", …, item.holding_unit)), and a copy
    delivered to another unit stays a copy of the same item, so the holding unit is the
    classifying body whenever the level was determined in this installation (`decided_by`
    set). An item registered on arrival from an outside body (no `decided_by`) was
    classified there: only that body may extend or adjust it, and this installation
    receives its notice. None in that case."""
    return item.holding_unit if item.decided_by_id else None


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months; the 31st (or 29/02) falls back to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def expiry_of(item: SecretItem) -> dt.date | None:
    """The last day of the item's protection, with every extension (rule F1). Items recorded
    with a classification date but no stored period get the rulebook's period for that
    date; a place (ends when released) and an item without a known date have none."""
    if item.protection_until:
        return item.protection_until
    if item.kind == ItemKind.PLACE or not item.classified_on:
        return None
    try:
        return protection_until(item.level, item.kind, item.classified_on)[0]
    except Refused:  # no regime loaded for that date (classified before 01/07/2020)
        return None


@dataclass(frozen=True)
class ExtensionWindow:
    """When an extension may still be decided, from the rulebook in force on `on`."""

    expires_on: dt.date | None
    last_day: dt.date | None  # the last day a decision may be dated
    days_left: int | None  # days from `on` to the expiry
    max_years: int  # the longest single extension (the level's base period)
    basis: str
    days_before: int = 60  # the rulebook's extension_before_expiry

    @property
    def open(self) -> bool:
        """Whether an extension dated `on` would still meet the deadline."""
        return self.days_left is not None and self.days_left >= self.days_before


def extension_window(item: SecretItem, on: dt.date) -> ExtensionWindow:
    regime = _regime(on)
    deadline = regime.deadlines["extension_before_expiry"]
    expires = expiry_of(item)
    return ExtensionWindow(
        expires_on=expires, last_day=expires - dt.timedelta(days=deadline.days) if expires else None,
        days_left=(expires - on).days if expires else None, max_years=_max_extension_years(regime, item.level),
        basis=deadline.citation, days_before=deadline.days)


def _max_extension_years(regime, level: str) -> int:
    rule = regime.period_rules.get("extension")
    cap = rule.values.get("max_years", "base_period") if rule else "base_period"
    return regime.levels[level].period_years if cap == "base_period" else int(cap)


# --- Shared checks -----------------------------------------------------------------------------

def _locked_live(person, item: SecretItem, act) -> SecretItem:
    """The item, visible to `person` (404 otherwise), locked, with a running period."""
    get_visible_or_404(SecretItem.objects.all(), person, pk=item.pk)
    item = (SecretItem.objects.select_for_update(of=("self",))
            .select_related("holding_unit", "list_entry__secret_list").get(pk=item.pk))
    if item.status not in LIVE_STATUSES:
        raise Refused(_("Tài liệu %(item)s đang ở trạng thái «%(status)s»: không thể %(what)s.")
                      % {"item": item.label, "status": item.get_status_display(), "what": act.name.lower()},
                      rule="periods.state", basis=act.citation)
    return item


def _require_classifying_unit(item: SecretItem, act):
    unit = classifying_unit(item)
    if unit is None:
        raise Refused(_("Tài liệu %(item)s do %(body)s xác định độ mật; chỉ người đứng đầu cơ quan đã xác định độ mật "
                        "mới được %(what)s. Cơ quan này chỉ nhận thông báo và ghi nhận trên bản mình giữ.")
                      % {"item": item.label, "body": item.issuing_body_external or _("cơ quan ngoài hệ thống"),
                         "what": act.name.lower()}, rule="periods.classifying_body", basis=act.citation)
    return unit


def _clean_decision(*, reason: str, decision_reference: str, on: dt.date | None, reason_message: str) -> dict:
    errors = {}
    if not reason:
        errors["reason"] = reason_message
    if not decision_reference:
        errors["decision_reference"] = _("Cần ghi số, ký hiệu quyết định.")
    if on is None:
        errors["decided_on"] = _("Cần ghi ngày quyết định.")
    elif on > today():
        # The date decides the 60-day rule and starts a recomputed period: never ahead.
        errors["decided_on"] = _("Ngày quyết định không được sau ngày hôm nay.")
    return errors


def _decision_fields(decision) -> dict:
    return {"authority_basis": decision.basis, "via": decision.via, "delegation_id": decision.delegation_id}


# --- Extension (gia hạn) -----------------------------------------------------------------------

def extend(decider, item: SecretItem, *, years: int, months: int = 0, reason: str, decision_reference: str,
           on: dt.date) -> Extension:
    """Extend the item's protection period by `years` and `months` from its current expiry."""
    reason, decision_reference = nfc(reason or "").strip(), nfc(decision_reference or "").strip()
    try:
        years, months = int(years or 0), int(months or 0)
    except (TypeError, ValueError):
        raise ValidationError({"years": _("Số năm, số tháng gia hạn phải là số.")}) from None
    errors = _clean_decision(reason=reason, decision_reference=decision_reference, on=on, reason_message=_(
        "Cần ghi lý do gia hạn: việc giải mật sẽ gây nguy hại đến lợi ích quốc gia, dân tộc (Điều 20 khoản 1)."))
    if years < 0 or not 0 <= months <= 11:
        errors["months"] = _("Số năm không âm; số tháng từ 0 đến 11.")
    elif years == 0 and months == 0:
        errors["years"] = _("Cần ghi thời gian gia hạn (số năm, số tháng).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        regime = _regime(on)
        act = regime.act(EXTEND)
        item = _locked_live(decider, item, act)
        unit = _require_classifying_unit(item, act)
        if item.kind == ItemKind.PLACE:
            rule = regime.period_rules["place"]
            raise Refused(_("Thời hạn bảo vệ địa điểm kết thúc khi cơ quan có thẩm quyền không còn sử dụng địa điểm "
                            "đó để chứa bí mật nhà nước; không gia hạn."), rule=rule.id, basis=rule.citation)
        decision = authority.authorize(decider, EXTEND, item.level, unit, on=on).require()
        window = extension_window(item, on)
        if window.expires_on is None:
            rule = regime.period_rules["start"]
            raise Refused(_("Tài liệu %(item)s chưa có thời hạn bảo vệ (chưa rõ ngày xác định độ mật), nên chưa thể "
                            "gia hạn.") % {"item": item.label}, rule="periods.no_period", basis=rule.citation)
        _require_deadline(regime, window, on)
        _require_length(regime, item, years, months)
        rule = regime.period_rules.get("extension")
        if rule is not None and not rule.values.get("repeatable", True) and item.extensions.exists():
            raise Refused(_("Thời hạn bảo vệ của tài liệu này đã được gia hạn; quy định không cho gia hạn nhiều lần."),
                          rule=rule.id, basis=rule.citation)
        new_until = add_months(window.expires_on, years * 12 + months)
        extension = Extension.objects.create(
            item=item, unit=unit, level=item.level, years=years, months=months, previous_until=window.expires_on,
            new_until=new_until, reason=reason, decision_reference=decision_reference, decided_by=decider,
            decided_on=on, **_decision_fields(decision))
        item.protection_until = new_until
        item.save(update_fields=["protection_until"])
        ledger.record_event(
            "records.period.extend", actor=decider, unit=item.holding_unit, obj=item,
            description=f"Gia hạn thời hạn bảo vệ {label(item.level)} {item.label} đến {new_until:%d/%m/%Y} "
                        f"(quyết định {decision_reference})",
            payload={"extension": extension.pk, "previous_until": window.expires_on, "new_until": new_until,
                     "years": years, "months": months, "decision_reference": decision_reference, "decided_on": on,
                     "reason": ledger.secret_hash(reason), "authority": decision.as_dict()})
        notices.issue_notices(decider, item, act=NoticeAct.EXTENSION, act_id=extension.pk, decided_on=on,
                              deadline_key="extension_notice")
    return extension


def _require_deadline(regime, window: ExtensionWindow, on: dt.date) -> None:
    """Art. 20.2: decided no later than 60 days before the expiry."""
    deadline = regime.deadlines["extension_before_expiry"]
    if on <= window.last_day:
        return
    values = {"days": deadline.days, "expiry": format_date(window.expires_on), "last": format_date(window.last_day),
              "on": format_date(on), "left": window.days_left}
    if window.days_left < 0:
        message = _("Thời hạn bảo vệ đã hết ngày %(expiry)s; không thể gia hạn (quyết định gia hạn phải chậm nhất "
                    "%(days)s ngày trước ngày hết thời hạn, tức là ngày %(last)s).") % values
    else:
        message = _("Quyết định gia hạn phải có chậm nhất %(days)s ngày trước ngày hết thời hạn bảo vệ (%(expiry)s), "
                    "tức là không muộn hơn ngày %(last)s; ngày %(on)s chỉ còn %(left)s ngày.") % values
    raise Refused(message, rule=deadline.id, basis=deadline.citation, field="decided_on")


def _require_length(regime, item: SecretItem, years: int, months: int) -> None:
    """Art. 20.2: each extension no longer than the level's base period."""
    requirement = regime.requirements["extension_max_is_base_period"]
    if not requirement.value:
        return
    cap = _max_extension_years(regime, item.level)
    if years * 12 + months > cap * 12:
        raise Refused(_("Mỗi lần gia hạn không quá thời hạn bảo vệ của độ %(level)s (%(cap)s năm); không thể gia hạn "
                        "%(years)s năm %(months)s tháng.")
                      % {"level": Level(item.level).label, "cap": cap, "years": years, "months": months},
                      rule=requirement.id, basis=requirement.citation, field="years")


def may_extend(person, item: SecretItem, on: dt.date) -> bool:
    """Whether the page offers the extension form to `person` (the service checks again)."""
    unit = classifying_unit(item)
    if unit is None or item.status not in LIVE_STATUSES or item.kind == ItemKind.PLACE:
        return False
    return authority.authorize(person, EXTEND, item.level, unit, on=on).allowed


# --- Adjustment (điều chỉnh độ mật) ------------------------------------------------------------

def adjust(decider, item: SecretItem, *, to_level: str, list_entry: SecretListEntry | None, reason: str,
           decision_reference: str, on: dt.date, summary_consent: bool = False,
           remove_summary: bool = False) -> Adjustment:
    """Raise or lower the item's level to `to_level`, citing `list_entry`.

    A summary that the new level may not carry (Tuyệt mật: never under the 2026 regime;
    with the classifier's consent under 2018) is refused unless the decider removes it
    (`remove_summary`) or, where the regime allows it, consents (`summary_consent`)."""
    reason, decision_reference = nfc(reason or "").strip(), nfc(decision_reference or "").strip()
    errors = _clean_decision(reason=reason, decision_reference=decision_reference, on=on,
                             reason_message=_("Cần ghi lý do điều chỉnh độ mật."))
    if to_level not in Level.values:
        errors["to_level"] = _("Độ mật «%(level)s» không hợp lệ.") % {"level": to_level}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        regime = _regime(on)
        act = regime.act(ADJUST)
        item = _locked_live(decider, item, act)
        unit = _require_classifying_unit(item, act)
        from_level = item.level
        if to_level == from_level:
            raise Refused(_("Tài liệu đang ở độ %(level)s; điều chỉnh độ mật là nâng hoặc hạ độ mật.")
                          % {"level": Level(from_level).label}, rule="periods.adjust_same_level",
                          basis=act.citation, field="to_level")
        # Deciding about both levels: the authority must cover the higher one.
        higher = to_level if rank(to_level) > rank(from_level) else from_level
        decision = authority.authorize(decider, ADJUST, higher, unit, on=on).require()
        _require_list_entry(regime, act, list_entry, to_level, on)
        removed = _summary_for(item, to_level, on, consent=summary_consent, remove=remove_summary)
        previous_until = expiry_of(item)
        new_until, period_basis = _recomputed(regime, item, to_level, on)
        adjustment = Adjustment.objects.create(
            item=item, unit=unit, from_level=from_level, to_level=to_level, list_entry=list_entry,
            previous_until=previous_until, new_until=new_until, period_basis=period_basis, summary_removed=removed,
            reason=reason, decision_reference=decision_reference, decided_by=decider, decided_on=on,
            **_decision_fields(decision))
        item.level, item.list_entry, item.protection_until = to_level, list_entry, new_until
        item.save(update_fields=["level", "list_entry", "protection_until", "summary_encrypted"])
        remarked, waiting = _mark_copies_on_decision(item, from_level)
        ledger.record_event(
            "records.period.adjust", actor=decider, unit=item.holding_unit, obj=item,
            description=f"Điều chỉnh độ mật {item.label} từ {label(from_level)} thành {label(to_level)} "
                        f"(quyết định {decision_reference})",
            payload={"adjustment": adjustment.pk, "from_level": from_level, "to_level": to_level,
                     "list_entry": list_entry.pk, "previous_until": previous_until, "new_until": new_until,
                     "decision_reference": decision_reference, "decided_on": on,
                     "reason": ledger.secret_hash(reason), "summary_removed": removed,
                     "copies_remarked": remarked, "copies_awaiting_notice": waiting,
                     "authority": decision.as_dict()})
        notices.issue_notices(decider, item, act=NoticeAct.ADJUSTMENT, act_id=adjustment.pk, decided_on=on,
                              deadline_key="adjustment_notice")
    return adjustment


def _require_list_entry(regime, act, entry: SecretListEntry | None, level: str, on: dt.date) -> None:
    """Art. 21: adjusting is based on the list; the cited entry must be in force on the
    date and allow the new level (its `level` is the highest it allows)."""
    requirement = regime.requirements["list_entry_required"]
    basis = f"{act.citation}; {requirement.citation}"
    if entry is None:
        raise Refused(_("Điều chỉnh độ mật phải căn cứ một mục trong danh mục bí mật nhà nước: ghi mục danh mục."),
                      rule="periods.adjust_list_entry", basis=basis, field="list_entry")
    if not (entry.is_valid_on(on) and entry.secret_list.is_valid_on(on)):
        raise Refused(_("Mục %(number)s của danh mục %(list)s không còn (hoặc chưa) hiệu lực ngày %(on)s.")
                      % {"number": entry.number, "list": entry.secret_list.code, "on": format_date(on)},
                      rule="periods.adjust_list_entry", basis=basis, field="list_entry")
    if rank(level) > rank(entry.level):
        raise Refused(_("Mục %(number)s của danh mục %(list)s chỉ cho phép đến độ %(entry_level)s, không thể điều "
                        "chỉnh thành độ %(level)s.")
                      % {"number": entry.number, "list": entry.secret_list.code,
                         "entry_level": Level(entry.level).label, "level": Level(level).label},
                      rule="periods.adjust_list_entry", basis=basis, field="list_entry")


def _summary_for(item: SecretItem, level: str, on: dt.date, *, consent: bool, remove: bool) -> bool:
    """Rule B2 for the new level. Returns whether the summary was removed."""
    if not item.summary:
        return False
    rule = authority.summary_rule(level, on=on)
    if rule.allows(consent=consent):
        return False
    if remove:
        item.summary = ""
        return True
    try:
        rule.require(has_summary=True, consent=consent)
    except Refused as refusal:
        raise Refused(refusal.message + " " + _("Xóa trích yếu cùng với quyết định điều chỉnh (chọn «Xóa trích yếu»)"
                                                " hoặc không nâng độ mật."),
                      rule=refusal.rule, basis=refusal.basis, field="remove_summary") from None
    return False  # pragma: no cover - require() raised


def _recomputed(regime, item: SecretItem, level: str, on: dt.date) -> tuple[dt.date | None, str]:
    """The period after an adjustment, with its basis.

    Law 2018 Art. 19.1 counts the period "from the date the level is determined"; an
    adjustment determines the level anew (Art. 21), so the new level's base period runs
    from the adjustment decision, by the rulebook in force on that date (the same
    classification.protection_until as at classification). Earlier extensions are thereby
    superseded. A place keeps no period (it ends when released); an activity whose shorter
    period was written at classification keeps that date while it is still shorter."""
    start = regime.period_rules["start"]
    if item.kind == ItemKind.PLACE:
        return None, regime.period_rules["place"].citation
    base, _shortened = protection_until(level, item.kind, on)
    if item.protection_shortened and item.protection_until and item.protection_until < base:
        return item.protection_until, regime.period_rules["activity"].citation
    return base, start.citation


def _mark_copies_on_decision(item: SecretItem, from_level: str) -> tuple[list[int], list[int]]:
    """The classifying body re-marks the copies in its own storage with the decision; every
    other live copy keeps the level stamped on it until its holder acknowledges the notice."""
    live = Copy.objects.filter(item=item, status__in=LIVE_COPY)
    own = live.filter(custodian_person__isnull=True, custodian_unit_id=item.holding_unit_id)
    remarked = list(own.values_list("pk", flat=True))
    own.update(marked_level=None)
    elsewhere = live.exclude(pk__in=remarked)
    waiting = list(elsewhere.values_list("pk", flat=True))
    elsewhere.filter(marked_level__isnull=True).update(marked_level=from_level)
    return remarked, waiting


@notices.on_acknowledged(NoticeAct.ADJUSTMENT)
def remark_acknowledged_copies(notice, actor, on: dt.date) -> None:
    """The holder has stamped the new level on its copies (Art. 21): from now on they carry
    the item's level. A notice of an earlier adjustment acknowledged after a later one
    never takes a copy back to an older marking."""
    adjustment = Adjustment.objects.get(pk=notice.act_id)
    latest = Adjustment.objects.filter(item_id=notice.item_id).order_by("-pk").values_list("pk", flat=True).first()
    pending = Copy.objects.filter(pk__in=notice.copies.values("pk"), marked_level__isnull=False)
    copies = list(pending.order_by("origin", "number"))
    if not copies:
        return
    pending.update(marked_level=None if adjustment.pk == latest else adjustment.to_level)
    ledger.record_event(
        "records.copy.remark", actor=actor, unit=notice.recipient_unit or notice.item.holding_unit, obj=notice.item,
        description=f"{notice.recipient_name} ghi nhận độ mật {label(adjustment.to_level)} trên "
                    f"{len(copies)} bản của {notice.item.label}",
        payload={"notice": notice.pk, "adjustment": adjustment.pk, "to_level": adjustment.to_level,
                 "copies": [c.pk for c in copies], "on": on})


def may_adjust(person, item: SecretItem, on: dt.date) -> bool:
    """Whether the page offers the adjustment form (the authority at the current level)."""
    unit = classifying_unit(item)
    if unit is None or item.status not in LIVE_STATUSES:
        return False
    return authority.authorize(person, ADJUST, item.level, unit, on=on).allowed


# --- Reading ---------------------------------------------------------------------------------------

def visible_extensions(person):
    return (Extension.objects.filter(item__in=SecretItem.objects.visible_to(person).values("pk"))
            .select_related("item", "unit", "decided_by", "delegation"))


def visible_adjustments(person):
    return (Adjustment.objects.filter(item__in=SecretItem.objects.visible_to(person).values("pk"))
            .select_related("item", "unit", "decided_by", "delegation", "list_entry__secret_list"))


def history(item: SecretItem) -> dict:
    """What the item page shows (the item is already visible to the reader)."""
    extensions = list(item.extensions.select_related("decided_by", "delegation").order_by("decided_on", "pk"))
    adjustments = list(item.adjustments.select_related("decided_by", "delegation", "list_entry__secret_list")
                       .order_by("decided_on", "pk"))
    pending = notices.pending_by_act(item)
    return {
        "extensions": extensions, "adjustments": adjustments,
        "latest_extension": extensions[-1] if extensions else None,
        "latest_adjustment": adjustments[-1] if adjustments else None,
        "unmarked_copies": list(item.copies.filter(marked_level__isnull=False, status__in=LIVE_COPY)
                                .select_related("custodian_person", "custodian_unit")),
        "pending_extension_notices": pending.get(NoticeAct.EXTENSION, 0),
        "pending_adjustment_notices": pending.get(NoticeAct.ADJUSTMENT, 0),
    }


# --- What needs action ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ExpiringRow:
    item: SecretItem
    expires_on: dt.date
    last_day: dt.date  # the last day an extension may be dated
    extendable: bool
    may_extend: bool


def queues(person, on: dt.date) -> list[Queue]:
    """`periods_expiring`: items whose protection ends soon, for the heads who may extend them
    and the security officers of their unit (or a unit above).

    "Soon" is `extension_before_expiry` + `expiry_alert` days (60 + 60): the alert comes
    60 days before the last day an extension may be decided, and the item stays in the
    queue until it expires (then automatic declassification takes over), marked as no
    longer extendable once that last day has passed."""
    if not getattr(person, "is_authenticated", False):
        return [Queue("periods_expiring")]
    regime = loader.regime_on(on)
    if regime is None:
        return [Queue("periods_expiring")]
    before, alert = regime.deadlines["extension_before_expiry"].days, regime.deadlines["expiry_alert"].days
    horizon = on + dt.timedelta(days=before + alert)
    candidates = SecretItem.objects.filter(status__in=LIVE_STATUSES, protection_until__gte=on,
                                           protection_until__lte=horizon).order_by("protection_until", "pk")
    visible = SecretItem.objects.visible_to(person, on)
    ids = _visible_among(visible, candidates.values_list("pk", flat=True))
    fetched = list(SecretItem.objects.filter(pk__in=ids).select_related("holding_unit")
                   .order_by("protection_until", "pk")[: AUTHORITY_SCAN_LIMIT + 1])
    officer_units: dict[int, bool] = {}
    answers: dict[tuple[str, int], bool] = {}
    rows = []
    for item in fetched[:AUTHORITY_SCAN_LIMIT]:
        unit = classifying_unit(item)
        may = False
        if unit is not None:
            key = (item.level, unit.pk)
            if key not in answers:
                answers[key] = authority.authorize(person, EXTEND, item.level, unit, on=on).allowed
            may = answers[key]
        if not may:
            if item.holding_unit_id not in officer_units:
                officer_units[item.holding_unit_id] = selectors.holds_role(
                    person, Role.SECURITY_OFFICER, [item.holding_unit_id], on)
            if not officer_units[item.holding_unit_id]:
                continue
        last_day = item.protection_until - dt.timedelta(days=before)
        rows.append(ExpiringRow(item=item, expires_on=item.protection_until, last_day=last_day,
                                extendable=on <= last_day and item.kind != ItemKind.PLACE, may_extend=may))
    more = len(fetched) > AUTHORITY_SCAN_LIMIT or len(rows) > QUEUE_LIMIT
    return [Queue("periods_expiring", rows=rows[:QUEUE_LIMIT], count=len(rows), more=more)]

