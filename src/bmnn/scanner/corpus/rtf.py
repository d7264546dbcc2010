"""RTF writer in the three ways Vietnamese text reaches an RTF file:

- "unicode": \\uN escapes, each followed by a fallback character for readers that do
  not know \\u (Word writes one; \\uc1). The fallback is the unaccented letter, so a
  reader that keeps both sees "TUYỆETT" and misses the stamp: it must skip fallbacks.
- "cp1258": \\ansicpg1258 and \\'hh bytes; code page 1258 puts tones in separate
  combining bytes, so the decoded text needs NFC before it matches.
- legacy fonts: a run in ".VnTimeH"/"VNI-Times" whose \\'hh bytes are TCVN3/VNI, which
  decode (cp1252) to the surface forms "TUYÖT MËT" / "TOÁI MAÄT".

Stamps can sit in {\\header}, {\\headerf} (first page, with \\titlepg), table cells,
shapes ({\\shp … {\\shptxt}}) and footnotes."""

from __future__ import annotations

import unicodedata

from bmnn.scanner.corpus.encodings import cp1258_bytes
from bmnn.scanner.corpus.model import Document, Item, P, Table, TextBox, WordArt

FONTS = ["Times New Roman", ".VnTimeH", ".VnTime", "VNI-Times"]


def _fold(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    return {"đ": "d", "Đ": "D"}.get(char, base if base.isascii() else "?")


class _Rtf:
    def __init__(self, encoding: str) -> None:
        self.encoding = encoding  # "unicode" | "cp1258"

    def escape(self, text: str, font: str | None = None) -> str:
        """Text as RTF: ASCII as is, the rest as \\uN + fallback or \\'hh bytes."""
        if font and font.startswith((".Vn", "VNI")):
            data = text.encode("cp1252", "replace")  # the run's text is already the legacy surface form
        elif self.encoding == "cp1258":
            data = cp1258_bytes(text)
        else:
            out = []
            for char in text:
                if char in "\\{}":
                    out.append("\\" + char)
                elif char == "\n":
                    out.append("\\line ")
                elif char == "\t":
                    out.append("\\tab ")
                elif ord(char) < 128:
                    out.append(char)
                else:
                    code = ord(char)
                    out.append(f"\\u{code if code < 32768 else code - 65536}{_fold(char)}")
            return "".join(out)
        return "".join(
            "\\line " if b == 10 else "\\" + chr(b) if chr(b) in "\\{}" else chr(b) if 32 <= b < 128 else f"\\'{b:02x}"
            for b in data)

    def items(self, items: list[Item] | tuple, in_table: bool = False) -> str:
        return "".join(self.item(item, in_table) for item in items)

    def item(self, item: Item, in_table: bool = False) -> str:
        if isinstance(item, P):
            return self.para(item, in_table)
        if isinstance(item, Table):
            return self.table(item)
        if isinstance(item, TextBox):
            return ("{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright2400\\shpbottom640\\shpfhdr0\\shpwr3\\shpz0"
                    "{\\sp{\\sn shapeType}{\\sv 202}}{\\sp{\\sn lineColor}{\\sv 255}}{\\sp{\\sn fFilled}{\\sv 0}}"
                    "{\\shptxt " + self.items(item.paras) + "}}}\\pard\\par\n")
        if isinstance(item, WordArt):
            return ("{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright4400\\shpbottom880\\shpfhdr0\\shpwr3\\shpz1"
                    "{\\sp{\\sn shapeType}{\\sv 136}}{\\sp{\\sn fillColor}{\\sv 255}}"
                    "{\\sp{\\sn gtextUNICODE}{\\sv " + self.escape(item.text) + "}}"
                    "{\\sp{\\sn gtextFont}{\\sv Times New Roman}}}}\\pard\\par\n")
        raise TypeError(item)

    def para(self, p: P, in_table: bool = False) -> str:
        fmt = "\\pard\\plain" + ("\\intbl" if in_table else "")
        fmt += {"center": "\\qc", "right": "\\qr"}.get(p.align or "", "")
        if p.border:
            fmt += "".join(f"\\brdr{side}\\brdrdb\\brdrw15\\brdrcf1" for side in "tlbr")
        font = FONTS.index(p.font) if p.font in FONTS else 0
        run_fmt = f"\\f{font}\\fs{p.size * 2}" + ("\\b" if p.bold else "") + ("\\cf1" if p.colour else "")
        run_fmt += "\\caps" if p.caps else ""
        if p.spacing:
            run_fmt += f"\\expndtw{p.spacing}"
        runs = "".join("{" + run_fmt + " " + self.escape(piece, p.font) + "}" for piece in p.pieces())
        if p.footnote is not None:
            runs += ("{\\super\\chftn}{\\footnote\\pard\\plain{\\super\\chftn} "
                     + self.escape(p.footnote) + "}")
        return f"{fmt} {runs}" + ("" if in_table else "\\par") + "\n"

    def table(self, table: Table) -> str:
        out = []
        for row in table.rows:
            width = 9000 // len(row)
            border = "\\clbrdrt\\brdrs\\clbrdrl\\brdrs\\clbrdrb\\brdrs\\clbrdrr\\brdrs" if table.borders else ""
            out.append("\\trowd\\trgaph108" + "".join(f"{border}\\cellx{width * (i + 1)}" for i in range(len(row))))
            for cell in row:
                paras = [self.para(p, in_table=True) for p in cell if isinstance(p, P)]
                out.append("\\par ".join(paras) + "\\cell\n")
            out.append("\\row\n")
        return "".join(out) + "\\pard\n"


def rtf_bytes(doc: Document, encoding: str = "unicode") -> bytes:
    """An RTF document; `encoding` is "unicode" (\\uN, code page 1252) or "cp1258"."""
    rtf = _Rtf(encoding)
    codepage = 1258 if encoding == "cp1258" else 1252
    charset = 163 if encoding == "cp1258" else 0
    fonts = "".join(f"{{\\f{i}\\froman\\fcharset{charset if i == 0 else 0} {name};}}" for i, name in enumerate(FONTS))
    head = (f"{{\\rtf1\\ansi\\ansicpg{codepage}\\deff0\\uc1{{\\fonttbl{fonts}}}"
            "{\\colortbl;\\red255\\green0\\blue0;}\n"
            f"{{\\info{{\\title {rtf.escape(doc.title)}}}{{\\keywords {rtf.escape(doc.keywords)}}}}}\n"
            "\\paperw11906\\paperh16838\\margl1701\\margr1134\\margt1134\\margb1134\n")
    if doc.first_header:
        head += "\\titlepg\n{\\headerf " + rtf.items(doc.first_header) + "}\n"
    if doc.header:
        head += "{\\header " + rtf.items(doc.header) + "}\n"
    if doc.footer:
        head += "{\\footer " + rtf.items(doc.footer) + "}\n"
    return (head + rtf.items(doc.body) + "}").encode("ascii")
