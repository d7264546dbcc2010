"""The stamps a secret item and its copies must bear now (legal-rules.md §2.2, §3, §4.2, §4.9–4.12),
each filled with the item's own data and drawn from the stamp form in force (outputs.stamps):

- the level stamp (Mẫu 02) while the item is secret, with the period stamp (Mẫu 04) when the
  period was set shorter (Law Art. 19.2: it must be written on the document), the extension stamp
  after an extension (Art. 20.3) and the adjustment stamp after a level adjustment (Mẫu 06);
- "TÀI LIỆU THU HỒI" with its return date while a recall is open (Decree 26 Art. 4.4);
- "GIẢI MẬT" with its date once the whole item is declassified (Mẫu 05);
- per copy not destroyed: "Bản số" (Mẫu 08) on an issued copy, or "Bản sao số" (Mẫu 11) and the
  reproduction block (Mẫu 09: copy number, method, time, quantity, recipient, who allowed it) on a
  reproduced copy.

Only documents (paper or electronic, printed) carry stamps: objects, places, speech and activities
have their level in a written classification document (Mẫu 01). Nothing here is a summary or body
text: the stamps hold numbers, dates, levels and names, as on the paper.

The item is already visible to whoever asks (the callers look it up with the item's visibility)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import translation

from bmnn.core.levels import label
from bmnn.outputs.stamp_catalogue import StampInfo, info
from bmnn.records.models import Copy, CopyOrigin, CopyStatus, ItemKind, ItemStatus, ReproductionMethod, SecretItem
from bmnn.records.services.declass import full_declassification
from bmnn.records.services.recall import open_recall

STAMPED_KINDS = (ItemKind.DOCUMENT, ItemKind.ELECTRONIC)
SECRET_STATES = (ItemStatus.CLASSIFIED, ItemStatus.ISSUED, ItemStatus.RECEIVED)


@dataclass(frozen=True)
class Mark:
    info: StampInfo
    copy: Copy | None = None  # None: every copy of the item

    @property
    def code(self) -> str:
        return self.info.code

    @property
    def copy_pk(self) -> int | None:
        return self.copy.pk if self.copy else None

    @property
    def where(self) -> str:
        """Where it goes, for paper (Vietnamese): "Mọi bản", "Bản số 01", "Bản sao số 02"."""
        if self.copy is None:
            return "Mọi bản của tài liệu"
        prefix = "Bản sao số" if self.copy.origin == CopyOrigin.REPRODUCTION else "Bản số"
        return f"{prefix} {self.copy.number:02d}"


def stamped(item: SecretItem) -> bool:
    return item.kind in STAMPED_KINDS and item.status in (*SECRET_STATES, ItemStatus.DECLASSIFIED)


def _vi(choice) -> str:
    with translation.override("vi"):
        return str(choice.label)


def _item_marks(item: SecretItem, on: dt.date) -> list[Mark]:
    marks = []
    if item.status in SECRET_STATES:
        marks.append(Mark(info(f"level_{item.level}", on)))
        extensions = list(item.extensions.order_by("decided_on", "pk"))
        if item.protection_shortened and (extensions or item.protection_until):
            first_until = extensions[0].previous_until if extensions else item.protection_until
            marks.append(Mark(info("protection_period", on, until=first_until)))
        if extensions:
            marks.append(Mark(info("extension", on, until=extensions[-1].new_until)))
        adjustment = item.adjustments.order_by("decided_on", "pk").last()
        if adjustment is not None:
            marks.append(Mark(info("adjustment", on, new_level=label(adjustment.to_level).upper(),
                                   date=adjustment.decided_on)))
        recall = open_recall(item)
        if recall is not None:
            marks.append(Mark(info("recall", on, date=recall.return_by)))
    declassified = full_declassification(item) if item.status == ItemStatus.DECLASSIFIED else None
    if declassified is not None:
        marks.append(Mark(info("declassified", on, date=declassified.effective_on)))
    return marks


def _copy_marks(copy: Copy, on: dt.date) -> list[Mark]:
    number = f"{copy.number:02d}"
    if copy.origin != CopyOrigin.REPRODUCTION:
        return [Mark(info("copy_number", on, copy_number=number), copy)]
    marks = [Mark(info("copy_of_number", on, copy_number=number), copy)]
    r = copy.reproduction
    if r is not None:
        made_on = r.register_entry.entry_date if r.register_entry_id else r.decided_on
        marks.append(Mark(info(
            "reproduction", on, copy_number=number, method=_vi(ReproductionMethod(r.method)), time=made_on,
            quantity=r.copies_made or r.copies_requested, recipients=r.requested_by.full_name,
            allowed_by=r.decided_by.full_name if r.decided_by_id else ""), copy))
    return marks


def item_marks(item: SecretItem, on: dt.date) -> list[Mark]:
    """The stamps `item` and its copies must bear on `on`, item-wide ones first, then copy by copy."""
    if not stamped(item):
        return []
    marks = _item_marks(item, on)
    copies = (item.copies.exclude(status=CopyStatus.DESTROYED)
              .select_related("reproduction__requested_by", "reproduction__decided_by",
                              "reproduction__register_entry").order_by("origin", "number"))
    for copy in copies:
        marks += _copy_marks(copy, on)
    return marks


def find_mark(item: SecretItem, code: str, copy_pk: int | None, on: dt.date) -> Mark | None:
    return next((m for m in item_marks(item, on) if m.code == code and m.copy_pk == copy_pk), None)
