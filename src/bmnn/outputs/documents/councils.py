"""Minutes of a council meeting (biên bản họp Hội đồng giải mật / Hội đồng tiêu hủy, Law 2018
Arts. 22.4, 23.4), printed from the Council row: the decision that set it up, when it met, its
members and their roles, the items it reviewed (for a destruction council, every copy proposed),
its conclusion and what it recommends, and the signatures of its chair and secretary.

The conclusion may speak of the items' content: it prints on the paper (that is what minutes are
for) and never reaches the ledger (the print act names the form and the minutes' number only).
There is no official template (legal-rules.md §5.1): Decree 30's BIÊN BẢN layout; unverified."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.errors import Refused
from bmnn.core.levels import label
from bmnn.outputs import document as d
from bmnn.outputs import documents
from bmnn.outputs.documents import common as c
from bmnn.records.models import CouncilKind, CouncilRole
from bmnn.records.services import councils

SUMMARY = {CouncilKind.DECLASSIFICATION: _lazy("Họp Hội đồng giải mật bí mật nhà nước"),
           CouncilKind.DESTRUCTION: _lazy("Họp Hội đồng tiêu hủy tài liệu, vật chứa bí mật nhà nước")}


def lookup(person, pk: int):
    council = councils.get_council_or_404(person, pk)
    if council.met_on is None:
        raise Refused(_("Hội đồng %(reference)s chưa họp: chưa có biên bản để in.") % {"reference": council.reference},
                      rule="outputs.council_minutes_after_meeting", basis=councils.basis(council.kind,
                                                                                        council.established_on))
    return council


def seated(council) -> list:
    """Members, chair first, then the secretary, then the others as they were seated."""
    order = {CouncilRole.CHAIR: 0, CouncilRole.SECRETARY: 1, CouncilRole.MEMBER: 2}
    members = council.members.select_related("person")
    return sorted(members, key=lambda m: (order.get(m.role, 3), m.pk))


def member_capacity(member, unit, on: dt.date) -> str:
    """Title and body of a member: as recorded for an outsider, from their post for a person in bmnn."""
    if not member.person_id:
        return ", ".join(part for part in (member.capacity, member.external_body) if part)
    title = member.capacity or c.position_title(member.person, on, unit)
    body = c.deciding_unit(member.person, unit, on)
    return ", ".join(part for part in (title, body.name if body else "") if part)


def members_table(council, on: dt.date) -> d.Table:
    rows = [[str(i), m.name, member_capacity(m, council.unit, on), m.get_role_display()]
            for i, m in enumerate(seated(council), start=1)]
    return d.Table([_("STT"), _("Họ và tên"), _("Chức vụ, cơ quan"), _("Nhiệm vụ trong hội đồng")], rows,
                   [1.4, 5, 7, 4], align=["center", "left", "left", "left"])


def _items_table(council, on: dt.date) -> d.Table:
    destruction = getattr(council, "destruction", None) if council.kind == CouncilKind.DESTRUCTION else None
    if destruction is not None:
        from bmnn.outputs.documents.destruction import copies_table

        return copies_table(destruction, on)
    rows = [[str(i), c.item_description(item, on), label(item.level)]
            for i, item in enumerate(council.items.order_by("pk"), start=1)]
    return d.Table([_("STT"), _("Số, ký hiệu; tên loại; trích yếu"), _("Độ mật")], rows, [1.4, 10, 2],
                   align=["center", "left", "center"])


def _minutes_recorded_at(council):
    from bmnn.core.models import LedgerEvent

    event = (LedgerEvent.objects.filter(action="records.council.minutes", object_type="records.council",
                                        object_id=str(council.pk)).order_by("seq").first())
    return dt.datetime.fromtimestamp(event.at_us / 1_000_000, tz=dt.timezone.utc) if event else None


def _signers(council, on: dt.date) -> list[d.Signer]:
    """Chair and secretary; the one who recorded the minutes in bmnn carries the note of it."""
    recorded_at = _minutes_recorded_at(council)
    signers = []
    for role, caption in ((CouncilRole.CHAIR, _("Chủ tịch hội đồng")), (CouncilRole.SECRETARY, _("Thư ký"))):
        for member in (m for m in seated(council) if m.role == role):
            note = ""
            if member.person_id and member.person_id == council.minutes_recorded_by_id and recorded_at:
                note = _("(Đã ghi biên bản trên hệ thống lúc %(time)s)") % {"time": c.at(recorded_at)}
            signers.append(d.Signer(name=member.name, label=caption, note=note))
    return signers


def build(council, person, on: dt.date) -> d.AdminDocument:
    met = council.met_on
    established = c.paper_of(_("Quyết định"), council.reference, council.established_on)
    blocks = [
        *c.basis_lines(met, councils.basis(council.kind, met),
                       _("%(paper)s của %(head)s về việc thành lập %(kind)s") % {
                           "paper": established, "kind": council.get_kind_display().lower(),
                           "head": c.title_of_body(c.position_title(council.established_by, council.established_on,
                                                                    council.unit), council.unit.name)}),
        d.Para(_("Hôm nay, %(date)s, %(kind)s họp xem xét các tài liệu, vật chứa bí mật nhà nước dưới đây.")
               % {"date": c.formal(met), "kind": council.get_kind_display()}),
        d.Heading(_("I. THÀNH PHẦN HỘI ĐỒNG")), members_table(council, met),
        d.Heading(_("II. TÀI LIỆU, VẬT CHỨA BÍ MẬT NHÀ NƯỚC ĐƯỢC XEM XÉT")), _items_table(council, met),
        d.Heading(_("III. KẾT LUẬN CỦA HỘI ĐỒNG")),
        *[d.Para(line) for line in council.conclusion.splitlines() if line.strip()],
        d.Para(_("Hội đồng đề nghị người có thẩm quyền quyết định thực hiện.") if council.recommends
               else _("Hội đồng không đề nghị thực hiện."), bold=True),
        d.Para(_("Các thành viên hội đồng thống nhất nội dung biên bản; biên bản được lưu vào hồ sơ (%(basis)s).")
               % {"basis": councils.basis(council.kind, met)}, italic=True),
        d.Signatures(_signers(council, met)),
    ]
    return d.AdminDocument(**c.issuing_body(council.unit), doc_type=_("BIÊN BẢN"), summary=str(SUMMARY[council.kind]),
                           number=council.minutes_reference, date=met,
                           level_stamp=c.level_stamp_of([council.level], met), blocks=blocks,
                           title=f"{_('Biên bản họp')} {council.minutes_reference}")


documents.register(documents.DocumentKind(
    code="council-minutes", label=_lazy("Biên bản họp hội đồng"), lookup=lookup,
    build=c.vietnamese(build),
    level=lambda council: council.level, unit=lambda council: council.unit,
    number=lambda council: council.minutes_reference))
