"""Small pieces every document kind needs: the issuing body of a unit (under its parent), the
signer of a person (their post on the day), the level stamp of the items concerned, an item as a
document names it, and citations from the regime in force.

The text these return is the paper's text: Vietnamese whatever the interface language (like the
ledger's), so that a printout regenerated later gives the same bytes."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

from django.utils import translation

from bmnn.core.dates import format_date
from bmnn.core.levels import label, rank
from bmnn.outputs import document as d
from bmnn.outputs import stamps
from bmnn.rulebook.citations import cite


# The place name (địa danh) of Decree 30: bmnn does not keep one for a unit, so it is left for
# the registry to write by hand.
PLACE = "…………"


def vietnamese(build):
    """Run a kind's `build` in Vietnamese: choice labels (a kind of item, a method) are the paper's
    words whatever the language of the person printing."""

    @functools.wraps(build)
    def in_vietnamese(*args, **kwargs):
        with translation.override("vi"):
            return build(*args, **kwargs)

    return in_vietnamese


def issuing_body(unit) -> dict:
    """`body_name` and `parent_body_name` of an AdminDocument for `unit` (Decree 30: the body
    under its direct parent body)."""
    parent = unit.parent if unit.parent_id else None
    return {"body_name": unit.name, "parent_body_name": parent.name if parent else ""}


def position_title(person, on: dt.date, unit=None) -> str:
    """The title of the post `person` holds on `on` (in `unit` when they hold several); ""
    when they hold none that day."""
    tenures = list(person.tenures_on(on))
    if unit is not None:
        tenures = [t for t in tenures if t.position.unit_id == unit.pk] or tenures
    return tenures[0].position.title if tenures else ""


def person_with_title(person, on: dt.date) -> str:
    """"Lê Thị Hoa, Trưởng phòng": a person and the post they hold on `on`."""
    title = position_title(person, on)
    return f"{person.full_name}, {title}" if title else person.full_name


def in_system(on: dt.date | None, verb: str = "Đã ký") -> str:
    """The note under a signature recorded in bmnn: "(Đã ký trên hệ thống ngày 05/01/2026)"."""
    return f"({verb} trên hệ thống ngày {format_date(on)})" if on else ""


def signer_of(person, on: dt.date, *, label: str = "", signed_on: dt.date | None = None, delegation=None,
              verb: str = "Đã ký") -> d.Signer:
    """The signature block of `person` as of `on`: their post's title; "KT. <delegator's title>"
    when they act under a written delegation; the note of a signature recorded in bmnn."""
    title = position_title(person, on)
    capacity = ""
    if delegation is not None:
        capacity = f"KT. {position_title(delegation.delegator, on, delegation.unit)}".strip()
    return d.Signer(name=person.full_name, title=title, capacity=capacity if capacity != "KT." else "",
                    label=label, note=in_system(signed_on, verb))


def blank_signer(label: str) -> d.Signer:
    """A signature to be made on paper: the role, and room for the signature and the name."""
    return d.Signer(name="", label=label, note="(Ký, ghi rõ họ tên)")


def highest_level(levels: Iterable[str]) -> str:
    return max((lv for lv in levels if lv), key=rank, default="")


def level_stamp_of(levels: Iterable[str], on: dt.date) -> stamps.Stamp | None:
    """The secrecy stamp of box 10a: the highest level among the items the document is about."""
    level = highest_level(levels)
    return stamps.level_stamp(level, on) if level else None


def item_summary(item, on: dt.date) -> str:
    """The summary a document may carry: none for a Tuyệt mật item unless the item itself keeps
    one the regime in force allows (rulebook `tuyet_mat_summary`)."""
    from bmnn.records.services.registers import item_summary as summary

    return summary(item, on)


def item_title(item) -> str:
    """An item as a document names it, without its summary: type, number, date and source:
    "Báo cáo số 12/BC-PA03 ngày 10/04/2026 của Phòng An ninh chính trị nội bộ"."""
    parts = [str(item.document_type or item.get_kind_display())]
    if item.reference:
        parts.append(f"số {item.reference}")
    if item.issued_on:
        parts.append(f"ngày {format_date(item.issued_on)}")
    source = item.issuing_unit.name if item.issuing_unit_id else item.issuing_body_external
    if source:
        parts.append(f"của {source}")
    return " ".join(parts)


def item_name(item, on: dt.date) -> str:
    """`item_title`, then the summary where the rule allows it."""
    summary = item_summary(item, on)
    return f"{item_title(item)}: {summary}" if summary else item_title(item)


def level_name(level: str) -> str:
    return label(level) if level else ""


def recipient_names(item) -> list[str]:
    """The item's "Nơi nhận", each with its number of copies."""
    out = []
    for r in item.recipients.select_related("unit", "person").order_by("pk"):
        who = r.unit.name if r.unit_id else r.person.full_name if r.person_id else r.external_name
        out.append(f"{who} ({r.copies:02d} bản)")
    return out


def citation(on: dt.date, *parts: tuple[str, str]) -> str:
    """"Điều 14 Luật BVBMNN 2018; Điều 5 Nghị định 26/2020/NĐ-CP" from (text code, article) pairs,
    as the regime in force on `on` names its texts."""
    return "; ".join(cite(on, code, article, code) for code, article in parts)


def line(label: str, value) -> d.Para:
    """One "Label: value" line of a record (left, no indent); an empty value leaves dots to fill."""
    text = str(value) if value not in (None, "") else "…………………………………………"
    return d.Para(f"{label}: {text}", align="left", indent=False)


def yes_no(value: bool, yes: str = "Có", no: str = "Không") -> str:
    return yes if value else no
