"""Word, Excel and PowerPoint files (Office Open XML) read straight from the zip.

Each part is tokenised with one bytes regex that matches only the tags that matter
and whole `w:t`/`w:rPr` elements at once, so the regex engine skips everything else
in C (scanner-notes §2.2: a zip+regex reader is ~34x faster than python-docx and,
unlike it, sees text boxes). Only text parts are inflated, never media.

Where a stamp can be (scanner-notes §3.3) and how each is read:
- Word: body, table cells, headers and footers (every `header*.xml`/`footer*.xml`, the
  first-page one included), footnotes, endnotes, comments, DrawingML text boxes (their
  VML copy inside `mc:Fallback` is skipped so a box is counted once), VML text boxes of
  old documents, WordArt (`v:textpath/@string`), docProps keywords and custom values.
- Excel: string cells (shared and inline), print headers and footers (`&L &C &R`
  sections, formatting codes removed), drawings' text boxes, comments. In stamp mode
  only the first `STAMP_ROWS` rows of a sheet are read: a stamp sits in the top rows
  of a printed sheet, and a register of 100,000 rows must not cost its full parse.
  Number, boolean and error cells are not blocks: they cannot be a stamp.
- PowerPoint: shapes (TEXTBOX), title placeholders (TITLE), footer placeholders
  (FOOTER), table cells (CELL), speaker notes (NOTE); and the shapes of slide masters
  and layouts that are not placeholders, since those show on every slide (placeholder
  prompts such as "Click to edit" do not). Slide numbers and date fields are skipped.

A part above `budget.max_part_bytes` is read up to the cap in stamp mode and refused
(TOO_LARGE) in full mode; see package.py. Tags are matched with their usual prefixes
(`w:`, `a:`, `p:`, `xdr:`); SpreadsheetML's main namespace prefix is taken from the
part because generators differ there (none, or `x:`).
"""

from __future__ import annotations

import functools
import posixpath
import re
from types import SimpleNamespace

from bmnn.scanner.extract.package import (
    PLAIN,
    Package,
    Paragraph,
    RunProps,
    Sink,
    attr,
    drop_elements,
    split_lines,
    text_of,
    unreadable,
)
from bmnn.scanner.model import Budget, Container, Extraction, Source

STAMP_ROWS = 200  # spreadsheet rows read per sheet in stamp mode

_OFF = (b"0", b"false", b"off", b"none")


def _missing(name: str):
    return unreadable(f"Thiếu phần chính {name}", f"main part {name} missing")


def _number(name: str) -> int:
    digits = re.search(r"(\d+)\.xml$", name)
    return int(digits.group(1)) if digits else 0


def _parts(names: list[str], pattern: str) -> list[str]:
    """Members whose name matches, in natural order (header2 before header10)."""
    matcher = re.compile(pattern)
    return sorted((name for name in names if matcher.match(name)), key=lambda n: (_number(n), n))


def _relationships(pkg: Package, source_part: str) -> list[tuple[str, str, str]]:
    """(id, type, target part) of a part's relationships; targets resolved to member names."""
    folder, base = posixpath.split(source_part)
    data = pkg.read(posixpath.join(folder, "_rels", base + ".rels"))
    if not data:
        return []
    found = []
    for tag in re.finditer(rb"<(?:\w+:)?Relationship\s([^>]*)>", data):
        rel_id, rel_type = attr(tag.group(1), b"Id"), attr(tag.group(1), b"Type") or ""
        target, mode = attr(tag.group(1), b"Target"), attr(tag.group(1), b"TargetMode")
        if rel_id is None or target is None or mode == "External":
            continue
        path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        found.append((rel_id, rel_type.rsplit("/", 1)[-1], path))
    return found


def _main_part(pkg: Package, usual: str) -> str | None:
    if pkg.has(usual):
        return usual
    for _id, rel_type, target in _relationships(pkg, ""):
        if rel_type == "officeDocument" and pkg.has(target):
            return target
    return None


# --- document properties (docProps) ------------------------------------------------

_CORE_FIELDS = re.compile(
    rb"<(cp:keywords|cp:category|cp:contentStatus|dc:title|dc:subject)(?:\s[^>]*)?(?<!/)>([^<]*)</\1>")
_CUSTOM_VALUE = re.compile(rb"<vt:(?:lpwstr|lpstr|bstr)>([^<]*)</vt:(?:lpwstr|lpstr|bstr)>")


def _properties(pkg: Package, out: Extraction, budget: Budget) -> None:
    """Keywords, category, status, title, subject and custom values: some e-office systems
    write the level there (scanner-notes §4.3)."""
    core = pkg.read("docProps/core.xml")
    if core:
        sink = Sink(out.blocks, budget, "docProps/core.xml")
        for field in _CORE_FIELDS.finditer(core):
            split_lines(sink, text_of(field.group(2)), Container.PROPERTY)
    custom = pkg.read("docProps/custom.xml")
    if custom:
        sink = Sink(out.blocks, budget, "docProps/custom.xml")
        for value in _CUSTOM_VALUE.finditer(custom):
            split_lines(sink, text_of(value.group(1)), Container.PROPERTY)


# --- WordprocessingML ----------------------------------------------------------------

# One token per run start (with its properties and first text, which Word writes right
# after it), per further text, paragraph properties and structural tag. Group numbers
# matter: the loop dispatches on `lastindex`. Property elements are bounded so that an
# unclosed one (a part cut at the cap, or a hostile one) cannot make every later `<` scan
# to the end of the part.
_W_TOKEN = re.compile(
    rb"""<(?:w:(?:r(?:\s[^>]*)?(?<!/)>\s*(?:<w:rPr>(.{0,16384}?)</w:rPr>\s*)?(?:<w:t(?:\s[^>]*)?(?<!/)>([^<]*)</w:t>)?
               | t(?:\s[^>]*)?(?<!/)>([^<]*)</w:t>
               | rPr(?:\s[^>]*)?(?<!/)>(.{0,16384}?)</w:rPr>
               | pPr(?:\s[^>]*)?(?<!/)>(.{0,65536}?)</w:pPr>)
          | (/?)(w:(?:p|tc|txbxContent|tab|ptab|br|cr|noBreakHyphen)|wps:wsp|v:(?:shape|rect|roundrect|textpath))
            (?=[\s/>])([^>]*)>)""",
    re.S | re.X)
_RUN_PROPS, _RUN_TEXT, _TEXT, _PROPS, _PARAGRAPH_PROPS = 1, 2, 3, 4, 5
_W_BOLD = re.compile(rb'<w:b(?:\s+w:val="([^"]*)")?\s*/>')
_W_CAPS = re.compile(rb'<w:(?:caps|smallCaps)(?:\s+w:val="([^"]*)")?\s*/>')
_W_COLOR = re.compile(rb'<w:color\s[^>]*?w:val="([0-9A-Fa-f]{6})"')
_W_FONTS = re.compile(rb"<w:rFonts\s([^>]*)>")
_DML_LINE = re.compile(rb"<a:ln(?:\s[^>]*)?(?:/>|>(.*?)</a:ln>)", re.S)
_DML_LINE_REF = re.compile(rb'<a:lnRef\s+idx="[1-9]')
_VML_FONT = re.compile(r"""font-family:\s*["']?([^"';]+)""")
_VML_COLOURS = {"red": "FF0000", "black": "000000"}

_run_cache: dict[bytes, RunProps] = {}


def _flag(found: re.Match[bytes] | None) -> bool:
    return found is not None and (found.group(1) is None or found.group(1).lower() not in _OFF)


def _w_run_props(rpr: bytes) -> RunProps:
    """Bold, colour, font and caps of a run's `w:rPr` (cached: runs repeat their properties)."""
    props = _run_cache.get(rpr)
    if props is None:
        body = rpr.split(b"<w:rPrChange", 1)[0]  # the tracked change's old formatting is not shown
        colour = _W_COLOR.search(body)
        fonts = _W_FONTS.search(body)
        font = None
        if fonts:
            font = attr(fonts.group(1), b"w:ascii") or attr(fonts.group(1), b"w:hAnsi") or \
                attr(fonts.group(1), b"w:cs")
        props = (_flag(_W_BOLD.search(body)), colour.group(1).decode().upper() if colour else None,
                 font, _flag(_W_CAPS.search(body)))
        if len(_run_cache) > 4096:
            _run_cache.clear()
        _run_cache[rpr] = props
    return props


def _dml_outline(shape_head: bytes) -> bool:
    """Whether a DrawingML shape draws its outline: an explicit `a:ln` with a fill, or a
    style line reference when no `a:ln` says otherwise."""
    line = _DML_LINE.search(shape_head)
    if line and line.group(1):
        if b"noFill" in line.group(1):
            return False
        if b"Fill" in line.group(1):
            return True
    return _DML_LINE_REF.search(shape_head) is not None


def _vml_colour(shape_attrs: bytes | None) -> str | None:
    fill = attr(shape_attrs, b"fillcolor") if shape_attrs else None
    if not fill:
        return None
    fill = fill.split()[0].lower()
    if fill.startswith("#") and len(fill) == 7:
        return fill[1:].upper()
    return _VML_COLOURS.get(fill)


def _read_wordml(data: bytes, sink: Sink, forced: Container | None, fonts: set[str]) -> None:
    """Blocks of one WordprocessingML part. `forced` (HEADER, FOOTER, NOTE) is every
    paragraph's container in that part; in the main document a paragraph takes the
    innermost open cell or text box, else BODY."""
    data = drop_elements(data, b"mc:Fallback")
    paragraphs: list[Paragraph] = []  # open paragraphs: a text box's sit inside its anchor's
    boxes: list[tuple[Container, bool]] = []  # open cells and text boxes, with their border
    shape_head = -1  # where the current DrawingML shape began (its outline precedes its text)
    vml_shape: bytes | None = None  # the current VML shape's attributes
    for token in _W_TOKEN.finditer(data):
        last = token.lastindex
        if last is None or last <= _RUN_TEXT:  # a run starts: its properties replace the last run's
            if paragraphs:
                paragraph = paragraphs[-1]
                rpr = token.group(_RUN_PROPS)
                if rpr is None:
                    paragraph.run = PLAIN
                else:
                    props = paragraph.run = _w_run_props(rpr)
                    if props[2]:
                        fonts.add(props[2])
                if last == _RUN_TEXT and token.group(_RUN_TEXT):
                    paragraph.add(text_of(token.group(_RUN_TEXT)))
            continue
        if last == _TEXT:
            if paragraphs and token.group(_TEXT):
                paragraphs[-1].add(text_of(token.group(_TEXT)))
            continue
        if last == _PROPS:
            if paragraphs:
                props = paragraphs[-1].run = _w_run_props(token.group(_PROPS))
                if props[2]:
                    fonts.add(props[2])
            continue
        if last == _PARAGRAPH_PROPS:
            if paragraphs and b"<w:pBdr" in token.group(_PARAGRAPH_PROPS):
                paragraphs[-1].bordered = True
            continue
        closing, name, attrs = token.group(6), token.group(7), token.group(8)
        if name == b"w:p":
            if closing:
                if paragraphs:
                    sink.paragraph(paragraphs.pop())
            elif not attrs.endswith(b"/"):
                container, bordered = boxes[-1] if boxes else (Container.BODY, False)
                paragraphs.append(Paragraph(forced or container, bordered))
        elif not paragraphs and name in (b"w:tab", b"w:ptab", b"w:br", b"w:cr", b"w:noBreakHyphen"):
            continue
        elif name in (b"w:tab", b"w:ptab"):
            paragraphs[-1].add("\t")
        elif name in (b"w:br", b"w:cr"):
            paragraphs[-1].breakline()
        elif name == b"w:noBreakHyphen":
            paragraphs[-1].add("-")
        elif name == b"w:tc":
            if closing:
                if boxes:
                    boxes.pop()
            elif not attrs.endswith(b"/"):
                boxes.append((Container.CELL, False))
        elif name == b"w:txbxContent":
            if closing:
                if boxes:
                    boxes.pop()
            elif not attrs.endswith(b"/"):
                if shape_head >= 0:
                    bordered = _dml_outline(data[shape_head:token.start()])
                else:
                    bordered = vml_shape is not None and attr(vml_shape, b"stroked") not in ("f", "false")
                boxes.append((Container.TEXTBOX, bordered))
                shape_head, vml_shape = -1, None
        elif name == b"wps:wsp":
            if not closing:
                shape_head, vml_shape = token.end(), None
        elif name == b"v:textpath":
            _wordart(attrs, vml_shape, sink, fonts)
        elif not closing:  # a VML shape
            shape_head, vml_shape = -1, attrs
    while paragraphs:  # a part cut at the cap in stamp mode
        sink.paragraph(paragraphs.pop())


def _wordart(attrs: bytes, vml_shape: bytes | None, sink: Sink, fonts: set[str]) -> None:
    """Legacy WordArt keeps its text in an attribute, not in `w:t` (scanner-notes §3.3);
    a Word watermark is such a shape in a header."""
    string = attr(attrs, b"string")
    if not string:
        return
    style = attr(attrs, b"style") or ""
    font = _VML_FONT.search(style)
    font_name = font.group(1).strip() if font else None
    if font_name:
        fonts.add(font_name)
    split_lines(sink, string, Container.WORDART, (False, _vml_colour(vml_shape), font_name, False))


_FONT_NAMES = re.compile(rb'<w:(?:font\s+w:name|altName\s+w:val)="([^"]*)"')


def extract_docx(source: Source, budget: Budget) -> Extraction:
    out = Extraction("docx")
    with Package(source, budget) as pkg:
        main = _main_part(pkg, "word/document.xml")
        if main is None:
            raise _missing("word/document.xml")
        folder = posixpath.dirname(main)
        names = pkg.names
        headers = _parts(names, rf"^{re.escape(folder)}/header\d*\.xml$")
        footers = _parts(names, rf"^{re.escape(folder)}/footer\d*\.xml$")
        notes = [f"{folder}/{name}.xml" for name in ("footnotes", "endnotes", "comments")]
        plan = [(name, Container.HEADER) for name in headers] + [(main, None)] + \
            [(name, Container.FOOTER) for name in footers] + [(name, Container.NOTE) for name in notes]
        for name, forced in plan:
            data = pkg.read(name)
            if data is not None:
                _read_wordml(data, Sink(out.blocks, budget, name, fonts=out.fonts), forced, out.fonts)
        font_table = pkg.read(f"{folder}/fontTable.xml")
        if font_table:
            out.fonts.update(text_of(name) for name in _FONT_NAMES.findall(font_table) if name)
        _properties(pkg, out, budget)
    return out


# --- DrawingML text (slides, notes, spreadsheet drawings) -------------------------------

# As for Word: a run start with its properties and first text is one token (groups 1-3),
# then further text (4), properties of a field (5-6), structural tags (7-9).
_A_TOKEN = re.compile(
    rb"""<(?:a:(?:r>\s*(?:<a:rPr((?:\s[^>]*?)?)(?:/>|>(.{0,16384}?)</a:rPr>)\s*)?(?:<a:t>([^<]*)</a:t>)?
               | t(?:\s[^>]*)?(?<!/)>([^<]*)</a:t>
               | rPr((?:\s[^>]*?)?)(?:/>|>(.{0,16384}?)</a:rPr>))
          | (/?)(a:(?:p|fld|br|tc)|p:(?:sp|graphicFrame|cxnSp|ph)|xdr:(?:sp|graphicFrame|cxnSp))(?=[\s/>])([^>]*)>)""",
    re.S | re.X)
_A_RUN_TEXT, _A_TEXT, _A_PROPS_BODY = 3, 4, 6
_A_COLOUR = re.compile(rb'<a:solidFill>\s*<a:srgbClr\s+val="([0-9A-Fa-f]{6})"')
_A_LATIN = re.compile(rb'<a:(?:latin|cs)\s+typeface="([^"+][^"]*)"')
_SHAPES = (b"p:sp", b"xdr:sp", b"p:graphicFrame", b"xdr:graphicFrame", b"p:cxnSp", b"xdr:cxnSp")
_TRUE = (b"1", b"true", b"on")


def _a_run_props(attrs: bytes, body: bytes | None) -> RunProps:
    key = attrs + b"\0" + body if body else attrs
    props = _run_cache.get(key)
    if props is None:
        colour = font = None
        if body:
            if b"<a:ln" in body:
                body = body.split(b"</a:ln>")[-1]  # the text outline's fill is not the text's colour
            found = _A_COLOUR.search(body)
            colour = found.group(1).decode().upper() if found else None
            found = _A_LATIN.search(body)
            font = text_of(found.group(1)) if found else None
        bold = (attr(attrs, b"b") or "").encode() in _TRUE
        caps = attr(attrs, b"cap") in ("all", "small")
        props = (bold, colour, font, caps)
        if len(_run_cache) > 4096:
            _run_cache.clear()
        _run_cache[key] = props
    return props


def _slide_container(placeholder: str | None) -> Container | None:
    if placeholder in ("title", "ctrTitle"):
        return Container.TITLE
    if placeholder == "ftr":
        return Container.FOOTER
    if placeholder == "hdr":
        return Container.HEADER
    if placeholder in ("sldNum", "dt", "sldImg"):
        return None  # a number or a date the application fills in
    return Container.TEXTBOX


def _notes_container(placeholder: str | None) -> Container | None:
    return None if placeholder in ("sldNum", "dt", "sldImg", "hdr", "ftr") else Container.NOTE


def _master_container(_placeholder: str | None) -> Container | None:
    return None  # a master's or layout's placeholder holds prompts, not what slides show


def _read_drawingml(data: bytes, sink: Sink, fonts: set[str], default: Container,
                    placeholder_container=_slide_container) -> None:
    """Blocks of a part whose text is DrawingML `a:p` paragraphs in shapes. A shape's
    container is `default` unless it is a placeholder (then `placeholder_container` of its
    type decides, None meaning skip it); a table cell's paragraph is CELL."""
    data = drop_elements(data, b"mc:Fallback")
    paragraph: Paragraph | None = None
    shape: Container | None = default
    cells = 0
    for token in _A_TOKEN.finditer(data):
        last = token.lastindex
        if last is None or last <= _A_RUN_TEXT:  # a run starts: its properties replace the last run's
            if paragraph is not None:
                if token.group(1) is None:
                    paragraph.run = PLAIN
                else:
                    props = paragraph.run = _a_run_props(token.group(1), token.group(2))
                    if props[2]:
                        fonts.add(props[2])
                if last == _A_RUN_TEXT and token.group(_A_RUN_TEXT):
                    paragraph.add(text_of(token.group(_A_RUN_TEXT)))
            continue
        if last == _A_TEXT:
            if paragraph is not None and token.group(_A_TEXT):
                paragraph.add(text_of(token.group(_A_TEXT)))
            continue
        if last <= _A_PROPS_BODY:
            if paragraph is not None:
                props = paragraph.run = _a_run_props(token.group(5), token.group(6))
                if props[2]:
                    fonts.add(props[2])
            continue
        closing, name, attrs = token.group(7, 8, 9)
        if name == b"a:p":
            if closing:
                if paragraph is not None and paragraph.container is not None:
                    sink.paragraph(paragraph)
                paragraph = None
            elif not attrs.endswith(b"/"):
                paragraph = Paragraph(Container.CELL if cells and shape is not None else shape)
        elif name == b"a:fld":
            if paragraph is not None and not closing:
                paragraph.run = PLAIN
        elif name == b"a:br":
            if paragraph is not None:
                paragraph.breakline()
        elif name == b"a:tc":
            if closing:
                cells = max(cells - 1, 0)
            elif not attrs.endswith(b"/"):
                cells += 1
        elif name == b"p:ph":
            shape = placeholder_container(attr(attrs, b"type"))
        elif not closing and name in _SHAPES:
            shape = default
    if paragraph is not None and paragraph.container is not None:
        sink.paragraph(paragraph)


# --- SpreadsheetML ---------------------------------------------------------------------

def _sml_prefix(data: bytes) -> bytes:
    root = re.search(rb"<(\w+:)?(?:worksheet|workbook|sst|styleSheet|comments)[\s>]", data[:2048])
    return (root.group(1) or b"") if root else b""


@functools.lru_cache(maxsize=8)
def _sml(prefix: bytes) -> SimpleNamespace:
    """SpreadsheetML patterns for the main-namespace prefix a part uses (b"" or b"x:")."""
    p = re.escape(prefix)
    return SimpleNamespace(
        sheet=re.compile(rb"<" + p + rb"sheet\s([^>]*)>"),
        string_item=re.compile(rb"<" + p + rb"si(?:\s[^>]*)?(?:/>|>(.*?)</" + p + rb"si>)", re.S),
        text=re.compile(rb"<" + p + rb"t(?:\s[^>]*)?(?<!/)>([^<]*)</" + p + rb"t>"),
        phonetic=re.compile(rb"<" + p + rb"rPh\b.*?</" + p + rb"rPh>", re.S),
        run_font=re.compile(rb"<" + p + rb'rFont\s+val="([^"]*)"'),
        # a row start, or a text cell: (attributes before t, its type, attributes after,
        # a shared string's index when the cell is just that, else the cell's content)
        cell=re.compile(rb"<" + p + rb"row(?=[\s/>])|<" + p + rb"c(\s(?:[^>]*?\s)?)t=\"(s|inlineStr|str)\""
                        rb"([^>]*?)(?<!/)>(?:<" + p + rb"v>(\d+)</" + p + rb"v></" + p + rb"c>|(.*?)</" + p + rb"c>)",
                        re.S),
        value=re.compile(rb"<" + p + rb"v(?:\s[^>]*)?>([^<]*)</" + p + rb"v>"),
        header_footer=re.compile(rb"<" + p + rb"(odd|even|first)(Header|Footer)(?:\s[^>]*)?(?<!/)>([^<]*)</"
                                 + p + rb"\1\2>"),
        header_start=b"<" + prefix + b"headerFooter",
        fonts=re.compile(rb"<" + p + rb"fonts(?:\s[^>]*)?>(.*?)</" + p + rb"fonts>", re.S),
        font=re.compile(rb"<" + p + rb"font(?=[\s/>])[^>]*?(?:/>|>(.*?)</" + p + rb"font>)", re.S),
        bold=re.compile(rb"<" + p + rb'b(?:\s+val="([^"]*)")?\s*/>'),
        colour=re.compile(rb"<" + p + rb"color\s([^>]*)>"),
        name=re.compile(rb"<" + p + rb'name\s+val="([^"]*)"'),
        cell_formats=re.compile(rb"<" + p + rb"cellXfs(?:\s[^>]*)?>(.*?)</" + p + rb"cellXfs>", re.S),
        cell_format=re.compile(rb"<" + p + rb"xf\s([^>]*)>"),
        comment=re.compile(rb"<" + p + rb"comment(?=[\s>])[^>]*>(.*?)</" + p + rb"comment>", re.S),
    )


def _sheets(pkg: Package) -> list[tuple[str, str]]:
    """(sheet name, part) in workbook order; the part's file name when the workbook says nothing."""
    workbook = pkg.read("xl/workbook.xml") or b""
    targets = {rel_id: path for rel_id, rel_type, path in _relationships(pkg, "xl/workbook.xml")
               if rel_type == "worksheet"}
    sheets = []
    for tag in _sml(_sml_prefix(workbook)).sheet.finditer(workbook):
        rel = re.search(rb'\s\w+:id="([^"]*)"', b" " + tag.group(1))
        path = targets.get(rel.group(1).decode()) if rel else None
        if path and pkg.has(path):
            sheets.append((attr(tag.group(1), b"name") or posixpath.basename(path), path))
    if not sheets:
        sheets = [(posixpath.basename(name), name) for name in _parts(pkg.names, r"^xl/worksheets/[^/]+\.xml$")]
    return sheets


_INDEXED_RED = ("2", "10")  # red in the legacy indexed palette


def _cell_styles(data: bytes | None, fonts: set[str]) -> list[RunProps]:
    """Each cell format's (bold, colour, font) from xl/styles.xml; every font name goes to `fonts`."""
    if not data:
        return []
    sml = _sml(_sml_prefix(data))
    section = sml.fonts.search(data)
    font_props: list[RunProps] = []
    for font in sml.font.finditer(section.group(1) if section else b""):
        body = font.group(1) or b""
        colour_tag = sml.colour.search(body)
        colour = None
        if colour_tag:
            rgb = attr(colour_tag.group(1), b"rgb")
            colour = rgb[-6:].upper() if rgb and len(rgb) >= 6 else (
                "FF0000" if attr(colour_tag.group(1), b"indexed") in _INDEXED_RED else None)
        name = sml.name.search(body)
        font_name = text_of(name.group(1)) if name else None
        if font_name:
            fonts.add(font_name)
        font_props.append((_flag(sml.bold.search(body)), colour, font_name, False))
    formats = sml.cell_formats.search(data)
    styles = []
    for xf in sml.cell_format.finditer(formats.group(1) if formats else b""):
        font_id = attr(xf.group(1), b"fontId")
        index = int(font_id) if font_id and font_id.isdigit() else 0
        styles.append(font_props[index] if index < len(font_props) else PLAIN)
    return styles


def _shared_strings(data: bytes | None, fonts: set[str], wanted: set[int]) -> dict[int, tuple[str, str | None]]:
    """(text, first run's font) of the shared strings the read cells use, phonetic guides
    left out. Reading stops after the highest index wanted: cells of the top rows use the
    first strings, and a register of 100,000 strings is not decoded for them."""
    strings: dict[int, tuple[str, str | None]] = {}
    if not data or not wanted:
        return strings
    sml = _sml(_sml_prefix(data))
    last = max(wanted)
    for position, item in enumerate(sml.string_item.finditer(data)):
        if position > last:
            break
        if position not in wanted:
            continue
        body = item.group(1) or b""
        if b"rPh" in body:
            body = sml.phonetic.sub(b"", body)
        font = None
        if b"rFont" in body:
            names = [text_of(name) for name in sml.run_font.findall(body)]
            fonts.update(names)
            font = names[0] if names else None
        strings[position] = (text_of(b"".join(sml.text.findall(body))), font)
    return strings


def _style_index(attrs: bytes) -> int:
    """The cell's `s` attribute (its cell format) without a regex: this runs once per cell."""
    at = attrs.find(b' s="')
    if at < 0:
        return 0
    end = attrs.find(b'"', at + 4)
    digits = attrs[at + 4:end]
    return int(digits) if digits.isdigit() else 0


# A text cell as read from its sheet: its text, or None and the index of its shared
# string (looked up once every sheet is read), and its look.
SheetCell = tuple[str | None, int, RunProps]


def _read_sheet(data: bytes, styles: list[RunProps], budget: Budget
                ) -> tuple[list[SheetCell], list[tuple[str, Container, RunProps]]]:
    """The sheet's text cells (the first STAMP_ROWS rows in stamp mode) and its print
    header and footer sections."""
    sml = _sml(_sml_prefix(data))
    cells: list[SheetCell] = []
    rows = 0
    for token in sml.cell.finditer(data):
        kind = token.group(2)
        if kind is None:
            rows += 1
            if not budget.full and rows > STAMP_ROWS:
                break
            continue
        index, body = token.group(4), token.group(5)
        style = _style_index(token.group(1)) or _style_index(token.group(3))
        props = styles[style] if style < len(styles) else PLAIN
        if kind == b"s":
            if index is None:
                value = sml.value.search(body)
                index = value.group(1).strip() if value else b""
            if index.isdigit():
                cells.append((None, int(index), props))
        elif kind == b"str":
            value = sml.value.search(body)
            if value:
                cells.append((text_of(value.group(1)), 0, props))
        else:
            cells.append((text_of(b"".join(sml.text.findall(sml.phonetic.sub(b"", body)))), 0, props))
    sections = []
    start = data.rfind(sml.header_start)
    if start >= 0:
        for section in sml.header_footer.finditer(data, start):
            container = Container.HEADER if section.group(2) == b"Header" else Container.FOOTER
            sections += [(text, container, props) for text, props in header_footer_sections(text_of(section.group(3)))]
    return cells, sections


def header_footer_sections(code: str) -> list[tuple[str, RunProps]]:
    """The left, centre and right sections of a print header/footer string, with the
    formatting codes (&L &C &R, &"font,style", &12, &B, &K colour, &P and other fields)
    removed; each section's properties are those in force where its text starts."""
    sections: list[tuple[str, RunProps]] = []
    text: list[str] = []
    bold, colour, font = False, None, None
    first: RunProps | None = None

    def close() -> None:
        nonlocal text, first
        if any(char.isalnum() for char in text):  # " / " left of "&P / &N" is layout, not text
            sections.append(("".join(text), first or (bold, colour, font, False)))
        text, first = [], None

    i, n = 0, len(code)
    while i < n:
        char = code[i]
        if char != "&" or i + 1 >= n:
            if first is None and not char.isspace():
                first = (bold, colour, font, False)
            text.append(char)
            i += 1
            continue
        code_char = code[i + 1]
        i += 2
        if code_char == "&":
            text.append("&")
        elif code_char in "LCR":
            close()
            bold, colour, font = False, None, None  # each section starts with the default look
        elif code_char == '"':
            end = code.find('"', i)
            end = n if end < 0 else end
            name, _, style = code[i:end].partition(",")
            font = name.strip() if name.strip() and name.strip() != "-" else font
            bold = "bold" in style.lower() or bold
            i = end + 1
        elif code_char.isdigit():
            while i < n and code[i].isdigit():
                i += 1
        elif code_char == "K":
            spec = code[i:i + 6]
            colour = spec.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", spec) else colour
            i += 6
        elif code_char == "B":
            bold = not bold
        # other codes (&P &N &D &T &F &A &Z &G &I &U &E &S &X &Y &O &H) print nothing of the document's
    close()
    return sections


def extract_xlsx(source: Source, budget: Budget) -> Extraction:
    out = Extraction("xlsx")
    with Package(source, budget) as pkg:
        if not pkg.has("xl/workbook.xml"):
            raise _missing("xl/workbook.xml")
        styles = _cell_styles(pkg.read("xl/styles.xml"), out.fonts)
        sheets = []
        for title, path in _sheets(pkg):
            data = pkg.read(path)
            if data is not None:
                sheets.append((title, *_read_sheet(data, styles, budget)))
        wanted = {index for _title, cells, _sections in sheets for text, index, _props in cells if text is None}
        strings = _shared_strings(pkg.read("xl/sharedStrings.xml") if wanted else None, out.fonts, wanted)
        sink = Sink(out.blocks, budget, "", fonts=out.fonts)
        for title, cells, sections in sheets:
            sink.reset(title)
            for text, index, props in cells:
                if text is None:
                    if index not in strings:
                        continue
                    text, font = strings[index]
                    if font:
                        props = (props[0], props[1], font, props[3])
                split_lines(sink, text, Container.CELL, props)
            for text, container, props in sections:
                split_lines(sink, text, container, props)
        for name in _parts(pkg.names, r"^xl/drawings/drawing\d*\.xml$"):
            data = pkg.read(name)
            if data is not None:
                _read_drawingml(data, Sink(out.blocks, budget, name, fonts=out.fonts), out.fonts,
                                Container.TEXTBOX)
        for name in _parts(pkg.names, r"^xl/comments\d*\.xml$"):
            data = pkg.read(name)
            if data is not None:
                sml, sink = _sml(_sml_prefix(data)), Sink(out.blocks, budget, name)
                for comment in sml.comment.finditer(data):
                    text = b"".join(sml.text.findall(sml.phonetic.sub(b"", comment.group(1))))
                    split_lines(sink, text_of(text), Container.NOTE)
        _properties(pkg, out, budget)
    return out


# --- PresentationML --------------------------------------------------------------------

_SLIDE_ID = re.compile(rb"<p:sldId\s([^>]*)>")
_THEME_FONT = re.compile(rb'<a:(?:latin|cs)\s+typeface="([^"]+)"')


def _slide_order(pkg: Package) -> list[str]:
    """Slide parts in presentation order; by file number when presentation.xml says nothing usable."""
    targets = {rel_id: path for rel_id, rel_type, path in _relationships(pkg, "ppt/presentation.xml")
               if rel_type == "slide"}
    order = []
    for tag in _SLIDE_ID.finditer(pkg.read("ppt/presentation.xml") or b""):
        rel = re.search(rb'\s\w+:id="([^"]*)"', b" " + tag.group(1))
        path = targets.get(rel.group(1).decode()) if rel else None
        if path and pkg.has(path) and path not in order:
            order.append(path)
    return order or _parts(pkg.names, r"^ppt/slides/slide\d+\.xml$")


def extract_pptx(source: Source, budget: Budget) -> Extraction:
    out = Extraction("pptx")
    with Package(source, budget) as pkg:
        if not pkg.has("ppt/presentation.xml"):
            raise _missing("ppt/presentation.xml")
        slides = _slide_order(pkg)
        pages = {name: page for page, name in enumerate(slides, 1)}
        out.pages = len(slides)
        for name in slides:
            data = pkg.read(name)
            if data is not None:
                _read_drawingml(data, Sink(out.blocks, budget, name, pages[name], out.fonts), out.fonts,
                                Container.TEXTBOX)
        for name in _parts(pkg.names, r"^ppt/notesSlides/notesSlide\d+\.xml$"):
            data = pkg.read(name)
            if data is None:
                continue
            page = next((pages[target] for _id, rel_type, target in _relationships(pkg, name)
                         if rel_type == "slide" and target in pages), None)
            _read_drawingml(data, Sink(out.blocks, budget, name, page, out.fonts), out.fonts,
                            Container.NOTE, _notes_container)
        for name in _parts(pkg.names, r"^ppt/(slideMasters/slideMaster|slideLayouts/slideLayout)\d+\.xml$"):
            data = pkg.read(name)
            if data is not None:
                _read_drawingml(data, Sink(out.blocks, budget, name, fonts=out.fonts), out.fonts,
                                Container.TEXTBOX, _master_container)
        for name in _parts(pkg.names, r"^ppt/theme/theme\d+\.xml$")[:1]:
            out.fonts.update(text_of(font) for font in _THEME_FONT.findall(pkg.read(name) or b"")
                             if font and not font.startswith(b"+"))
        _properties(pkg, out, budget)
    return out
