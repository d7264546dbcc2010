"""The destruction decision (Quyết định tiêu hủy, Law 2018 Art. 23.3–23.4) and the destruction
record (biên bản tiêu hủy, TT 07/2020 Art. 13.4.d as the sector example), printed from the
Destruction file, its lines (one per copy), its council and its DestructionRecord.

The decision lists every item and every copy to destroy, the method from the rulebook's
destruction methods and the council it follows. The record lists every copy destroyed (item
reference, type and summary as far as allowed, level, copy number, holder), the method and the
sequence, place and time, who destroyed, and every council member's signature: recorded in bmnn
("Đã ký trên hệ thống ngày …") or on paper and entered by the secretary. Neither has a TT 24
template (legal-rules.md §5.1); the contents are the law's and TT 07's, the wording bmnn's."""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.errors import Refused
from bmnn.core.levels import label
from bmnn.outputs import document as d
from bmnn.outputs import documents
from bmnn.outputs.documents import common as c
from bmnn.outputs.documents.councils import members_table, seated
from bmnn.records.models import DestructionRecord, DestructionStatus, SignatureMethod
from bmnn.records.services import destruction as service
from bmnn.rulebook import loader


def copies_table(destruction, on: dt.date) -> d.Table:
    """Every copy of the file: item, level, copy number, who holds (held) it."""
    lines = destruction.lines.select_related("item", "copy", "copy__item", "copy__custodian_person",
                                             "copy__custodian_unit")
    rows = [[str(i), c.item_description(line.item, on), label(line.item.level), c.copy_number(line.copy),
             c.holder(line.copy)] for i, line in enumerate(lines, start=1)]
    return d.Table([_("STT"), _("Số, ký hiệu; tên loại; trích yếu"), _("Độ mật"), _("Bản số"),
                    _("Người, nơi quản lý")], rows, [1.4, 7, 2, 2.5, 4],
                   align=["center", "left", "center", "center", "left"])


def method_text(code: str, on: dt.date) -> str:
    """The method's name from the rulebook in force on `on`, with what it is for and its basis."""
    regime = loader.regime_on(on)
    method = regime.destruction_methods.get(code) if regime else None
    if method is None:
        return service.method_name(code, on)
    applies = f" ({method.applies_to.lower()})" if method.applies_to else ""
    return f"{method.name}{applies} – {method.citation}"


# --- The decision --------------------------------------------------------------------------------

def lookup_decision(person, pk: int):
    destruction = service.get_destruction_or_404(person, pk)
    if destruction.status not in (DestructionStatus.DECIDED, DestructionStatus.DONE):
        raise Refused(_("Hồ sơ tiêu hủy #%(pk)s chưa có quyết định tiêu hủy («%(status)s»).")
                      % {"pk": destruction.pk, "status": destruction.get_status_display()},
                      rule="outputs.destruction_decision_first", basis=service.council_basis(destruction.proposed_on))
    return destruction


def build_decision(destruction, person, on: dt.date) -> d.AdminDocument:
    council, decided = destruction.council, destruction.decided_on
    unit = c.deciding_unit(destruction.decided_by, destruction.unit, decided)
    count = destruction.lines.count()
    articles = [
        c.article(1, _("Tiêu hủy %(count)s bản tài liệu, vật chứa bí mật nhà nước do %(unit)s trực tiếp lưu giữ, "
                       "theo danh sách sau:") % {"count": count, "unit": destruction.unit.name}),
        copies_table(destruction, decided),
        c.article(2, _("Phương pháp tiêu hủy: %(method)s. Việc tiêu hủy phải bảo đảm không để lộ, mất bí mật nhà "
                       "nước; làm thay đổi hình dạng, tính năng, tác dụng của tài liệu, vật chứa bí mật nhà nước và "
                       "không thể phục hồi (%(basis)s). %(council)s tổ chức tiêu hủy và lập biên bản tiêu hủy có "
                       "chữ ký của tất cả các thành viên hội đồng.")
                  % {"method": method_text(destruction.method, decided), "basis": service.grounds_basis(decided),
                     "council": _("Hội đồng tiêu hủy thành lập theo %(paper)s") % {
                         "paper": c.paper_of(_("Quyết định"), council.reference, council.established_on)}}),
        c.closing_article(3, destruction.unit, _("các thành viên Hội đồng tiêu hủy")),
    ]
    basis = [destruction.authority_basis,
             c.paper_of(_("Quyết định"), council.reference, council.established_on) + _(" thành lập Hội đồng tiêu hủy"),
             c.paper_of(_("Biên bản họp Hội đồng tiêu hủy"), council.minutes_reference, council.met_on)]
    considering = [d.Para(_("Xét đề nghị tiêu hủy của %(unit)s ngày %(date)s: %(grounds)s;") % {
        "unit": destruction.unit.name, "date": c.dmy(destruction.proposed_on),
        "grounds": destruction.grounds.rstrip(".;")}, italic=True)]
    recipients = [_("Như Điều 3"), _("Hội đồng tiêu hủy"), destruction.unit.name]
    return c.decision(unit=unit, on=decided, reference=destruction.decision_reference,
                      signer=c.signer_of(destruction.decided_by, decided, unit=unit),
                      summary=_("Về việc tiêu hủy tài liệu, vật chứa bí mật nhà nước"), level=destruction.level,
                      basis=basis, considering=considering, articles=articles,
                      recipients=list(dict.fromkeys(recipients)))


documents.register(documents.DocumentKind(
    code="destruction-decision", label=_lazy("Quyết định tiêu hủy tài liệu, vật chứa bí mật nhà nước"),
    lookup=lookup_decision, build=c.vietnamese(build_decision), level=lambda x: x.level,
    unit=lambda x: x.unit,
    number=lambda x: x.decision_reference))


# --- The record ----------------------------------------------------------------------------------

def lookup_record(person, pk: int):
    record = DestructionRecord.objects.filter(pk=pk).first()
    if record is None:
        raise Http404(_("Không tìm thấy."))
    # The file's visibility decides, exactly as on its page (every item visible, else 404).
    service.get_destruction_or_404(person, record.destruction_id)
    return record


def _signature_note(signature) -> str:
    if signature is None:
        return ""
    if signature.method == SignatureMethod.PAPER:
        return _("(Đã ký trên giấy; %(secretary)s ghi nhận trên hệ thống lúc %(time)s)") % {
            "secretary": signature.recorded_by.full_name, "time": c.at(signature.signed_at)}
    return c.signed_note(signature.signed_at)


def _signers(record) -> list[d.Signer]:
    signed = {s.member_id: s for s in record.signatures.select_related("recorded_by")}
    return [d.Signer(name=m.name, label=m.get_role_display(), note=_signature_note(signed.get(m.pk)))
            for m in seated(record.destruction.council)]


def _when(record) -> str:
    parts = [_("Ngày tiêu hủy: %(date)s") % {"date": c.dmy(record.carried_out_on)},
             _("biên bản lập lúc %(time)s") % {"time": c.at(record.drawn_up_at)}]
    if record.completed_at:
        parts.append(_("hoàn tất lúc %(time)s") % {"time": c.at(record.completed_at)})
    return "; ".join(parts) + "."


def build_record(record, person, on: dt.date) -> d.AdminDocument:
    destruction = record.destruction
    council, day = destruction.council, record.carried_out_on
    executors = ", ".join(p.full_name for p in record.executors.order_by("sort_key"))
    unsigned = [m.name for m in service.unsigned_members(record)]
    blocks = [
        *c.basis_lines(day, service.record_basis(day),
                       c.paper_of(_("Quyết định"), destruction.decision_reference, destruction.decided_on)
                       + _(" về việc tiêu hủy tài liệu, vật chứa bí mật nhà nước")),
        d.Para(_("Hôm nay, %(date)s, tại %(place)s, Hội đồng tiêu hủy thành lập theo %(paper)s tiến hành tiêu hủy "
                 "tài liệu, vật chứa bí mật nhà nước, gồm:") % {
            "date": c.formal(day), "place": record.place,
            "paper": c.paper_of(_("Quyết định"), council.reference, council.established_on)}),
        d.Heading(_("I. THÀNH PHẦN")), members_table(council, day),
        d.Para(_("Người thực hiện tiêu hủy: %(names)s.") % {"names": executors}),
        d.Heading(_("II. DANH SÁCH TÀI LIỆU, VẬT CHỨA BÍ MẬT NHÀ NƯỚC ĐÃ TIÊU HỦY")),
        d.Para(_("Tổng số: %(count)s bản.") % {"count": destruction.lines.count()}),
        copies_table(destruction, day),
        d.Heading(_("III. PHƯƠNG PHÁP, TRÌNH TỰ, THỜI GIAN TIÊU HỦY")),
        d.Para(_("Phương pháp: %(method)s.") % {"method": method_text(record.method, day)}),
        *[d.Para(line) for line in record.sequence.splitlines() if line.strip()],
        d.Para(_when(record)),
        d.Heading(_("IV. KẾT QUẢ")),
        d.Para(_("Các bản nêu tại mục II đã được tiêu hủy đến mức không thể phục hồi.") if record.completed_at else
               _("Biên bản chưa hoàn tất: còn chờ chữ ký của %(names)s.") % {"names": ", ".join(unsigned)}),
        d.Para(_("Các thành viên hội đồng ký tên dưới đây:"), italic=True),
        d.Signatures(_signers(record)),
    ]
    return d.AdminDocument(**c.issuing_body(destruction.unit), doc_type=_("BIÊN BẢN"),
                           summary=_("Tiêu hủy tài liệu, vật chứa bí mật nhà nước"), number=record.reference, date=day,
                           level_stamp=c.level_stamp_of([destruction.level], day), blocks=blocks,
                           title=f"{_('Biên bản tiêu hủy')} {record.reference}")


documents.register(documents.DocumentKind(
    code="destruction-record", label=_lazy("Biên bản tiêu hủy tài liệu, vật chứa bí mật nhà nước"),
    lookup=lookup_record, build=c.vietnamese(build_record), level=lambda record: record.destruction.level,
    unit=lambda record: record.destruction.unit, number=lambda record: record.reference))
