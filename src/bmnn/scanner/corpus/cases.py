"""The labelled cases: one function per file, with what the scanner must say about it.

A label's `expect` is one of
- "marked"      the file bears a stamp: tier marked, at `level` (None: a mark that is not
                a level, e.g. "BẢN SAO BÍ MẬT NHÀ NƯỚC");
- "review"      a person should look: tier review (never marked);
- "clean"       no finding and no problem;
- "not_marked"  no marked finding; review is acceptable ("LƯU Ý TỐI MẬT CỦA BA");
- "found"       marked or review (the tier is the rules' call, e.g. a level written only
                in the document's properties);
- a problem kind ("encrypted", "needs_ocr", "unreadable", "bomb", "denied", "link",
  "too_large"); "a|b" accepts either.
`rules` lists rule ids that must be among the evidence (A1–A4, REGISTER, NAME).

Decisions taken with the rules part (rules.py): "GIẢI MẬT" alone is informational and
never decides (clean); auxiliary marks alone are review with no level, except
"BẢN SAO BÍ MẬT NHÀ NƯỚC", which only a copy of a secret bears (marked, no level); the
file name alone is review; a register's "Độ mật" column is one REGISTER review mark.

File names carry no stamp word (the rules read names), except the one case that tests it."""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from bmnn.scanner.corpus import binary, odf, ooxml, rtf
from bmnn.scanner.corpus.encodings import cp1258_bytes, tcvn3_bytes, tcvn3_surface, vni_bytes, vni_surface
from bmnn.scanner.corpus.model import Document, Item, P, Sheet, Slide, Table, TextBox, WordArt
from bmnn.scanner.corpus.pdf import Line, image_pdf_bytes, pdf_bytes, scan_of
from bmnn.scanner.corpus.prose import CONFUSERS, MOTTO, NATION, Writer
from bmnn.scanner.corpus.zips import encrypted_zip_bytes, zip_bytes

MAT, TOI, TUYET = "MAT", "TOI_MAT", "TUYET_MAT"


@dataclass(frozen=True)
class Member:
    """The label of a file inside an archive; `path` is relative to the archive
    ("inner.zip!report.docx" for a nested one)."""

    path: str
    format: str
    expect: str
    level: str | None
    trap: str
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    id: str  # the path of its first copy: unique
    path: str  # relative to the corpus root, "/" separated
    format: str  # what the content is: a sniff kind ("docx", "pdf", "text", "zip", "ooxml_encrypted", …)
    expect: str
    level: str | None
    trap: str
    build: Callable[[Writer], bytes]
    rules: tuple[str, ...] = ()
    members: tuple[Member, ...] = ()
    scalable: bool = True  # problem files are written once, whatever the scale
    extra: dict = field(default_factory=dict)  # more label fields (e.g. the level OCR would find)

    def label(self, path: str) -> dict:
        entry = {"path": path, "format": self.format, "expect": self.expect, "level": self.level,
                 "trap": self.trap, "case": self.id}
        if self.rules:
            entry["rules"] = list(self.rules)
        entry.update(self.extra)
        return entry


CASES: list[Case] = []


def case(path: str, fmt: str, expect: str, level: str | None, trap: str, *, rules: tuple[str, ...] = (),
         members: tuple[Member, ...] = (), scalable: bool = True, **extra):
    def register(build: Callable[[Writer], bytes]) -> Callable[[Writer], bytes]:
        CASES.append(Case(path, path, fmt, expect, level, trap, build, rules, members, scalable, extra))
        return build
    return register


# --- shared shapes ----------------------------------------------------------------------


def stamp(text: str, align: str = "center") -> P:
    """The stamp as clerks draw it: bold, red, double border."""
    return P(text, bold=True, colour="FF0000", border=True, align=align)


def letter(w: Writer, *, left: tuple[Item, ...] = (), right: tuple[Item, ...] = (), before_title: tuple[Item, ...] = (),
           end: tuple[Item, ...] = (), header: tuple[Item, ...] = (), first_header: tuple[Item, ...] = (),
           paras: tuple[int, int] = (4, 10), table: Table | None = None, title: list[P] | None = None,
           keywords: str = "") -> Document:
    """An official document in NĐ 30/2020's layout: the two-column header table (agency and
    number | national motto and date), the title, prose, the signature."""
    body: list[Item] = [table or w.header_table(left, right), *before_title, *(title or w.title()),
                        *(P(text, align="both") for text in w.paragraphs(*paras)), *w.signature(), *end]
    return Document(body=body, header=list(header), first_header=list(first_header), keywords=keywords,
                    title=w.doc_type[0].capitalize())


def docx(doc: Document, variant: str = "docx") -> bytes:
    return ooxml.docx_bytes(doc, variant)


def renormalised(data: bytes, form: str) -> bytes:
    """The same OOXML/ODF package with every XML part's text in Unicode form `form`
    (NFD: "Unicode tổ hợp", as Unikey can type it)."""
    import io
    import zipfile

    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            part = archive.read(name)
            if name.endswith((".xml", ".rels")):
                part = unicodedata.normalize(form, part.decode()).encode()
            members.append((name, part))
    return zip_bytes(members)


def legacy_document(doc: Document, encoding: str) -> Document:
    """The document as typed with a legacy font: every paragraph becomes its surface
    form in ".VnTimeH" (capital lines) / ".VnTime", or "VNI-Times"."""
    def convert(item: Item) -> Item:
        if isinstance(item, P):
            if encoding == "tcvn3":
                font = ".VnTimeH" if item.text.isupper() else ".VnTime"
                return replace(item, text=tcvn3_surface(item.text), font=font, runs=None)
            return replace(item, text=vni_surface(item.text), font="VNI-Times", runs=None)
        if isinstance(item, Table):
            rows = tuple(tuple(tuple(convert(p) for p in cell) for cell in row) for row in item.rows)
            return replace(item, rows=rows)
        if isinstance(item, TextBox):
            return replace(item, paras=tuple(convert(p) for p in item.paras))
        return item

    return replace(doc, body=[convert(i) for i in doc.body], header=[convert(i) for i in doc.header],
                   first_header=[convert(i) for i in doc.first_header])


def text_lines(w: Writer, stamp_line: str | None = None, *, after: int = 3, top: list[str] | None = None) -> list[str]:
    """A plain-text official document; the stamp line goes after the number (line `after`)."""
    lines = w.lines()
    if stamp_line is not None:
        lines.insert(after, stamp_line)
    return (top or []) + lines


def crlf(lines: list[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


TRAINING = [
    "Theo Luật Bảo vệ bí mật nhà nước, bí mật nhà nước được phân loại theo ba độ mật: Tuyệt mật, Tối mật và Mật.",
    "Văn bản có nội dung bí mật nhà nước phải đóng dấu độ mật “TUYỆT MẬT”, “TỐI MẬT” hoặc “MẬT” vào bên dưới "
    "số, ký hiệu của văn bản.",
    "Dấu “TỐI MẬT” có kích thước 30 × 8 mm, dấu “TUYỆT MẬT” có kích thước 40 × 8 mm, có đường viền kép, "
    "chữ in hoa, màu đỏ.",
    "Tài liệu thuộc danh mục bí mật nhà nước độ Mật được lưu giữ tại tủ có khóa chắc chắn, do cán bộ được giao "
    "quản lý.",
]
HEADINGS = {
    "quy-che": "QUY CHẾ BẢO VỆ BÍ MẬT NHÀ NƯỚC",
    "huong-dan": "HƯỚNG DẪN BẢO MẬT THÔNG TIN",
    "doi-khau": "ĐỔI MẬT KHẨU ĐỊNH KỲ",
    "giu": "GIỮ BÍ MẬT",
}


# --- .docx -----------------------------------------------------------------------------


@case("docx/header-stamp.docx", "docx", "marked", MAT, "stamp in the page header (word/header1.xml)")
def _(w):
    return docx(letter(w, header=(P("MẬT", bold=True, colour="FF0000", align="right"),)))


@case("docx/first-page-header.docx", "docx", "marked", TOI, "stamp in the first-page header (w:titlePg, its own part)")
def _(w):
    return docx(letter(w, first_header=(stamp("TỐI MẬT", "left"),), paras=(10, 14)))


@case("docx/cell-under-number.docx", "docx", "marked", TUYET,
      "stamp in the header table's left cell under the number (box 10a), beside the agency")
def _(w):
    return docx(letter(w, left=(stamp("TUYỆT MẬT"),)))


@case("docx/cell-own.docx", "docx", "marked", MAT, "stamp alone in a bordered cell between agency and motto")
def _(w):
    table = Table(rows=(((P(w.agency[0], align="center"), P(w.agency[1], bold=True, align="center"),
                          P(w.symbol, align="center")),
                         (stamp("MẬT"),),
                         (P(NATION, bold=True, align="center"), P(MOTTO, bold=True, align="center"))),),
                  borders=True)
    return docx(letter(w, table=table))


@case("docx/textbox-drawingml.docx", "docx", "marked", TOI,
      "DrawingML text box with Word's VML copy in mc:Fallback (read one, not both)")
def _(w):
    return docx(letter(w, before_title=(TextBox((stamp("TỐI MẬT"),)),)))


@case("docx/textbox-vml.docx", "docx", "marked", MAT, "VML-only text box (w:pict/v:shape/v:textbox), pre-2010 Word")
def _(w):
    return docx(letter(w, before_title=(TextBox((stamp("MẬT"),), vml_only=True),)))


@case("docx/wordart.docx", "docx", "marked", TUYET, "WordArt: the text is v:textpath/@string, not in w:t")
def _(w):
    return docx(letter(w, before_title=(WordArt("TUYỆT MẬT"),)))


@case("docx/wordart-header.docx", "docx", "marked", MAT, "WordArt watermark in the header")
def _(w):
    return docx(letter(w, header=(WordArt("MẬT"),)))


@case("docx/body-bold-red.docx", "docx", "marked", MAT, "bold red bordered body paragraph above the title")
def _(w):
    return docx(letter(w, before_title=(stamp("MẬT", "left"),)))


@case("docx/footnote.docx", "docx", "marked", TOI, "stamp alone in a footnote (word/footnotes.xml)")
def _(w):
    doc = letter(w)
    doc.body[2] = replace(doc.body[2], footnote="TỐI MẬT")
    return docx(doc)


@case("docx/letter-spaced.docx", "docx", "marked", TUYET, 'letter-spaced "T U Y Ệ T  M Ậ T" under the number')
def _(w):
    return docx(letter(w, left=(P("T U Y Ệ T  M Ậ T", bold=True, colour="FF0000", align="center"),)))


@case("docx/level-label.docx", "docx", "marked", TOI, '"ĐỘ MẬT: TỐI MẬT" under the number')
def _(w):
    return docx(letter(w, left=(P("ĐỘ MẬT: TỐI MẬT", bold=True, align="center"),)))


@case("docx/with-urgency.docx", "docx", "marked", MAT, '"MẬT - KHẨN": level with an urgency suffix')
def _(w):
    return docx(letter(w, left=(P("MẬT - KHẨN", bold=True, colour="FF0000", align="center"),)))


@case("docx/decomposed.docx", "docx", "marked", TUYET, "every part in NFD (Unicode tổ hợp): no NFC pattern matches raw")
def _(w):
    return renormalised(docx(letter(w, left=(stamp("TUYỆT MẬT"),))), "NFD")


@case("docx/eth.docx", "docx", "marked", MAT, 'look-alike U+00D0 "Ð" in "ÐỘ MẬT: MẬT"')
def _(w):
    return docx(letter(w, left=(P("\u00d0Ộ MẬT: MẬT", bold=True, align="center"),)))


@case("docx/split-runs.docx", "docx", "marked", TOI, 'the stamp cut into runs "TỐ" "I M" "ẬT" (edited text)')
def _(w):
    return docx(letter(w, left=(P("TỐI MẬT", bold=True, colour="FF0000", runs=("TỐ", "I M", "ẬT"), align="center"),)))


@case("docx/line-break.docx", "docx", "marked", MAT, "stamp after a w:br in the number's paragraph")
def _(w):
    table = w.header_table()
    left = list(table.rows[0][0])
    left[2] = P(f"{w.symbol}\nMẬT", align="center")
    return docx(letter(w, table=Table(rows=((tuple(left), table.rows[0][1]),))))


@case("docx/nbsp-zero-width.docx", "docx", "marked", TOI, "NBSP and a zero-width space inside the stamp, in a text box")
def _(w):
    return docx(letter(w, before_title=(TextBox((stamp("TỐI\u00a0M\u200bẬT"),)),)))


@case("docx/vntimeh.docx", "docx", "marked", TUYET,
      'TCVN3 document: ".VnTimeH" capitals "TUYÖT MËT", ".VnTime" prose (soft hyphen = ư)')
def _(w):
    return docx(legacy_document(letter(w, left=(stamp("TUYỆT MẬT"),)), "tcvn3"))


@case("docx/vni.docx", "docx", "marked", TOI, 'VNI-Times document: "TOÁI MAÄT"')
def _(w):
    return docx(legacy_document(letter(w, left=(stamp("TỐI MẬT"),)), "vni"))


@case("docx/caps-formatting.docx", "docx", "marked", TOI,
      'typed "Tối mật", shown in capitals by w:caps (the stored text is not upper case)')
def _(w):
    return docx(letter(w, left=(P("Tối mật", bold=True, colour="FF0000", border=True, caps=True, align="center"),)))


@case("docx/content-control.docx", "docx", "marked", MAT, "stamp inside a content control (w:sdt) in the header")
def _(w):
    return docx(letter(w, header=(P("MẬT", bold=True, colour="FF0000", sdt=True, align="right"),)))


@case("docx/header-table.docx", "docx", "marked", TUYET, "stamp in a table inside the page header")
def _(w):
    return docx(letter(w, header=(w.header_table(left_extra=(stamp("TUYỆT MẬT"),)),)))


@case("docx/aux-copy-number.docx", "docx", "marked", TOI, '"Bản sao số: 03" top right with the level stamp',
      rules=("A4",))
def _(w):
    return docx(letter(w, left=(stamp("TỐI MẬT"),), right=(P("Bản sao số: 03", bold=True, align="right"),)))


@case("docx/aux-recall.docx", "docx", "marked", MAT, '"TÀI LIỆU THU HỒI" with a header stamp', rules=("A3",))
def _(w):
    return docx(letter(w, header=(P("MẬT", bold=True, colour="FF0000"),),
                       before_title=(P("TÀI LIỆU THU HỒI", bold=True, align="right"),)))


@case("docx/aux-envelope.docx", "docx", "marked", TUYET, 'envelope text "Chỉ người có tên mới được bóc bì"',
      rules=("A2",))
def _(w):
    return docx(letter(w, left=(stamp("TUYỆT MẬT"),),
                       before_title=(P("Chỉ người có tên mới được bóc bì", bold=True, align="center"),)))


@case("docx/aux-copy-stamp.docx", "docx", "marked", MAT, '"BẢN SAO BÍ MẬT NHÀ NƯỚC" at the end (last page)',
      rules=("A1",))
def _(w):
    return docx(letter(w, left=(stamp("MẬT"),), end=(P("BẢN SAO BÍ MẬT NHÀ NƯỚC", bold=True, border=True),)))


@case("docx/aux-only-recall.docx", "docx", "review", None, '"TÀI LIỆU THU HỒI" alone: no level', rules=("A3",))
def _(w):
    return docx(letter(w, before_title=(P("TÀI LIỆU THU HỒI", bold=True, align="right"),)))


@case("docx/aux-only-envelope.docx", "docx", "review", None, "envelope text alone", rules=("A2",))
def _(w):
    return docx(letter(w, before_title=(P("Chỉ người có tên mới được bóc bì", bold=True, align="center"),)))


@case("docx/aux-only-copy-number.docx", "docx", "review", None, '"Bản sao số: 03" alone', rules=("A4",))
def _(w):
    return docx(letter(w, right=(P("Bản sao số: 03", bold=True, align="right"),)))


@case("docx/aux-only-copy-stamp.docx", "docx", "marked", None,
      '"BẢN SAO BÍ MẬT NHÀ NƯỚC" alone: only a copy of a secret bears it', rules=("A1",))
def _(w):
    return docx(letter(w, end=(P("BẢN SAO BÍ MẬT NHÀ NƯỚC", bold=True, border=True),)))


@case("docx/properties-only.docx", "docx", "found", TOI, "level only in docProps/core.xml keywords")
def _(w):
    return docx(letter(w, keywords="TỐI MẬT"))


@case("docx/macro.docm", "docx", "marked", MAT, ".docm (macro-enabled content type), header stamp")
def _(w):
    return docx(letter(w, header=(P("MẬT", bold=True, colour="FF0000"),)), "docm")


@case("docx/template.dotx", "docx", "marked", TOI, ".dotx template with the stamp in a cell")
def _(w):
    return docx(letter(w, left=(stamp("TỐI MẬT"),)), "dotx")


@case("docx/neg-prose.docx", "docx", "clean", None, "prose: bảo mật, mật khẩu, mật ong, Mật độ, mật thiết")
def _(w):
    return docx(letter(w, paras=(6, 12)))


for _key, _heading in HEADINGS.items():
    @case(f"docx/neg-heading-{_key}.docx", "docx", "clean", None, f'title "{_heading}" at the top, bold, centred')
    def _(w, heading=_heading):
        return docx(letter(w, title=[P(heading, bold=True, align="center", size=14)]))


@case("docx/neg-heading-in-box.docx", "docx", "clean", None, '"ĐỔI MẬT KHẨU ĐỊNH KỲ" in a red text box')
def _(w):
    return docx(letter(w, before_title=(TextBox((stamp("ĐỔI MẬT KHẨU ĐỊNH KỲ"),)),)))


@case("docx/neg-heading-in-header.docx", "docx", "clean", None, '"GIỮ BÍ MẬT" in the page header')
def _(w):
    return docx(letter(w, header=(P("GIỮ BÍ MẬT", bold=True, align="right"),)))


@case("docx/neg-training.docx", "docx", "clean", None, "training text quoting the three levels and the stamps in prose")
def _(w):
    doc = letter(w, title=[P("TÀI LIỆU TẬP HUẤN", bold=True, align="center"),
                           P("Công tác bảo vệ bí mật nhà nước năm 2026", bold=True, align="center")])
    doc.body[3:3] = [P(text, align="both") for text in TRAINING]
    return docx(doc)


@case("docx/neg-urgency.docx", "docx", "clean", None, 'urgency marks only: "HỎA TỐC", "THƯỢNG KHẨN"')
def _(w):
    return docx(letter(w, left=(P("HỎA TỐC", bold=True, colour="FF0000", align="center"),),
                       before_title=(P("THƯỢNG KHẨN", bold=True, border=True),)))


@case("docx/neg-declassified.docx", "docx", "clean", None, '"GIẢI MẬT" alone (informational, never decides)')
def _(w):
    return docx(letter(w, left=(stamp("GIẢI MẬT"),)))


@case("docx/neg-figurative.docx", "docx", "not_marked", None, 'figurative heading "LƯU Ý TỐI MẬT CỦA BA:"')
def _(w):
    return docx(letter(w, before_title=(P("LƯU Ý TỐI MẬT CỦA BA:", bold=True),)))


@case("docx/neg-honey-header.docx", "docx", "clean", None, 'all-caps "HỢP TÁC XÃ MẬT ONG BẮC GIANG" in the header')
def _(w):
    return docx(letter(w, header=(P("HỢP TÁC XÃ MẬT ONG BẮC GIANG", bold=True, align="center"),)))


@case("docx/neg-density-cell.docx", "docx", "clean", None, 'table header cell "MẬT ĐỘ DÂN SỐ"')
def _(w):
    doc = letter(w)
    doc.body.insert(4, Table(rows=((( P("ĐỊA BÀN", bold=True),), (P("MẬT ĐỘ DÂN SỐ", bold=True),)),
                                   ((P("Phường 1"),), (P("12.450 người/km²"),)),
                                   ((P("Xã Tân Lập"),), (P("830 người/km²"),))), borders=True))
    return docx(doc)


@case("docx/BC_TOI_MAT_2024.docx", "docx", "review", TOI, "clean content, level only in the file name", rules=("NAME",))
def _(w):
    return docx(letter(w))


# --- .xlsx -----------------------------------------------------------------------------


def _table_rows(w: Writer, count: int) -> list[list]:
    rows = [["STT", "Nội dung", "Đơn vị", "Số lượng"]]
    for i in range(1, count + 1):
        rows.append([i, w.rng.choice(["Máy tính để bàn", "Máy in", "Ổ cứng di động", "Bộ lưu điện", "Máy quét"]),
                     w.agency[1].title(), w.rng.randint(1, 40)])
    return rows


@case("xlsx/cell-stamp.xlsx", "xlsx", "marked", TOI, "stamp in a cell beside the agency name")
def _(w):
    rows = [[w.agency[0], None, "TỐI MẬT"], [w.agency[1]], [w.symbol], [], *_table_rows(w, w.rng.randint(5, 30))]
    return ooxml.xlsx_bytes([Sheet("Tổng hợp", rows)])


@case("xlsx/print-header.xlsx", "xlsx", "marked", MAT, 'sheet print header "&C&\\"Times New Roman,Bold\\"&14MẬT"')
def _(w):
    return ooxml.xlsx_bytes([Sheet("Sheet1", _table_rows(w, 20), print_header="MẬT", print_footer="Trang &P")])


@case("xlsx/drawing-textbox.xlsx", "xlsx", "marked", TUYET, "text box drawn over the grid (xl/drawings)")
def _(w):
    return ooxml.xlsx_bytes([Sheet("Sheet1", _table_rows(w, 12), textboxes=["TUYỆT MẬT"])])


@case("xlsx/rich-text-cell.xlsx", "xlsx", "marked", TOI, 'rich-text shared string cut into runs "TỐI " + "MẬT"')
def _(w):
    rows = [[w.agency[0], None, ("TỐI ", "MẬT")], [w.symbol], [], *_table_rows(w, 10)]
    return ooxml.xlsx_bytes([Sheet("Sheet1", rows)])


@case("xlsx/inline-strings.xlsx", "xlsx", "marked", MAT, "inline strings (t=inlineStr), no sharedStrings.xml")
def _(w):
    rows = [[w.agency[1], None, None, "MẬT"], [w.symbol], *_table_rows(w, 8)]
    return ooxml.xlsx_bytes([Sheet("Sheet1", rows)], inline_strings=True)


def _register_rows(w: Writer, values: list[str]) -> list[list]:
    rows = [["SỔ ĐĂNG KÝ VĂN BẢN ĐI"], [],
            ["STT", "Số, ký hiệu", "Ngày tháng", "Trích yếu nội dung", "Độ mật", "Nơi nhận"]]
    for i in range(1, 16):
        rows.append([i, f"{w.rng.randint(1, 400)}/BC-{w.agency[2]}", f"{w.rng.randint(1, 28):02d}/03/2026",
                     w.rng.choice(["Báo cáo công tác tháng", "Kế hoạch kiểm tra", "Tờ trình kinh phí"]),
                     values[i % len(values)], w.rng.choice(["UBND tỉnh", "Bộ Công an", "Lưu VT"])])
    return rows


@case("xlsx/register.xlsx", "xlsx", "review", None, 'register of secret documents: "Độ mật" column, mixed-case values',
      rules=("REGISTER",))
def _(w):
    return ooxml.xlsx_bytes([Sheet("Sổ đi", _register_rows(w, ["Mật", "Tối mật", "Mật", "Tuyệt mật"]))])


@case("xlsx/register-caps.xlsx", "xlsx", "review", None, 'register whose "Độ mật" values are in capitals',
      rules=("REGISTER",))
def _(w):
    return ooxml.xlsx_bytes([Sheet("Sổ đi", _register_rows(w, ["MẬT", "TỐI MẬT", "MẬT"]))])


@case("xlsx/neg-data.xlsx", "xlsx", "clean", None, '"Mật độ dân số", "Mật khẩu wifi" cells')
def _(w):
    rows = [["Địa bàn", "Mật độ dân số (người/km²)", "Ghi chú"]]
    rows += [[f"Xã {i}", w.rng.randint(100, 9000), "Mật khẩu wifi nhà văn hóa đổi hằng tháng"] for i in range(1, 12)]
    return ooxml.xlsx_bytes([Sheet("Số liệu", rows)])


@case("xlsx/neg-passwords.xlsx", "xlsx", "clean", None, 'account sheet: header cells "MẬT KHẨU", "BẢO MẬT"')
def _(w):
    rows = [["TÀI KHOẢN", "MẬT KHẨU", "BẢO MẬT", "GHI CHÚ"]]
    rows += [[f"canbo{i:02d}", w.rng.choice(["Abc@2026", "Xyz#123", "Qn!4567"]), "Cấp 2", "Đổi định kỳ"]
             for i in range(1, 10)]
    return ooxml.xlsx_bytes([Sheet("Tài khoản", rows)])


# --- .pptx -----------------------------------------------------------------------------


@case("pptx/slide-shape.pptx", "pptx", "marked", MAT, "stamp in a free text box on slide 1")
def _(w):
    slides = [Slide(title=w.doc_type[0] + " " + w.agency[1], shapes=[["MẬT"]]),
              Slide(title="Nội dung", shapes=[w.paragraphs(2, 3)])]
    return ooxml.pptx_bytes(slides)


@case("pptx/master-stamp.pptx", "pptx", "marked", MAT, "stamp on the slide master (shown on every slide)")
def _(w):
    slides = [Slide(title=w.doc_type[0] + " " + w.agency[1], shapes=[w.paragraphs(1, 2)])]
    return ooxml.pptx_bytes(slides, master_shapes=[["MẬT"]])


@case("pptx/neg-title.pptx", "pptx", "clean", None, 'slide title "HƯỚNG DẪN BẢO MẬT THÔNG TIN"')
def _(w):
    return ooxml.pptx_bytes([Slide(title="HƯỚNG DẪN BẢO MẬT THÔNG TIN", shapes=[w.paragraphs(2, 4)])])


@case("pptx/training-bullets.pptx", "pptx", "not_marked", None,
      "training slide listing the three stamps as bullets (examples, not a stamp)")
def _(w):
    return ooxml.pptx_bytes([Slide(title="TẬP HUẤN BẢO VỆ BÍ MẬT NHÀ NƯỚC",
                                   shapes=[["CÁC ĐỘ MẬT", "TUYỆT MẬT", "TỐI MẬT", "MẬT"]])])


# --- OpenDocument ------------------------------------------------------------------------


@case("odf/header-styles.odt", "odt", "marked", TOI, "page header in styles.xml (master page), not content.xml")
def _(w):
    return odf.odt_bytes(letter(w, header=(stamp("TỐI MẬT", "left"),)))


@case("odf/first-page-header.odt", "odt", "marked", MAT, "style:header-first in styles.xml")
def _(w):
    return odf.odt_bytes(letter(w, first_header=(stamp("MẬT", "left"),)))


@case("odf/caps-formatting.odt", "odt", "marked", TOI, 'typed "Tối mật", shown in capitals by fo:text-transform')
def _(w):
    return odf.odt_bytes(letter(w, left=(P("Tối mật", bold=True, colour="FF0000", caps=True, align="center"),)))


@case("odf/frame.odt", "odt", "marked", TUYET, "draw:frame/draw:text-box")
def _(w):
    return odf.odt_bytes(letter(w, before_title=(TextBox((stamp("TUYỆT MẬT"),)),)))


@case("odf/letter-spaced.odt", "odt", "marked", TUYET, 'letter-spaced stamp whose double space is <text:s/>')
def _(w):
    return odf.odt_bytes(letter(w, left=(P("T U Y Ệ T  M Ậ T", bold=True, align="center"),)))


@case("odf/neg-prose.odt", "odt", "clean", None, "prose with the confusers, heading in styles")
def _(w):
    return odf.odt_bytes(letter(w, header=(P(w.agency[1], align="left"),)))


@case("odf/cell-stamp.ods", "ods", "marked", MAT, "stamp in a spreadsheet cell")
def _(w):
    rows = [[w.agency[0], None, "MẬT"], [w.symbol], *_table_rows(w, 10)]
    return odf.ods_bytes([Sheet("Trang tính1", rows)])


@case("odf/print-header.ods", "ods", "marked", TOI, "print header region in styles.xml")
def _(w):
    return odf.ods_bytes([Sheet("Trang tính1", _table_rows(w, 10), print_header="TỐI MẬT")])


@case("odf/register.ods", "ods", "review", None, 'register with an "Độ mật" column', rules=("REGISTER",))
def _(w):
    return odf.ods_bytes([Sheet("Sổ đi", _register_rows(w, ["Mật", "Tối mật"]))])


@case("odf/neg-data.ods", "ods", "clean", None, '"Mật độ" column and prose cells')
def _(w):
    rows = [["Địa bàn", "Mật độ dân số"], *[[f"Phường {i}", w.rng.randint(100, 9000)] for i in range(1, 9)],
            [w.rng.choice(CONFUSERS)]]
    return odf.ods_bytes([Sheet("Số liệu", rows)])


@case("odf/frame.odp", "odp", "marked", TOI, "presentation frame (draw:frame/draw:text-box)")
def _(w):
    return odf.odp_bytes([Slide(title=w.doc_type[0], shapes=[["TỐI MẬT"]]), Slide(shapes=[w.paragraphs(2, 3)])])


@case("odf/neg.odp", "odp", "clean", None, 'slide title "GIỮ BÍ MẬT" and prose')
def _(w):
    return odf.odp_bytes([Slide(title="GIỮ BÍ MẬT", shapes=[w.paragraphs(2, 3)])])


# --- .rtf ------------------------------------------------------------------------------


@case("rtf/header-unicode.rtf", "rtf", "marked", MAT, "{\\header} destination; \\uN escapes with fallback letters")
def _(w):
    return rtf.rtf_bytes(letter(w, header=(P("MẬT", bold=True, colour="FF0000", align="right"),)))


@case("rtf/first-page-header.rtf", "rtf", "marked", TOI, "{\\headerf} with \\titlepg")
def _(w):
    return rtf.rtf_bytes(letter(w, first_header=(stamp("TỐI MẬT", "left"),)))


@case("rtf/cp1258.rtf", "rtf", "marked", TUYET, "\\ansicpg1258 \\'hh bytes, tones as combining bytes (needs NFC)")
def _(w):
    return rtf.rtf_bytes(letter(w, left=(stamp("TUYỆT MẬT"),)), encoding="cp1258")


@case("rtf/vntimeh.rtf", "rtf", "marked", TUYET, '".VnTimeH" font with TCVN3 \\\'hh bytes')
def _(w):
    return rtf.rtf_bytes(legacy_document(letter(w, left=(stamp("TUYỆT MẬT"),)), "tcvn3"))


@case("rtf/vni.rtf", "rtf", "marked", TOI, '"VNI-Times" font with VNI bytes')
def _(w):
    return rtf.rtf_bytes(legacy_document(letter(w, left=(stamp("TỐI MẬT"),)), "vni"))


@case("rtf/shape-textbox.rtf", "rtf", "marked", MAT, "text box shape {\\shp … {\\shptxt}}")
def _(w):
    return rtf.rtf_bytes(letter(w, before_title=(TextBox((stamp("MẬT"),)),)))


@case("rtf/neg-prose.rtf", "rtf", "clean", None, "prose with the confusers")
def _(w):
    return rtf.rtf_bytes(letter(w, paras=(6, 10)))


@case("rtf/neg-heading.rtf", "rtf", "clean", None, 'title "QUY CHẾ BẢO VỆ BÍ MẬT NHÀ NƯỚC"')
def _(w):
    return rtf.rtf_bytes(letter(w, title=[P(HEADINGS["quy-che"], bold=True, align="center")]))


# --- legacy .doc / .xls -----------------------------------------------------------------


def _doc_text(w: Writer, stamp_line: str | None = None, *, convert=None) -> str:
    lines = text_lines(w, stamp_line)
    if convert:
        lines = [convert(line) for line in lines]
    return "\r".join(lines) + "\r"


@case("legacy/body-stamp.doc", "doc", "marked", MAT, "Word 97: stamp paragraph under the number")
def _(w):
    return binary.doc_bytes(_doc_text(w, "MẬT"))


@case("legacy/header-stamp.doc", "doc", "marked", TOI, "Word 97: stamp in the header story (PlcfHdd)")
def _(w):
    return binary.doc_bytes(_doc_text(w), headers=[("header", "TỐI MẬT\r")])


@case("legacy/textbox.doc", "doc", "marked", TUYET, "Word 97: stamp in the text-box story")
def _(w):
    return binary.doc_bytes(_doc_text(w), textboxes="TUYỆT MẬT\r")


@case("legacy/vntimeh.doc", "doc", "marked", TUYET, 'Word 97 typed in ".VnTimeH"/".VnTime": "TUYÖT MËT"')
def _(w):
    text = _doc_text(w, "TUYỆT MẬT", convert=tcvn3_surface)
    return binary.doc_bytes(text, fonts=["Times New Roman", ".VnTimeH", ".VnTime"])


@case("legacy/neg-prose.doc", "doc", "clean", None, "Word 97 prose with the confusers")
def _(w):
    return binary.doc_bytes(_doc_text(w))


@case("legacy/cell-stamp.xls", "xls", "marked", TOI, "Excel 97 cell (shared string)")
def _(w):
    cells = {(0, 0): w.agency[0], (0, 3): "TỐI MẬT", (1, 0): w.symbol, (3, 0): "Nội dung", (3, 1): "Số lượng"}
    return binary.xls_bytes([{"name": "Sheet1", "cells": cells}])


@case("legacy/print-header.xls", "xls", "marked", MAT, 'Excel 97 HEADER record "&CMẬT"')
def _(w):
    return binary.xls_bytes([{"name": "Sheet1", "cells": {(0, 0): "Nội dung", (1, 0): w.agency[1]},
                              "header": "&CMẬT"}])


@case("legacy/register.xls", "xls", "review", None, 'Excel 97 register with an "Độ mật" column', rules=("REGISTER",))
def _(w):
    rows = _register_rows(w, ["Mật", "Tối mật"])
    cells = {(r, c): str(v) for r, row in enumerate(rows) for c, v in enumerate(row) if v not in (None, "")}
    return binary.xls_bytes([{"name": "So di", "cells": cells}])


@case("legacy/neg-data.xls", "xls", "clean", None, 'Excel 97 "Mật độ" and prose cells')
def _(w):
    cells = {(0, 0): "Mật độ dân số", (0, 1): "Ghi chú", (1, 0): "1250", (1, 1): w.rng.choice(CONFUSERS)}
    return binary.xls_bytes([{"name": "Sheet1", "cells": cells}])


# --- PDF -------------------------------------------------------------------------------


def wrap(text: str, width: int = 88) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def pdf_page(w: Writer, *, stamp_text: str | None = None, stamp_font: str | None = None, extra: list[Line] = (),
             title: str | None = None, paras: tuple[int, int] = (3, 6), spacing: float = 0) -> list[Line]:
    """Page 1 of an exported official document: agency block left, motto right, the
    stamp boxed in red under the number, title, prose."""
    lines = [Line(w.agency[0], y=50, x=70, size=12), Line(w.agency[1], y=66, x=70, size=12, bold=True),
             Line(w.symbol, y=84, x=80, size=12),
             Line(NATION, y=50, x=300, size=11.5, bold=True), Line(MOTTO, y=66, x=340, size=12, bold=True),
             Line(w.date_line, y=88, x=330, size=11)]
    if stamp_text:
        lines.append(Line(stamp_text, y=110, x=100, size=13, bold=True, colour="FF0000", box=True, font=stamp_font,
                          spacing=spacing))
    lines += list(extra)
    lines += [Line(title or w.doc_type[0], y=150, x=260, size=14, bold=True),
              Line(w.rng.choice(["Về việc rà soát hệ thống thông tin", "Về công tác văn thư năm 2025"]), y=170, x=200)]
    y = 200
    for paragraph in w.paragraphs(*paras):
        for text in wrap(paragraph):
            if y > 780:
                break
            lines.append(Line(text, y=y, x=70, size=11))
            y += 15
        y += 6
    return lines


def prose_page(w: Writer, top: list[Line] = (), start: float = 60) -> list[Line]:
    lines, y = list(top), start
    for paragraph in w.paragraphs(4, 8):
        for text in wrap(paragraph):
            if y > 780:
                return lines
            lines.append(Line(text, y=y, x=70, size=11))
            y += 15
        y += 6
    return lines


@case("pdf/top-stamp.pdf", "pdf", "marked", TOI, "boxed red stamp at the top of page 1 (exported from Word)")
def _(w):
    return pdf_bytes([pdf_page(w, stamp_text="TỐI MẬT"), prose_page(w)])


@case("pdf/page2-stamp.pdf", "pdf", "marked", MAT, "stamp at the top of page 2 (page 1 is a transmittal slip)")
def _(w):
    slip = prose_page(w, [Line("PHIẾU GỬI", y=60, x=260, size=14, bold=True)], start=90)
    return pdf_bytes([slip, pdf_page(w, stamp_text="MẬT")])


@case("pdf/letter-spaced.pdf", "pdf", "marked", TUYET, 'letter-spaced "T U Y Ệ T  M Ậ T" in the text layer')
def _(w):
    return pdf_bytes([pdf_page(w, stamp_text="T U Y Ệ T  M Ậ T")])


@case("pdf/vntimeh.pdf", "pdf", "marked", TUYET, 'printed from a TCVN3 document: font ".VnTimeH", text "TUYÖT MËT"')
def _(w):
    return pdf_bytes([pdf_page(w, stamp_text=tcvn3_surface("TUYỆT MẬT"), stamp_font=".VnTimeH")])


@case("pdf/vni.pdf", "pdf", "marked", TOI, 'printed from a VNI document: font "VNI-Times", text "TOÁI MAÄT"')
def _(w):
    return pdf_bytes([pdf_page(w, stamp_text=vni_surface("TỐI MẬT"), stamp_font="VNI-Times")])


@case("pdf/split-objects.pdf", "pdf", "marked", TUYET, 'the stamp drawn as two text objects "TUYỆT" and "MẬT"')
def _(w):
    page = pdf_page(w)
    page += [Line("TUYỆT", y=110, x=100, size=13, bold=True, colour="FF0000"),
             Line("MẬT", y=110, x=152, size=13, bold=True, colour="FF0000")]
    return pdf_bytes([page])


@case("pdf/copy-number.pdf", "pdf", "marked", MAT, '"Bản sao số: 03" top right with the stamp', rules=("A4",))
def _(w):
    return pdf_bytes([pdf_page(w, stamp_text="MẬT", extra=[Line("Bản sao số: 03", y=20, x=450, bold=True)])])


@case("pdf/last-page-copy-stamp.pdf", "pdf", "marked", TOI, '"BẢN SAO BÍ MẬT NHÀ NƯỚC" on the last page',
      rules=("A1",))
def _(w):
    last = prose_page(w) + [Line("BẢN SAO BÍ MẬT NHÀ NƯỚC", y=790, x=70, bold=True, colour="FF0000", box=True)]
    return pdf_bytes([pdf_page(w, stamp_text="TỐI MẬT"), prose_page(w), last])


@case("pdf/neg-prose.pdf", "pdf", "clean", None, "exported prose with the confusers")
def _(w):
    return pdf_bytes([pdf_page(w), prose_page(w)])


@case("pdf/neg-heading.pdf", "pdf", "clean", None, 'title "QUY CHẾ BẢO VỆ BÍ MẬT NHÀ NƯỚC" at the top')
def _(w):
    return pdf_bytes([pdf_page(w, title=HEADINGS["quy-che"])])


@case("pdf/neg-winansi.pdf", "pdf", "clean", None, "Helvetica / WinAnsi text only (no embedded font)")
def _(w):
    lines = ["Minutes of the meeting on password rotation", "Passwords must be changed every 90 days.",
             "Honey production reached 20 tonnes; population density rose by 3%."]
    return pdf_bytes([[Line(text, y=60 + 20 * i) for i, text in enumerate(lines)]])


# --- plain text ------------------------------------------------------------------------


@case("text/utf8.txt", "text", "marked", TUYET, "UTF-8, stamp line under the number")
def _(w):
    return crlf(text_lines(w, "TUYỆT MẬT")).encode("utf-8")


@case("text/utf8-bom.txt", "text", "marked", MAT, "UTF-8 with BOM")
def _(w):
    return crlf(text_lines(w, "MẬT")).encode("utf-8-sig")


@case("text/utf16le-bom.txt", "text", "marked", TOI, "UTF-16 LE with BOM (Notepad's \"Unicode\")")
def _(w):
    return crlf(text_lines(w, "TỐI MẬT")).encode("utf-16")


@case("text/utf16le-nobom.txt", "text", "marked", MAT, "UTF-16 LE without BOM")
def _(w):
    return crlf(text_lines(w, "MẬT")).encode("utf-16-le")


@case("text/utf16be-bom.txt", "text", "marked", TOI, "UTF-16 BE with BOM")
def _(w):
    return b"\xfe\xff" + crlf(text_lines(w, "TỐI MẬT")).encode("utf-16-be")


@case("text/cp1258.txt", "text", "marked", MAT, "Windows-1258: tones as combining bytes (MẬT = M \\xc2\\xf2 T)")
def _(w):
    return cp1258_bytes(crlf(text_lines(w, "MẬT")))


@case("text/tcvn3.txt", "text", "marked", TUYET, 'TCVN3 bytes: the stamp reads "TUYÖT MËT"')
def _(w):
    return tcvn3_bytes(crlf(text_lines(w, "TUYỆT MẬT")))


@case("text/vni.txt", "text", "marked", TOI, 'VNI bytes: the stamp reads "TOÁI MAÄT"')
def _(w):
    return vni_bytes(crlf(text_lines(w, "TỐI MẬT")))


@case("text/decomposed.txt", "text", "marked", TUYET, "UTF-8 in NFD")
def _(w):
    return unicodedata.normalize("NFD", crlf(text_lines(w, "TUYỆT MẬT"))).encode("utf-8")


@case("text/eth.txt", "text", "marked", MAT, 'U+00D0 look-alike: "ÐỘ MẬT: MẬT"')
def _(w):
    return crlf(text_lines(w, "\u00d0Ộ MẬT: MẬT")).encode("utf-8")


@case("text/boxed.txt", "text", "marked", TOI, 'ASCII box "| TỐI MẬT |" around the stamp')
def _(w):
    return crlf(text_lines(w, "| TỐI MẬT |")).encode("utf-8")


@case("text/no-diacritics.txt", "text", "found", TOI, 'stamp typed without diacritics: "TOI MAT"')
def _(w):
    return crlf(text_lines(w, "TOI MAT")).encode("utf-8")


@case("text/neg-ascii-codes.txt", "text", "not_marked", None, 'ASCII parts list where "MAT" is a material code')
def _(w):
    lines = ["PARTS LIST", "CODE   QTY", *[f"MAT    {w.rng.randint(1, 90)}" for _ in range(4)], "MAT", "END"]
    return crlf(lines).encode("ascii")


@case("text/neg-prose.txt", "text", "clean", None, "prose with the confusers")
def _(w):
    return crlf(text_lines(w)).encode("utf-8")


@case("text/neg-headings.txt", "text", "clean", None, "the four secret-protection headings as lines of their own")
def _(w):
    return crlf(list(HEADINGS.values()) + text_lines(w)).encode("utf-8")


@case("text/neg-training.txt", "text", "clean", None, "training text quoting the levels in prose")
def _(w):
    return crlf(TRAINING + text_lines(w)).encode("utf-8")


@case("text/neg-urgency.txt", "text", "clean", None, 'urgency only: "HỎA TỐC", "THƯỢNG KHẨN"')
def _(w):
    return crlf(text_lines(w, "HỎA TỐC", top=["THƯỢNG KHẨN"])).encode("utf-8")


@case("text/neg-figurative.md", "text", "not_marked", None, 'Markdown "🚨 **LƯU Ý TỐI MẬT CỦA BA:**"')
def _(w):
    return ("# Ghi chú gia đình\n\n🚨 **LƯU Ý TỐI MẬT CỦA BA:**\n\n" + "\n\n".join(w.paragraphs(2, 4)) + "\n").encode()


@case("text/levels.js", "text", "clean", None, "source code: dropdown values Mật / Tối Mật / Tuyệt Mật")
def _(w):
    return ("// Danh sách độ mật cho ô chọn\nexport const LEVELS = [\n  { value: 1, label: \"Mật\" },\n"
            "  { value: 2, label: \"Tối Mật\" },\n  { value: 3, label: \"Tuyệt Mật\" },\n];\n"
            "const html = `<select>${LEVELS.map(l => `<option>${l.label}</option>`).join('')}</select>`;\n").encode()


@case("text/levels.py", "text", "clean", None, "source code: level choices as tuples")
def _(w):
    return ('"""Độ mật của văn bản."""\n\nLEVELS = [\n    ("MAT", "Mật"),\n    ("TOI_MAT", "Tối Mật"),\n'
            '    ("TUYET_MAT", "Tuyệt Mật"),\n]\n'
            'STAMPS = {"MAT": "MẬT", "TOI_MAT": "TỐI MẬT", "TUYET_MAT": "TUYỆT MẬT"}\n'
            ).encode()


@case("text/register.csv", "text", "not_marked", None, 'CSV register with an "Độ mật" column')
def _(w):
    rows = _register_rows(w, ["Mật", "Tối mật"])[2:]
    return ("\r\n".join(",".join(str(v) for v in row) for row in rows) + "\r\n").encode("utf-8-sig")


# --- containers and names ----------------------------------------------------------------


@case("archives/dossier.zip", "zip", "clean", None, "zip holding a marked docx and a note",
      members=(Member("ho-so/header-stamp.docx", "docx", "marked", MAT, "marked docx inside a zip"),
               Member("ho-so/ghi-chu.txt", "text", "clean", None, "prose note inside a zip")))
def _(w):
    marked = docx(letter(w, header=(P("MẬT", bold=True, colour="FF0000"),)))
    return zip_bytes([("ho-so/header-stamp.docx", marked), ("ho-so/ghi-chu.txt", crlf(text_lines(w)).encode())])


@case("archives/nested.zip", "zip", "clean", None, "zip in a zip (the member is two archives deep)",
      members=(Member("inner.zip", "zip", "clean", None, "the inner archive"),
               Member("inner.zip!cell-stamp.docx", "docx", "marked", TUYET, "docx two archives deep"),
               Member("inner.zip!scan.pdf", "pdf", "marked", TOI, "pdf two archives deep")))
def _(w):
    inner = zip_bytes([("cell-stamp.docx", docx(letter(w, left=(stamp("TUYỆT MẬT"),)))),
                       ("scan.pdf", pdf_bytes([pdf_page(w, stamp_text="TỐI MẬT")]))])
    return zip_bytes([("inner.zip", inner)])


@case("archives/password-member.zip", "zip", "clean", None, "zip with one ZipCrypto-encrypted member",
      members=(Member("bao-cao.docx", "docx", "encrypted", None, "encrypted zip member: reported, never guessed"),
               Member("doc-truoc.txt", "text", "clean", None, "the readable member")))
def _(w):
    secret = docx(letter(w, left=(stamp("TỐI MẬT"),)))
    return encrypted_zip_bytes([("bao-cao.docx", secret, True), ("doc-truoc.txt", crlf(text_lines(w)).encode(), False)],
                               b"123456")


@case("archives/all-encrypted.zip", "zip", "encrypted", None, "zip whose every member is encrypted",
      scalable=False)
def _(w):
    return encrypted_zip_bytes([("tai-lieu.docx", docx(letter(w, left=(stamp("MẬT"),))), True)], b"123456")


@case("renamed/report.dat", "docx", "marked", TOI, "a docx named .dat (type by content)")
def _(w):
    return docx(letter(w, left=(stamp("TỐI MẬT"),)))


@case("renamed/scan.docx", "pdf", "marked", TOI, "a PDF named .docx")
def _(w):
    return pdf_bytes([pdf_page(w, stamp_text="TỐI MẬT")])


@case("renamed/notes.txt", "rtf", "marked", MAT, "an RTF named .txt")
def _(w):
    return rtf.rtf_bytes(letter(w, header=(P("MẬT", bold=True),)))


@case("temp/~$bao-cao.docx", "docx", "marked", MAT, "Word owner-file name (~$…) holding a docx")
def _(w):
    return docx(letter(w, header=(P("MẬT", bold=True, colour="FF0000"),)))


@case("temp/~WRL0001.tmp", "docx", "marked", TOI, "Word temporary copy ~WRL####.tmp")
def _(w):
    return docx(letter(w, left=(stamp("TỐI MẬT"),)))


@case("temp/AutoRecovery save of Bao cao.asd", "docx", "marked", TUYET, "Word AutoRecover .asd")
def _(w):
    return docx(letter(w, before_title=(TextBox((stamp("TUYỆT MẬT"),)),)))


# --- problems --------------------------------------------------------------------------


@case("problems/encrypted.docx", "ooxml_encrypted", "encrypted", None,
      "password-protected docx: OLE file with EncryptionInfo + EncryptedPackage", scalable=False)
def _(w):
    return binary.encrypted_ooxml_bytes(w.rng.randbytes(16))


@case("problems/encrypted.doc", "doc", "encrypted", None, "Word 97 with fEncrypted set", scalable=False)
def _(w):
    return binary.doc_bytes(_doc_text(w, "MẬT"), encrypted=True)


@case("problems/encrypted.xls", "xls", "encrypted", None, "Excel 97 with a FILEPASS record", scalable=False)
def _(w):
    return binary.xls_bytes([{"name": "Sheet1", "cells": {(0, 0): "MẬT"}}], encrypted=True)


@case("problems/encrypted.pdf", "pdf", "encrypted", None, "PDF with a user password (RC4 128-bit, R3)",
      scalable=False)
def _(w):
    return pdf_bytes([pdf_page(w, stamp_text="TỐI MẬT")], password="bmnn-2026")


@case("problems/scanned.pdf", "pdf", "needs_ocr", None, "a scanned page: image only, red stamp in the picture",
      scalable=False, ocr_level=TOI)
def _(w):
    source = pdf_bytes([pdf_page(w, stamp_text="TỐI MẬT")])
    rgb, width, height = scan_of(source, dpi=110)
    return image_pdf_bytes(rgb, width, height)


@case("problems/truncated.docx", "docx", "unreadable", None, "a docx cut in half (no central directory)",
      scalable=False)
def _(w):
    data = docx(letter(w, left=(stamp("MẬT"),)))
    return data[: len(data) // 2]


@case("problems/garbage.pdf", "pdf", "unreadable", None, "a PDF header followed by random bytes", scalable=False)
def _(w):
    return b"%PDF-1.7\n" + w.rng.randbytes(20_000)


@case("problems/random-bytes.pdf", "other", "unreadable", None, "random bytes named .pdf", scalable=False)
def _(w):
    return bytes([0x8F]) + w.rng.randbytes(20_000)


@case("problems/empty.docx", "empty", "clean", None, "an empty file: nothing to read, nothing to report",
      scalable=False)
def _(w):
    return b""


def writer_for(seed: int, case_id: str, variant: int) -> Writer:
    return Writer(random.Random(f"{seed}/{case_id}/{variant}"))
