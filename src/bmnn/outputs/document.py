"""An administrative document in the layout of Decree 30/2020 (Appendix I), as data.

Producers (decisions, records, requests, reports) build an `AdminDocument`; `outputs.pdf` and
`outputs.docx` lay it out. The elements, in the order the decree lists them: national name and
motto; issuing body under its parent body; number and symbol; place and date; type and summary;
body; signer's capacity, title and name; recipients. The secrecy stamp sits in box 10a, under the
number and symbol, with any other marks (recall, copy number) below it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bmnn.core.dates import formal_date
from bmnn.outputs.stamps import Stamp

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
NBSP = "\u00a0"


@dataclass
class Para:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify | left | center | right
    indent: bool = True  # first-line indent of 1 cm (body text)
    size: float = 14


@dataclass
class Heading:
    """A section heading inside the body ("I. TÌNH HÌNH …"), bold, left."""

    text: str
    size: float = 14


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative
    numbered: bool = False  # a second header row (1) … (n)
    size: float = 12
    align: list[str] | None = None  # per column: left | center | right


@dataclass
class Signer:
    name: str
    title: str = ""  # "GIÁM ĐỐC", "CHỦ TỊCH HỘI ĐỒNG"
    capacity: str = ""  # "KT. GIÁM ĐỐC", "TM. HỘI ĐỒNG" (Decree 30 Art. 13; vietnamese.md §1.3)
    label: str = ""  # a role in a record: "NGƯỜI LẬP BIÊN BẢN"
    note: str = ""  # "(Đã ký điện tử lúc …)" where the signature is recorded in bmnn


@dataclass
class Signatures:
    """Several signatures side by side (minutes, records signed by every member)."""

    signers: list[Signer]
    columns: int = 2


@dataclass
class Stamps:
    """Stamps placed in the body (an envelope face, a stamp sheet)."""

    stamps: list[Stamp]
    align: str = "left"


Block = Para | Heading | Table | Signatures | Stamps


@dataclass
class AdminDocument:
    body_name: str
    doc_type: str  # "QUYẾT ĐỊNH", "BIÊN BẢN", "VĂN BẢN ĐỀ NGHỊ"
    summary: str = ""  # "Về việc gia hạn thời hạn bảo vệ bí mật nhà nước"
    parent_body_name: str = ""
    number: str = ""  # "05/QĐ-KBNN"; empty: the registry writes it when issuing
    symbol: str = ""  # when the number is to be written by hand: "QĐ-KBNN" → "Số:      /QĐ-KBNN"
    place: str = ""
    date: dt.date | None = None  # None: "ngày … tháng … năm …" written by hand
    year: int | None = None  # the year printed when the date is left blank
    level_stamp: Stamp | None = None  # box 10a
    marks: list[Stamp] = field(default_factory=list)  # under the secrecy stamp
    addressees: list[str] = field(default_factory=list)  # "Kính gửi: …"
    blocks: list[Block] = field(default_factory=list)
    signer: Signer | None = None
    recipients: list[str] = field(default_factory=list)
    filing: str = ""  # "VT, PKT" → "- Lưu: VT, PKT."
    mark_line: str = ""  # "In từ hệ thống bmnn …", in the footer of every page
    title: str = ""  # file metadata
    landscape: bool = False

    @property
    def number_line(self) -> str:
        if self.number:
            return f"Số: {self.number}"
        # No-break spaces: the gap where the registry writes the number by hand must survive layout.
        return f"Số:{NBSP * 10}/{self.symbol}" if self.symbol else "Số:"

    @property
    def date_line(self) -> str:
        gap = NBSP * 6
        written = formal_date(self.date) if self.date else f"ngày{gap}tháng{gap}năm {self.year or ''}".rstrip()
        return f"{self.place}, {written}" if self.place else written[0].upper() + written[1:]

    @property
    def recipient_lines(self) -> list[str]:
        """"- X;" for each recipient and "- Lưu: …." last (Decree 30 Appendix I)."""
        lines = [f"- {name};" for name in self.recipients]
        if self.filing:
            lines.append(f"- Lưu: {self.filing}.")
        return lines
