"""OpenDocument writers (.odt, .ods, .odp) from zip + XML strings.

Stamps go where LibreOffice puts them: the page header lives in styles.xml (master
page), not content.xml; frames (draw:frame/draw:text-box) hold text boxes; runs of
spaces are <text:s/> elements (ODF collapses literal spaces), so a letter-spaced stamp
arrives only if the extractor expands them."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from bmnn.scanner.corpus.model import Document, Item, P, Sheet, Slide, Table, TextBox, WordArt
from bmnn.scanner.corpus.zips import zip_bytes

XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'office:version="1.3"'
)
MIMETYPES = {"odt": "application/vnd.oasis.opendocument.text",
             "ods": "application/vnd.oasis.opendocument.spreadsheet",
             "odp": "application/vnd.oasis.opendocument.presentation"}


def _text(text: str) -> str:
    """ODF text: runs of spaces as <text:s text:c=".."/>, line breaks as elements."""
    def spaces(match: re.Match) -> str:
        n = len(match.group(0))
        return " " + (f'<text:s text:c="{n - 1}"/>' if n > 2 else "<text:s/>")

    lines = [re.sub(r"  +", spaces, escape(line)) for line in text.split("\n")]
    return "<text:line-break/>".join(lines)


class _Styles:
    """Automatic paragraph styles for one part (content.xml or styles.xml)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.styles: dict[tuple, str] = {}

    def name(self, p: P) -> str:
        key = (p.bold, p.colour, p.border, p.align, p.size, p.font, p.spacing, p.caps)
        if key not in self.styles:
            self.styles[key] = f"{self.prefix}{len(self.styles) + 1}"
        return self.styles[key]

    def xml(self) -> str:
        out = []
        for (bold, colour, border, align, size, font, spacing, caps), name in self.styles.items():
            para = ""
            if align:
                para += f' fo:text-align="{ {"right": "end", "center": "center"}.get(align, "start") }"'
            if border:
                para += ' fo:border="1.5pt double #ff0000" fo:padding="0.05cm"'
            text = f' fo:font-size="{size}pt"'
            if bold:
                text += ' fo:font-weight="bold"'
            if colour:
                text += f' fo:color="#{colour.lower()}"'
            if font:
                text += f" style:font-name={quoteattr(font)}"
            if spacing:
                text += f' fo:letter-spacing="{spacing / 20:.2f}pt"'
            if caps:
                text += ' fo:text-transform="uppercase"'
            out.append(f'<style:style style:name="{name}" style:family="paragraph">'
                       f"<style:paragraph-properties{para}/><style:text-properties{text}/></style:style>")
        return "".join(out)


class _Text:
    """Renders Document items to ODF text elements."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.frames = 0
        self.notes = 0
        self.tables = 0
        self.fonts: set[str] = {"Times New Roman"}

    def items(self, items: list[Item] | tuple) -> str:
        return "".join(self.item(item) for item in items) or "<text:p/>"

    def item(self, item: Item) -> str:
        if isinstance(item, P):
            return self.para(item)
        if isinstance(item, Table):
            return self.table(item)
        if isinstance(item, TextBox):
            self.frames += 1
            return (f'<text:p><draw:frame draw:name="Frame{self.frames}" text:anchor-type="paragraph" '
                    'svg:width="4.2cm" svg:height="1.1cm" draw:z-index="0"><draw:text-box>'
                    f"{self.items(item.paras)}</draw:text-box></draw:frame></text:p>")
        if isinstance(item, WordArt):
            self.frames += 1
            return (f'<text:p><draw:custom-shape draw:name="Fontwork{self.frames}" text:anchor-type="paragraph" '
                    'svg:width="8cm" svg:height="1.6cm"><text:p>' + _text(item.text) + '</text:p>'
                    '<draw:enhanced-geometry draw:type="fontwork-plain-text" draw:text-path="true"/>'
                    "</draw:custom-shape></text:p>")
        raise TypeError(item)

    def para(self, p: P) -> str:
        if p.font:
            self.fonts.add(p.font)
        body = "".join(f"<text:span>{_text(piece)}</text:span>" if p.runs else _text(piece) for piece in p.pieces())
        if p.footnote is not None:
            self.notes += 1
            body += (f'<text:note text:id="ftn{self.notes}" text:note-class="footnote"><text:note-citation>'
                     f"{self.notes}</text:note-citation><text:note-body><text:p>{_text(p.footnote)}</text:p>"
                     "</text:note-body></text:note>")
        return f'<text:p text:style-name="{self.styles.name(p)}">{body}</text:p>'

    def table(self, table: Table) -> str:
        self.tables += 1
        columns = max(len(row) for row in table.rows)
        rows = "".join("<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string">{self.items(cell)}</table:table-cell>' for cell in row)
            + "</table:table-row>" for row in table.rows)
        return (f'<table:table table:name="Table{self.tables}"><table:table-column '
                f'table:number-columns-repeated="{columns}"/>{rows}</table:table>')


def _font_decls(fonts: set[str]) -> str:
    return "<office:font-face-decls>" + "".join(
        f"<style:font-face style:name={quoteattr(f)} svg:font-family={quoteattr(f)}/>" for f in sorted(fonts)
    ) + "</office:font-face-decls>"


def _package(kind: str, content: str, styles: str, title: str = "", keywords: str = "") -> bytes:
    meta = (XML_HEAD + f"<office:document-meta {NS}><office:meta><dc:title>{escape(title)}</dc:title>"
            f"<meta:keyword>{escape(keywords)}</meta:keyword></office:meta></office:document-meta>")
    manifest = (XML_HEAD + '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
                f'manifest:media-type="{MIMETYPES[kind]}"/>'
                + "".join(f'<manifest:file-entry manifest:full-path="{name}" manifest:media-type="text/xml"/>'
                          for name in ("content.xml", "styles.xml", "meta.xml"))
                + "</manifest:manifest>")
    return zip_bytes([("mimetype", MIMETYPES[kind].encode()), ("META-INF/manifest.xml", manifest.encode()),
                      ("content.xml", content.encode()), ("styles.xml", styles.encode()), ("meta.xml", meta.encode())],
                     stored=("mimetype",))


def _master(header: str = "", first: str = "", footer: str = "", styles: str = "",
            fonts: set[str] | None = None) -> str:
    page = ('<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" '
            'fo:page-height="29.7cm"/><style:header-style/><style:footer-style/></style:page-layout>')
    parts = ""
    if header:
        parts += f"<style:header>{header}</style:header>"
    if first:
        parts += f"<style:header-first>{first}</style:header-first>"
    if footer:
        parts += f"<style:footer>{footer}</style:footer>"
    return (XML_HEAD + f"<office:document-styles {NS}>{_font_decls(fonts or {'Times New Roman'})}<office:styles/>"
            f"<office:automatic-styles>{page}{styles}</office:automatic-styles><office:master-styles>"
            f'<style:master-page style:name="Standard" style:page-layout-name="pm1">{parts}</style:master-page>'
            "</office:master-styles></office:document-styles>")


def odt_bytes(doc: Document) -> bytes:
    content_styles, master_styles = _Styles("P"), _Styles("MP")
    body = _Text(content_styles)
    text = body.items(doc.body)
    master = _Text(master_styles)
    header, first, footer = (master.items(doc.header) if doc.header else "",
                             master.items(doc.first_header) if doc.first_header else "",
                             master.items(doc.footer) if doc.footer else "")
    fonts = body.fonts | master.fonts | set(doc.fonts)
    content = (XML_HEAD + f"<office:document-content {NS}>{_font_decls(fonts)}<office:automatic-styles>"
               f"{content_styles.xml()}</office:automatic-styles><office:body><office:text>{text}</office:text>"
               "</office:body></office:document-content>")
    return _package("odt", content, _master(header, first, footer, master_styles.xml(), fonts), doc.title, doc.keywords)


def ods_bytes(sheets: list[Sheet], title: str = "") -> bytes:
    tables = []
    header = footer = ""
    for sheet in sheets:
        rows = []
        for row in sheet.rows:
            cells = []
            for value in row:
                if value is None or value == "":
                    cells.append("<table:table-cell/>")
                elif isinstance(value, tuple):  # rich text: one span per run
                    spans = "".join(f"<text:span>{_text(run)}</text:span>" for run in value)
                    cells.append(f'<table:table-cell office:value-type="string"><text:p>{spans}</text:p>'
                                 "</table:table-cell>")
                elif isinstance(value, (int, float)):
                    cells.append(f'<table:table-cell office:value-type="float" office:value="{value}">'
                                 f"<text:p>{value}</text:p></table:table-cell>")
                else:
                    cells.append(f'<table:table-cell office:value-type="string"><text:p>{_text(value)}</text:p>'
                                 "</table:table-cell>")
            rows.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        shapes = ""
        if sheet.textboxes:
            shapes = "<table:shapes>" + "".join(
                f'<draw:frame draw:name="Shape{i}" svg:x="12cm" svg:y="0.5cm" svg:width="4cm" svg:height="1cm">'
                f"<draw:text-box><text:p>{_text(t)}</text:p></draw:text-box></draw:frame>"
                for i, t in enumerate(sheet.textboxes, start=1)) + "</table:shapes>"
        tables.append(f"<table:table table:name={quoteattr(sheet.name)}>{shapes}<table:table-column/>{''.join(rows)}"
                      "</table:table>")
        header = header or sheet.print_header
        footer = footer or sheet.print_footer
    content = (XML_HEAD + f"<office:document-content {NS}><office:body><office:spreadsheet>{''.join(tables)}"
               "</office:spreadsheet></office:body></office:document-content>")
    region = "<style:region-center><text:p>{}</text:p></style:region-center>"
    styles = _master(region.format(_text(header)) if header else "", "",
                     region.format(_text(footer)) if footer else "")
    return _package("ods", content, styles, title)


def odp_bytes(slides: list[Slide], title: str = "") -> bytes:
    pages = []
    for n, slide in enumerate(slides, start=1):
        frames = ""
        if slide.title:
            frames += ('<draw:frame presentation:class="title" svg:x="1cm" svg:y="1cm" svg:width="20cm" '
                       f'svg:height="2cm">'
                       f"<draw:text-box><text:p>{_text(slide.title)}</text:p></draw:text-box></draw:frame>")
        for i, lines in enumerate(slide.shapes):
            paras = "".join(f"<text:p>{_text(line)}</text:p>" for line in lines)
            frames += (f'<draw:frame draw:name="TextBox{i + 1}" svg:x="18cm" svg:y="{0.5 + 1.5 * i}cm" svg:width="6cm" '
                       f'svg:height="1.2cm"><draw:text-box>{paras}</draw:text-box></draw:frame>')
        pages.append(f'<draw:page draw:name="page{n}" draw:master-page-name="Standard">{frames}</draw:page>')
    content = (XML_HEAD + f"<office:document-content {NS}><office:body><office:presentation>{''.join(pages)}"
               "</office:presentation></office:body></office:document-content>")
    return _package("odp", content, _master(), title)
