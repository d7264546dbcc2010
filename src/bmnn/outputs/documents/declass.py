"""The declassification decision (Quyết định giải mật, Law 2018 Art. 22.4–22.6), printed from the
Declassification row decided by the head after a declassification council reported: full (the
"GIẢI MẬT – Từ: …" stamp to put on every copy, TT 24 Mẫu 05) or partial (exactly the content
released, the rest still protected at its level), the council and its minutes it follows, and
the written notice within 15 days to every holder.

Automatic declassifications (end of the period, removal from the list) have no decision to
print. There is no official template (legal-rules.md §5.1): Decree 30's decision layout with
the law's contents; the wording is bmnn's (unverified)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.errors import Refused
from bmnn.core.levels import label
from bmnn.outputs import document as d
from bmnn.outputs import documents, stamps
from bmnn.outputs.documents import common as c
from bmnn.records.models import DeclassificationGround, NoticeAct
from bmnn.records.services import declass


def lookup(person, pk: int):
    row = declass.get_declassification_or_404(person, pk)
    if row.ground != DeclassificationGround.DECISION:
        raise Refused(_("Tài liệu này đương nhiên được giải mật (%(ground)s): không có quyết định giải mật để in.")
                      % {"ground": row.get_ground_display().lower()}, rule="outputs.declass_decision_only",
                      basis=row.basis)
    return row


def _released(row, on: dt.date) -> list[d.Block]:
    table = d.Table([_("STT"), _("Số, ký hiệu; tên loại; trích yếu"), _("Độ mật"), _("Giải mật từ ngày")],
                    [["1", c.item_description(row.item, on), label(row.level), c.dmy(row.effective_on)]],
                    [1.4, 8, 2, 3], align=["center", "left", "center", "center"])
    if row.partial:
        return [c.article(1, _("Giải mật một phần tài liệu, vật chứa bí mật nhà nước sau đây kể từ ngày %(date)s:")
                          % {"date": c.dmy(row.effective_on)}), table,
                d.Para(_("Nội dung được giải mật:"), bold=True, indent=True),
                *[d.Para(line, indent=True) for line in row.released_content.splitlines() if line.strip()],
                d.Para(_("Phần nội dung còn lại tiếp tục được bảo vệ ở độ %(level)s.") % {"level": label(row.level)},
                       indent=True)]
    stamp = stamps.stamp("declassified", row.effective_on, date=row.effective_on)
    return [c.article(1, _("Giải mật toàn bộ tài liệu, vật chứa bí mật nhà nước sau đây kể từ ngày %(date)s:")
                      % {"date": c.dmy(row.effective_on)}), table,
            d.Para(_("Dấu giải mật đóng trên tài liệu, vật chứa bí mật nhà nước:"), indent=True), d.Stamps([stamp])]


def build(row, person, on: dt.date) -> d.AdminDocument:
    council, decided = row.council, row.decided_on
    holders = c.notified(row.item, NoticeAct.DECLASSIFICATION, row.pk)
    basis = [row.authority_basis]
    if council is not None:
        basis += [c.paper_of(_("Quyết định"), council.reference, council.established_on)
                  + _(" thành lập Hội đồng giải mật"),
                  c.paper_of(_("Biên bản họp Hội đồng giải mật"), council.minutes_reference, council.met_on)]
    considering = ([d.Para(_("Xét %(reason)s;") % {"reason": row.reason.rstrip(".;")}, italic=True)]
                   if row.reason else [])
    articles = [*_released(row, decided),
                *c.notice_article(2, unit=row.unit, on=decided, key="declassification_notice", holders=holders,
                                  what=_("đóng dấu giải mật hoặc ghi nhận việc giải mật")),
                c.closing_article(3, row.unit)]
    return c.decision(unit=row.unit, on=decided, reference=row.reference,
                      signer=c.signer_of(row.decided_by, decided, unit=row.unit),
                      summary=_("Về việc giải mật một phần bí mật nhà nước") if row.partial
                      else _("Về việc giải mật bí mật nhà nước"),
                      level=row.level, basis=basis, considering=considering, articles=articles,
                      recipients=c.holder_recipients(holders))


documents.register(documents.DocumentKind(
    code="declassification-decision", label=_lazy("Quyết định giải mật"), lookup=lookup,
    build=c.vietnamese(build),
    level=lambda row: row.level, unit=lambda row: row.unit, number=lambda row: row.reference))
