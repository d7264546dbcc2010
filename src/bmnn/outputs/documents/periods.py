"""The extension decision (Quyết định gia hạn thời hạn bảo vệ bí mật nhà nước, Law 2018 Art. 20)
and the level adjustment decision (Quyết định điều chỉnh độ mật, Art. 21), printed from their
rows (records.Extension, records.Adjustment) and the notices they owe.

Neither has a template in TT 24/2020 (legal-rules.md §5.1): the layout is Decree 30's decision
(QUYẾT ĐỊNH, Căn cứ lines, Điều 1–3), the contents are the law's (what is extended or adjusted,
the new period or level, the written notice within 15 days to every holder, who must stamp their
copies). The wording of the articles is bmnn's, not an official form: unverified."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.levels import label
from bmnn.outputs import document as d
from bmnn.outputs import documents, stamps
from bmnn.outputs.documents import common as c
from bmnn.records.models import NoticeAct
from bmnn.records.services import periods


def _decision(row, *, summary: str, level: str, considering: list, articles: list, act: str) -> d.AdminDocument:
    delegation = row.delegation if row.via == "delegation" else None
    signer = c.signer_of(row.decided_by, row.decided_on, unit=row.unit, delegation=delegation)
    holders = c.notified(row.item, act, row.pk)
    return c.decision(unit=row.unit, on=row.decided_on, reference=row.decision_reference, signer=signer,
                      summary=summary, level=level, basis=[row.authority_basis], considering=considering,
                      articles=articles,
                      recipients=c.holder_recipients(holders))


# --- Extension -----------------------------------------------------------------------------------

def build_extension(extension, person, on: dt.date) -> d.AdminDocument:
    item, decided = extension.item, extension.decided_on
    stamp = stamps.stamp("extension", decided, until=extension.new_until)
    table = d.Table(
        [_("STT"), _("Số, ký hiệu; tên loại; trích yếu"), _("Độ mật"), _("Thời hạn bảo vệ đến ngày"),
         _("Gia hạn thêm"), _("Thời hạn bảo vệ mới đến ngày")],
        [["1", c.item_description(item, decided), label(extension.level), c.dmy(extension.previous_until),
          extension.length_label, c.dmy(extension.new_until)]],
        [1.4, 6, 2, 3, 2.5, 3], align=["center", "left", "center", "center", "center", "center"])
    considering = [d.Para(_("Xét thấy việc giải mật sẽ gây nguy hại đến lợi ích quốc gia, dân tộc: %(reason)s")
                          % {"reason": extension.reason.rstrip(".;")} + ";", italic=True)]
    articles = [
        c.article(1, _("Gia hạn thời hạn bảo vệ bí mật nhà nước đối với tài liệu, vật chứa bí mật nhà nước sau đây "
                       "thêm %(length)s, từ ngày %(old)s đến hết ngày %(new)s:")
                  % {"length": extension.length_label, "old": c.dmy(extension.previous_until),
                     "new": c.dmy(extension.new_until)}),
        table,
        d.Para(_("Dấu gia hạn thời hạn bảo vệ bí mật nhà nước đóng trên tài liệu, vật chứa bí mật nhà nước:"),
               indent=True),
        d.Stamps([stamp]),
        *c.notice_article(2, unit=extension.unit, on=decided, key="extension_notice",
                          holders=c.notified(item, NoticeAct.EXTENSION, extension.pk),
                          what=_("đóng dấu gia hạn (mẫu trên) hoặc ghi nhận việc gia hạn")),
        c.closing_article(3, extension.unit),
    ]
    return _decision(extension, summary=_("Về việc gia hạn thời hạn bảo vệ bí mật nhà nước"), level=extension.level,
                     considering=considering, articles=articles, act=NoticeAct.EXTENSION)


documents.register(documents.DocumentKind(
    code="extension-decision", label=_lazy("Quyết định gia hạn thời hạn bảo vệ bí mật nhà nước"),
    lookup=lambda person, pk: c.first_or_404(periods.visible_extensions(person), pk),
    build=c.vietnamese(build_extension), level=lambda e: e.level, unit=lambda e: e.unit,
    number=lambda e: e.decision_reference))


# --- Adjustment ----------------------------------------------------------------------------------

def _entry(entry) -> str:
    return _("mục %(number)s Danh mục %(code)s (%(reference)s)") % {
        "number": entry.number, "code": entry.secret_list.code, "reference": entry.secret_list.decision_reference}


def build_adjustment(adjustment, person, on: dt.date) -> d.AdminDocument:
    item, decided = adjustment.item, adjustment.decided_on
    new = label(adjustment.to_level)
    stamp = stamps.stamp("adjustment", decided, new_level=new.upper(), date=decided)
    verb = _("Nâng độ mật") if adjustment.raised else _("Hạ độ mật")
    table = d.Table(
        [_("STT"), _("Số, ký hiệu; tên loại; trích yếu"), _("Độ mật cũ"), _("Độ mật mới"),
         _("Căn cứ danh mục bí mật nhà nước"), _("Thời hạn bảo vệ đến ngày")],
        [["1", c.item_description(item, decided), label(adjustment.from_level), new, _entry(adjustment.list_entry),
          c.dmy(adjustment.new_until)]],
        [1.4, 6, 2, 2, 4, 3], align=["center", "left", "center", "center", "left", "center"])
    considering = [
        d.Para(_("Căn cứ %(entry)s;") % {"entry": _entry(adjustment.list_entry)}, italic=True),
        d.Para(_("Xét lý do điều chỉnh: %(reason)s") % {"reason": adjustment.reason.rstrip(".;")} + ";", italic=True)]
    articles = [
        c.article(1, _("%(verb)s tài liệu, vật chứa bí mật nhà nước sau đây từ %(old)s thành %(new)s; thời hạn bảo "
                       "vệ tính lại theo độ mật mới từ ngày %(on)s:")
                  % {"verb": verb, "old": label(adjustment.from_level), "new": new, "on": c.dmy(decided)}),
        table,
    ]
    if adjustment.summary_removed:
        articles.append(d.Para(_("Trích yếu của tài liệu được xóa khỏi sổ, hệ thống theo độ mật mới."), indent=True))
    articles += [
        d.Para(_("Dấu điều chỉnh độ mật đóng trên tài liệu, vật chứa bí mật nhà nước:"), indent=True),
        d.Stamps([stamp]),
        *c.notice_article(2, unit=adjustment.unit, on=decided, key="adjustment_notice",
                          holders=c.notified(item, NoticeAct.ADJUSTMENT, adjustment.pk),
                          what=_("đóng dấu điều chỉnh độ mật (mẫu trên) hoặc ghi nhận việc điều chỉnh")),
        c.closing_article(3, adjustment.unit),
    ]
    return _decision(adjustment, summary=_("Về việc điều chỉnh độ mật của bí mật nhà nước"),
                     level=c.highest_level([adjustment.from_level, adjustment.to_level]), considering=considering,
                     articles=articles, act=NoticeAct.ADJUSTMENT)


documents.register(documents.DocumentKind(
    code="adjustment-decision", label=_lazy("Quyết định điều chỉnh độ mật"),
    lookup=lambda person, pk: c.first_or_404(periods.visible_adjustments(person), pk),
    build=c.vietnamese(build_adjustment), level=lambda a: c.highest_level([a.from_level, a.to_level]),
    unit=lambda a: a.unit,
    number=lambda a: a.decision_reference))
