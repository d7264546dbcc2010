"""The stamp sheet of an item (`stamp-sheet`): every stamp the item and its copies must bear now
(records.services.marks), each at its real size with its form, size, verified flag and where it
goes, to stamp by or to hold a rubber stamp against. Printed at 100 % scale.

The paper is in Vietnamese whatever the screen's language (a regenerated printout must match byte
for byte). It names the item by its number and symbol only, never its summary; it carries the
item's level in box 10a, as a paper about a secret item. The sheet is bmnn's own: no official form
prescribes it, so its layout is not "unverified", but every stamp on it says whether its form is."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from bmnn.core.access import get_visible_or_404
from bmnn.outputs import document as d
from bmnn.outputs import documents
from bmnn.outputs.stamps import level_stamp
from bmnn.records.models import SecretItem
from bmnn.records.services.marks import item_marks


def item_name(item: SecretItem) -> str:
    return item.reference or f"{item.document_type or 'Tài liệu'} chưa có số (#{item.pk})"


def _lookup(person, pk: int) -> SecretItem:
    return get_visible_or_404(SecretItem.objects.select_related("holding_unit__parent"), person, pk=pk)


def _build(item: SecretItem, person, on: dt.date) -> d.AdminDocument:
    marks = item_marks(item, on)
    blocks: list = [d.Para("In tờ này đúng tỷ lệ 100 % (không co giãn trang) để mỗi dấu có kích thước thật, "
                           "rồi đối chiếu với con dấu hoặc dấu đã đóng trên tài liệu.", italic=True, size=12)]
    if not marks:
        blocks.append(d.Para("Tài liệu này hiện không phải đóng dấu nào."))
    for i, mark in enumerate(marks, start=1):
        blocks += [d.Para(f"{i}. {mark.info.caption}. Đóng trên: {mark.where}.", indent=False, size=12),
                   d.Stamps([mark.info.stamp])]
    unit = item.holding_unit
    return d.AdminDocument(
        body_name=unit.name, parent_body_name=unit.parent.name if unit.parent_id else "",
        doc_type="Tờ mẫu dấu", summary=f"Các dấu trên tài liệu {item_name(item)}", date=on,
        level_stamp=level_stamp(item.level, on), blocks=blocks, title=f"Tờ mẫu dấu {item_name(item)}")


STAMP_SHEET = documents.register(documents.DocumentKind(
    code="stamp-sheet", label=_("Tờ mẫu dấu"), lookup=_lookup, build=_build,
    level=lambda item: item.level, unit=lambda item: item.holding_unit, number=item_name))
