"""The envelope sheet of a delivery (`envelope-sheet`): what to write and stamp on each envelope
(Decree 26/2020 Art. 4.1.b; legal-rules.md §2.3), outermost first, with the stamps at real size:

- Tuyệt mật: two envelopes. The outer one is addressed like ordinary mail (sender, receiving body)
  and stamped "A"; the inner one carries the number and symbol, the recipient's name and the
  TUYỆT MẬT stamp, is sealed with the body's seal, and is stamped "Chỉ người có tên mới được bóc bì"
  when the delivery is for the named person only.
- Tối mật: one envelope stamped "B"; Mật: one envelope stamped "C".

A delivery goes to one recipient (a unit of the installation, or a body outside it, optionally a
named person), so it has one sheet. Built as an `AdminDocument` (sections, a table of what is
written on each face, the stamps as `Stamps` blocks) rather than drawn envelope faces: the sheet is
read and checked when packing, not printed onto the envelope, and the shared layout keeps the
header, print line and DOCX output. The paper is in Vietnamese whatever the screen's language.
No official form exists for the sheet itself; the A/B/C stamp forms are flagged unverified in the
stamp data (and said so on the sheet)."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bmnn.core.access import today
from bmnn.core.errors import Refused
from bmnn.outputs import document as d
from bmnn.outputs import documents
from bmnn.outputs.stamp_catalogue import info
from bmnn.outputs.stamps import level_stamp
from bmnn.records.models import Delivery
from bmnn.records.services import delivery as deliveries

ENVELOPE_BASIS = "Điều 4 khoản 1 điểm b Nghị định 26/2020/NĐ-CP"
SEAL_NOTE = "Niêm phong bằng dấu của cơ quan, tổ chức ở ngoài bì trong."
FACE_TITLES = {"outer": "I. BÌ NGOÀI", "inner": "II. BÌ TRONG (NIÊM PHONG)", "single": "BÌ TÀI LIỆU"}
FACE_RULES = {
    "outer": "Ghi như thư thường (nơi gửi, nơi nhận); không ghi độ mật, số, ký hiệu tài liệu; đóng dấu chữ {letter}.",
    "inner": "Ghi số, ký hiệu tài liệu, tên người nhận; đóng dấu độ mật; niêm phong bằng dấu của cơ quan, tổ chức.",
    "single": "Một bì; ghi nơi gửi, nơi nhận, số, ký hiệu tài liệu; đóng dấu chữ {letter}.",
}


def _lookup(person, pk: int) -> Delivery:
    """The same visibility as the delivery's page (the sender's side and the receiver's side)."""
    delivery = deliveries.visible_deliveries(person, today()).select_related("from_unit__parent", "item").filter(
        pk=pk).first()
    if delivery is None:
        raise Http404
    return delivery


def _unit(delivery: Delivery):
    return delivery.from_unit or delivery.item.holding_unit


def _sent_on(delivery: Delivery) -> dt.date:
    return timezone.localdate(delivery.sent_at)


def _face(face: deliveries.EnvelopeFace, letter: str, on: dt.date) -> list:
    stamps = [info(code, on) for code in face.stamps]
    rows = [["Nơi gửi", face.sender], ["Nơi nhận", face.addressee]]
    if face.reference:
        rows.append(["Số, ký hiệu", face.reference])
    if deliveries.EXPRESS_MARK in face.marks:
        rows.append(["Độ khẩn", deliveries.EXPRESS_MARK.upper()])
    rows.append(["Dấu phải đóng", "; ".join(s.caption for s in stamps)])
    if face.sealed:
        rows.append(["Niêm phong", SEAL_NOTE])
    return [d.Heading(FACE_TITLES[face.kind]),
            d.Para(FACE_RULES[face.kind].format(letter=letter), italic=True, indent=False, size=12),
            d.Table(["Ghi trên bì", "Nội dung"], rows, [1, 3]),
            d.Stamps([s.stamp for s in stamps])]


def _basis(delivery: Delivery) -> str:
    try:
        return deliveries.envelope_for(delivery.item.level, _sent_on(delivery)).basis or ENVELOPE_BASIS
    except Refused:
        return ENVELOPE_BASIS


def _build(delivery: Delivery, person, on: dt.date) -> d.AdminDocument:
    sent_on = _sent_on(delivery)
    blocks = []
    for face in deliveries.envelope_faces(delivery):
        blocks += _face(face, delivery.envelope_mark, sent_on)
    numbers = ", ".join(f"{c.number:02d}" for c in delivery.copies.order_by("origin", "number"))
    blocks += [d.Para(f"Trong bì: {delivery.copies.count()} bản (bản số {numbers}), {delivery.pages} trang, "
                      f"{delivery.attachments} phụ lục.", indent=False),
               d.Para(f"Căn cứ: {_basis(delivery)}.", italic=True, indent=False, size=12)]
    unit, entry = _unit(delivery), delivery.handover_entry
    return d.AdminDocument(
        body_name=unit.name, parent_body_name=unit.parent.name if unit.parent_id else "",
        doc_type="Phiếu ghi bì", summary=f"Bì tài liệu gửi {delivery.addressee}",
        number=f"{entry.number}/{entry.year} (Sổ chuyển giao)" if entry else "", date=sent_on,
        level_stamp=level_stamp(delivery.item.level, sent_on), blocks=blocks,
        title=f"Phiếu ghi bì {_number(delivery)}")


def _number(delivery: Delivery) -> str:
    return delivery.item.reference or f"#{delivery.item_id}"


ENVELOPE_SHEET = documents.register(documents.DocumentKind(
    code="envelope-sheet", label=_("Phiếu ghi bì"), lookup=_lookup, build=_build,
    level=lambda delivery: delivery.item.level, unit=_unit, number=_number))
