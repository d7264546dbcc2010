"""The classification record of an object, place, speech or activity (TT 24/2020 Mẫu 01 "Văn bản
xác định độ mật đối với vật, địa điểm, lời nói, hoạt động, hình thức khác chứa bí mật nhà nước").

A document shows its level with a stamp; a thing that cannot be stamped has this record instead
(Law 2018 Art. 10.3; Decree 26/2020 Art. 2). Its contents are the proposal's (Decree 26 Art. 2.1:
level, recipients, number of copies, whether copying is allowed) and the decision's (who decided,
when, the period of protection, the list entry), all from the item and its ClassificationDecision.
The drafter signs as proposer; the person who decided signs as head of the body (their decision
in bmnn is noted under the signature); before the decision that block is left to sign on paper.

UNVERIFIED: the annex of TT 24 was not read, so the layout of Mẫu 01 (its headings, the order of
its lines, the symbol of its number) is bmnn's own in the Decree 30/2020 frame; the number is left
for the registry to write."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from bmnn.core.access import get_visible_or_404
from bmnn.core.dates import format_date
from bmnn.outputs import document as d
from bmnn.outputs import documents
from bmnn.outputs.documents import common
from bmnn.records.models import ClassificationOutcome, ItemKind, SecretItem
from bmnn.rulebook import loader

CODE = "classification-record"
# The kinds that carry their level in this record rather than on a stamp.
NON_DOCUMENT = (ItemKind.OBJECT, ItemKind.PLACE, ItemKind.SPEECH, ItemKind.ACTIVITY)


def lookup(person, pk: int) -> SecretItem:
    items = SecretItem.objects.filter(kind__in=NON_DOCUMENT).select_related(
        "holding_unit__parent", "issuing_unit", "drafter", "decided_by", "list_entry__secret_list")
    return get_visible_or_404(items, person, pk=pk)


def _decision(item):
    return (item.decisions.filter(outcome=ClassificationOutcome.APPROVED).select_related("decided_by", "delegation")
            .order_by("-decided_at").first())


def _list_entry(item) -> str:
    entry = item.list_entry
    if entry is None:
        return ""
    secret_list = entry.secret_list
    return (f"mục {entry.number} «{entry.content}», {secret_list.title} ban hành kèm theo "
            f"{secret_list.decision_reference} ngày {format_date(secret_list.issued_on)}")


def _period(item) -> str:
    if not item.protection_until:
        if item.kind == ItemKind.PLACE and item.classified_on:
            # A place is protected until it is no longer used (a rule of the regime, no date).
            rule = loader.regime_on(item.classified_on).period_rules.get("place")
            return "đến khi không còn sử dụng địa điểm" + (f" ({rule.citation})" if rule else "")
        return ""
    return f"đến hết ngày {format_date(item.protection_until)}" + (
        " (ngắn hơn thời hạn của độ mật)" if item.protection_shortened else "")


@common.vietnamese
def build(item: SecretItem, person, on: dt.date) -> d.AdminDocument:
    decision = _decision(item)
    decided_on = decision.decided_on if decision else None
    regime_on = decided_on or on
    blocks = [
        d.Para("Căn cứ " + common.citation(regime_on, ("LAW_2018", "Điều 10"), ("DECREE_26_2020", "Điều 2"))
               + ";", italic=True),
        d.Heading("1. Thông tin chứa bí mật nhà nước"),
        common.line("Hình thức chứa bí mật nhà nước", item.get_kind_display()),
        common.line("Tên gọi", common.item_name(item, on)),
        common.line("Đơn vị quản lý", item.holding_unit.name),
        d.Heading("2. Độ mật và phạm vi lưu hành"),
        common.line("Độ mật", common.level_name(item.level)),
        common.line("Thời hạn bảo vệ", _period(item)),
        common.line("Căn cứ danh mục bí mật nhà nước", _list_entry(item)),
        common.line("Số lượng", f"{item.copies_planned:02d}"),
        common.line("Được phép sao, chụp", common.yes_no(item.reproduction_allowed, "Được phép sao, chụp",
                                                          "Không được phép sao, chụp")),
        common.line("Nơi nhận, phạm vi lưu hành", "; ".join(common.recipient_names(item))),
        d.Heading("3. Đề xuất và quyết định"),
        common.line("Người đề xuất", item.drafter.full_name if item.drafter_id else ""),
        common.line("Người quyết định", decision.decided_by.full_name if decision else ""),
        common.line("Ngày quyết định", format_date(decided_on) if decided_on else ""),
        common.line("Thẩm quyền", decision.authority_basis if decision else ""),
    ]
    proposer = (common.signer_of(item.drafter, regime_on, label="Người đề xuất") if item.drafter_id
                else common.blank_signer("Người đề xuất"))
    decider = (common.signer_of(decision.decided_by, decided_on, signed_on=decided_on, delegation=decision.delegation,
                                verb="Đã quyết định") if decision else common.blank_signer("Người quyết định"))
    blocks.append(d.Signatures([proposer, decider]))
    return d.AdminDocument(
        **common.issuing_body(item.holding_unit), place=common.PLACE, doc_type="Văn bản xác định độ mật",
        summary=f"Đối với {item.get_kind_display().lower()} chứa bí mật nhà nước",
        symbol=item.holding_unit.code, date=decided_on, year=on.year,
        level_stamp=common.level_stamp_of([item.level], on), blocks=blocks,
        recipients=common.recipient_names(item), filing=f"VT, {item.holding_unit.code}",
        title=f"Văn bản xác định độ mật {item.pk}")


documents.register(documents.DocumentKind(
    code=CODE, label=_("Văn bản xác định độ mật"), lookup=lookup, build=build,
    level=lambda item: item.level, unit=lambda item: item.holding_unit,
    number=lambda item: item.reference or f"#{item.pk}"))
