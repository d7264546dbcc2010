"""The papers of a reproduction (sao, chụp; Decree 26/2020 Art. 3), one kind per method:

- `reproduction-record` (sao y, sao lục): the record of the copying — the item, the request, who
  allowed it under which authority, when, where and on which device it was made, the copy numbers,
  the spoiled copies destroyed, the line of the reproduction register — with the stamps every copy
  carries: "Bản sao số" (TT 24 Mẫu 11) and the reproduction stamp (Mẫu 09: copy number, method,
  time, quantity, recipients, who allowed it). TT 24 has no form for this record: its layout is
  bmnn's own (a biên bản in the Decree 30/2020 frame).
- `photo-record` (chụp): TT 24 Mẫu 13 "Văn bản ghi nhận việc chụp tài liệu, vật chứa BMNN": name and
  type of the item, level, time, quantity, recipients, the photographer, who permitted it.
- `extract` (trích sao): TT 24 Mẫu 10 "Văn bản trích sao": the extracted passage, time, quantity,
  recipients, who permitted it, signed by that person; the secrecy stamp of the source. bmnn does
  not keep the extracted text (a reproduction records the act, not content), so the passage is a
  blank area to be written or pasted on paper.

All three print once the copies are made (status DONE): before that there are no copy numbers and
nothing to record. "Recipients" are the custodian the copies were made for (the requester): the
reproduction has no list of its own. "Time" is the date of the reproduction register line.

UNVERIFIED: the annexes of TT 24 were not read; the order and wording of the lines of Mẫu 10 and 13
and of the stamps follow the contents the sector circulars list (legal-rules.md §4.2)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.outputs import document as d
from bmnn.outputs import documents, stamps
from bmnn.outputs.documents import common
from bmnn.records.models import CopyOrigin, Reproduction, ReproductionMethod, ReproductionStatus
from bmnn.records.services.reproduction import visible_reproductions

COPIES = (ReproductionMethod.TRUE_COPY, ReproductionMethod.TRANSCRIBED)
BLANK_LINES, BLANK_WIDTH = 12, 32  # the extract's passage, written on paper: lines of dots across the page


def _lookup(methods):
    def lookup(person, pk: int) -> Reproduction:
        from django.shortcuts import get_object_or_404

        reproduction = get_object_or_404(
            visible_reproductions(person).filter(method__in=methods).select_related(
                "item__holding_unit__parent", "item__issuing_unit", "source_copy", "register_entry", "delegation"),
            pk=pk)
        if reproduction.status != ReproductionStatus.DONE:
            raise Refused(
                _("Chỉ in được văn bản ghi nhận sao, chụp khi đã sao, chụp xong (yêu cầu này đang ở trạng thái "
                  "«%(status)s»): trước đó chưa có bản sao số nào để ghi.")
                % {"status": reproduction.get_status_display()},
                rule="outputs.reproduction_not_done",
                basis=common.citation(reproduction.requested_at.date(), ("DECREE_26_2020", "Điều 3")))
        return reproduction
    return lookup


def _made_on(r: Reproduction) -> dt.date:
    return r.register_entry.entry_date if r.register_entry_id else r.decided_on


def _numbers(r: Reproduction) -> list[int]:
    return list(r.copies.filter(origin=CopyOrigin.REPRODUCTION).order_by("number").values_list("number", flat=True))


def _numbers_text(numbers: list[int]) -> str:
    return ", ".join(f"{n:02d}" for n in numbers)


def _recipient(r: Reproduction) -> str:
    return r.requested_by.full_name


def _method(r: Reproduction) -> str:
    return str(ReproductionMethod(r.method).label)


def _allowed_by(r: Reproduction) -> str:
    return common.person_with_title(r.decided_by, r.decided_on)


def _authority(r: Reproduction) -> str:
    if r.delegation_id:
        return f"{r.authority_basis} (ủy quyền {r.delegation.reference})"
    return r.authority_basis


def copy_stamps(r: Reproduction, on: dt.date) -> list[stamps.Stamp]:
    """For each copy made: "Bản sao số" (top right of the first page) and the reproduction stamp
    (last page), filled in as they must appear on that copy."""
    made_on, numbers = _made_on(r), _numbers(r)
    out = []
    for number in numbers:
        out.append(stamps.stamp("copy_of_number", on, copy_number=f"{number:02d}"))
        out.append(stamps.stamp("reproduction", on, copy_number=f"{number:02d}", method=_method(r), time=made_on,
                                quantity=f"{len(numbers):02d}", recipients=_recipient(r), allowed_by=_allowed_by(r)))
    return out


def _source(r: Reproduction) -> str:
    if not r.source_copy_id:
        return ""
    prefix = "Bản sao số" if r.source_copy.origin == CopyOrigin.REPRODUCTION else "Bản số"
    return f"{prefix} {r.source_copy.number:02d}"


def _request_lines(r: Reproduction) -> list:
    return [
        common.line("Người đề nghị", common.person_with_title(r.requested_by, r.requested_at.date())),
        common.line("Ngày đề nghị", format_date(r.requested_at.date())),
        common.line("Mục đích", r.purpose),
        common.line("Người cho phép", _allowed_by(r)),
        common.line("Ngày cho phép", format_date(r.decided_on)),
        common.line("Thẩm quyền", _authority(r)),
    ]


def _making_lines(r: Reproduction, verb: str) -> list:
    register = (f"số {r.register_entry.number}/{r.register_entry.year} ngày {format_date(r.register_entry.entry_date)}"
                if r.register_entry_id else "")
    return [
        common.line(f"Hình thức {verb}", _method(r)),
        common.line(f"Thời gian {verb}", format_date(_made_on(r))),
        common.line(f"Địa điểm {verb}", r.place),
        common.line(f"Thiết bị {verb}", r.device),
        common.line("Người thực hiện", r.executor.full_name if r.executor_id else ""),
        common.line("Số lượng bản", f"{r.copies_made:02d}"),
        common.line("Bản sao số", _numbers_text(_numbers(r))),
        common.line("Số bản hỏng đã hủy ngay", f"{r.copies_spoiled:02d}"),
        common.line("Nơi nhận", _recipient(r)),
        common.line("Vào sổ quản lý sao, chụp bí mật nhà nước", register),
    ]


def _frame(r: Reproduction, on: dt.date, **fields) -> d.AdminDocument:
    item = r.item
    return d.AdminDocument(**common.issuing_body(item.holding_unit), place=common.PLACE, date=_made_on(r), year=on.year,
                           level_stamp=common.level_stamp_of([item.level], on), filing=f"VT, {item.holding_unit.code}",
                           **fields)


def _basis(r: Reproduction) -> d.Para:
    return d.Para("Căn cứ " + common.citation(r.decided_on, ("LAW_2018", "Điều 11"), ("DECREE_26_2020", "Điều 3"))
                  + ";", italic=True)


def _signatures(r: Reproduction, maker: str, allower: str) -> d.Signatures:
    made_on = _made_on(r)
    executor = (common.signer_of(r.executor, made_on, label=maker, signed_on=made_on, verb="Đã ghi nhận")
                if r.executor_id else common.blank_signer(maker))
    return d.Signatures([executor, common.signer_of(r.decided_by, r.decided_on, label=allower,
                                                     signed_on=r.decided_on, delegation=r.delegation,
                                                     verb="Đã cho phép")])


@common.vietnamese
def build_record(r: Reproduction, person, on: dt.date) -> d.AdminDocument:
    item = r.item
    blocks = [_basis(r), d.Heading("1. Tài liệu, vật chứa bí mật nhà nước được sao"),
              common.line("Tên, loại", common.item_name(item, on)),
              common.line("Độ mật", common.level_name(item.level)),
              *([common.line("Sao từ", _source(r))] if r.source_copy_id else []),
              d.Heading("2. Đề nghị và cho phép sao"), *_request_lines(r),
              d.Heading("3. Việc sao"), *_making_lines(r, "sao"),
              d.Heading("4. Dấu trên các bản sao"),
              d.Para("Mỗi bản sao được đóng dấu «Bản sao số» ở góc trên bên phải trang đầu và dấu sao, chụp bí mật "
                     "nhà nước ở trang cuối, như sau:"),
              d.Stamps(copy_stamps(r, on)),
              _signatures(r, "Người thực hiện sao", "Người cho phép sao")]
    return _frame(r, on, doc_type="Biên bản", summary="Về việc sao tài liệu, vật chứa bí mật nhà nước",
                  symbol=f"BB-{item.holding_unit.code}", blocks=blocks, recipients=[_recipient(r)],
                  title=f"Biên bản sao {r.pk}")


@common.vietnamese
def build_photo(r: Reproduction, person, on: dt.date) -> d.AdminDocument:
    item = r.item
    blocks = [_basis(r),
              common.line("Tên tài liệu, vật chứa bí mật nhà nước", common.item_name(item, on)),
              common.line("Loại", item.get_kind_display()),
              common.line("Độ mật", common.level_name(item.level)),
              *([common.line("Chụp từ", _source(r))] if r.source_copy_id else []),
              *_request_lines(r), *_making_lines(r, "chụp"),
              d.Para("Bản chụp in ra giấy được đóng dấu như sau:"),
              d.Stamps(copy_stamps(r, on)),
              _signatures(r, "Người chụp", "Người cho phép chụp")]
    return _frame(r, on, doc_type="Văn bản ghi nhận việc chụp",
                  summary="Tài liệu, vật chứa bí mật nhà nước", symbol=item.holding_unit.code, blocks=blocks,
                  recipients=[_recipient(r)], title=f"Văn bản ghi nhận việc chụp {r.pk}")


@common.vietnamese
def build_extract(r: Reproduction, person, on: dt.date) -> d.AdminDocument:
    item = r.item
    blocks = [d.Heading("Nội dung trích sao"),
              d.Para("(Ghi hoặc dán nội dung trích sao trên giấy; hệ thống không lưu nội dung này.)", italic=True,
                     indent=False, size=12),
              *[d.Para("…" * BLANK_WIDTH, align="left", indent=False) for _i in range(BLANK_LINES)],
              common.line("Thời gian trích sao", format_date(_made_on(r))),
              common.line("Số lượng bản", f"{r.copies_made:02d}"),
              common.line("Bản sao số", _numbers_text(_numbers(r))),
              common.line("Nơi nhận", _recipient(r)),
              common.line("Người cho phép trích sao", _allowed_by(r)),
              common.line("Thẩm quyền", _authority(r))]
    signer = common.signer_of(r.decided_by, r.decided_on, signed_on=r.decided_on, delegation=r.delegation,
                              verb="Đã cho phép")
    return _frame(r, on, doc_type="Văn bản trích sao", summary=f"Trích sao {common.item_title(item)}",
                  symbol=item.holding_unit.code, blocks=blocks, signer=signer, recipients=[_recipient(r)],
                  title=f"Văn bản trích sao {r.pk}")


def _register(code: str, label, methods, build) -> None:
    documents.register(documents.DocumentKind(
        code=code, label=label, lookup=_lookup(methods), build=build, level=lambda r: r.item.level,
        unit=lambda r: r.item.holding_unit, number=lambda r: f"#{r.pk}"))


_register("reproduction-record", _lazy("Biên bản sao"), COPIES, build_record)
_register("photo-record", _lazy("Văn bản ghi nhận việc chụp"), (ReproductionMethod.PHOTO,), build_photo)
_register("extract", _lazy("Văn bản trích sao"), (ReproductionMethod.EXTRACT,), build_extract)
