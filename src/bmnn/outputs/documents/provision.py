"""The request to be provided or transferred a state secret (TT 24/2020 Mẫu 17 "Văn bản đề nghị
cung cấp, chuyển giao bí mật nhà nước"), printed from the Provision the holding body recorded.

It is the requester's document: the organisation heads it (an individual writes it in their own
name, without a body), addressed to the body holding the secret (in the country, Law 2018 Art. 15)
or to the Vietnamese host body that forwards it (abroad, Art. 16). Every content the law lists is
printed: for an organisation its name, its representative (and, abroad, the representative's
nationality, passport and position); for an individual the full name, identity paper and number,
contact address, position (and, abroad, nationality); the secret requested and the copies; the
purpose; the task or cooperation programme it serves; the commitment to protect it (and, abroad,
not to pass it to a third party without consent). Below, the holding body's record: who recorded
it, and the decision (in bmnn, or an outside authority's decision recorded by its reference).

UNVERIFIED: the annex of TT 24 was not read; the headings and order of Mẫu 17 are bmnn's own, in
the Decree 30/2020 frame."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from bmnn.core.dates import format_date
from bmnn.outputs import document as d
from bmnn.outputs import documents
from bmnn.outputs.documents import common
from bmnn.records.models import DecisionMode, IdentityDocument, Provision, ProvisionScope, RequesterKind
from bmnn.records.services.provision import visible_provisions
from bmnn.rulebook import loader

CODE = "provision-request"


def lookup(person, pk: int) -> Provision:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(visible_provisions(person).select_related(
        "item__holding_unit__parent", "item__issuing_unit"), pk=pk)


def _foreign(p: Provision) -> bool:
    return p.scope == ProvisionScope.FOREIGN


def _article(p: Provision) -> str:
    return "Điều 16" if _foreign(p) else "Điều 15"


def _requester_lines(p: Provision) -> list:
    if p.requester_kind == RequesterKind.ORGANISATION:
        lines = [common.line("Tên cơ quan, tổ chức", p.organisation_name),
                 common.line("Người đại diện", p.representative_name)]
        if _foreign(p):
            lines += [common.line("Quốc tịch của người đại diện", p.representative_nationality),
                      common.line("Số hộ chiếu của người đại diện", p.representative_passport)]
        if _foreign(p) or p.representative_position:
            lines.append(common.line("Chức vụ của người đại diện", p.representative_position))
        return lines
    paper = str(IdentityDocument(p.id_document).label) if p.id_document else "Giấy tờ tùy thân"
    lines = [common.line("Họ và tên", p.full_name), common.line(f"Số {paper}", p.id_number)]
    if _foreign(p):
        lines.append(common.line("Quốc tịch", p.nationality))
    lines.append(common.line("Địa chỉ liên lạc", p.address))
    if not _foreign(p) or p.position:
        lines.append(common.line("Vị trí công tác, chức vụ", p.position))
    return lines


def _commitments(p: Provision) -> list:
    who = "Bên đề nghị"
    lines = [d.Para(f"{who} cam kết bảo vệ bí mật nhà nước được cung cấp, chuyển giao theo quy định của pháp luật "
                    "về bảo vệ bí mật nhà nước." if p.commitment_to_protect else
                    f"{who} chưa có cam kết bảo vệ bí mật nhà nước.")]
    if _foreign(p):
        lines.append(d.Para(f"{who} cam kết không cung cấp, chuyển giao cho bên thứ ba khi chưa có sự đồng ý của "
                            "bên cung cấp." if p.commitment_no_third_party else
                            f"{who} chưa có cam kết không cung cấp, chuyển giao cho bên thứ ba."))
    return lines


def _capacity(p: Provision) -> str:
    return dict(loader.class_choices()).get(p.outside_capacity, p.outside_capacity)


def _decision_lines(p: Provision) -> list:
    lines = [common.line("Ghi nhận đề nghị", f"{common.person_with_title(p.recorded_by, p.recorded_at.date())}, "
                                             f"ngày {format_date(p.recorded_at.date())}"),
             common.line("Tình trạng", p.get_status_display())]
    if p.decision_mode == DecisionMode.IN_SYSTEM and p.decided_by_id:
        lines += [common.line("Người quyết định", common.person_with_title(p.decided_by, p.decided_on)),
                  common.line("Ngày quyết định", format_date(p.decided_on)),
                  common.line("Thẩm quyền", p.authority_basis)]
    elif p.decision_mode == DecisionMode.RECORDED:
        lines += [common.line("Quyết định của cấp có thẩm quyền",
                              f"{p.outside_reference} ngày {format_date(p.decided_on)}"),
                  common.line("Người ký", f"{p.outside_signer} ({_capacity(p)})")]
    if p.decision_reason:
        lines.append(common.line("Lý do", p.decision_reason))
    return lines


def _signer(p: Provision) -> d.Signer:
    if p.requester_kind == RequesterKind.ORGANISATION:
        return d.Signer(name=p.representative_name, title=p.representative_position,
                        label="" if p.representative_position else "Đại diện cơ quan, tổ chức")
    return d.Signer(name=p.full_name, label="Người đề nghị")


@common.vietnamese
def build(p: Provision, person, on: dt.date) -> d.AdminDocument:
    item = p.item
    addressee = p.host_body if _foreign(p) and p.host_body else item.holding_unit.name
    duty = ("Chương trình hợp tác quốc tế, thi hành công vụ có liên quan" if _foreign(p)
            else "Nhiệm vụ được giao liên quan trực tiếp đến bí mật nhà nước")
    blocks = [
        d.Para("Căn cứ " + common.citation(p.request_date, ("LAW_2018", _article(p))) + ";", italic=True),
        d.Heading("1. Bên đề nghị"), common.line("Phạm vi", p.get_scope_display()), *_requester_lines(p),
        d.Heading("2. Bí mật nhà nước đề nghị cung cấp, chuyển giao"),
        common.line("Tên, loại", common.item_name(item, on)),
        common.line("Độ mật", common.level_name(item.level)),
        common.line("Số bản đề nghị", f"{p.copies_requested:02d}"),
        d.Heading("3. Mục đích sử dụng"), d.Para(p.purpose), common.line(duty, p.related_duty),
        *([common.line("Cơ quan chủ trì tiếp nhận đề nghị", p.host_body)] if _foreign(p) else []),
        d.Heading("4. Cam kết"), *_commitments(p),
        d.Heading("5. Ghi nhận và quyết định của cơ quan cung cấp"), *_decision_lines(p),
    ]
    return d.AdminDocument(
        body_name=p.organisation_name if p.requester_kind == RequesterKind.ORGANISATION else "",
        doc_type="Văn bản đề nghị", summary="Cung cấp, chuyển giao bí mật nhà nước",
        number=p.request_reference, place=common.PLACE, date=p.request_date,
        level_stamp=common.level_stamp_of([item.level], on),
        addressees=[addressee], blocks=blocks, signer=_signer(p), recipients=["Như trên"], filing="",
        title=f"Văn bản đề nghị cung cấp, chuyển giao {p.pk}")


documents.register(documents.DocumentKind(
    code=CODE, label=_("Văn bản đề nghị cung cấp, chuyển giao"), lookup=lookup, build=build,
    level=lambda p: p.item.level, unit=lambda p: p.item.holding_unit,
    number=lambda p: p.request_reference or f"#{p.pk}"))
