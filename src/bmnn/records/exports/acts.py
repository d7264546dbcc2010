"""The lists of acts on items (carry-outs, councils, declassifications, deliveries to receive,
destructions, incidents, meetings, notices, provisions, recalls, departures, reproductions,
stock-takes) as exports. Each takes its rows from its page's own function (views.<area>.*_rows),
which starts from the area's visible set: what the person may not see is never in the file."""

from __future__ import annotations

from typing import Callable

from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from bmnn.outputs.export.spec import (DATE, DATETIME, LEVEL, NUMBER, Column, Filter, ListSpec, choice_label, page_url,
                                      register)
from bmnn.records.exports.common import item_columns, status_filter
from bmnn.records.models import (CarryOutStatus, CouncilKind, CouncilStatus, DeclassificationGround, DestructionStatus,
                                 MeetingStatus, NoticeAct, NoticeStatus, ProvisionStatus, RecallStatus,
                                 ReproductionStatus)
from bmnn.records.views import (carryout, councils, declass, delivery, destruction, meetings, notices, provision,
                                recall, reproduction, stocktake)


def act_list(code: str, name, sheet, rows_of: Callable, recorded: str, columns: tuple[Column, ...], *,
             filters: tuple[Filter, ...] = (), level: Callable | None = lambda row: row.item.level,
             url_name: str) -> ListSpec:
    """A list whose rows are `rows_of(person, params, on)` (the page's own query), cut at the
    export's moment on the `recorded` timestamp."""
    return register(ListSpec(
        code=code, name=name, sheet=sheet, columns=columns, level=level, filters=filters,
        rows=lambda ctx: ctx.cut(rows_of(ctx.person, ctx.params, ctx.on), recorded),
        page=page_url(f"records:{url_name}")))


def _yes(flag: bool) -> str:
    return _g("Có") if flag else ""


act_list("carryouts", _("Mang tài liệu, vật chứa bí mật nhà nước ra khỏi nơi lưu giữ"), _("Mang ra ngoài"),
         carryout.carryout_rows, "requested_at", (
             *item_columns(),
             Column(_("Người mang"), lambda c: f"{c.carrier.full_name} – {c.unit.name}", width=32),
             Column(_("Phạm vi"), lambda c: c.get_scope_display(), width=14),
             Column(_("Mang đi từ ngày"), lambda c: c.leaves_on, DATE),
             Column(_("Nộp lại chậm nhất ngày"), lambda c: c.returns_by, DATE),
             Column(_("Trạng thái"), lambda c: c.get_status_display(), width=18),
             Column(_("Quá hạn nộp lại"), lambda c: _yes(getattr(c, "is_overdue", False)), width=10)),
         filters=(status_filter(CarryOutStatus), Filter("overdue", _("Quá hạn nộp lại"), lambda v: _g("Có"))),
         url_name="carryout_list")

act_list("councils", _("Hội đồng xem xét tài liệu, vật chứa bí mật nhà nước"), _("Hội đồng"),
         councils.council_rows, "created_at", (
             Column(_("Quyết định thành lập"), lambda c: c.reference, width=24),
             Column(_("Ngày quyết định thành lập"), lambda c: c.established_on, DATE),
             Column(_("Loại"), lambda c: c.get_kind_display(), width=18),
             Column(_("Cơ quan"), lambda c: c.unit.name, width=30),
             Column(_("Độ mật cao nhất"), lambda c: c.level, LEVEL, width=12),
             Column(_("Số tài liệu"), lambda c: len(c.items.all()), NUMBER, width=10),
             Column(_("Trạng thái"), lambda c: c.get_status_display(), width=18)),
         filters=(Filter("kind", _("Loại"), choice_label(CouncilKind)), status_filter(CouncilStatus)),
         level=lambda c: c.level, url_name="council_list")

act_list("declassifications", _("Giải mật tài liệu, vật chứa bí mật nhà nước"), _("Giải mật"),
         declass.declass_rows, "created_at", (
             Column(_("Tài liệu"), lambda r: r.item.label, width=36),
             Column(_("Độ mật khi giải mật"), lambda r: r.level, LEVEL, width=12),
             Column(_("Căn cứ"), lambda r: r.get_ground_display(), width=24),
             Column(_("Phạm vi"), lambda r: _g("Một phần") if r.partial else _g("Toàn bộ"), width=10),
             Column(_("Giải mật từ ngày"), lambda r: r.effective_on, DATE),
             Column(_("Quyết định"), lambda r: f"{r.reference}, {r.decided_by.full_name}" if r.reference
                    else _g("Đương nhiên giải mật"), width=32)),
         filters=(Filter("ground", _("Căn cứ"), choice_label(DeclassificationGround)),),
         level=lambda r: r.level, url_name="declass_list")

act_list("deliveries", _("Tài liệu, vật chứa bí mật nhà nước chờ nhận"), _("Tài liệu chờ nhận"),
         delivery.to_receive_rows, "sent_at", (
             Column(_("Số, ký hiệu"), lambda d: d.item.label, width=24),
             Column(_("Độ mật"), lambda d: d.item.level, LEVEL, width=12),
             Column(_("Nơi gửi"), lambda d: d.from_unit.name if d.from_unit else d.from_external, width=30),
             Column(_("Gửi"), lambda d: d.addressee + (f" – {d.named_recipient.full_name}"
                                                        if d.named_recipient else ""), width=30),
             Column(_("Bì"), lambda d: ", ".join(p for p in (
                 d.envelope_mark, _g("Chỉ người có tên mới được bóc bì") if d.named_recipient_only else "",
                 _g("Hỏa tốc") if d.express else "") if p), width=20),
             Column(_("Ngày giao"), lambda d: d.sent_at, DATE),
             Column(_("Trạng thái"), lambda d: d.get_status_display(), width=16)),
         url_name="delivery_to_receive")

act_list("destructions", _("Tiêu hủy tài liệu, vật chứa bí mật nhà nước"), _("Tiêu hủy"),
         destruction.destruction_rows, "created_at", (
             Column(_("Hồ sơ"), lambda d: f"#{d.pk}", width=8),
             Column(_("Đơn vị lưu giữ"), lambda d: d.unit.name, width=30),
             Column(_("Độ mật cao nhất"), lambda d: d.level, LEVEL, width=12),
             Column(_("Ngày lập"), lambda d: d.proposed_on, DATE),
             Column(_("Quyết định"), lambda d: d.decision_reference or "—", width=22),
             Column(_("Trạng thái"), lambda d: d.get_status_display(), width=18)),
         filters=(status_filter(DestructionStatus),), level=lambda d: d.level, url_name="destruction_list")

act_list("meetings", _("Hội nghị, hội thảo, cuộc họp có nội dung bí mật nhà nước"), _("Hội nghị, cuộc họp"),
         meetings.meeting_rows, "requested_at", (
             Column(_("Tên"), lambda m: m.title, width=40),
             Column(_("Yếu tố nước ngoài"), lambda m: _yes(m.foreign_element), width=10),
             Column(_("Độ mật"), lambda m: m.level, LEVEL, width=12),
             Column(_("Đơn vị tổ chức"), lambda m: m.organising_unit.name, width=30),
             Column(_("Từ ngày"), lambda m: m.start_date, DATE),
             Column(_("Đến ngày"), lambda m: m.end_date, DATE),
             Column(_("Trạng thái"), lambda m: m.get_status_display(), width=18)),
         filters=(status_filter(MeetingStatus),), level=lambda m: m.level, url_name="meeting_list")

act_list("notices", _("Thông báo cho nơi nhận"), _("Thông báo"),
         notices.notice_rows, "created_at", (
             *item_columns(),
             Column(_("Việc thông báo"), lambda n: n.get_act_display(), width=20),
             Column(_("Nơi nhận"), lambda n: n.recipient_name, width=30),
             Column(_("Hạn gửi"), lambda n: n.due_on, DATE),
             Column(_("Trạng thái"), lambda n: n.get_status_display() + (
                 f" ({_g('gửi muộn')})" if n.sent_late else ""), width=18)),
         filters=(status_filter(NoticeStatus), Filter("act", _("Việc thông báo"), choice_label(NoticeAct)),
                  Filter("overdue", _("Quá hạn"), lambda v: _g("Có"))),
         url_name="notice_list")

act_list("provisions", _("Cung cấp, chuyển giao bí mật nhà nước"), _("Cung cấp, chuyển giao"),
         provision.provision_rows, "recorded_at", (
             *item_columns(),
             Column(_("Bên đề nghị"), lambda p: str(p.requester), width=32),
             Column(_("Phạm vi"), lambda p: p.get_scope_display(), width=14),
             Column(_("Ngày đề nghị"), lambda p: p.request_date, DATE),
             Column(_("Trạng thái"), lambda p: p.get_status_display(), width=18)),
         filters=(status_filter(ProvisionStatus),), url_name="provision_list")

act_list("recalls", _("Thu hồi tài liệu, vật chứa bí mật nhà nước"), _("Thu hồi"),
         recall.recall_rows, "created_at", (
             *item_columns(),
             Column(_("Quyết định"), lambda r: f"{r.reference} — {r.decided_by.full_name}", width=32),
             Column(_("Ngày quyết định"), lambda r: r.decided_on, DATE),
             Column(_("Hạn trả lại"), lambda r: r.return_by, DATE),
             Column(_("Trạng thái"), lambda r: r.get_status_display(), width=16)),
         filters=(status_filter(RecallStatus),), url_name="recall_list")

act_list("departures", _("Cán bộ thôi việc, chuyển công tác, nghỉ hưu"), _("Cán bộ thôi việc"),
         recall.departure_rows, "recorded_at", (
             Column(_("Cán bộ"), lambda d: d.person.full_name, width=28),
             Column(_("Lý do"), lambda d: d.get_kind_display(), width=20),
             Column(_("Ngày có hiệu lực"), lambda d: d.effective_on, DATE),
             Column(_("Đơn vị"), lambda d: d.unit.name, width=30),
             Column(_("Tình trạng"), lambda d: _g("Hoàn tất") if d.completed_on else _g("Chưa hoàn tất"), width=14),
             Column(_("Ngày hoàn tất"), lambda d: d.completed_on, DATE)),
         filters=(Filter("open", _("Chỉ việc chưa hoàn tất"), lambda v: _g("Có")),), level=None,
         url_name="departure_list")

act_list("reproductions", _("Sao, chụp tài liệu, vật chứa bí mật nhà nước"), _("Sao, chụp"),
         reproduction.reproduction_rows, "requested_at", (
             *item_columns(),
             Column(_("Hình thức"), lambda r: r.get_method_display(), width=14),
             Column(_("Số bản"), lambda r: r.copies_requested, NUMBER, width=8),
             Column(_("Người đề nghị"), lambda r: r.requested_by.full_name, width=26),
             Column(_("Ngày đề nghị"), lambda r: r.requested_at, DATETIME),
             Column(_("Trạng thái"), lambda r: r.get_status_display(), width=16)),
         filters=(status_filter(ReproductionStatus),), url_name="reproduction_list")

act_list("stocktakes", _("Kiểm kê tài liệu, vật chứa bí mật nhà nước"), _("Kiểm kê"),
         stocktake.stocktake_rows, "started_at", (
             Column(_("Đơn vị"), lambda s: s.unit.name, width=30),
             Column(_("Đến ngày"), lambda s: s.as_of, DATE),
             Column(_("Người kiểm kê"), lambda s: s.conducted_by.full_name, width=26),
             Column(_("Trạng thái"), lambda s: s.get_status_display(), width=16),
             Column(_("Ngày ký"), lambda s: s.signed_at, DATE)),
         level=None, url_name="stocktake_list")


def _incidents(ctx):
    return stocktake.incident_rows(ctx.person, ctx.params, ctx.on, until=ctx.until)


register(ListSpec(
    code="incidents", name=_("Vụ việc lộ, mất tài liệu, vật chứa bí mật nhà nước"), sheet=_("Vụ việc"),
    columns=(
        Column(_("Loại"), lambda i: i.get_kind_display(), width=14),
        Column(_("Đơn vị"), lambda i: i.unit.name, width=30),
        Column(_("Ngày mở"), lambda i: i.opened_at, DATE),
        Column(_("Nội dung"), lambda i: i.description if i.item_visible else
               _g("Bản của tài liệu ngoài phạm vi bạn được giao tiếp cận"), width=40),
        Column(_("Ngày báo cáo"), lambda i: i.reported_on, DATE),
        Column(_("Báo cáo tới"), lambda i: i.reported_to if i.reported_on else _g("Chưa báo cáo"), width=28)),
    rows=_incidents, page=page_url("records:incident_list"),
))
