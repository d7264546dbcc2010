"""The request to carry secret items out of their storage place (văn bản xin phép mang tài liệu,
vật chứa bí mật nhà nước ra khỏi nơi lưu giữ), printed from the CarryOut.

Law 2018 Art. 14 and Decree 26/2020 Art. 5 list its contents, and every one is printed: the
carrier's name, position and unit; the type, summary (where the Tuyệt mật rule allows it) and
level of the items, with the copies carried; the purpose; the time and place of the trip; the
protection measures; domestic or abroad (abroad: the head of the delegation the carrier reports
to). Below, the decision recorded in bmnn (who allowed or refused it, when, under which authority)
and the return. The carrier signs as requester, the person who decided as approver (their acts in
bmnn noted under the signatures); before the decision that block is left to sign on paper.

Not a TT 24 form (legal-rules.md §5.1): the layout is bmnn's own in the Decree 30/2020 frame."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from bmnn.core.dates import format_date
from bmnn.outputs import document as d
from bmnn.outputs import documents
from bmnn.outputs.documents import common
from bmnn.records.models import CarryOut, CarryOutScope, CarryOutStatus, CopyOrigin
from bmnn.records.services.carryout import visible_carry_outs

CODE = "carryout-request"


def lookup(person, pk: int) -> CarryOut:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(visible_carry_outs(person).select_related(
        "unit__parent", "item__issuing_unit", "delegation__delegator", "delegation__unit"), pk=pk)


def _abroad(c: CarryOut) -> bool:
    return c.scope == CarryOutScope.ABROAD


def _copies_table(c: CarryOut, on: dt.date) -> d.Table:
    item = c.item
    rows = []
    for i, line in enumerate(c.lines.select_related("copy").order_by("copy__origin", "copy__number"), start=1):
        prefix = "Bản sao số" if line.copy.origin == CopyOrigin.REPRODUCTION else "Bản số"
        rows.append([f"{i}", common.item_title(item), common.item_summary(item, on),
                     common.level_name(line.copy.marked_level or c.level), f"{prefix} {line.copy.number:02d}"])
    return d.Table(["Số thứ tự", "Tên loại, số, ký hiệu", "Trích yếu", "Độ mật", "Bản"], rows, [1, 4, 4, 1.6, 2],
                   numbered=True, align=["center", "left", "left", "center", "center"])


def _decision_lines(c: CarryOut) -> list:
    if not c.decided_by_id:
        return [common.line("Người có thẩm quyền cho phép", ""), common.line("Ý kiến", "")]
    verdict = "Không cho phép" if c.status == CarryOutStatus.REFUSED else "Cho phép"
    authority = c.authority_basis + (f" (ủy quyền {c.delegation.reference})" if c.delegation_id else "")
    lines = [common.line("Người quyết định", common.person_with_title(c.decided_by, c.decided_on)),
             common.line("Ngày quyết định", format_date(c.decided_on)),
             common.line("Ý kiến", verdict), common.line("Thẩm quyền", authority)]
    if c.decision_reason:
        lines.append(common.line("Lý do", c.decision_reason))
    if c.returned_on:
        lines.append(common.line("Đã nộp lại và báo cáo ngày", format_date(c.returned_on)))
    return lines


def _addressee(c: CarryOut) -> str:
    if c.decided_by_id:
        return common.person_with_title(c.decided_by, c.decided_on)
    if _abroad(c):
        return "Người có thẩm quyền cho phép mang bí mật nhà nước ra nước ngoài"
    return f"Người đứng đầu {c.unit.name}"


@common.vietnamese
def build(c: CarryOut, person, on: dt.date) -> d.AdminDocument:
    article = "Điều 14 khoản 2" if _abroad(c) else "Điều 14 khoản 1"
    blocks = [
        d.Para("Căn cứ " + common.citation(c.requested_on, ("LAW_2018", article), ("DECREE_26_2020", "Điều 5"))
               + ";", italic=True),
        d.Heading("1. Người mang"),
        common.line("Họ và tên", c.carrier.full_name), common.line("Chức vụ", c.carrier_position.title),
        common.line("Đơn vị công tác", c.unit.name),
        d.Heading("2. Tài liệu, vật chứa bí mật nhà nước mang ra"), _copies_table(c, on),
        d.Heading("3. Mục đích, thời gian, địa điểm"),
        common.line("Phạm vi", c.get_scope_display()),
        common.line("Mục đích sử dụng", c.purpose),
        common.line("Địa điểm công tác", c.destination),
        common.line("Thời gian", f"từ ngày {format_date(c.leaves_on)} đến ngày {format_date(c.returns_by)} "
                                 f"(nộp lại chậm nhất ngày {format_date(c.returns_by)})"),
        *([common.line("Trưởng đoàn công tác", c.delegation_head)] if _abroad(c) else []),
        d.Heading("4. Biện pháp bảo vệ"), d.Para(c.protection_measures),
        d.Para("Người mang cam kết quản lý, bảo vệ tài liệu, vật chứa bí mật nhà nước trong thời gian mang ra; báo cáo "
               "ngay người cho phép" + (" và trưởng đoàn công tác" if _abroad(c) else "")
               + " khi xảy ra lộ, mất; khi hoàn thành nhiệm vụ, báo cáo người cho phép về việc quản lý, sử dụng và "
               "nộp lại đầy đủ."),
        d.Heading("5. Ý kiến của người có thẩm quyền"), *_decision_lines(c),
    ]
    carrier = common.signer_of(c.carrier, c.requested_on, label="Người đề nghị", signed_on=c.requested_on,
                               verb="Đã đề nghị")
    decider = (common.signer_of(c.decided_by, c.decided_on, label="Người có thẩm quyền", signed_on=c.decided_on,
                                delegation=c.delegation, verb="Đã quyết định") if c.decided_by_id
               else common.blank_signer("Người có thẩm quyền"))
    summary = "Mang tài liệu, vật chứa bí mật nhà nước ra " + ("nước ngoài" if _abroad(c) else "khỏi nơi lưu giữ")
    return d.AdminDocument(
        **common.issuing_body(c.unit), place=common.PLACE, doc_type="Văn bản xin phép", summary=summary,
        symbol=c.unit.code, date=c.requested_on, level_stamp=common.level_stamp_of([c.level, c.item.level], on),
        addressees=[_addressee(c)], blocks=blocks + [d.Signatures([carrier, decider])],
        recipients=["Như trên"], filing=f"VT, {c.unit.code}", title=f"Văn bản xin phép mang ra {c.pk}")


documents.register(documents.DocumentKind(
    code=CODE, label=_("Văn bản xin phép mang ra khỏi nơi lưu giữ"), lookup=lookup, build=build,
    level=lambda c: common.highest_level([c.level, c.item.level]), unit=lambda c: c.unit,
    number=lambda c: f"#{c.pk}"))
