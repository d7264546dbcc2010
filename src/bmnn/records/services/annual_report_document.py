"""The annual report as a document (Decree 30/2020 layout, `outputs.document.AdminDocument`) and
its print act: a draft to be edited and signed, not a stub.

- BÁO CÁO "Công tác bảo vệ bí mật nhà nước năm <year>", "Số:      /BC-<unit code>" left for the
  registry, place and formal date (the day it is printed), "Kính gửi:" the body it goes to.
- Sections (a)–(d) of Decree 26/2020 Art. 8 (legal-rules.md §7.1): every figure bmnn can count
  is written in as sentences and tables in its section (II.2 results, III incidents); what only
  people can write (the analysis, strengths, weaknesses, causes, lessons, forecast, proposals)
  is an italic prompt in brackets for the drafter to replace.
- Signer: the unit's head from the organisation data; "Nơi nhận": the addressee and the file copy.
- A note on the data: the window, the moment the figures were taken, the units counted, the
  levels not counted (beyond the maker's clearance), the regime and its basis — under the 2026
  regime, that Decree 63/2026's reporting rules are not verified and the 2018 sections are kept.

Secrecy of the report itself: the figures are counts only — no item's number, title or
summary — so bmnn does not stamp the report by default. Whether the report is secret is the
signer's decision under their sector's list of secrets; the maker may choose a level (one they
are cleared for) and the level stamp is then printed in box 10a and the printout is recorded at
that level (docs/printing-annual-report.md).

The print act goes through `outputs.services.issue`: the builder takes only the parameters and
the print mark, and counts the figures as of the print time, so regenerating gives the same file."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.core.text import nfc
from bmnn.org.models import Person, Unit, UnitKind
from bmnn.outputs import document as d
from bmnn.outputs import services
from bmnn.outputs.models import OutputFormat
from bmnn.records.services import annual_report as report
from bmnn.rulebook import loader

FORM = "report.annual"
FORMATS = (OutputFormat.DOCX, OutputFormat.PDF)
MPS = "Bộ Công an"
BASIS = "Điều 8 Nghị định 26/2020/NĐ-CP; Nghị định 30/2020/NĐ-CP (thể thức văn bản)"
# Bodies that report to the Ministry of Public Security themselves (Decree 26 Art. 7.1, 8).
REPORTS_TO_MPS = (UnitKind.MINISTRY, UnitKind.PROVINCIAL_COMMITTEE, UnitKind.PROVINCIAL_POLICE)
# Bodies of a province that report to the provincial police (on its request; TT 07/2020 Art. 15).
PROVINCIAL_BODIES = (UnitKind.PROVINCIAL_DEPARTMENT, UnitKind.TREASURY_REGION, UnitKind.STATE_BANK_REGION,
                     UnitKind.POST, UnitKind.ENTERPRISE, UnitKind.PUBLIC_SERVICE_UNIT, UnitKind.COMMUNE_COMMITTEE,
                     UnitKind.COMMUNE_POLICE)


# --- Where it goes, where it is written -------------------------------------------------------

def _ancestors(unit) -> list[Unit]:
    ids = Unit.objects.ancestor_ids(unit.pk)[1:]
    found = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [found[pk] for pk in ids if pk in found]


def _provincial_police() -> list[str]:
    return list(Unit.objects.filter(kind=UnitKind.PROVINCIAL_POLICE, valid_to__isnull=True)
                .order_by("sort_key").values_list("name", flat=True))


def recipient_choices(unit) -> tuple[str, list[str]]:
    """(the default, every suggestion): the Ministry of Public Security for the bodies that report
    to it; the ministry's office for a unit under a ministry; the provincial police for a body
    of a province; otherwise the unit directly above. The maker may type another."""
    ministry = next((u for u in _ancestors(unit) if u.kind == UnitKind.MINISTRY), None)
    police = _provincial_police()
    parent = unit.parent.name if unit.parent_id else ""
    if unit.kind in REPORTS_TO_MPS:
        default = MPS
    elif ministry is not None:
        default = f"Văn phòng {ministry.name}"
    elif unit.kind in PROVINCIAL_BODIES and police:
        default = police[0]
    else:
        default = parent or MPS
    options = [default, MPS, *([f"Văn phòng {ministry.name}"] if ministry else []), *police,
               *([parent] if parent else [])]
    return default, list(dict.fromkeys(o for o in options if o))


def default_place(unit) -> str:
    """The place name of the date line, read from the body's name ("Công an tỉnh Sơn Hà" → "Sơn Hà")."""
    for candidate in [unit, *_ancestors(unit)]:
        for marker in ("thành phố ", "tỉnh ", "Thành phố ", "Tỉnh "):
            if marker in candidate.name:
                return candidate.name.split(marker, 1)[1].strip()
    return ""


# --- The text -----------------------------------------------------------------------------------

def prompt(text: str) -> d.Para:
    """A part for the drafter to write, marked as such."""
    return d.Para(f"[{_('Phần người soạn thảo viết')}: {text}]", italic=True)


def _level_header(figures: report.AnnualFigures) -> list[str]:
    return [_("Nội dung"), *[str(Level(lv).label) for lv in figures.levels], _("Cộng")]


def _row(figures, figure: report.Figure) -> list[str]:
    cells = [str(figure.at(lv)) if figure.counts is not None else "—" for lv in figures.levels]
    return [figure.label, *cells, str(figure.total)]


def table(figures: report.AnnualFigures, group: report.Group) -> d.Table:
    columns = len(figures.levels)
    return d.Table(_level_header(figures), [_row(figures, f) for f in group.figures], [6, *[1.4] * columns, 1.4],
                   align=["left", *["center"] * (columns + 1)])


def _n(figures, key) -> int:
    return figures.get(key).total


def sentences(figures: report.AnnualFigures) -> dict[str, str]:
    """One sentence per group of figures, as the report states them."""
    f = lambda key: _n(figures, key)  # noqa: E731
    volumes = [(kind, figures.get(f"registers.{kind}").total, figures.get(f"registers.{kind}.closed").total)
               for kind in ("outgoing", "incoming", "handover", "reproduction")]
    kept = "; ".join(_("%(name)s: %(n)s quyển (%(closed)s quyển đã khóa trong kỳ)")
                     % {"name": figures.get(f"registers.{kind}").label, "n": n, "closed": closed}
                     for kind, n, closed in volumes)
    return {
        "documents": _("Trong kỳ, đã phát hành %(out)s tài liệu, vật chứa bí mật nhà nước (%(out_copies)s bản) và "
                       "tiếp nhận %(in)s tài liệu, vật chứa bí mật nhà nước (%(in_copies)s bản), đều được vào sổ "
                       "đăng ký theo quy định.")
        % {"out": f("issued.entries"), "out_copies": f("issued.copies"), "in": f("received.entries"),
           "in_copies": f("received.copies")},
        "handling": _("Đã thực hiện %(rep)s lượt sao, chụp (%(rep_copies)s bản); %(sent)s lượt giao tài liệu qua sổ "
                      "chuyển giao (trong đó %(ext)s lượt cung cấp, chuyển giao ra ngoài); %(out)s lượt mang tài liệu "
                      "ra khỏi nơi lưu giữ được cho phép, %(back)s lượt đã nộp lại, %(still)s lượt chưa nộp lại.")
        % {"rep": f("reproductions.done"), "rep_copies": f("reproductions.copies"), "sent": f("deliveries.sent"),
           "ext": f("deliveries.external"), "out": f("carryouts.allowed"), "back": f("carryouts.returned"),
           "still": f("carryouts.out")},
        "periods": _("Đã gia hạn thời hạn bảo vệ %(ext)s tài liệu; điều chỉnh tăng độ mật %(up)s, giảm độ mật %(down)s "
                     "tài liệu; giải mật %(auto)s tài liệu tự động (hết thời hạn bảo vệ hoặc không còn thuộc danh "
                     "mục), %(dec)s tài liệu theo quyết định và giải mật một phần %(part)s tài liệu.")
        % {"ext": f("extensions"), "up": f("adjustments.raised"), "down": f("adjustments.lowered"),
           "auto": f("declass.automatic"), "dec": f("declass.decision"), "part": f("declass.partial")},
        "destruction": _("Đã tổ chức %(records)s cuộc tiêu hủy, tiêu hủy %(copies)s bản có biên bản; tiêu hủy khẩn cấp "
                         "%(emergency)s bản (%(unreported)s bản chưa báo cáo người đứng đầu); ra %(recalls)s quyết "
                         "định thu hồi tài liệu (%(done)s đã thu hồi đủ, %(open)s chưa xong).")
        % {"records": f("destruction.records"), "copies": f("destruction.copies"),
           "emergency": f("destruction.emergency"), "unreported": f("destruction.emergency_unreported"),
           "recalls": f("recalls.decided"), "done": f("recalls.completed"), "open": f("recalls.open")},
        "stocktakes": _("Đã tiến hành %(held)s cuộc kiểm kê (đã ký biên bản), kiểm kê %(checked)s bản; %(missing)s bản "
                        "không xuất trình được.")
        % {"held": f("stocktakes.held"), "checked": f("stocktakes.checked"), "missing": f("stocktakes.missing")},
        "registers": _("Sổ sách sử dụng trong kỳ: %(kept)s.") % {"kept": kept},
        "incidents": _("Trong kỳ, phát sinh %(loss)s vụ việc mất và %(leak)s vụ việc lộ bí mật nhà nước (trong đó "
                       "%(stock)s vụ phát hiện qua kiểm kê); đã báo cáo cấp có thẩm quyền %(reported)s vụ, chưa báo "
                       "cáo %(unreported)s vụ; đã xử lý xong %(closed)s vụ.")
        % {"loss": f("incidents.loss"), "leak": f("incidents.leak"), "stock": f("incidents.stocktake"),
           "reported": f("incidents.reported"), "unreported": f("incidents.unreported"),
           "closed": f("incidents.closed")},
    }


def data_note(figures: report.AnnualFigures) -> list[str]:
    """What the figures are and are not: printed at the end of the report and shown on the page."""
    local = timezone.localtime(figures.as_of)
    notes = [_("Số liệu tại mục II.2 và mục III do hệ thống bmnn tính từ sổ đăng ký và hồ sơ các việc đã ghi nhận "
               "đến %(time)s ngày %(date)s, kỳ số liệu từ ngày %(from)s đến ngày %(to)s, gồm: %(units)s.")
             % {"time": local.strftime("%H:%M"), "date": local.strftime("%d/%m/%Y"),
                "from": format_date(figures.date_from), "to": format_date(figures.date_to),
                "units": ", ".join(figures.unit_names)}]
    if not figures.complete:
        notes.append(_("Kỳ báo cáo chưa kết thúc: số liệu mới tính đến ngày %(date)s.")
                     % {"date": local.strftime("%d/%m/%Y")})
    if figures.hidden_levels:
        notes.append(_("Số liệu không gồm tài liệu, vật chứa bí mật nhà nước độ %(levels)s (ngoài phạm vi được tiếp "
                       "cận của người lập báo cáo); người có thẩm quyền bổ sung trước khi ký.")
                     % {"levels": ", ".join(str(Level(lv).label) for lv in figures.hidden_levels)})
    rule = figures.regime.requirements.get("annual_report") if figures.regime else None
    if rule is not None:
        notes.append(_("Căn cứ: %(basis)s (%(regime)s).") % {"basis": rule.citation, "regime": figures.regime.name})
        if not rule.verified:
            notes.append(rule.note)
    return notes


def build(figures: report.AnnualFigures, *, on: dt.date, recipient: str, place: str, level: str = "",
          signer_tenure=None, mark_line: str = "") -> d.AdminDocument:
    unit, year = figures.unit, figures.year
    said = sentences(figures)
    tenure = signer_tenure if signer_tenure is not None else report.head_of(unit, on)
    signer = (d.Signer(tenure.person.full_name, title=tenure.position.title) if tenure
              else d.Signer("", title=_("Người đứng đầu")))
    basis = figures.regime.requirements.get("annual_report").citation \
        if figures.regime and "annual_report" in figures.regime.requirements else "Điều 8 Nghị định 26/2020/NĐ-CP"
    groups = {g.key: g for g in figures.groups}
    blocks = [
        d.Para(_("Thực hiện %(basis)s về chế độ báo cáo công tác bảo vệ bí mật nhà nước, %(unit)s báo cáo kết quả "
                 "công tác bảo vệ bí mật nhà nước năm %(year)s (số liệu từ ngày %(from)s đến ngày %(to)s) như sau:")
               % {"basis": basis, "unit": unit.name, "year": year, "from": format_date(figures.date_from),
                  "to": format_date(figures.date_to)}),
        d.Heading(_("I. TÌNH HÌNH LIÊN QUAN ĐẾN CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC")),
        prompt(_("phân tích, đánh giá tình hình có liên quan đến công tác bảo vệ bí mật nhà nước của cơ quan, đơn "
                 "vị trong kỳ (đặc điểm nhiệm vụ, khối lượng tài liệu bí mật, các nguy cơ lộ, mất).")),
        d.Heading(_("II. KẾT QUẢ CÔNG TÁC BẢO VỆ BÍ MẬT NHÀ NƯỚC")),
        d.Heading(_("1. Công tác lãnh đạo, chỉ đạo, ban hành văn bản, tuyên truyền, phổ biến")),
        prompt(_("văn bản đã ban hành (quy chế, nội quy, danh mục), việc phân công người làm công tác bảo vệ bí mật "
                 "nhà nước, tuyên truyền, tập huấn, kiểm tra trong kỳ.")),
        d.Heading(_("2. Kết quả quản lý tài liệu, vật chứa bí mật nhà nước (số liệu từ hệ thống)")),
        d.Para(said["documents"]), table(figures, groups["documents"]),
        d.Para(said["handling"]), table(figures, groups["handling"]),
        d.Para(said["periods"]), table(figures, groups["periods"]),
        d.Para(said["destruction"]), table(figures, groups["destruction"]),
        d.Para(said["stocktakes"]), table(figures, groups["stocktakes"]),
        d.Para(said["registers"]),
        d.Heading(_("3. Ưu điểm")),
        prompt(_("những mặt làm tốt, căn cứ vào số liệu trên.")),
        d.Heading(_("4. Tồn tại, hạn chế, khó khăn, vướng mắc và nguyên nhân")),
        prompt(_("tồn tại, hạn chế (ví dụ: tài liệu mang ra chưa nộp lại, tiêu hủy khẩn cấp chưa báo cáo, bản không "
                 "xuất trình được khi kiểm kê), khó khăn, vướng mắc, nguyên nhân khách quan và chủ quan.")),
        d.Heading(_("5. Bài học kinh nghiệm")),
        prompt(_("bài học kinh nghiệm rút ra trong kỳ.")),
        d.Heading(_("III. TÌNH HÌNH, SỐ LIỆU CÁC VỤ LỘ, MẤT BÍ MẬT NHÀ NƯỚC")),
        d.Para(said["incidents"]), table(figures, groups["incidents"]),
        prompt(_("nguyên nhân từng vụ việc, việc xử lý (kỷ luật, xử phạt, chuyển cơ quan điều tra) và các biện pháp "
                 "khắc phục hậu quả đã áp dụng; không ghi nội dung bí mật nhà nước.")),
        d.Heading(_("IV. DỰ BÁO TÌNH HÌNH, PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM VÀ KIẾN NGHỊ, ĐỀ XUẤT")),
        d.Heading(_("1. Dự báo tình hình")),
        prompt(_("dự báo tình hình liên quan đến công tác bảo vệ bí mật nhà nước trong thời gian tới.")),
        d.Heading(_("2. Phương hướng, nhiệm vụ trọng tâm")),
        prompt(_("phương hướng, nhiệm vụ trọng tâm năm %(next)s.") % {"next": year + 1}),
        d.Heading(_("3. Kiến nghị, đề xuất")),
        prompt(_("kiến nghị, đề xuất với cơ quan cấp trên, Bộ Công an.")),
        d.Para(_("Trên đây là báo cáo công tác bảo vệ bí mật nhà nước năm %(year)s của %(unit)s./.")
               % {"year": year, "unit": unit.name}),
        d.Para(_("Ghi chú về số liệu:"), bold=True, italic=True, size=12, indent=False),
        *[d.Para(note, italic=True, size=12, indent=False) for note in data_note(figures)],
    ]
    from bmnn.outputs import stamps

    return d.AdminDocument(
        body_name=unit.name, parent_body_name=unit.parent.name if unit.parent_id else "", doc_type=_("Báo cáo"),
        summary=_("Công tác bảo vệ bí mật nhà nước năm %(year)s") % {"year": year},
        symbol=f"BC-{unit.code}", place=place, date=on,
        level_stamp=stamps.level_stamp(level, on) if level else None,
        addressees=[recipient] if recipient else [], blocks=blocks, signer=signer,
        recipients=[_("Như trên")], filing=f"VT, {unit.code}", mark_line=mark_line,
        title=_("Báo cáo công tác bảo vệ bí mật nhà nước năm %(year)s") % {"year": year})


# --- The print act --------------------------------------------------------------------------------

def _render(params: dict, fmt: str, mark: services.PrintMark) -> services.Rendered:
    from bmnn.outputs import docx as docx_out
    from bmnn.outputs import pdf as pdf_out

    person = Person.objects.get(pk=params["person"])
    unit = Unit.objects.get(pk=params["unit"])
    figures = report.figures(person, unit, params["year"], as_of=mark.printed_at)
    model = build(figures, on=mark.local.date(), recipient=params.get("recipient", ""),
                  place=params.get("place", ""), level=params.get("level", ""), mark_line=mark.line())
    return pdf_out.render(model) if fmt == OutputFormat.PDF else docx_out.render(model, mark.printed_at)


services.register_builder(FORM, _render)


def filename(unit, year: int, fmt: str) -> str:
    return f"bao-cao-bmnn-{year}-{unit.code}.{fmt}"


def print_report(person, unit, year: int, *, fmt: str = OutputFormat.DOCX, recipient: str = "", place: str | None = None,
                 level: str = ""):
    """Make the report's file: 404 for who may not make it; the format, the year and the level
    the maker asks for are checked. Returns (printout, bytes)."""
    on = timezone.localdate()
    report.require_maker(person, unit, on)
    if fmt not in FORMATS:
        raise Refused(_("Báo cáo năm chỉ in được ra DOCX hoặc PDF."), rule="outputs.document_format", basis=BASIS)
    if not 2000 <= int(year) <= report.current_report_year(on) + 1:
        raise ValidationError({"year": _("Năm báo cáo không hợp lệ.")})
    if level and level not in report.figures_levels(person, unit, on):
        raise Refused(_("Chỉ đóng dấu độ mật mà người lập báo cáo được tiếp cận."), rule="annual_report.level",
                      basis="Điều 10 Luật BVBMNN 2018")
    recipient = nfc(recipient or "").strip()[:300] or recipient_choices(unit)[0]
    place = default_place(unit) if place is None else nfc(place).strip()[:100]
    params = {"person": person.pk, "unit": unit.pk, "year": int(year), "recipient": recipient, "place": place,
              "level": level}
    title = _("Báo cáo công tác bảo vệ bí mật nhà nước năm %(year)s – %(unit)s") % {"year": year, "unit": unit.code}
    regime = loader.regime_on(report.window(int(year))[1])
    return services.issue(person, form=FORM, form_version=regime.code if regime else "", fmt=fmt, unit=unit,
                          object_type="records.annual_report", object_id=f"{unit.code}:{year}", params=params,
                          level=level, title=title, filename=filename(unit, year, fmt))


# --- bmnn print annual-report ---------------------------------------------------------------------

def _cli_arguments(parser) -> None:
    parser.add_argument("--unit", help="Mã (ký hiệu) đơn vị, ví dụ CAT; hoặc mã số đơn vị")
    parser.add_argument("--year", type=int, help="Năm báo cáo (kỳ 15/12 năm trước – 14/12); mặc định năm hiện tại")
    parser.add_argument("--recipient", default="", help="Kính gửi; mặc định theo loại cơ quan")
    parser.add_argument("--place", default=None, help="Địa danh ghi trước ngày tháng")
    parser.add_argument("--level", default="", choices=["", *Level.values],
                        help="Đóng dấu độ mật cho báo cáo (mặc định không)")


def unit_for(person, code: str) -> Unit:
    """The unit named by its code (or id) among those whose report `person` may make; 404 otherwise."""
    from django.http import Http404

    code = (code or "").strip()
    units = [u for u in report.maker_units(person) if u.code == code or str(u.pk) == code]
    if len(units) != 1:
        raise Http404(_("Không tìm thấy."))
    return units[0]


def _cli_run(person, options):
    from django.core.management.base import CommandError

    if not options.get("unit"):
        raise CommandError(_("Cần --unit (mã đơn vị)."))
    try:
        return print_report(person, unit_for(person, options["unit"]), options.get("year") or report.current_report_year(),
                            fmt=options["format"], recipient=options.get("recipient") or "",
                            place=options.get("place"), level=options.get("level") or "")
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None


def _register_cli() -> None:
    from bmnn.outputs import commands

    commands.subcommand("annual-report", "In báo cáo công tác bảo vệ bí mật nhà nước năm của một đơn vị "
                                         "(--format docx để sửa và trình ký).", _cli_arguments, _cli_run)


_register_cli()
