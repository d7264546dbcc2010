"""Lists of state secrets (danh mục BMNN) as data the system administrator loads.

A list is loaded from a YAML (or already parsed) mapping. Loading it again updates
it: entries are matched by their number, changed entries are updated, and an entry
that is no longer in the file is never deleted — it gets `valid_to` (the day before
the load), since items classified under it keep citing it and its removal is what
declassifies them (Law 2018 Art. 22.3)."""

from __future__ import annotations

import datetime as dt

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bmnn.core import ledger
from bmnn.core.access import today
from bmnn.core.dates import format_date
from bmnn.core.levels import Level, rank
from bmnn.core.text import nfc
from bmnn.org.services import require_admin
from bmnn.records.models import SecretList, SecretListEntry

LIST_FIELDS = ("code", "title", "decision_reference", "issued_on", "sector", "valid_from", "valid_to")
ENTRY_FIELDS = ("number", "content", "level", "valid_from", "valid_to")


def _date(value, where: str, *, required: bool) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationError({where: _("Cần có ngày (%(where)s).") % {"where": where}})
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    from bmnn.core.dates import parse_date

    parsed = parse_date(str(value))
    if parsed is None:
        raise ValidationError({where: _("Ngày «%(value)s» không đúng dạng dd/mm/yyyy.") % {"value": value}})
    return parsed


def _text(data: dict, key: str, where: str, *, required: bool = True) -> str:
    value = nfc(str(data.get(key) or "")).strip()
    if required and not value:
        raise ValidationError({where: _("Thiếu «%(key)s».") % {"key": key}})
    return value


def parse(data) -> tuple[dict, list[dict]]:
    """Check a list's data; returns (list fields, entry fields). ValidationError names the place."""
    if not isinstance(data, dict):
        raise ValidationError(_("Tệp danh mục phải là một bảng (mapping) YAML."))
    unknown = set(data) - set(LIST_FIELDS) - {"entries", "note"}
    if unknown:
        raise ValidationError(_("Trường không biết: %(keys)s.") % {"keys": ", ".join(sorted(map(str, unknown)))})
    fields = {
        "code": _text(data, "code", "code"),
        "title": _text(data, "title", "title"),
        "decision_reference": _text(data, "decision_reference", "decision_reference"),
        "issued_on": _date(data.get("issued_on"), "issued_on", required=True),
        "sector": _text(data, "sector", "sector", required=False),
        "valid_from": _date(data.get("valid_from"), "valid_from", required=True),
        "valid_to": _date(data.get("valid_to"), "valid_to", required=False),
    }
    raw_entries = data.get("entries") or []
    if not isinstance(raw_entries, list) or not raw_entries:
        raise ValidationError({"entries": _("Danh mục phải có ít nhất một mục.")})
    entries, seen = [], set()
    for i, raw in enumerate(raw_entries, 1):
        where = f"entries[{i}]"
        if not isinstance(raw, dict):
            raise ValidationError({where: _("Mỗi mục phải là một bảng (mapping).")})
        number = _text(raw, "number", where)
        if number in seen:
            raise ValidationError({where: _("Số thứ tự «%(n)s» bị trùng.") % {"n": number}})
        seen.add(number)
        level = str(raw.get("level") or "")
        if level not in Level.values:
            raise ValidationError({where: _("Độ mật «%(level)s» không hợp lệ.") % {"level": level}})
        entries.append({
            "number": number, "content": _text(raw, "content", where), "level": level,
            "valid_from": _date(raw.get("valid_from"), where, required=False) or fields["valid_from"],
            "valid_to": _date(raw.get("valid_to"), where, required=False) or fields["valid_to"],
        })
    return fields, entries


def load_list(actor, data, *, on: dt.date | None = None) -> SecretList:
    """Create or update a list from its data (a mapping or YAML text). System administrator only."""
    require_admin(actor, _("nạp danh mục bí mật nhà nước"))
    if isinstance(data, (str, bytes)):
        try:
            data = yaml.safe_load(data)
        except yaml.YAMLError as exc:
            raise ValidationError(_("Tệp YAML không đọc được: %(error)s") % {"error": exc}) from exc
    fields, entries = parse(data)
    on = on or today()
    with transaction.atomic():
        secret_list = SecretList.objects.select_for_update().filter(code=fields["code"]).first()
        created = secret_list is None
        if created:
            secret_list = SecretList(**fields)
        else:
            for key, value in fields.items():
                setattr(secret_list, key, value)
        secret_list.save()
        existing = {e.number: e for e in secret_list.entries.all()}
        added, changed, removed = [], [], []
        for spec in entries:
            entry = existing.pop(spec["number"], None)
            if entry is None:
                SecretListEntry.objects.create(secret_list=secret_list, **spec)
                added.append(spec["number"])
            elif any(getattr(entry, k) != v for k, v in spec.items()):
                for key, value in spec.items():
                    setattr(entry, key, value)
                entry.save()
                changed.append(spec["number"])
        # Dropped from the file: ended, never deleted (items keep their basis).
        ended = on - dt.timedelta(days=1)
        for entry in existing.values():
            if entry.valid_to is None or entry.valid_to > ended:
                entry.valid_to = ended
                entry.save(update_fields=["valid_to"])
                removed.append(entry.number)
        ledger.record_event(
            "records.list.load", actor=actor, obj=secret_list,
            description=(f"{'Nạp' if created else 'Cập nhật'} danh mục {secret_list.code} "
                         f"({secret_list.decision_reference}): thêm {len(added)}, sửa {len(changed)}, "
                         f"bỏ {len(removed)} mục"),
            payload={**{k: v for k, v in fields.items()}, "created": created, "added": added,
                     "changed": changed, "removed": removed, "removed_valid_to": ended if removed else None})
    return secret_list


def load_list_file(actor, path, *, on: dt.date | None = None) -> SecretList:
    with open(path, encoding="utf-8") as handle:
        return load_list(actor, handle.read(), on=on)


def lists_on(on: dt.date):
    """Lists in force on `on`, each with `entries_on` holding its entries valid that day.
    Lists are not secret (the decisions approving them are published as titles)."""
    lists = list(SecretList.objects.valid_on(on))
    for secret_list in lists:
        secret_list.entries_on = list(secret_list.entries.valid_on(on))
    return lists


def entries_allowing(level: str | None, on: dt.date):
    """Entries valid on `on` whose level is at least `level` (an entry allows its level and below)."""
    entries = SecretListEntry.objects.valid_on(on).filter(secret_list__in=SecretList.objects.valid_on(on))
    if level:
        entries = entries.filter(level__in=[lv for lv in Level.values if rank(lv) >= rank(level)])
    return entries.select_related("secret_list").order_by("secret_list__code", "number")


def describe_validity(entry: SecretListEntry) -> str:
    return f"{format_date(entry.valid_from)}–{format_date(entry.valid_to)}"
