"""A minimal PDF writer, by hand.

Unicode text is drawn with a TrueType font found on the machine (ttf.find_font),
embedded as a subset (Type0 / CIDFontType2, Identity-H) with a ToUnicode map, which is
how Word's "Save as PDF" writes Vietnamese. Legacy lines (".VnTimeH", "VNI-Times") use a
non-embedded simple font of that name with WinAnsiEncoding, which is how "print to PDF"
of a TCVN3 document looks: the text layer carries the surface forms ("TUYÖT MËT").

Without a Vietnamese TrueType font only WinAnsi text can be written; `Unsupported` is
raised for the rest and the generator leaves those cases out (and says so in labels.json).

Also: image-only pages (a scan: no text layer) and the standard security handler
(RC4 128-bit, revision 3) with a user password, so the file cannot be read without it."""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass

from bmnn.scanner.corpus import ttf
from bmnn.scanner.corpus.model import Unsupported

PAGE_W, PAGE_H = 595, 842  # A4 in points
PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")  # ISO 32000-1 7.6.3.3


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text; `y` is its top, in points from the top of the page."""

    text: str
    y: float
    x: float = 72
    size: float = 12
    bold: bool = False
    colour: str | None = None  # "FF0000"
    box: bool = False  # a double red border around it, like the stamp
    font: str | None = None  # ".VnTimeH" / "VNI-Times": a legacy simple font; text is the surface form
    spacing: float = 0  # extra space between characters (Tc), points


def rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) & 0xFF
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) & 0xFF
        j = (j + state[i]) & 0xFF
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) & 0xFF])
    return bytes(out)


class _Security:
    """Standard security handler, V2 / R3, 128-bit key (PDF 1.4, ISO 32000-1 §7.6.3)."""

    def __init__(self, user: str, owner: str, file_id: bytes) -> None:
        self.permissions = -3904  # print and copy refused; any value works for this purpose
        user_pad = (user.encode("latin-1") + PAD)[:32]
        owner_key = hashlib.md5((owner.encode("latin-1") + PAD)[:32]).digest()
        for _ in range(50):
            owner_key = hashlib.md5(owner_key).digest()
        o_value = rc4(owner_key, user_pad)
        for i in range(1, 20):
            o_value = rc4(bytes(b ^ i for b in owner_key), o_value)
        key = hashlib.md5(user_pad + o_value + struct.pack("<i", self.permissions) + file_id).digest()
        for _ in range(50):
            key = hashlib.md5(key).digest()
        u_value = rc4(key, hashlib.md5(PAD + file_id).digest())
        for i in range(1, 20):
            u_value = rc4(bytes(b ^ i for b in key), u_value)
        self.key, self.o_value, self.u_value = key, o_value, u_value + b"\0" * 16

    def encrypt(self, number: int, data: bytes) -> bytes:
        object_key = hashlib.md5(self.key + struct.pack("<i", number)[:3] + b"\0\0").digest()
        return rc4(object_key, data)

    def dictionary(self) -> bytes:
        return (f"<< /Filter /Standard /V 2 /R 3 /Length 128 /P {self.permissions} "
                f"/O <{self.o_value.hex()}> /U <{self.u_value.hex()}> >>").encode()


class _Objects:
    """Numbered objects; streams are Flate-compressed (and encrypted when asked)."""

    def __init__(self) -> None:
        self.bodies: list[bytes | tuple[bytes, bytes]] = []

    def reserve(self) -> int:
        self.bodies.append(b"null")
        return len(self.bodies)

    def put(self, number: int, body: bytes) -> int:
        self.bodies[number - 1] = body
        return number

    def add(self, body: bytes) -> int:
        self.bodies.append(body)
        return len(self.bodies)

    def stream(self, data: bytes, extra: bytes = b"", compress: bool = True) -> int:
        if compress:
            data = zlib.compress(data, 6)
            extra += b" /Filter /FlateDecode"
        self.bodies.append((extra, data))
        return len(self.bodies)

    def serialise(self, root: int, file_id: bytes, security: _Security | None) -> bytes:
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        encrypt_ref = b""
        if security:
            encrypt = self.add(security.dictionary())
            encrypt_ref = f" /Encrypt {encrypt} 0 R".encode()
        for number, body in enumerate(self.bodies, start=1):
            offsets.append(len(out))
            out += f"{number} 0 obj\n".encode()
            if isinstance(body, tuple):
                extra, data = body
                if security:
                    data = security.encrypt(number, data)
                out += b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"
            else:
                out += body
            out += b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.bodies) + 1}\n0000000000 65535 f \n".encode()
        out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
        out += (f"trailer\n<< /Size {len(self.bodies) + 1} /Root {root} 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
                ).encode() + encrypt_ref + f" >>\nstartxref\n{xref}\n%%EOF\n".encode()
        return bytes(out)


def _literal(data: bytes) -> bytes:
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _unicode_font(objects: _Objects, font: ttf.Font, used: set[int], to_unicode: dict[int, str]) -> int:
    program = ttf.subset(font, used)
    file_ref = objects.stream(program, b" /Length1 %d" % len(program))
    descriptor = objects.add(
        b"<< /Type /FontDescriptor /FontName /BMNNAA+CorpusSerif /Flags 6 /FontBBox [-600 -300 2000 1000] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -250 /CapHeight 700 /StemV 80 /FontFile2 %d 0 R >>" % file_ref)
    widths = " ".join(f"{gid} [{font.width(gid)}]" for gid in sorted(used))
    cid = objects.add(
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /BMNNAA+CorpusSerif /CIDSystemInfo << /Registry (Adobe) "
        f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {descriptor} 0 R /DW 500 /W [{widths}] "
        "/CIDToGIDMap /Identity >>".encode())
    entries = [f"<{gid:04x}> <{text.encode('utf-16-be').hex()}>" for gid, text in sorted(to_unicode.items())]
    chunks = [entries[i:i + 100] for i in range(0, len(entries), 100)]
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
            "/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            + "".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar\n" for c in chunks)
            + "endcmap CMapName currentdict /CMap defineresource pop end end")
    unicode_ref = objects.stream(cmap.encode())
    return objects.add(f"<< /Type /Font /Subtype /Type0 /BaseFont /BMNNAA+CorpusSerif /Encoding /Identity-H "
                       f"/DescendantFonts [{cid} 0 R] /ToUnicode {unicode_ref} 0 R >>".encode())


def _simple_font(objects: _Objects, name: str) -> int:
    """A non-embedded WinAnsi font: Helvetica, or a legacy font name the viewer substitutes."""
    if name == "Helvetica":
        return objects.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    descriptor = objects.add(
        f"<< /Type /FontDescriptor /FontName /{name} /Flags 32 /FontBBox [-200 -250 1100 900] /ItalicAngle 0 "
        "/Ascent 900 /Descent -250 /CapHeight 700 /StemV 80 >>".encode())
    widths = " ".join("600" for _ in range(32, 256))
    return objects.add(f"<< /Type /Font /Subtype /TrueType /BaseFont /{name} /FirstChar 32 /LastChar 255 "
                       f"/Widths [{widths}] /Encoding /WinAnsiEncoding /FontDescriptor {descriptor} 0 R >>".encode())


def pdf_bytes(pages: list[list[Line]], *, password: str | None = None, file_id: bytes | None = None) -> bytes:
    """A PDF with one page per list of lines. With `password`, the file is encrypted
    with that user password (a reader without it sees nothing)."""
    font = ttf.find_font()
    unicode_lines = [line for page in pages for line in page if line.font is None]
    needs_unicode = any(not _winansi(line.text) for line in unicode_lines)
    if needs_unicode and font is None:
        raise Unsupported("no TrueType font with Vietnamese glyphs on this machine")
    if font is not None and needs_unicode and not all(font.covers(line.text) for line in unicode_lines):
        raise Unsupported(f"{font.path.name} lacks glyphs for this text")
    use_ttf = needs_unicode
    objects = _Objects()
    catalog, pages_ref = objects.reserve(), objects.reserve()
    used, to_unicode = {0}, {}
    legacy = sorted({line.font for page in pages for line in page if line.font})
    page_refs, contents = [], []
    for page in pages:
        ops = []
        for line in page:
            ops.append(_draw(line, font if use_ttf and line.font is None else None, used, to_unicode,
                             f"/F{2 + legacy.index(line.font)}" if line.font else "/F1"))
        contents.append("\n".join(ops).encode("latin-1"))
    f1 = _unicode_font(objects, font, used, to_unicode) if use_ttf else _simple_font(objects, "Helvetica")
    fonts = f"/F1 {f1} 0 R " + "".join(
        f"/F{2 + i} {_simple_font(objects, name)} 0 R " for i, name in enumerate(legacy))
    for content in contents:
        stream = objects.stream(content)
        page_refs.append(objects.add(
            f"<< /Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
            f"/Resources << /Font << {fonts}>> >> /Contents {stream} 0 R >>".encode()))
    objects.put(pages_ref, f"<< /Type /Pages /Kids [{' '.join(f'{r} 0 R' for r in page_refs)}] "
                           f"/Count {len(page_refs)} >>".encode())
    objects.put(catalog, f"<< /Type /Catalog /Pages {pages_ref} 0 R >>".encode())
    file_id = file_id or hashlib.md5(b"".join(contents)).digest()
    security = _Security(password, password + "-owner", file_id) if password else None
    return objects.serialise(catalog, file_id, security)


def _winansi(text: str) -> bool:
    try:
        text.encode("cp1252")
        return True
    except UnicodeEncodeError:
        return False


def _draw(line: Line, font: ttf.Font | None, used: set[int], to_unicode: dict[int, str], name: str) -> str:
    """The content-stream operators for one line (and its box)."""
    baseline = PAGE_H - line.y - line.size
    if font is not None:
        gids = [font.glyph(c) for c in line.text]
        for gid, char in zip(gids, line.text):
            used.add(gid)
            to_unicode.setdefault(gid, char)
        shown = "<" + "".join(f"{g:04x}" for g in gids) + ">"
        width = sum(font.width(g) for g in gids) * line.size / 1000
    else:
        shown = _literal(line.text.encode("cp1252", "replace")).decode("latin-1")
        width = 0.6 * line.size * len(line.text) if line.font else 0.55 * line.size * len(line.text)
    width += line.spacing * len(line.text)
    ops = ["q"]
    if line.colour:
        r, g, b = (int(line.colour[i:i + 2], 16) / 255 for i in (0, 2, 4))
        ops.append(f"{r:.3f} {g:.3f} {b:.3f} rg {r:.3f} {g:.3f} {b:.3f} RG")
    if line.box:
        for inset in (0, 2.5):
            ops.append(f"1.2 w {line.x - 6 + inset:.2f} {baseline - 6 + inset:.2f} "
                       f"{width + 12 - 2 * inset:.2f} {line.size + 10 - 2 * inset:.2f} re S")
    ops.append("BT")
    if line.bold:
        ops.append("2 Tr 0.4 w")
    if line.spacing:
        ops.append(f"{line.spacing:.2f} Tc")
    ops.append(f"{name} {line.size:g} Tf {line.x:.2f} {baseline:.2f} Td {shown} Tj ET Q")
    return " ".join(ops)


def image_pdf_bytes(rgb: bytes, width: int, height: int) -> bytes:
    """A one-page PDF holding only a picture (a scan): no text layer at all."""
    objects = _Objects()
    catalog, pages_ref = objects.reserve(), objects.reserve()
    image = objects.stream(rgb, f" /Type /XObject /Subtype /Image /Width {width} /Height {height} "
                                "/ColorSpace /DeviceRGB /BitsPerComponent 8".encode())
    content = objects.stream(f"q {PAGE_W} 0 0 {PAGE_H} 0 0 cm /Im1 Do Q".encode())
    page = objects.add(f"<< /Type /Page /Parent {pages_ref} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                       f"/Resources << /XObject << /Im1 {image} 0 R >> >> /Contents {content} 0 R >>".encode())
    objects.put(pages_ref, f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>".encode())
    objects.put(catalog, f"<< /Type /Catalog /Pages {pages_ref} 0 R >>".encode())
    return objects.serialise(catalog, hashlib.md5(rgb[:4096]).digest(), None)


def scan_of(pdf: bytes, dpi: int = 72) -> tuple[bytes, int, int]:
    """Render page 1 of `pdf` to RGB pixels (what a scanner would produce), with PDFium."""
    import pypdfium2 as pdfium  # an engine dependency; imported only when a scan is wanted

    document = pdfium.PdfDocument(pdf)
    try:
        bitmap = document[0].render(scale=dpi / 72, rev_byteorder=True)
        width, height, stride, channels = bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels
        raw = bytes(bitmap.buffer)
    finally:
        document.close()
    rows = []
    for y in range(height):
        row = raw[y * stride:y * stride + width * channels]
        rows.append(row if channels == 3 else b"".join(row[i:i + 3] for i in range(0, len(row), channels)))
    return b"".join(rows), width, height
