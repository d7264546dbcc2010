"""The stock-take record (biên bản kiểm kê tài liệu, vật chứa bí mật nhà nước), printed from the
StockTake, its lines and the incidents it opened: what the registers say the unit holds (every
copy listed when the stock-take began), what was presented, every copy not produced as a finding
(with the loss incident it opened and whether it was reported), who took part, and the
signature recorded in bmnn.

A line names its item only to a reader who may know of it, as on the page: the printout of a
keeper not cleared for every item shows those copies as "outside the reader's access", and its
level stamp is the highest level among the items it does name. bmnn keeps no number for a
stock-take record: the number is left for the registry to write ("Số:      /BB-<unit code>").
No template in TT 24/2020 (legal-rules.md §5.1); layout unverified."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.levels import ORDER, label
from bmnn.outputs import document as d
from bmnn.outputs import documents
from bmnn.outputs.documents import common as c
from bmnn.records.services import stocktake as service


def _result(line) -> str:
    if line.presented is None:
        return _("Chưa kiểm")
    return _("Có xuất trình") if line.presented else _("Không xuất trình được")


def _what(line) -> tuple[str, str]:
    if not line.item_visible:
        hidden = _("Bản của tài liệu ngoài phạm vi người in được giao tiếp cận (mã bản %(pk)s)")
        return hidden % {"pk": line.copy.pk}, ""
    item = line.copy.item
    kind = item.document_type or item.get_kind_display()
    return f"{item.label}; {kind}", label(item.level)


def _lines_table(lines) -> d.Table:
    rows = []
    for i, line in enumerate(lines, start=1):
        what, level = _what(line)
        rows.append([str(i), what, level, c.copy_number(line.copy) if line.item_visible else "",
                     c.holder(line.copy), _result(line), line.note])
    return d.Table([_("STT"), _("Tài liệu, vật chứa bí mật nhà nước"), _("Độ mật"), _("Bản số"),
                    _("Người, nơi quản lý"), _("Kết quả"), _("Ghi chú")], rows, [1.7, 5, 2.2, 2, 4, 2.5, 3],
                   align=["center", "left", "center", "center", "left", "center", "left"])


def _counts(lines) -> str:
    by_level = Counter(line.copy.item.level for line in lines if line.item_visible)
    parts = [f"{label(level)}: {by_level[level]}" for level in reversed(ORDER) if by_level[level]]
    hidden = sum(1 for line in lines if not line.item_visible)
    if hidden:
        parts.append(_("ngoài phạm vi người in được giao tiếp cận: %(n)s") % {"n": hidden})
    return "; ".join(parts)


def _findings(stocktake, lines) -> list[d.Block]:
    missing = [line for line in lines if line.presented is False]
    if not missing:
        return [d.Para(_("Tất cả các bản theo sổ sách đều được xuất trình.") if all(
            line.presented for line in lines) else _("Chưa kiểm xong: chưa có kết luận."))]
    incidents = {i.copy_id: i for i in stocktake.incidents.all()}
    out = [d.Para(_("Không xuất trình được %(n)s bản:") % {"n": len(missing)}, bold=True)]
    for line in missing:
        what, _level = _what(line)
        number = f" – {c.copy_number(line.copy)}" if line.item_visible else ""
        incident = incidents.get(line.copy_id)
        follow = ""
        if incident is not None:
            follow = (_("; đã mở vụ việc mất bí mật nhà nước, đã báo cáo ngày %(date)s") % {
                "date": c.dmy(incident.reported_on)} if incident.reported_on
                else _("; đã mở vụ việc mất bí mật nhà nước, phải báo cáo ngay"))
        note = f" ({line.note})" if line.note else ""
        out.append(d.Para(f"- {what}{number}{note}{follow}."))
    return out


def _signers(stocktake, on: dt.date) -> list[d.Signer]:
    signed_note = c.signed_note(stocktake.signed_at) if stocktake.signed_at else ""
    people = [(stocktake.conducted_by, _("Người chủ trì kiểm kê"))]
    people += [(p, _("Thành viên")) for p in stocktake.members.order_by("sort_key")
               if p.pk != stocktake.conducted_by_id]
    if stocktake.signed_by_id and stocktake.signed_by_id not in {p.pk for p, _role in people}:
        people.append((stocktake.signed_by, _("Người ký biên bản")))
    return [d.Signer(name=p.full_name, label=role, title=c.position_title(p, on, stocktake.unit),
                     note=signed_note if p.pk == stocktake.signed_by_id else "") for p, role in people]


def build(stocktake, person, on: dt.date) -> d.AdminDocument:
    lines = service.lines_seen_by(person, stocktake)
    signed_on = timezone.localdate(stocktake.signed_at) if stocktake.signed_at else None
    day = signed_on or stocktake.as_of
    team = [stocktake.conducted_by] + [p for p in stocktake.members.order_by("sort_key")
                                       if p.pk != stocktake.conducted_by_id]
    blocks = [
        *c.basis_lines(day, service.STOCKTAKE_BASIS),
        d.Para(_("Thực hiện kiểm kê tài liệu, vật chứa bí mật nhà nước của %(unit)s tính đến %(date)s, thành phần "
                 "tham gia gồm:") % {"unit": stocktake.unit.name, "date": c.formal(stocktake.as_of)}),
        *[d.Para(f"- {p.full_name}" + (f", {t}" if (t := c.position_title(p, day, stocktake.unit)) else "") + ";")
          for p in team],
        d.Heading(_("I. THEO SỔ SÁCH")),
        d.Para(_("Theo sổ đăng ký, sổ chuyển giao của đơn vị, %(unit)s đang quản lý %(n)s bản tài liệu, vật chứa bí "
                 "mật nhà nước (%(counts)s).") % {"unit": stocktake.unit.name, "n": len(lines),
                                                   "counts": _counts(lines) or "—"}),
        d.Heading(_("II. KẾT QUẢ KIỂM KÊ")), _lines_table(lines),
        d.Heading(_("III. PHÁT HIỆN")), *_findings(stocktake, lines),
        d.Signatures(_signers(stocktake, day)),
    ]
    return d.AdminDocument(
        **c.issuing_body(stocktake.unit), doc_type=_("BIÊN BẢN"),
        summary=_("Kiểm kê tài liệu, vật chứa bí mật nhà nước"), symbol=f"BB-{stocktake.unit.code}",
        date=signed_on, year=stocktake.as_of.year, level_stamp=c.level_stamp_of([stocktake.printed_level], day),
        blocks=blocks,
        title=f"{_('Biên bản kiểm kê')} {stocktake.unit.code} {c.dmy(stocktake.as_of)}")


def lookup(person, pk: int):
    """The stock-take as its page shows it to `person`, with the level its printout carries (the highest
    among the items it names to them: the print act must not record a level the paper does not show)."""
    stocktake = service.get_stocktake_or_404(person, pk)
    stocktake.printed_level = c.highest_level(line.copy.item.level for line in service.lines_seen_by(person, stocktake)
                                        if line.item_visible)
    return stocktake


documents.register(documents.DocumentKind(
    code="stocktake-record", label=_lazy("Biên bản kiểm kê tài liệu, vật chứa bí mật nhà nước"),
    lookup=lookup, build=c.vietnamese(build), level=lambda s: s.printed_level, unit=lambda s: s.unit,
    number=lambda s: f"{s.unit.code} {c.dmy(s.as_of)}"))
