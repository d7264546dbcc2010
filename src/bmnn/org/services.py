"""The acts of the organisation app: the only code that changes org data.

Every act runs in one transaction with its ledger event, so either both are
written or neither. Three kinds of failure, kept apart on purpose:

- `Refused` — the act is not allowed to this actor (org admin acts, recording on
  someone else's behalf) or by the law (authority, delegation, checked by the
  rulebook, not here). Carries rule id and basis; the API turns it into 403.
- `ValidationError` — the data do not make sense (dates out of order, a unit
  that does not exist on the date). Keyed by field so forms can show it; the
  API turns it into 400.
- anything else is a bug.

Free text is normalised to NFC before it is stored or compared; the folded
search copy and the sort key are maintained by the models' save()."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bmnn.core import text
from bmnn.core.errors import Refused
from bmnn.core.ledger import record_event
from bmnn.core.levels import Level, rank
from bmnn.org import guards, selectors
from bmnn.org.selectors import is_admin
from bmnn.org.models import (AccessAssignment, Commitment, Delegation, Person, Position, Role, Tenure, Unit,
                             UnitKind)

OPERATING_RULES = "Quy chế vận hành hệ thống bmnn của cơ quan"
COMMITMENT_BASIS = "Điều 26 Luật Bảo vệ bí mật nhà nước 2018; Điều 7 Nghị định 26/2020/NĐ-CP"
ASSIGNMENT_BASIS = "Điều 7 Nghị định 26/2020/NĐ-CP; Điều 26 Luật Bảo vệ bí mật nhà nước 2018"
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


# --- Shared checks ------------------------------------------------------------------

def require_admin(actor, what: str) -> None:
    """Org structure and accounts are managed by the system administrator only."""
    if not is_admin(actor):
        raise Refused(_("Chỉ quản trị hệ thống mới được %(what)s.") % {"what": what}, rule="org.admin_only",
                      basis=f"{OPERATING_RULES} (quản lý tổ chức và tài khoản)")


def require_self_or_officer(actor, principal, unit_ids, *, what: str, rule: str) -> None:
    """Recording a paper decision in the system: by the person who signed it, or by a
    state-secret officer of the unit (or the administrator) on their behalf."""
    today = timezone.localdate()
    if actor is not None and getattr(actor, "is_authenticated", False) and (
            actor.pk == getattr(principal, "pk", None) or is_admin(actor)
            or selectors.is_security_officer(actor, unit_ids, today)):
        return
    raise Refused(_("Chỉ người ký văn bản, cán bộ bảo mật của đơn vị hoặc quản trị hệ thống mới được %(what)s.")
                  % {"what": what},
                  rule=rule, basis=f"{OPERATING_RULES} (ghi nhận văn bản vào hệ thống)")


def _authority():
    # Imported when used: the rulebook app imports org models, not the other way round.
    from bmnn.rulebook import authority
    return authority


def check_dates(valid_from: dt.date | None, valid_to: dt.date | None, *, to_field: str = "valid_to") -> None:
    if valid_from is None:
        raise ValidationError({"valid_from": _("Cần có ngày bắt đầu hiệu lực.")})
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({to_field: _("Ngày kết thúc không được trước ngày bắt đầu.")})


def overlaps(a_from: dt.date, a_to: dt.date | None, b_from: dt.date, b_to: dt.date | None) -> bool:
    return (b_to is None or a_from <= b_to) and (a_to is None or b_from <= a_to)


def _clean(value):
    """NFC for text; everything else unchanged."""
    return text.nfc(value) if isinstance(value, str) else value


def _value(obj, name: str):
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return sorted(obj.pk and getattr(obj, name).values_list("pk", flat=True) or [])
    value = getattr(obj, field.attname)
    return value.isoformat() if isinstance(value, dt.date) else value


def snapshot(obj, names: Iterable[str]) -> dict:
    """Non-secret field values for the ledger payload (foreign keys as ids)."""
    return {name: _value(obj, name) for name in names}


def _diff(before: dict, after: dict) -> dict:
    changed = [k for k in after if before.get(k) != after.get(k)]
    return {"before": {k: before.get(k) for k in changed}, "after": {k: after[k] for k in changed}}


def _apply(obj, changes: dict, allowed: Iterable[str]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(_("Không sửa được các trường: %(values)s.") % {"values": ', '.join(sorted(unknown))})
    for name, value in changes.items():
        setattr(obj, name, _clean(value))


def _require(value, field: str, message: str) -> None:
    if value in (None, "", [], ()):
        raise ValidationError({field: message})


# --- Units ----------------------------------------------------------------------------------

UNIT_FIELDS = ("name", "code", "kind", "parent", "valid_from", "valid_to", "successor",
               "founding_reference", "closing_reference")
UNIT_EDITABLE = ("name", "code", "kind", "parent", "valid_from", "founding_reference", "closing_reference",
                 "successor")


def _validate_unit(unit: Unit, *, ending: Iterable[int] = ()) -> None:
    """`ending`: units that cease the day before this one starts (a merger's sources)."""
    _require(unit.name, "name", _("Cần có tên đơn vị."))
    _require(unit.code, "code", _("Cần có mã, ký hiệu viết tắt của đơn vị."))
    if unit.kind not in UnitKind.values:
        raise ValidationError({"kind": _("Loại đơn vị không hợp lệ.")})
    check_dates(unit.valid_from, unit.valid_to)
    if unit.parent_id:
        if unit.pk and unit.parent_id in Unit.objects.descendant_ids([unit.pk]):
            raise ValidationError({"parent": _("Đơn vị cấp trên không được là chính đơn vị này hoặc đơn vị cấp "
                                               "dưới của nó.")})
        if not unit.parent.is_valid_on(unit.valid_from):
            raise ValidationError({"parent": _("Đơn vị cấp trên không còn (hoặc chưa có) hiệu lực vào ngày "
                                               "%(valid_from)s.")
                                             % {"valid_from": format(unit.valid_from, "%d/%m/%Y")}})
    if unit.successor_id and unit.successor_id == unit.pk:
        raise ValidationError({"successor": _("Đơn vị kế thừa phải là một đơn vị khác.")})
    # Codes such as PA03 repeat between provinces, so they are unique among siblings only.
    siblings = Unit.objects.filter(parent_id=unit.parent_id).exclude(pk=unit.pk).exclude(pk__in=list(ending))
    for other in siblings:
        if text.fold(other.code) == text.fold(unit.code) and overlaps(
                unit.valid_from, unit.valid_to, other.valid_from, other.valid_to):
            raise ValidationError({"code": _("Mã %(code)s đã được dùng cho %(name)s trong cùng thời gian.")
                                           % {"code": unit.code, "name": other.name}})


@transaction.atomic
def create_unit(actor, *, name: str, code: str, kind: str, valid_from: dt.date, parent: Unit | None = None,
                valid_to: dt.date | None = None, founding_reference: str = "", _ending: Iterable[int] = ()) -> Unit:
    require_admin(actor, _("thêm đơn vị"))
    unit = Unit(name=_clean(name), code=_clean(code), kind=kind, parent=parent, valid_from=valid_from,
                valid_to=valid_to, founding_reference=_clean(founding_reference))
    _validate_unit(unit, ending=_ending)
    unit.save()
    record_event("org.unit.create", actor=actor, unit=unit, obj=unit,
                 description=f"Thêm đơn vị {unit.name} ({unit.code})",
                 payload={"after": snapshot(unit, UNIT_FIELDS)})
    return unit


@transaction.atomic
def update_unit(actor, unit: Unit, **changes) -> Unit:
    """Corrections to a unit's record. A reform (new name from a date, merger) is not an
    update: close the unit with a successor so the old name stays in history."""
    require_admin(actor, _("sửa thông tin đơn vị"))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    _apply(unit, changes, UNIT_EDITABLE)
    if unit.successor_id and unit.valid_to is None:
        raise ValidationError({"successor": _("Chỉ đơn vị đã chấm dứt hoạt động mới có đơn vị kế thừa.")})
    _validate_unit(unit)
    unit.save()
    record_event("org.unit.update", actor=actor, unit=unit, obj=unit, description=f"Sửa thông tin đơn vị {unit.name}",
                 payload=_diff(before, snapshot(unit, UNIT_FIELDS)))
    return unit


def _validate_successor(unit: Unit, successor: Unit | None, valid_to: dt.date) -> None:
    if successor is None:
        return
    if successor.pk == unit.pk or successor.pk in Unit.objects.descendant_ids([unit.pk]):
        raise ValidationError({"successor": _("Đơn vị kế thừa không được là chính đơn vị này hoặc đơn vị cấp "
                                              "dưới của nó.")})
    first_day_after = valid_to + dt.timedelta(days=1)
    if not successor.is_valid_on(first_day_after):
        raise ValidationError({"successor": _("Đơn vị kế thừa phải có hiệu lực vào ngày %(first_day_after)s.")
                                            % {"first_day_after": format(first_day_after, "%d/%m/%Y")}})


@transaction.atomic
def close_unit(actor, unit: Unit, *, valid_to: dt.date, successor: Unit | None = None,
               closing_reference: str = "") -> Unit:
    """The unit ceases on `valid_to` (its last day); its work passes to `successor`.

    Everything inside it ceases with it, each with its own ledger event: sub-units,
    positions and the tenures in them. Nothing is deleted: the tree on an earlier
    date still shows the unit as it was."""
    require_admin(actor, _("giải thể, sáp nhập đơn vị"))
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require(valid_to, "valid_to", _("Cần có ngày chấm dứt hoạt động (ngày cuối cùng đơn vị còn hiệu lực)."))
    check_dates(unit.valid_from, valid_to)
    _validate_successor(unit, successor, valid_to)
    below = Unit.objects.filter(pk__in=Unit.objects.descendant_ids([unit.pk]) - {unit.pk})
    later = below.filter(valid_from__gt=valid_to).first()
    if later is not None:
        raise ValidationError({"valid_to": _("Đơn vị cấp dưới %(name)s bắt đầu hoạt động sau ngày %(valid_to)s; "
                                             "hãy xử lý đơn vị đó trước.")
                                           % {"name": later.name, "valid_to": format(valid_to, "%d/%m/%Y")}})
    before = snapshot(unit, UNIT_FIELDS)
    unit.valid_to, unit.successor = valid_to, successor
    unit.closing_reference = _clean(closing_reference) or unit.closing_reference
    unit.save()
    record_event("org.unit.close", actor=actor, unit=unit, obj=unit,
                 description=f"Đơn vị {unit.name} chấm dứt hoạt động từ sau ngày {valid_to:%d/%m/%Y}"
                             + (f", kế thừa: {successor.name}" if successor else ""),
                 payload=_diff(before, snapshot(unit, UNIT_FIELDS)))
    for sub in below.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_to)):
        sub_before = snapshot(sub, UNIT_FIELDS)
        sub.valid_to = valid_to
        sub.save()
        record_event("org.unit.close", actor=actor, unit=sub, obj=sub,
                     description=f"Đơn vị {sub.name} chấm dứt hoạt động cùng đơn vị cấp trên {unit.name}",
                     payload={**_diff(sub_before, snapshot(sub, UNIT_FIELDS)), "with_parent": unit.pk})
    for position in Position.objects.filter(unit__in=[unit, *below]).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=valid_to)).select_related("unit"):
        _close_position(actor, position, valid_to, because=f"đơn vị {unit.name} chấm dứt hoạt động")
    return unit


@transaction.atomic
def merge_units(actor, *, sources: Iterable[Unit], name: str, code: str, kind: str, effective_on: dt.date,
                parent: Unit | None = None, founding_reference: str = "") -> Unit:
    """A reform as data: the `sources` cease on the day before `effective_on` and a
    new unit takes their place from that day (merger, consolidation, or with one
    source a renaming with its own history)."""
    require_admin(actor, _("sáp nhập, hợp nhất đơn vị"))
    sources = list(sources)
    _require(sources, "sources", _("Chọn ít nhất một đơn vị bị sáp nhập."))
    _require(effective_on, "effective_on", _("Cần có ngày đơn vị mới bắt đầu hoạt động."))
    last_day = effective_on - dt.timedelta(days=1)
    for source in sources:
        if not source.is_valid_on(last_day):
            raise ValidationError({"sources": _("Đơn vị %(name)s không còn hiệu lực vào ngày %(last_day)s.")
                                              % {"name": source.name, "last_day": format(last_day, "%d/%m/%Y")}})
        if parent is not None and parent.pk in Unit.objects.descendant_ids([source.pk]):
            raise ValidationError({"parent": _("Đơn vị cấp trên không được nằm trong đơn vị bị sáp nhập %(name)s.")
                                             % {"name": source.name}})
    # The new unit may keep a source's code (a province absorbing another keeps its own).
    new_unit = create_unit(actor, name=name, code=code, kind=kind, parent=parent, valid_from=effective_on,
                           founding_reference=founding_reference, _ending=[source.pk for source in sources])
    for source in sources:
        close_unit(actor, source, valid_to=last_day, successor=new_unit, closing_reference=founding_reference)
    return new_unit


# --- Positions ------------------------------------------------------------------------------

POSITION_FIELDS = ("unit", "title", "role", "authority_class", "valid_from", "valid_to")
POSITION_EDITABLE = ("title", "role", "authority_class", "valid_from")


def _validate_position(position: Position) -> None:
    _require(position.title, "title", _("Cần có tên chức vụ."))
    if position.role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    check_dates(position.valid_from, position.valid_to)
    unit = position.unit
    if unit.valid_from > position.valid_from or (unit.valid_to and position.valid_from > unit.valid_to):
        raise ValidationError({"valid_from": _("Đơn vị %(name)s không có hiệu lực vào ngày %(valid_from)s.")
                                             % {"name": unit.name, "valid_from": format(position.valid_from,
                                                                                        "%d/%m/%Y")}})
    if unit.valid_to and (position.valid_to is None or position.valid_to > unit.valid_to):
        raise ValidationError({"valid_to": _("Đơn vị %(name)s chấm dứt hoạt động sau ngày %(valid_to)s; chức vụ "
                                             "không thể kéo dài hơn.")
                                           % {"name": unit.name, "valid_to": format(unit.valid_to, "%d/%m/%Y")}})


@transaction.atomic
def create_position(actor, *, unit: Unit, title: str, role: str = Role.STAFF, authority_class: str = "",
                    valid_from: dt.date, valid_to: dt.date | None = None) -> Position:
    require_admin(actor, _("thêm chức vụ"))
    position = Position(unit=unit, title=_clean(title), role=role, authority_class=_clean(authority_class),
                        valid_from=valid_from, valid_to=valid_to)
    _validate_position(position)
    position.save()
    record_event("org.position.create", actor=actor, unit=unit, obj=position,
                 description=f"Thêm chức vụ {position.title} tại {unit.name}",
                 payload={"after": snapshot(position, POSITION_FIELDS)})
    return position


@transaction.atomic
def update_position(actor, position: Position, **changes) -> Position:
    require_admin(actor, _("sửa chức vụ"))
    position = Position.objects.select_for_update().select_related("unit").get(pk=position.pk)
    before = snapshot(position, POSITION_FIELDS)
    _apply(position, changes, POSITION_EDITABLE)
    _validate_position(position)
    position.save()
    record_event("org.position.update", actor=actor, unit=position.unit, obj=position,
                 description=f"Sửa chức vụ {position.title} tại {position.unit.name}",
                 payload=_diff(before, snapshot(position, POSITION_FIELDS)))
    return position


def _close_position(actor, position: Position, valid_to: dt.date, *, because: str = "") -> None:
    before = snapshot(position, POSITION_FIELDS)
    position.valid_to = valid_to
    position.save()
    record_event("org.position.close", actor=actor, unit=position.unit, obj=position,
                 description=f"Chức vụ {position.title} tại {position.unit.name} chấm dứt sau ngày {valid_to:%d/%m/%Y}"
                             + (f" ({because})" if because else ""),
                 payload=_diff(before, snapshot(position, POSITION_FIELDS)))
    for tenure in position.tenures.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=valid_to)).select_related("person"):
        _end_tenure(actor, tenure, valid_to, because=because or f"chức vụ {position.title} chấm dứt")


@transaction.atomic
def close_position(actor, position: Position, *, valid_to: dt.date) -> Position:
    """The post ceases after `valid_to`; whoever holds it stops holding it that day."""
    require_admin(actor, _("chấm dứt chức vụ"))
    position = Position.objects.select_for_update().select_related("unit").get(pk=position.pk)
    _require(valid_to, "valid_to", _("Cần có ngày chấm dứt."))
    check_dates(position.valid_from, valid_to)
    _close_position(actor, position, valid_to)
    return position


# --- People -----------------------------------------------------------------------------------

PERSON_FIELDS = ("username", "full_name", "email", "phone", "is_active", "is_system_admin", "must_change_password")
PERSON_EDITABLE = ("username", "full_name", "email", "phone", "is_system_admin")


def _validate_person(person: Person) -> None:
    _require(person.username, "username", _("Cần có tên đăng nhập."))
    _require(person.full_name, "full_name", _("Cần có họ và tên."))
    if any(ch.isspace() for ch in person.username):
        raise ValidationError({"username": _("Tên đăng nhập không được chứa dấu cách.")})
    if Person.objects.filter(username__iexact=person.username).exclude(pk=person.pk).exists():
        raise ValidationError({"username": _("Tên đăng nhập này đã có người dùng.")})


def _other_active_admins(person: Person) -> bool:
    return Person.objects.filter(is_system_admin=True, is_active=True).exclude(pk=person.pk).exists()


@transaction.atomic
def create_person(actor, *, username: str, full_name: str, initial_password: str, email: str = "",
                  phone: str = "", is_system_admin: bool = False) -> Person:
    """A new account. The administrator knows the initial password, so the person must
    change it at first login (must_change_password); the password never reaches the ledger."""
    require_admin(actor, _("tạo tài khoản cán bộ"))
    person = Person(username=_clean(username), full_name=_clean(full_name), email=_clean(email),
                    phone=_clean(phone), is_system_admin=bool(is_system_admin), must_change_password=True)
    _validate_person(person)
    _require(initial_password, "initial_password", _("Cần có mật khẩu ban đầu."))
    try:
        validate_password(initial_password, user=person)
    except ValidationError as exc:
        raise ValidationError({"initial_password": exc.messages}) from None
    person.set_password(initial_password)
    person.save()
    record_event("org.person.create", actor=actor, obj=person, description=f"Tạo tài khoản {person.username} "
                 f"({person.full_name})", payload={"after": snapshot(person, PERSON_FIELDS)})
    return person


@transaction.atomic
def bootstrap_admin(username: str, full_name: str, password: str) -> Person:
    """The very first administrator of an installation: nobody exists yet to perform
    `create_person`, so the installation itself creates the account, once, and the
    ledger says so. Refused as soon as any administrator exists."""
    if Person.objects.filter(is_system_admin=True).exists():
        raise Refused(_("Đã có quản trị hệ thống; tài khoản mới phải do quản trị hệ thống tạo."),
                      rule="org.bootstrap", basis=OPERATING_RULES)
    person = Person(username=_clean(username), full_name=_clean(full_name), is_system_admin=True)
    _validate_person(person)
    try:
        validate_password(password, user=person)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    person.set_password(password)
    person.save()
    record_event("org.person.bootstrap_admin", actor=None, obj=person,
                 description=f"Khởi tạo quản trị hệ thống đầu tiên {person.username} ({person.full_name})",
                 payload={"after": snapshot(person, PERSON_FIELDS)})
    return person


@transaction.atomic
def update_person(actor, person: Person, **changes) -> Person:
    require_admin(actor, _("sửa thông tin cán bộ"))
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, PERSON_FIELDS)
    _apply(person, changes, PERSON_EDITABLE)
    person.is_system_admin = bool(person.is_system_admin)
    if before["is_system_admin"] and not person.is_system_admin and not _other_active_admins(person):
        raise Refused(_("Không thể bỏ quyền quản trị của quản trị viên cuối cùng còn hoạt động."),
                      rule="org.last_admin", basis=OPERATING_RULES)
    _validate_person(person)
    person.save()
    record_event("org.person.update", actor=actor, obj=person, description=f"Sửa thông tin cán bộ {person.full_name}",
                 payload=_diff(before, snapshot(person, PERSON_FIELDS)))
    return person


@transaction.atomic
def deactivate_person(actor, person: Person, *, reason: str = "") -> Person:
    """Locks the account (no more logins; open sessions end at the next request).
    Tenures and assignments are separate decisions and are left to them."""
    require_admin(actor, _("khóa tài khoản cán bộ"))
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.pk == actor.pk:
        raise Refused(_("Quản trị viên không tự khóa tài khoản của chính mình."), rule="org.self_deactivation",
                      basis=OPERATING_RULES)
    if person.is_system_admin and not _other_active_admins(person):
        raise Refused(_("Không thể khóa quản trị viên cuối cùng còn hoạt động."), rule="org.last_admin",
                      basis=OPERATING_RULES)
    if not person.is_active:
        raise ValidationError(_("Tài khoản này đã bị khóa."))
    guards.check(person, on=timezone.localdate())  # copies handed over, commitment recorded (records)
    person.is_active = False
    person.save()
    record_event("org.person.deactivate", actor=actor, obj=person,
                 description=f"Khóa tài khoản {person.username} ({person.full_name})",
                 payload={"before": {"is_active": True}, "after": {"is_active": False}, "reason": _clean(reason)})
    return person


@transaction.atomic
def reactivate_person(actor, person: Person) -> Person:
    require_admin(actor, _("mở lại tài khoản cán bộ"))
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_active:
        raise ValidationError(_("Tài khoản này đang hoạt động."))
    person.is_active = True
    person.save()
    record_event("org.person.reactivate", actor=actor, obj=person,
                 description=f"Mở lại tài khoản {person.username} ({person.full_name})",
                 payload={"before": {"is_active": False}, "after": {"is_active": True}})
    return person


# --- Tenures ------------------------------------------------------------------------------------

TENURE_FIELDS = ("person", "position", "valid_from", "valid_to", "decision_reference")


@transaction.atomic
def appoint(actor, *, person: Person, position: Position, valid_from: dt.date, valid_to: dt.date | None = None,
            decision_reference: str = "") -> Tenure:
    """Records that `person` holds `position` (bổ nhiệm, phân công, điều động)."""
    require_admin(actor, _("ghi nhận bổ nhiệm, phân công cán bộ"))
    check_dates(valid_from, valid_to)
    if not person.is_active:
        raise ValidationError({"person": _("Tài khoản của cán bộ này đã bị khóa.")})
    if not position.is_valid_on(valid_from):
        raise ValidationError({"valid_from": _("Chức vụ không có hiệu lực vào ngày %(valid_from)s.")
                                             % {"valid_from": format(valid_from, "%d/%m/%Y")}})
    if position.valid_to and (valid_to is None or valid_to > position.valid_to):
        valid_to = position.valid_to  # a post that ends takes its holder's tenure with it
    holders = Tenure.objects.filter(position=position).select_related("person")
    for other in holders:
        if not overlaps(valid_from, valid_to, other.valid_from, other.valid_to):
            continue
        if other.person_id == person.pk:
            raise ValidationError({"valid_from": _("Cán bộ này đã giữ chức vụ này trong thời gian đó.")})
        if position.role == Role.LEADER:
            raise ValidationError({"position": _("Chức vụ người đứng đầu đang do %(person)s giữ trong thời gian "
                                                 "đó; hãy kết thúc trước.") % {"person": other.person}})
    tenure = Tenure.objects.create(person=person, position=position, valid_from=valid_from, valid_to=valid_to,
                                   decision_reference=_clean(decision_reference))
    record_event("org.tenure.appoint", actor=actor, unit=position.unit, obj=tenure,
                 description=f"{person.full_name} giữ chức vụ {position.title} tại {position.unit.name} "
                             f"từ ngày {valid_from:%d/%m/%Y}",
                 payload={"after": snapshot(tenure, TENURE_FIELDS)})
    return tenure


def _end_tenure(actor, tenure: Tenure, valid_to: dt.date, *, because: str = "") -> None:
    before = snapshot(tenure, TENURE_FIELDS)
    tenure.valid_to = valid_to
    tenure.save()
    position = tenure.position
    record_event("org.tenure.end", actor=actor, unit=position.unit, obj=tenure,
                 description=f"{tenure.person.full_name} thôi giữ chức vụ {position.title} sau ngày {valid_to:%d/%m/%Y}"
                             + (f" ({because})" if because else ""),
                 payload=_diff(before, snapshot(tenure, TENURE_FIELDS)))


@transaction.atomic
def end_tenure(actor, tenure: Tenure, *, valid_to: dt.date) -> Tenure:
    require_admin(actor, _("ghi nhận thôi giữ chức vụ"))
    tenure = Tenure.objects.select_for_update().select_related("person", "position__unit").get(pk=tenure.pk)
    _require(valid_to, "valid_to", _("Cần có ngày cuối cùng giữ chức vụ."))
    check_dates(tenure.valid_from, valid_to)
    guards.check(tenure.person, on=valid_to, tenure=tenure)  # leaving the post: copies handed over (records)
    _end_tenure(actor, tenure, valid_to)
    return tenure


# --- Delegations (ủy quyền) -----------------------------------------------------------------

DELEGATION_FIELDS = ("delegator", "delegate", "unit", "acts", "levels", "reference", "signed_on", "valid_from",
                     "valid_to", "scope_note", "revoked_on", "revoke_reason", "recorded_by")


def _levels(levels: Iterable[str], field: str = "levels") -> list[str]:
    chosen = {str(level) for level in levels or []}
    if not chosen or not chosen <= set(Level.values):
        raise ValidationError({field: _("Chọn ít nhất một độ mật hợp lệ.")})
    return sorted(chosen, key=rank)


@transaction.atomic
def record_delegation(actor, *, delegator: Person, delegate: Person, unit: Unit, acts: Iterable[str],
                      levels: Iterable[str], reference: str, signed_on: dt.date, valid_from: dt.date,
                      valid_to: dt.date | None = None, scope_note: str = "") -> Delegation:
    """Records a written delegation (văn bản ủy quyền). Whether the law allows it — the
    delegator's own authority, a delegable act, a deputy as delegate, no sub-delegation —
    is judged by the rulebook (`check_delegation`) as of the first day it operates."""
    require_self_or_officer(actor, delegator, [unit.pk], what=_("ghi nhận văn bản ủy quyền"),
                            rule="org.delegation.recorder")
    acts = sorted({_clean(a) for a in acts or [] if _clean(a)})
    _require(acts, "acts", _("Chọn ít nhất một việc được ủy quyền."))
    levels = _levels(levels)
    reference = _clean(reference)
    _require(reference, "reference", _("Cần có số, ký hiệu văn bản ủy quyền."))
    _require(signed_on, "signed_on", _("Cần có ngày ký văn bản ủy quyền."))
    check_dates(valid_from, valid_to)
    if signed_on > valid_from:
        raise ValidationError({"valid_from": _("Ủy quyền không thể có hiệu lực trước ngày ký văn bản ủy quyền.")})
    if delegator.pk == delegate.pk:
        raise ValidationError({"delegate": _("Người được ủy quyền phải là người khác người ủy quyền.")})
    if not unit.is_valid_on(valid_from):
        raise ValidationError({"unit": _("Đơn vị %(name)s không có hiệu lực vào ngày %(valid_from)s.")
                                       % {"name": unit.name, "valid_from": format(valid_from, "%d/%m/%Y")}})
    _authority().check_delegation(delegator, delegate, unit, acts, levels, valid_from)
    delegation = Delegation.objects.create(
        delegator=delegator, delegate=delegate, unit=unit, acts=acts, levels=levels, reference=reference,
        signed_on=signed_on, valid_from=valid_from, valid_to=valid_to, scope_note=_clean(scope_note),
        recorded_by=actor)
    record_event("org.delegation.record", actor=actor, unit=unit, obj=delegation,
                 description=f"Ủy quyền {reference}: {delegator.full_name} ủy quyền cho {delegate.full_name}",
                 payload={"after": snapshot(delegation, DELEGATION_FIELDS)})
    return delegation


@transaction.atomic
def revoke_delegation(actor, delegation: Delegation, *, revoked_on: dt.date, reason: str = "") -> Delegation:
    """The delegation stops operating from `revoked_on` (that day included)."""
    delegation = Delegation.objects.select_for_update().select_related("unit", "delegator", "delegate").get(
        pk=delegation.pk)
    require_self_or_officer(actor, delegation.delegator, [delegation.unit_id], what=_("thu hồi ủy quyền"),
                            rule="org.delegation.recorder")
    if delegation.revoked_on is not None:
        raise ValidationError(_("Ủy quyền này đã bị thu hồi."))
    _require(revoked_on, "revoked_on", _("Cần có ngày thu hồi."))
    if revoked_on < delegation.valid_from:
        raise ValidationError({"revoked_on": _("Ngày thu hồi không được trước ngày ủy quyền có hiệu lực.")})
    before = snapshot(delegation, DELEGATION_FIELDS)
    delegation.revoked_on, delegation.revoke_reason = revoked_on, _clean(reason)
    delegation.save()
    record_event("org.delegation.revoke", actor=actor, unit=delegation.unit, obj=delegation,
                 description=f"Thu hồi ủy quyền {delegation.reference} từ ngày {revoked_on:%d/%m/%Y}",
                 payload=_diff(before, snapshot(delegation, DELEGATION_FIELDS)))
    return delegation


# --- Access assignments (giao tiếp cận BMNN) and commitments (cam kết) -----------------------

ASSIGNMENT_FIELDS = ("person", "max_level", "units", "decision_reference", "decided_by", "decided_on",
                     "valid_from", "valid_to", "revoked_on", "revoke_reason", "recorded_by")


def _assignment_scope(assignment: AccessAssignment) -> list[int]:
    return list(assignment.units.values_list("pk", flat=True))


@transaction.atomic
def assign_access(actor, *, person: Person, max_level: str, units: Iterable[Unit], decision_reference: str,
                  decided_by: Person, decided_on: dt.date, valid_from: dt.date,
                  valid_to: dt.date | None = None) -> AccessAssignment:
    """Records a head's decision that `person` may access secrets up to `max_level` in
    `units` (and their sub-units). `decided_by` must have the authority for every unit
    on the decision date (rulebook). The assignment is not active until the person's
    commitment is recorded."""
    units = list(units)
    unit_ids = [u.pk for u in units]
    require_self_or_officer(actor, decided_by, unit_ids, what=_("ghi nhận quyết định giao tiếp cận bí mật nhà nước"),
                            rule="org.assignment.recorder")
    _require(units, "units", _("Chọn ít nhất một đơn vị được tiếp cận."))
    max_level = _levels([max_level], "max_level")[0]
    decision_reference = _clean(decision_reference)
    _require(decision_reference, "decision_reference", _("Cần có số, ký hiệu văn bản giao tiếp cận."))
    _require(decided_on, "decided_on", _("Cần có ngày quyết định."))
    check_dates(valid_from, valid_to)
    if valid_from < decided_on:
        raise ValidationError({"valid_from": _("Việc giao tiếp cận không thể có hiệu lực trước ngày quyết định.")})
    if not person.is_active:
        raise ValidationError({"person": _("Tài khoản của cán bộ này đã bị khóa.")})
    for unit in units:
        if not unit.is_valid_on(valid_from):
            raise ValidationError({"units": _("Đơn vị %(name)s không có hiệu lực vào ngày %(valid_from)s.")
                                            % {"name": unit.name, "valid_from": format(valid_from, "%d/%m/%Y")}})
    authority = _authority()
    for unit in units:
        authority.authorize(decided_by, "assign_access", max_level, unit, on=decided_on).require()
    assignment = AccessAssignment.objects.create(
        person=person, max_level=max_level, decision_reference=decision_reference, decided_by=decided_by,
        decided_on=decided_on, valid_from=valid_from, valid_to=valid_to, recorded_by=actor)
    assignment.units.set(units)
    with translation.override(None):  # the ledger keeps the Vietnamese level name whatever the UI language
        description = f"Giao {person.full_name} tiếp cận BMNN đến độ {Level(max_level).label} ({decision_reference})"
    record_event("org.assignment.decide", actor=actor, unit=units[0], obj=assignment, description=description,
                 payload={"after": snapshot(assignment, ASSIGNMENT_FIELDS)})
    return assignment


def _may_decide_for(person, assignment: AccessAssignment, on: dt.date) -> bool:
    """A head who could have made the assignment may also end it."""
    authority = _authority()
    try:
        for unit in assignment.units.all():
            authority.authorize(person, "assign_access", assignment.max_level, unit, on=on).require()
    except Refused:
        return False
    return True


@transaction.atomic
def revoke_assignment(actor, assignment: AccessAssignment, *, revoked_on: dt.date, reason: str) -> AccessAssignment:
    """Ends an assignment from `revoked_on` (that day included): transfer, retirement,
    a finding. The person needs a new decision (and commitment) to access again."""
    assignment = AccessAssignment.objects.select_for_update().select_related("person").get(pk=assignment.pk)
    unit_ids = _assignment_scope(assignment)
    if not (actor is not None and getattr(actor, "is_authenticated", False)
            and (actor.pk == assignment.decided_by_id or is_admin(actor)
                 or selectors.is_security_officer(actor, unit_ids, timezone.localdate())
                 or _may_decide_for(actor, assignment, revoked_on or timezone.localdate()))):
        raise Refused(_("Chỉ người đã quyết định, người đứng đầu có thẩm quyền, cán bộ bảo mật của đơn vị hoặc "
                        "quản trị hệ thống mới được chấm dứt việc giao tiếp cận."), rule="org.assignment.recorder",
                      basis=f"{ASSIGNMENT_BASIS}; {OPERATING_RULES}")
    if assignment.revoked_on is not None:
        raise ValidationError(_("Việc giao tiếp cận này đã được chấm dứt."))
    _require(revoked_on, "revoked_on", _("Cần có ngày chấm dứt."))
    reason = _clean(reason)
    _require(reason, "reason", _("Cần ghi lý do chấm dứt."))
    if revoked_on < assignment.valid_from:
        raise ValidationError({"revoked_on": _("Ngày chấm dứt không được trước ngày có hiệu lực.")})
    before = snapshot(assignment, ASSIGNMENT_FIELDS)
    assignment.revoked_on, assignment.revoke_reason = revoked_on, reason
    assignment.save()
    record_event("org.assignment.revoke", actor=actor, unit=assignment.units.first(), obj=assignment,
                 description=f"Chấm dứt giao tiếp cận {assignment.decision_reference} của {assignment.person.full_name} "
                             f"từ ngày {revoked_on:%d/%m/%Y}",
                 payload=_diff(before, snapshot(assignment, ASSIGNMENT_FIELDS)))
    return assignment


COMMITMENT_FIELDS = ("assignment", "signed_on", "reference", "text_sha256", "recorded_by")


@transaction.atomic
def record_commitment(actor, assignment: AccessAssignment, *, signed_on: dt.date, reference: str = "",
                      text_sha256: str = "") -> Commitment:
    """Records that the assigned person signed the commitment to protect state secrets;
    from `signed_on` the assignment becomes active. Recorded by a state-secret officer
    of a unit concerned (or the administrator), never by the person themselves."""
    assignment = AccessAssignment.objects.select_for_update().select_related("person").get(pk=assignment.pk)
    person = assignment.person
    today = timezone.localdate()
    scope = set(_assignment_scope(assignment)) | person.unit_ids_on(today)
    if actor is None or not getattr(actor, "is_authenticated", False) or actor.pk == person.pk or not (
            is_admin(actor) or selectors.is_security_officer(actor, scope, today)):
        raise Refused(_("Bản cam kết bảo vệ bí mật nhà nước do cán bộ bảo mật của đơn vị (hoặc quản trị hệ "
                        "thống) ghi nhận; người ký cam kết không tự ghi nhận cho mình."),
                      rule="org.commitment.recorder", basis=COMMITMENT_BASIS)
    if Commitment.objects.filter(assignment=assignment).exists():
        raise ValidationError(_("Việc giao tiếp cận này đã có bản cam kết."))
    if assignment.revoked_on is not None:
        raise ValidationError(_("Việc giao tiếp cận này đã chấm dứt; cần quyết định giao mới."))
    _require(signed_on, "signed_on", _("Cần có ngày ký cam kết."))
    if signed_on > today:
        raise ValidationError({"signed_on": _("Không ghi nhận cam kết có ngày ký trong tương lai.")})
    text_sha256 = (text_sha256 or "").strip().lower()
    if text_sha256 and not SHA256_RE.match(text_sha256):
        raise ValidationError({"text_sha256": _("Mã băm SHA-256 gồm 64 ký tự 0–9, a–f.")})
    commitment = Commitment.objects.create(assignment=assignment, signed_on=signed_on, reference=_clean(reference),
                                           text_sha256=text_sha256, recorded_by=actor)
    record_event("org.commitment.record", actor=actor, unit=assignment.units.first(), obj=commitment,
                 description=f"{person.full_name} ký cam kết bảo vệ BMNN ngày {signed_on:%d/%m/%Y} "
                             f"(giao tiếp cận {assignment.decision_reference})",
                 payload={"after": snapshot(commitment, COMMITMENT_FIELDS)})
    return commitment
