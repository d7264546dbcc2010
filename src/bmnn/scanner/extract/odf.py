"""OpenDocument text, spreadsheet and presentation files (.odt .ods .odp) read from the zip.

ODF keeps a document's body in content.xml and its page headers and footers in the
master pages of styles.xml (scanner-notes §2.3: a reader of content.xml alone misses
header stamps). Both are tokenised tag by tag; character data counts only inside a
paragraph (`text:p`, `text:h`) and only when its innermost element is a `text:` one,
so a frame's `svg:desc`, a comment's author and date, or embedded base64 never glue
onto the words around them. Footnote citations, tracked deletions and index
templates are skipped whole.

Containers: table cells → CELL, frames and shapes with text → TEXTBOX (a presentation
title frame → TITLE), comments, footnotes and speaker notes → NOTE, master-page
headers and footers (first-page and left-page ones too, and a presentation's footer
declarations) → HEADER/FOOTER. Bold, colour, font, "uppercase" transform and
paragraph or frame borders come from the named and automatic styles. Fonts are the
`style:font-face` declarations. meta.xml keywords, title, subject and user-defined
values are PROPERTY blocks. Stamp mode reads the first `stamp_blocks` body blocks of
a text document and the first STAMP_ROWS rows of each sheet (the same choice as for
Excel); cells of a text document, frames, headers and notes always.
"""

from __future__ import annotations

import re

from bmnn.scanner.extract.ooxml import STAMP_ROWS
from bmnn.scanner.extract.package import (
    Package,
    Paragraph,
    RunProps,
    Sink,
    attr,
    split_lines,
    text_of,
    unreadable,
)
from bmnn.scanner.model import Budget, Container, Extraction, Source

# One token for the usual shapes: a table cell holding one plain-text paragraph (groups
# 1-3: cell attributes, paragraph attributes, text), a plain-text paragraph (4-6: name,
# attributes, text), else any tag (7-10: closing slash, name, attributes, self-closing
# slash). The loop dispatches on `lastindex`.
_TOKEN = re.compile(rb"<(?:table:table-cell((?:\s[^>]*?)?)(?<!/)><text:p((?:\s[^>]*?)?)(?<!/)>([^<]*)</text:p>"
                    rb"</table:table-cell>"
                    rb"|(text:[ph])((?:\s[^>]*?)?)(?<!/)>([^<]*)</\4>"
                    rb"|(/?)([A-Za-z_][\w.-]*:[\w.-]+)((?:\s[^>]*?)?)(/?)>)")
_CELL_TEXT, _SIMPLE_ATTRS, _SIMPLE_TEXT = 3, 5, 6
_SPACES = re.compile(r"[ \t\r\n]+")
_KINDS = {"text": "odt", "spreadsheet": "ods", "presentation": "odp", "graphics": "odp"}
_BODY_KINDS = {b"office:text": "odt", b"office:spreadsheet": "ods", b"office:presentation": "odp",
               b"office:drawing": "odp"}

# Elements whose whole content is not document text at that place.
_SKIPPED = frozenset({b"text:note-citation", b"text:tracked-changes", b"office:binary-data",
                      b"text:sequence-decls", b"text:variable-decls", b"text:user-field-decls"})
_SHAPES = frozenset({b"draw:custom-shape", b"draw:rect", b"draw:ellipse", b"draw:circle", b"draw:polygon",
                     b"draw:regular-polygon", b"draw:polyline", b"draw:path", b"draw:caption",
                     b"draw:line", b"draw:connector", b"draw:measure"})
_HEADERS = {b"style:header": Container.HEADER, b"style:header-first": Container.HEADER,
            b"style:header-left": Container.HEADER, b"style:footer": Container.FOOTER,
            b"style:footer-first": Container.FOOTER, b"style:footer-left": Container.FOOTER}
_NOTES = frozenset({b"office:annotation", b"text:note", b"presentation:notes"})
_DECLARATIONS = {b"presentation:header-decl": Container.HEADER, b"presentation:footer-decl": Container.FOOTER}
_STICKY = frozenset({Container.HEADER, Container.FOOTER, Container.NOTE, Container.TITLE})
_FRAME_CLASSES = {"title": Container.TITLE, "notes": Container.NOTE, "header": Container.HEADER,
                  "footer": Container.FOOTER, "page-number": None, "date-time": None, "page": None}
_BOLD = ("bold", "600", "700", "800", "900")

# A style: [parent, bold, colour, font, caps, bordered]; None means "not said here".
_PARENT, _BOLD_AT, _COLOUR, _FONT, _CAPS, _BORDER = range(6)


def _border(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() not in ("none", "hidden", "0", "")


def _numeric(cell_attrs: bytes) -> bool:
    """A number, date, time or boolean cell shows a value, not words: it cannot be a stamp."""
    return b'office:value-type="' in cell_attrs and b'office:value-type="string"' not in cell_attrs


class _Styles:
    """Named styles (office:styles, shared) and each part's automatic styles."""

    def __init__(self, fonts: set[str]):
        self.fonts = fonts
        self.common: dict[tuple[bytes, str], list] = {}
        self.faces: dict[str, str] = {}
        self._resolved: dict[tuple[int, bytes, str], tuple] = {}

    def face(self, attrs: bytes) -> None:
        name, family = attr(attrs, b"style:name"), attr(attrs, b"svg:font-family")
        family = family.strip("'\" ") if family else None
        for font in (name, family):
            if font:
                self.fonts.add(font)
        if name:
            self.faces[name] = family or name

    def update(self, style: list, tag: bytes, attrs: bytes) -> None:
        """Record what a `style:*-properties` element says about the look we care about."""
        if tag == b"style:text-properties":
            weight = attr(attrs, b"fo:font-weight")
            if weight is not None:
                style[_BOLD_AT] = weight in _BOLD
            colour = attr(attrs, b"fo:color")
            if colour and re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
                style[_COLOUR] = colour[1:].upper()
            font = attr(attrs, b"style:font-name") or attr(attrs, b"fo:font-family")
            if font:
                font = self.faces.get(font, font).strip("'\" ")
                style[_FONT] = font
                self.fonts.add(font)
            transform, variant = attr(attrs, b"fo:text-transform"), attr(attrs, b"fo:font-variant")
            if transform is not None or variant is not None:
                style[_CAPS] = transform == "uppercase" or variant == "small-caps"
        else:  # paragraph or graphic properties
            borders = [_border(attr(attrs, name)) for name in (b"fo:border", b"fo:border-top", b"fo:border-bottom",
                                                               b"fo:border-left", b"fo:border-right")]
            stroke = attr(attrs, b"draw:stroke")
            if stroke is not None:
                borders.append(stroke != "none")
            said = [border for border in borders if border is not None]
            if said:
                style[_BORDER] = any(said)

    def resolve(self, automatic: dict, family: bytes, name: str | None) -> tuple:
        """(bold, colour, font, caps, bordered) of a style with its parents, None where nothing says."""
        if not name:
            return (None,) * 5
        key = (id(automatic), family, name)
        found = self._resolved.get(key)
        if found is None:
            values: list = [None] * 5
            style = automatic.get((family, name)) or self.common.get((family, name))
            depth = 0
            while style is not None and depth < 8:
                for at in range(5):
                    if values[at] is None:
                        values[at] = style[at + 1]
                parent = style[_PARENT]
                style = self.common.get((family, parent)) if parent else None
                depth += 1
            found = self._resolved[key] = tuple(values)
        return found


def _overlay(run: RunProps, style: tuple) -> RunProps:
    return tuple(style[at] if style[at] is not None else run[at] for at in range(4))  # type: ignore[return-value]


class _Part:
    """Reads one XML part (content.xml or styles.xml) into blocks."""

    def __init__(self, kind: str, budget: Budget, styles: _Styles, sink: Sink, default: Container | None):
        self.kind, self.styles, self.sink = kind, styles, sink
        self.default = default  # the container of a paragraph outside any cell, frame or header
        self.automatic: dict[tuple[bytes, str], list] = {}
        self.paragraphs: list[Paragraph] = []
        self.contexts: list[tuple[bytes, Container | None, bool]] = []  # (element, container, bordered)
        self.elements: list[bytes] = []  # open elements, innermost last
        self.style: list | None = None
        self.definitions: dict | None = None
        self.rows = 0
        self.row_cap = float("inf") if budget.full or kind != "ods" else STAMP_ROWS
        self.tables = 0
        self.page = 0
        self._bases: dict[str | None, tuple[RunProps, bool]] = {}
        self._openers = {
            b"text:p": self._paragraph, b"text:h": self._paragraph,
            b"text:span": self._span, b"text:a": self._span,
            b"text:s": self._spaces, b"text:tab": self._tab, b"text:line-break": self._line_break,
            b"table:table-cell": self._cell, b"table:covered-table-cell": self._cell,
            b"table:table-row": self._row, b"table:table": self._table,
            b"draw:frame": self._frame, b"draw:text-box": self._shape, b"draw:page": self._page,
            b"office:automatic-styles": self._definitions, b"office:styles": self._definitions,
            b"style:style": self._style, b"style:font-face": self._face,
            b"style:text-properties": self._properties, b"style:paragraph-properties": self._properties,
            b"style:graphic-properties": self._properties,
            **{name: self._shape for name in _SHAPES}, **{name: self._note for name in _NOTES},
            **{name: self._header for name in _HEADERS},
        }

    def read(self, data: bytes) -> None:
        pos = 0
        search = _TOKEN.search
        paragraphs, elements, openers = self.paragraphs, self.elements, self._openers
        while True:
            tag = search(data, pos)
            if tag is None:
                break
            if paragraphs and tag.start() > pos and elements and elements[-1][:5] == b"text:":
                self._characters(data[pos:tag.start()])
            pos = tag.end()
            last = tag.lastindex
            if last == _SIMPLE_TEXT:  # a paragraph of plain text, the usual line
                self._simple(tag.group(_SIMPLE_ATTRS), tag.group(_SIMPLE_TEXT))
                continue
            if last == _CELL_TEXT:  # a cell of one plain paragraph, the usual cell
                cell_attrs, paragraph_attrs, text = tag.group(1, 2, 3)
                if not _numeric(cell_attrs):
                    self._push(b"table:table-cell", Container.CELL)
                    self._simple(paragraph_attrs, text)
                    self.contexts.pop()
                continue
            closing, name, attrs, empty = tag.group(7, 8, 9, 10)
            if closing:
                self._close(name)
                continue
            if name in _SKIPPED or name.endswith(b"-source"):
                if not empty:
                    end = data.find(b"</" + name + b">", pos)
                    pos = len(data) if end < 0 else end + len(name) + 3
                continue
            if name in _DECLARATIONS and not empty:
                end = data.find(b"</" + name + b">", pos)
                end = len(data) if end < 0 else end
                split_lines(self.sink, text_of(data[pos:end]), _DECLARATIONS[name])
                pos = min(len(data), end + len(name) + 3)
                continue
            opener = openers.get(name)
            if opener is not None:
                opener(name, attrs, bool(empty))
            if not empty:
                elements.append(name)
        while paragraphs:  # a part cut at the cap in stamp mode
            self._emit(paragraphs.pop())

    # --- paragraphs and their inline elements ---

    def _where(self) -> tuple[Container | None, bool]:
        """The container and border a paragraph opened now belongs to (None: not read)."""
        if self.contexts:
            _element, container, bordered = self.contexts[-1]
        else:
            container, bordered = self.default, False
        if container is Container.CELL and self.rows > self.row_cap:
            return None, False  # past the rows read in stamp mode
        return container, bordered

    def _base(self, attrs: bytes) -> tuple[RunProps, bool]:
        """Run properties and border a paragraph takes from its style (memoised per style name)."""
        name = attr(attrs, b"text:style-name") if attrs else None
        base = self._bases.get(name)
        if base is None:
            style = self.styles.resolve(self.automatic, b"paragraph", name)
            base = self._bases[name] = (_overlay((False, None, None, False), style), bool(style[4]))
        return base

    def _simple(self, attrs: bytes, raw: bytes) -> None:
        container, bordered = self._where()
        if container is None:
            return
        props, styled_border = self._base(attrs)
        text = text_of(raw)
        if "\n" in text or "\t" in text or "\r" in text or "  " in text:
            text = _SPACES.sub(" ", text)
        if props[3]:
            text = text.upper()
        self.sink.line([(text, props)], container, bordered or styled_border)

    def _paragraph(self, _name: bytes, attrs: bytes, empty: bool) -> None:
        if empty:
            return
        container, bordered = self._where()
        props, styled_border = self._base(attrs)
        paragraph = Paragraph(container, bordered or styled_border, props)
        paragraph.extra = []
        self.paragraphs.append(paragraph)

    def _characters(self, raw: bytes) -> None:
        text = text_of(raw)
        if "\n" in text or "\t" in text or "\r" in text or "  " in text:
            text = _SPACES.sub(" ", text)  # ODF collapses white space; `text:s` carries real spaces
        self.paragraphs[-1].add(text)

    def _span(self, _name: bytes, attrs: bytes, empty: bool) -> None:
        if self.paragraphs and not empty:
            paragraph = self.paragraphs[-1]
            paragraph.extra.append(paragraph.run)
            style = self.styles.resolve(self.automatic, b"text", attr(attrs, b"text:style-name"))
            paragraph.run = _overlay(paragraph.run, style)

    def _spaces(self, _name: bytes, attrs: bytes, _empty: bool) -> None:
        if self.paragraphs:
            count = attr(attrs, b"text:c")
            self.paragraphs[-1].add(" " * min(int(count) if count and count.isdigit() else 1, 1000))

    def _tab(self, _name: bytes, _attrs: bytes, _empty: bool) -> None:
        if self.paragraphs:
            self.paragraphs[-1].add("\t")

    def _line_break(self, _name: bytes, _attrs: bytes, _empty: bool) -> None:
        if self.paragraphs:
            self.paragraphs[-1].breakline()

    def _close(self, name: bytes) -> None:
        elements = self.elements
        if elements and elements[-1] == name:
            elements.pop()
        elif name in elements:  # tolerate a stray close: unwind to its opening
            while elements and elements.pop() != name:
                pass
        if name == b"text:p" or name == b"text:h":
            if self.paragraphs:
                self._emit(self.paragraphs.pop())
        elif name == b"text:span" or name == b"text:a":
            if self.paragraphs and self.paragraphs[-1].extra:
                self.paragraphs[-1].run = self.paragraphs[-1].extra.pop()
        elif self.contexts and self.contexts[-1][0] == name:
            self.contexts.pop()
        elif name == b"style:style":
            self.style = None
        elif name == b"office:automatic-styles" or name == b"office:styles":
            self.definitions = None

    def _emit(self, paragraph: Paragraph) -> None:
        if paragraph.container is not None:
            self.sink.paragraph(paragraph)

    # --- structure ---

    def _push(self, element: bytes, container: Container | None, bordered: bool = False,
              sticky: bool = False) -> None:
        """Enter a cell, frame, note or header; inside a header, note or title the outer container stays."""
        if self.contexts and not sticky:
            outer = self.contexts[-1][1]
            if outer is None or outer in _STICKY:
                container = outer
            bordered = bordered or self.contexts[-1][2]
        self.contexts.append((element, container, bordered))

    def _cell(self, name: bytes, attrs: bytes, empty: bool) -> None:
        if empty:
            return
        self._push(name, None if _numeric(attrs) else Container.CELL)

    def _row(self, _name: bytes, _attrs: bytes, _empty: bool) -> None:
        self.rows += 1

    def _table(self, _name: bytes, attrs: bytes, _empty: bool) -> None:
        if self.kind == "ods" and not self.contexts:  # a sheet: its own part, its own row count
            self.tables += 1
            self.rows = 0
            self.sink.reset(attr(attrs, b"table:name") or f"table {self.tables}")

    def _frame(self, name: bytes, attrs: bytes, empty: bool) -> None:
        if empty:
            return
        if attr(attrs, b"presentation:placeholder") == "true":
            self._push(name, None, sticky=True)  # an empty layout placeholder: its prompt is not shown
            return
        frame_class = attr(attrs, b"presentation:class")
        container = _FRAME_CLASSES.get(frame_class, Container.TEXTBOX) if frame_class else Container.TEXTBOX
        self._push(name, container, self._graphic_border(attrs))

    def _shape(self, name: bytes, attrs: bytes, empty: bool) -> None:
        if not empty:
            self._push(name, Container.TEXTBOX, self._graphic_border(attrs))

    def _note(self, name: bytes, _attrs: bytes, empty: bool) -> None:
        if not empty:
            self._push(name, Container.NOTE)

    def _header(self, name: bytes, _attrs: bytes, empty: bool) -> None:
        if not empty:
            self._push(name, _HEADERS[name], sticky=True)

    def _page(self, _name: bytes, _attrs: bytes, _empty: bool) -> None:
        self.page += 1
        self.sink.reset("content.xml", self.page)

    def _graphic_border(self, attrs: bytes) -> bool:
        return bool(self.styles.resolve(self.automatic, b"graphic", attr(attrs, b"draw:style-name"))[4])

    # --- styles ---

    def _definitions(self, name: bytes, _attrs: bytes, empty: bool) -> None:
        if not empty:
            self.definitions = self.automatic if name == b"office:automatic-styles" else self.styles.common

    def _style(self, _name: bytes, attrs: bytes, empty: bool) -> None:
        name, family = attr(attrs, b"style:name"), attr(attrs, b"style:family")
        if self.definitions is None or not name or not family:
            return
        style = [attr(attrs, b"style:parent-style-name"), None, None, None, None, None]
        self.definitions[(family.encode(), name)] = style
        self.style = None if empty else style  # an empty style only names its parent

    def _properties(self, name: bytes, attrs: bytes, _empty: bool) -> None:
        if self.style is not None:
            self.styles.update(self.style, name, attrs)

    def _face(self, _name: bytes, attrs: bytes, _empty: bool) -> None:
        self.styles.face(attrs)


_META = re.compile(rb"<(meta:keyword|dc:title|dc:subject|meta:user-defined)(?:\s[^>]*)?(?<!/)>([^<]*)</\1>")


def _kind(pkg: Package, content: bytes) -> str:
    mimetype = (pkg.read("mimetype") or b"").decode("ascii", "replace").strip()
    if mimetype.startswith("application/vnd.oasis.opendocument."):
        kind = _KINDS.get(mimetype.rsplit(".", 1)[-1].split("-")[0])
        if kind:
            return kind
    body = re.search(rb"<(office:text|office:spreadsheet|office:presentation|office:drawing)[\s>/]", content)
    return _BODY_KINDS[body.group(1)] if body else "odt"


def extract_odf(source: Source, budget: Budget) -> Extraction:
    with Package(source, budget) as pkg:
        if not pkg.has("content.xml"):
            raise unreadable("Thiếu phần chính content.xml", "main part content.xml missing")
        manifest = pkg.read("META-INF/manifest.xml") or b""
        if b"encryption-data" in manifest:  # password-protected: the parts are ciphertext
            return Extraction(_kind(pkg, b""), encrypted=True)
        content = pkg.read("content.xml") or b""
        kind = _kind(pkg, content)
        out = Extraction(kind)
        styles = _Styles(out.fonts)
        data = pkg.read("styles.xml")
        if data:
            _Part(kind, budget, styles, Sink(out.blocks, budget, "styles.xml", fonts=out.fonts), None).read(data)
        body = _Part(kind, budget, styles, Sink(out.blocks, budget, "content.xml", fonts=out.fonts), Container.BODY)
        body.read(content)
        if kind == "odp":
            out.pages = body.page
        meta = pkg.read("meta.xml")
        if meta:
            sink = Sink(out.blocks, budget, "meta.xml")
            for field in _META.finditer(meta):
                split_lines(sink, text_of(field.group(2)), Container.PROPERTY)
    return out
