"""Changing the installation's overrides of the authority matrix: the only state the
rulebook app changes. The law itself changes by editing a regime file (docs/rulebook.md).

Only a system administrator records or revokes an override (else `Refused`), each
change with its ledger event in the same transaction. Data that make no sense raise
`ValidationError` keyed by field, so forms can show it next to the input."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from bmnn.core.errors import Refused
from bmnn.core.ledger import record_event
from bmnn.core.levels import Level
from bmnn.core.text import nfc
from bmnn.org.selectors import is_admin
from bmnn.rulebook import loader
from bmnn.rulebook.models import AuthorityOverride, OverrideEffect

OPERATING_RULES = "Quy chế vận hành hệ thống bmnn của cơ quan"


def require_admin(actor, what: str) -> None:
    if not is_admin(actor):
        raise Refused(_("Chỉ quản trị hệ thống mới được %(what)s.") % {"what": what},
                      rule="rulebook.override.admin_only",
                      basis=f"{OPERATING_RULES} (quy định riêng về thẩm quyền)")


def _invalid(message: str, field: str) -> ValidationError:
    return ValidationError({field: message})


def _payload(override: AuthorityOverride) -> dict:
    return {"act": override.act, "level": override.level, "class": override.authority_class,
            "effect": override.effect, "reference": override.reference, "reason": override.reason,
            "valid_from": override.valid_from, "valid_to": override.valid_to, "revoked_on": override.revoked_on}


def _validate(act: str, level: str, authority_class: str, effect: str, reference: str, reason: str,
              valid_from: dt.date | None, valid_to: dt.date | None) -> None:
    # Overrides change who *decides*; acts done by staff (deliver, receive) have no classes.
    decision_acts = {code for r in loader.regimes() for code, a in r.acts.items() if a.kind == "decision"}
    if act not in decision_acts:
        raise _invalid(_("Chọn một việc cần quyết định (không áp dụng cho giao, nhận)."), "act")
    if level not in Level.values:
        raise _invalid(_("Chọn độ mật hợp lệ."), "level")
    if not loader.is_known_class(authority_class):
        raise _invalid(_("Nhóm thẩm quyền «%(authority_class)s» không có trong danh mục.")
                       % {"authority_class": authority_class}, "authority_class")
    if effect not in OverrideEffect.values:
        raise _invalid(_("Chọn cho phép hoặc không cho phép."), "effect")
    if not reference:
        raise _invalid(_("Cần ghi căn cứ (số, ký hiệu quy chế hoặc văn bản của cơ quan)."), "reference")
    if not reason:
        raise _invalid(_("Cần ghi lý do."), "reason")
    if valid_from is None:
        raise _invalid(_("Cần có ngày bắt đầu hiệu lực."), "valid_from")
    if valid_to is not None and valid_to < valid_from:
        raise _invalid(_("Ngày hết hiệu lực không được trước ngày bắt đầu."), "valid_to")


@transaction.atomic
def create_override(actor, *, act: str, level: str, authority_class: str, effect: str, reference: str,
                    reason: str, valid_from: dt.date, valid_to: dt.date | None = None) -> AuthorityOverride:
    """Record the body's own rule: `authority_class` may (allow) or may not (deny) decide
    `act` at `level` from `valid_from`. A deny beats any grant of the law."""
    require_admin(actor, _("ghi nhận quy định riêng về thẩm quyền"))
    act, level, authority_class, effect = (nfc(str(v or "")).strip() for v in (act, level, authority_class, effect))
    reference, reason = nfc(reference or "").strip(), nfc(reason or "").strip()
    _validate(act, level, authority_class, effect, reference, reason, valid_from, valid_to)
    override = AuthorityOverride.objects.create(
        act=act, level=level, authority_class=authority_class, effect=effect, reference=reference, reason=reason,
        valid_from=valid_from, valid_to=valid_to, created_by=actor)
    with translation.override(None):  # the ledger keeps the Vietnamese labels whatever the UI language
        description = (f"Quy định riêng {override.get_effect_display().lower()}: {authority_class} – {act} – "
                       f"{Level(level).label} ({reference})")
    record_event("rulebook.override.create", actor=actor, obj=override, description=description,
                 payload=_payload(override))
    return override


@transaction.atomic
def revoke_override(actor, override: AuthorityOverride, *, revoked_on: dt.date, reason: str = "") \
        -> AuthorityOverride:
    """The override stops applying from `revoked_on` (that day included); it stays on record."""
    require_admin(actor, _("bãi bỏ quy định riêng về thẩm quyền"))
    override = AuthorityOverride.objects.select_for_update().get(pk=override.pk)
    if override.revoked_on is not None:
        raise _invalid(_("Quy định riêng này đã bị bãi bỏ từ ngày %(revoked_on)s.")
                       % {"revoked_on": format(override.revoked_on, "%d/%m/%Y")}, "revoked_on")
    if revoked_on is None:
        raise _invalid(_("Cần có ngày bãi bỏ."), "revoked_on")
    if revoked_on < override.valid_from:
        raise _invalid(_("Ngày bãi bỏ không được trước ngày quy định riêng có hiệu lực."), "revoked_on")
    override.revoked_on, override.revoked_by = revoked_on, actor
    override.revoke_reason = nfc(reason or "").strip()
    override.save(update_fields=["revoked_on", "revoked_by", "revoke_reason"])
    record_event("rulebook.override.revoke", actor=actor, obj=override,
                 description=f"Bãi bỏ quy định riêng {override.reference} từ ngày {revoked_on:%d/%m/%Y}",
                 payload={**_payload(override), "revoke_reason": override.revoke_reason})
    return override
