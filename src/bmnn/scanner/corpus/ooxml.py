"""Office Open XML writers (.docx/.docm/.dotx, .xlsx, .pptx) from zip + XML strings.

The files carry the parts a stamp lives in (headers, the first-page header, table
cells, DrawingML text boxes with their VML fallback, VML-only text boxes, WordArt,
footnotes, sheet print headers, drawings, slide shapes) in the shape Word, Excel and
PowerPoint write them, and little else."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from bmnn.scanner.corpus.model import Document, Item, P, Sheet, Slide, Table, TextBox, WordArt
from bmnn.scanner.corpus.zips import zip_bytes

XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
W_NS = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'mc:Ignorable="w14 wp14"'
)
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}
OOXML_TYPE = "application/vnd.openxmlformats-officedocument"
WML = f"{OOXML_TYPE}.wordprocessingml"


def _rels(entries: list[tuple[str, str, str]]) -> bytes:
    """A .rels part from (id, type suffix or full URI, target)."""
    lines = [f'<Relationship Id="{rid}" Type="{kind if "://" in kind else f"{OFFICE_REL}/{kind}"}" '
             f'Target="{target}"/>' for rid, kind, target in entries]
    return (XML_HEAD + f'<Relationships xmlns="{REL_NS}">' + "".join(lines) + "</Relationships>").encode()


def _content_types(overrides: dict[str, str], defaults: dict[str, str] | None = None) -> bytes:
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml",
                "xml": "application/xml", **(defaults or {})}
    parts = [f'<Default Extension="{ext}" ContentType="{kind}"/>' for ext, kind in defaults.items()]
    parts += [f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides.items()]
    return (XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(parts) + "</Types>").encode()


def _core(title: str = "", keywords: str = "", creator: str = "Văn thư") -> bytes:
    return (XML_HEAD +
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
            f"<cp:keywords>{escape(keywords)}</cp:keywords>"
            '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-15T09:30:00Z</dcterms:created>'
            "</cp:coreProperties>").encode()


def _package_rels(main: str) -> bytes:
    return _rels([("rId1", "officeDocument", main),
                  ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                   "docProps/core.xml")])


# ---------------------------------------------------------------- word processing

class _Word:
    """Renders a Document's items to WordprocessingML, collecting footnotes and fonts."""

    def __init__(self) -> None:
        self.footnotes: list[str] = []
        self.fonts: set[str] = {"Times New Roman"}
        self.shape_id = 0

    def items(self, items: list[Item]) -> str:
        return "".join(self.item(item) for item in items) or "<w:p/>"

    def item(self, item: Item) -> str:
        if isinstance(item, P):
            return self.para(item)
        if isinstance(item, Table):
            return self.table(item)
        if isinstance(item, TextBox):
            return f"<w:p><w:r>{self.textbox(item)}</w:r></w:p>"
        if isinstance(item, WordArt):
            return f"<w:p><w:r>{self.wordart(item)}</w:r></w:p>"
        raise TypeError(item)

    def para(self, p: P) -> str:
        ppr = ""
        if p.align:
            ppr += f'<w:jc w:val="{p.align}"/>'
        if p.border:
            side = 'w:val="double" w:sz="6" w:space="1" w:color="FF0000"'
            ppr += f"<w:pBdr><w:top {side}/><w:left {side}/><w:bottom {side}/><w:right {side}/></w:pBdr>"
        runs = "".join(self.run(piece, p) for piece in p.pieces())
        if p.sdt:
            self.shape_id += 1
            runs = (f'<w:sdt><w:sdtPr><w:alias w:val="Độ mật"/><w:tag w:val="classification"/><w:id w:val="{self.shape_id}"/>'
                    f"</w:sdtPr><w:sdtContent>{runs}</w:sdtContent></w:sdt>")
        if p.footnote is not None:
            self.footnotes.append(p.footnote)
            runs += ('<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/>'
                     f'</w:rPr><w:footnoteReference w:id="{len(self.footnotes)}"/></w:r>')
        return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{runs}</w:p>"

    def run(self, text: str, p: P) -> str:
        rpr = ""
        if p.font:
            self.fonts.add(p.font)
            rpr += f'<w:rFonts w:ascii="{p.font}" w:hAnsi="{p.font}" w:cs="{p.font}"/>'
        if p.bold:
            rpr += "<w:b/><w:bCs/>"
        if p.caps:
            rpr += "<w:caps/>"
        if p.colour:
            rpr += f'<w:color w:val="{p.colour}"/>'
        if p.spacing:
            rpr += f'<w:spacing w:val="{p.spacing}"/>'
        rpr += f'<w:sz w:val="{p.size * 2}"/><w:szCs w:val="{p.size * 2}"/>'
        lines = text.split("\n")
        body = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
        return f"<w:r><w:rPr>{rpr}</w:rPr>{body}</w:r>"

    def table(self, table: Table) -> str:
        borders = ""
        if table.borders:
            side = 'w:val="single" w:sz="4" w:space="0" w:color="auto"'
            borders = "<w:tblBorders>" + "".join(
                f"<w:{name} {side}/>" for name in ("top", "left", "bottom", "right", "insideH", "insideV")
            ) + "</w:tblBorders>"
        columns = max(len(row) for row in table.rows)
        width = 9000 // columns
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
        rows = "".join(
            "<w:tr>" + "".join(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{self.items(list(cell))}</w:tc>'
                for cell in row) + "</w:tr>"
            for row in table.rows)
        return (f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/>{borders}</w:tblPr>'
                f"<w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>")

    def textbox(self, box: TextBox) -> str:
        self.shape_id += 1
        content = f"<w:txbxContent>{self.items(list(box.paras))}</w:txbxContent>"
        vml = (f'<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
               'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
               '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
               f'<v:shape id="Text Box {self.shape_id}" o:spid="_x0000_s{1025 + self.shape_id}" type="#_x0000_t202" '
               'style="position:absolute;margin-left:0;margin-top:0;width:120pt;height:32pt;z-index:1" '
               f'strokecolor="#{box.border_colour}" strokeweight="2pt"><v:textbox>{content}</v:textbox>'
               "</v:shape></w:pict>")
        if box.vml_only:
            return vml
        drawing = (
            '<w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
            'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
            '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset>'
            '</wp:positionH><wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV>'
            '<wp:extent cx="1524000" cy="406400"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
            f'<wp:docPr id="{self.shape_id}" name="Text Box {self.shape_id}"/><wp:cNvGraphicFramePr/>'
            '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            '<a:ext cx="1524000" cy="406400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            f'<a:ln w="25400" cmpd="dbl"><a:solidFill><a:srgbClr val="{box.border_colour}"/></a:solidFill></a:ln>'
            f"</wps:spPr><wps:txbx>{content}</wps:txbx>"
            '<wps:bodyPr rot="0" vert="horz" wrap="square" anchor="ctr"/></wps:wsp>'
            "</a:graphicData></a:graphic></wp:anchor></w:drawing>"
        )
        return (f'<mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
                f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent>")

    def wordart(self, art: WordArt) -> str:
        self.shape_id += 1
        return ('<w:pict><v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
                'path="m@7,l@8,m@5,21600l@6,21600e"><v:path textpathok="t" o:connecttype="custom"/>'
                '<v:textpath on="t" fitshape="t"/><o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
                f'<v:shape id="WordArt {self.shape_id}" o:spid="_x0000_s{2048 + self.shape_id}" type="#_x0000_t136" '
                'style="position:absolute;margin-left:0;margin-top:0;width:220pt;height:44pt;z-index:2" '
                f'fillcolor="#{art.colour}" stroked="f"><v:fill opacity=".9"/>'
                '<v:textpath style="font-family:&quot;Times New Roman&quot;;font-weight:bold" '
                f"string={quoteattr(art.text)}/></v:shape></w:pict>")


def _footnotes_part(texts: list[str], word: _Word) -> bytes:
    separators = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
                  '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
                  "</w:r></w:p></w:footnote>")
    notes = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'{word.run(" " + text, P(text))}</w:p></w:footnote>'
        for i, text in enumerate(texts, start=1))
    return (XML_HEAD + f"<w:footnotes {W_NS}>{separators}{notes}</w:footnotes>").encode()


def docx_bytes(doc: Document, variant: str = "docx") -> bytes:
    """A word-processing package; `variant` picks the main part's content type
    ("docx", "docm", "dotx")."""
    word = _Word()
    body = word.items(doc.body)
    parts: list[tuple[str, bytes]] = []
    rels = [("rIdStyles", "styles", "styles.xml"), ("rIdFonts", "fontTable", "fontTable.xml"),
            ("rIdSettings", "settings", "settings.xml")]
    overrides = {"/word/document.xml": MAIN_TYPES[variant], "/word/styles.xml": f"{WML}.styles+xml",
                 "/word/fontTable.xml": f"{WML}.fontTable+xml", "/word/settings.xml": f"{WML}.settings+xml",
                 "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml"}
    section = ""
    for kind, items, ref in (("default", doc.header, "header"), ("first", doc.first_header, "header"),
                             ("default", doc.footer, "footer")):
        if not items and not (kind == "default" and ref == "header" and doc.first_header):
            continue
        n = sum(1 for rid, _, _ in rels if rid.startswith(f"rId{ref}")) + 1
        name = f"{ref}{n}.xml"
        tag = "hdr" if ref == "header" else "ftr"
        parts.append((f"word/{name}", (XML_HEAD + f"<w:{tag} {W_NS}>{word.items(items)}</w:{tag}>").encode()))
        rels.append((f"rId{ref}{n}", ref, name))
        overrides[f"/word/{name}"] = f"{WML}.{ref}+xml"
        section += f'<w:{ref}Reference w:type="{kind}" r:id="rId{ref}{n}"/>'
    if word.footnotes:
        parts.append(("word/footnotes.xml", _footnotes_part(word.footnotes, word)))
        rels.append(("rIdFootnotes", "footnotes", "footnotes.xml"))
        overrides["/word/footnotes.xml"] = f"{WML}.footnotes+xml"
    section += ('<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" '
                'w:left="1701" w:header="720" w:footer="720" w:gutter="0"/>')
    if doc.first_header:
        section += "<w:titlePg/>"
    document = XML_HEAD + f"<w:document {W_NS}><w:body>{body}<w:sectPr>{section}</w:sectPr></w:body></w:document>"
    fonts = sorted(word.fonts | set(doc.fonts))
    font_table = (XML_HEAD + f"<w:fonts {W_NS}>" + "".join(
        f'<w:font w:name={quoteattr(font)}><w:charset w:val="{"00" if font.startswith((".Vn", "VNI")) else "A3"}"/>'
        '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>' for font in fonts) + "</w:fonts>")
    styles = (XML_HEAD + f'<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr>'
              '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>'
              '<w:sz w:val="26"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault></w:docDefaults>'
              '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
              '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/>'
              '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style></w:styles>')
    settings = XML_HEAD + f'<w:settings {W_NS}><w:defaultTabStop w:val="720"/></w:settings>'
    members = [
        ("[Content_Types].xml", _content_types(overrides)),
        ("_rels/.rels", _package_rels("word/document.xml")),
        ("word/document.xml", document.encode()),
        ("word/_rels/document.xml.rels", _rels(rels)),
        ("word/styles.xml", styles.encode()),
        ("word/settings.xml", settings.encode()),
        ("word/fontTable.xml", font_table.encode()),
        *parts,
        ("docProps/core.xml", _core(doc.title, doc.keywords)),
    ]
    return zip_bytes(members)


# ---------------------------------------------------------------- spreadsheets

SML = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _drawing(texts: list[str]) -> bytes:
    anchors = []
    for i, text in enumerate(texts):
        paras = "".join(
            f'<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="vi-VN" sz="1300" b="1"><a:solidFill>'
            f'<a:srgbClr val="FF0000"/></a:solidFill><a:latin typeface="Times New Roman"/></a:rPr>'
            f"<a:t>{escape(line)}</a:t></a:r></a:p>" for line in text.split("\n"))
        anchors.append(
            f'<xdr:twoCellAnchor><xdr:from><xdr:col>{5 + 3 * i}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>0</xdr:row>'
            f'<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>{7 + 3 * i}</xdr:col><xdr:colOff>0</xdr:colOff>'
            '<xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink="">'
            f'<xdr:nvSpPr><xdr:cNvPr id="{i + 2}" name="TextBox {i + 1}"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>'
            '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1524000" cy="406400"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:ln w="25400"><a:solidFill>'
            '<a:srgbClr val="FF0000"/></a:solidFill></a:ln></xdr:spPr>'
            f'<xdr:txBody><a:bodyPr anchor="ctr"/><a:lstStyle/>{paras}</xdr:txBody></xdr:sp>'
            "<xdr:clientData/></xdr:twoCellAnchor>")
    return (XML_HEAD + f'<xdr:wsDr xmlns:xdr="{XDR}" xmlns:a="{A_NS}">' + "".join(anchors) + "</xdr:wsDr>").encode()


def _print_code(text: str, bold: bool = True) -> str:
    """Excel's header syntax: "&C" centre section, "&\"Font,Style\"", "&14" size. The
    extractor must strip these codes to see the stamp."""
    style = "Bold" if bold else "Regular"
    return f'&amp;C&amp;"Times New Roman,{style}"&amp;14{escape(text)}'


def _shared_string(value: str | tuple[str, ...]) -> str:
    if isinstance(value, str):
        return f'<si><t xml:space="preserve">{escape(value)}</t></si>'
    runs = "".join(f'<r><rPr><b/><sz val="13"/><color rgb="FFFF0000"/><rFont val="Times New Roman"/></rPr>'
                   f'<t xml:space="preserve">{escape(run)}</t></r>' for run in value)
    return f"<si>{runs}</si>"


def xlsx_bytes(sheets: list[Sheet], *, inline_strings: bool = False, title: str = "", keywords: str = "") -> bytes:
    """A workbook; strings go to sharedStrings.xml unless `inline_strings` (both occur)."""
    shared: dict[str | tuple[str, ...], int] = {}
    members: list[tuple[str, bytes]] = []
    overrides = {"/xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                 "/xl/styles.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
                 "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml"}
    workbook_rels = [("rIdStyles", "styles", "styles.xml")]
    sheet_entries = []
    drawings = 0
    for number, sheet in enumerate(sheets, start=1):
        rows = []
        for r, row in enumerate(sheet.rows, start=1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{_column(c)}{r}"
                if value is None or value == "":
                    continue
                if isinstance(value, tuple):  # rich text: runs in one shared string
                    index = shared.setdefault(value, len(shared))
                    cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
                elif isinstance(value, (int, float)):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                elif inline_strings:
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>')
                else:
                    index = shared.setdefault(value, len(shared))
                    cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
            rows.append(f'<row r="{r}">{"".join(cells)}</row>')
        tail = ""
        if sheet.print_header or sheet.print_footer:
            tail += "<headerFooter>"
            if sheet.print_header:
                tail += f"<oddHeader>{_print_code(sheet.print_header)}</oddHeader>"
            if sheet.print_footer:
                tail += f"<oddFooter>{_print_code(sheet.print_footer, bold=False)}</oddFooter>"
            tail += "</headerFooter>"
        if sheet.textboxes:
            drawings += 1
            tail += '<drawing r:id="rIdDrawing"/>'
            members.append((f"xl/drawings/drawing{drawings}.xml", _drawing(sheet.textboxes)))
            members.append((f"xl/worksheets/_rels/sheet{number}.xml.rels",
                            _rels([("rIdDrawing", "drawing", f"../drawings/drawing{drawings}.xml")])))
            overrides[f"/xl/drawings/drawing{drawings}.xml"] = f"{OOXML_TYPE}.drawing+xml"
        xml = (XML_HEAD + f'<worksheet xmlns="{SML}" xmlns:r="{OFFICE_REL}"><sheetData>{"".join(rows)}</sheetData>'
               f'<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>{tail}</worksheet>')
        members.append((f"xl/worksheets/sheet{number}.xml", xml.encode()))
        overrides[f"/xl/worksheets/sheet{number}.xml"] = \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        workbook_rels.append((f"rIdSheet{number}", "worksheet", f"worksheets/sheet{number}.xml"))
        sheet_entries.append(f'<sheet name={quoteattr(sheet.name)} sheetId="{number}" r:id="rIdSheet{number}"/>')
    if shared:
        strings = "".join(_shared_string(s) for s in shared)
        members.append(("xl/sharedStrings.xml", (XML_HEAD + f'<sst xmlns="{SML}" count="{len(shared)}" '
                                                 f'uniqueCount="{len(shared)}">{strings}</sst>').encode()))
        overrides["/xl/sharedStrings.xml"] = f"{OOXML_TYPE}.spreadsheetml.sharedStrings+xml"
        workbook_rels.append(("rIdShared", "sharedStrings", "sharedStrings.xml"))
    workbook = (XML_HEAD + f'<workbook xmlns="{SML}" xmlns:r="{OFFICE_REL}"><sheets>{"".join(sheet_entries)}'
                "</sheets></workbook>")
    styles = (XML_HEAD + f'<styleSheet xmlns="{SML}"><fonts count="1"><font><sz val="11"/><name val="Times New Roman"/>'
              '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill>'
              '<patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/>'
              '<bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
              'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
              'xfId="0"/></cellXfs></styleSheet>')
    return zip_bytes([
        ("[Content_Types].xml", _content_types(overrides)),
        ("_rels/.rels", _package_rels("xl/workbook.xml")),
        ("xl/workbook.xml", workbook.encode()),
        ("xl/_rels/workbook.xml.rels", _rels(workbook_rels)),
        ("xl/styles.xml", styles.encode()),
        *members,
        ("docProps/core.xml", _core(title, keywords)),
    ])


# ---------------------------------------------------------------- presentations

PML = "http://schemas.openxmlformats.org/presentationml/2006/main"
P_NS = f'xmlns:a="{A_NS}" xmlns:r="{OFFICE_REL}" xmlns:p="{PML}"'
PPT = "application/vnd.openxmlformats-officedocument.presentationml"
_SP_TREE = ('<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm>'
            '<a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>')
_THEME = (
    f'<a:theme xmlns:a="{A_NS}" name="Office"><a:themeElements><a:clrScheme name="Office">'
    '<a:dk1><a:srgbClr val="000000"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="1F497D"/></a:dk2>'
    '<a:lt2><a:srgbClr val="EEECE1"/></a:lt2><a:accent1><a:srgbClr val="4F81BD"/></a:accent1><a:accent2><a:srgbClr val="C0504D"/>'
    '</a:accent2><a:accent3><a:srgbClr val="9BBB59"/></a:accent3><a:accent4><a:srgbClr val="8064A2"/></a:accent4><a:accent5>'
    '<a:srgbClr val="4BACC6"/></a:accent5><a:accent6><a:srgbClr val="F79646"/></a:accent6><a:hlink><a:srgbClr val="0000FF"/>'
    '</a:hlink><a:folHlink><a:srgbClr val="800080"/></a:folHlink></a:clrScheme><a:fontScheme name="Office"><a:majorFont>'
    '<a:latin typeface="Times New Roman"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont>'
    '<a:latin typeface="Times New Roman"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>'
    '<a:fmtScheme name="Office"><a:fillStyleLst>' + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3 +
    '</a:fillStyleLst><a:lnStyleLst>' + '<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>' * 3 +
    '</a:lnStyleLst><a:effectStyleLst>' + '<a:effectStyle><a:effectLst/></a:effectStyle>' * 3 +
    '</a:effectStyleLst><a:bgFillStyleLst>' + '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>' * 3 +
    '</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>'
)


def _shape(shape_id: int, lines: list[str], *, title: bool = False, y: int = 300000) -> str:
    bold = "" if title else ' b="1"'
    paras = "".join(f'<a:p><a:r><a:rPr lang="vi-VN"{bold}/><a:t>{escape(line)}</a:t></a:r></a:p>' for line in lines)
    if title:
        nv = (f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="Title {shape_id}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
              '</p:cNvSpPr><p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/>')
    else:
        nv = (f'<p:nvSpPr><p:cNvPr id="{shape_id}" name="TextBox {shape_id}"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
              f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="6400000" y="{y}"/><a:ext cx="2200000" cy="450000"/></a:xfrm>'
              '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:ln w="25400"><a:solidFill><a:srgbClr val="FF0000"/>'
              "</a:solidFill></a:ln></p:spPr>")
    return f'<p:sp>{nv}<p:txBody><a:bodyPr/><a:lstStyle/>{paras}</p:txBody></p:sp>'


def pptx_bytes(slides: list[Slide], title: str = "", master_shapes: list[list[str]] | None = None) -> bytes:
    """A presentation with one master, one layout and a theme (what PowerPoint needs
    to open it), and the given slides. `master_shapes` are drawn on the slide master,
    so every slide shows them (an organisation's template)."""
    members: list[tuple[str, bytes]] = []
    overrides = {"/ppt/presentation.xml": f"{PPT}.presentation.main+xml",
                 "/ppt/slideMasters/slideMaster1.xml": f"{PPT}.slideMaster+xml",
                 "/ppt/slideLayouts/slideLayout1.xml": f"{PPT}.slideLayout+xml",
                 "/ppt/theme/theme1.xml": "application/vnd.openxmlformats-officedocument.theme+xml",
                 "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml"}
    pres_rels = [("rIdMaster", "slideMaster", "slideMasters/slideMaster1.xml"),
                 ("rIdTheme", "theme", "theme/theme1.xml")]
    slide_ids = []
    for n, slide in enumerate(slides, start=1):
        shapes = _shape(2, [slide.title], title=True) if slide.title else ""
        shapes += "".join(_shape(3 + i, lines, y=300000 + 600000 * i) for i, lines in enumerate(slide.shapes))
        xml = XML_HEAD + f"<p:sld {P_NS}><p:cSld><p:spTree>{_SP_TREE}{shapes}</p:spTree></p:cSld></p:sld>"
        members.append((f"ppt/slides/slide{n}.xml", xml.encode()))
        members.append((f"ppt/slides/_rels/slide{n}.xml.rels",
                        _rels([("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml")])))
        overrides[f"/ppt/slides/slide{n}.xml"] = f"{PPT}.slide+xml"
        pres_rels.append((f"rIdSlide{n}", "slide", f"slides/slide{n}.xml"))
        slide_ids.append(f'<p:sldId id="{255 + n}" r:id="rIdSlide{n}"/>')
    presentation = (XML_HEAD + f'<p:presentation {P_NS}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rIdMaster"/>'
                    f'</p:sldMasterIdLst><p:sldIdLst>{"".join(slide_ids)}</p:sldIdLst>'
                    '<p:sldSz cx="9144000" cy="6858000"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>')
    on_master = "".join(_shape(100 + i, lines, y=200000 + 600000 * i) for i, lines in enumerate(master_shapes or []))
    master = (XML_HEAD + f'<p:sldMaster {P_NS}><p:cSld><p:spTree>{_SP_TREE}{on_master}</p:spTree></p:cSld>'
              '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" '
              'accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/>'
              '<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>')
    layout = (XML_HEAD + f'<p:sldLayout {P_NS} type="blank"><p:cSld name="Blank"><p:spTree>{_SP_TREE}</p:spTree>'
              '</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>')
    return zip_bytes([
        ("[Content_Types].xml", _content_types(overrides)),
        ("_rels/.rels", _package_rels("ppt/presentation.xml")),
        ("ppt/presentation.xml", presentation.encode()),
        ("ppt/_rels/presentation.xml.rels", _rels(pres_rels)),
        ("ppt/slideMasters/slideMaster1.xml", master.encode()),
        ("ppt/slideMasters/_rels/slideMaster1.xml.rels",
         _rels([("rId1", "slideLayout", "../slideLayouts/slideLayout1.xml"),
                ("rId2", "theme", "../theme/theme1.xml")])),
        ("ppt/slideLayouts/slideLayout1.xml", layout.encode()),
        ("ppt/slideLayouts/_rels/slideLayout1.xml.rels",
         _rels([("rId1", "slideMaster", "../slideMasters/slideMaster1.xml")])),
        ("ppt/theme/theme1.xml", (XML_HEAD + _THEME).encode()),
        *members,
        ("docProps/core.xml", _core(title)),
    ])
