"""What every document about secret items needs from the records, whatever the act: the issuing
body of a unit (with its parent), the signer a person is (their position's title on the day, and
the capacity they signed in), the level stamp of the items concerned (the highest among them),
the "Căn cứ …" lines of the regime's texts, how an item and a copy are named on paper, and the
note under a signature recorded in bmnn.

Facts come from the records only; nothing here reads the clock (a printout must regenerate
byte for byte from its row)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Iterable

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bmnn.core.dates import format_date, formal_date
from bmnn.core.levels import label, rank
from bmnn.outputs import document as d
from bmnn.outputs import stamps
from bmnn.rulebook import citations, loader
from bmnn.rulebook.citations import cite

# The texts a decision cites first, in order; under a regime the first of each group that the
# regime lists (the 2026 regime lists the 2025 law and carries the 2018 one for what it applies on).
LAW_TEXTS = ("LAW_2025", "LAW_2018")
# The place name (địa danh) of Decree 30: bmnn does not keep one for a unit, so it is left for
# the registry to write by hand.
PLACE = "…………"
DECREE_TEXTS = ("DECREE_63_2026", "DECREE_26_2020")


def first_or_404(queryset, pk: int):
    """The row `pk` of a visibility-filtered queryset, or the same 404 as the object's page."""
    from django.http import Http404

    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404(_("Không tìm thấy."))
    return row


def vietnamese(build):
    """Run a kind's `build` in Vietnamese: the paper's words (and a regenerated printout's bytes) do not
    depend on the language of the person printing."""

    @functools.wraps(build)
    def in_vietnamese(*args, **kwargs):
        with translation.override("vi"):
            return build(*args, **kwargs)

    return in_vietnamese


# --- The body and the signer ------------------------------------------------------------------

def issuing_body(unit) -> dict:
    """`body_name` and `parent_body_name` of an AdminDocument issued by `unit` (Decree 30 Art. 8.2)."""
    return {"body_name": unit.name, "parent_body_name": unit.parent.name if unit.parent_id else ""}


def _tenures(person, on: dt.date):
    from bmnn.org.models import Tenure

    return list(Tenure.objects.held_on(on).filter(person=person).select_related("position", "position__unit"))


def _in_order_of(unit, tenures) -> list:
    """Tenures in `unit` first, then in the units above it, then the rest."""
    from bmnn.org.models import Unit

    chain = Unit.objects.ancestor_ids(unit.pk) if unit is not None else []
    order = {pk: i for i, pk in enumerate(chain)}
    return sorted(tenures, key=lambda t: (order.get(t.position.unit_id, len(order)), t.pk))


def position_title(person, on: dt.date, unit=None) -> str:
    """The title of the post `person` held on `on`, preferring one in `unit` or a unit above it."""
    tenures = _in_order_of(unit, _tenures(person, on))
    return tenures[0].position.title if tenures else ""


def deciding_unit(person, unit, on: dt.date):
    """The unit whose head `person` decided as: their post in `unit` or the nearest unit above it
    (a provincial director deciding for one of the divisions issues from the province)."""
    tenures = _in_order_of(unit, _tenures(person, on))
    return tenures[0].position.unit if tenures else unit


def signer_of(person, on: dt.date, *, unit=None, delegation=None, label: str = "", signed_on=None,
              verb: str = "Đã ký") -> d.Signer:
    """The signature block of `person` deciding for `unit` on `on` (Decree 30 Art. 13; vietnamese.md §1.3).
    A decision taken under a written delegation is signed "KT." for the delegating head when the
    signer is a deputy (cấp phó ký thay), "TUQ." otherwise (ký thừa ủy quyền). `signed_on`: the note
    of a signature recorded in bmnn."""
    title = position_title(person, on, unit)
    capacity = ""
    if delegation is not None:
        from bmnn.org.models import Role

        head_title = position_title(delegation.delegator, on, unit)
        deputy = any(t.position.role == Role.DEPUTY for t in _tenures(person, on))
        capacity = f"{'KT.' if deputy else 'TUQ.'} {head_title}".strip()
    return d.Signer(name=person.full_name, title=title, capacity=capacity, label=label,
                    note=in_system(signed_on, verb))


def person_with_title(person, on: dt.date) -> str:
    """"Lê Thị Hoa, Trưởng phòng": a person and the post they hold on `on`."""
    title = position_title(person, on)
    return f"{person.full_name}, {title}" if title else person.full_name


def in_system(on: dt.date | None, verb: str = "Đã ký") -> str:
    """The note under a signature recorded in bmnn: "(Đã ký trên hệ thống ngày 05/01/2026)"."""
    return f"({verb} trên hệ thống ngày {format_date(on)})" if on else ""


def blank_signer(label: str) -> d.Signer:
    """A signature to be made on paper: the role, and room for the signature and the name."""
    return d.Signer(name="", label=label, note="(Ký, ghi rõ họ tên)")


def at(when: dt.datetime) -> str:
    """"09:30 ngày 04/05/2026" in local time."""
    return timezone.localtime(when).strftime("%H:%M ngày %d/%m/%Y")


def signed_note(when: dt.datetime | dt.date) -> str:
    """Under a signature recorded in bmnn: "(Đã ký trên hệ thống ngày 04/05/2026 lúc 09:30)"."""
    if isinstance(when, dt.datetime):
        local = timezone.localtime(when)
        return _("(Đã ký trên hệ thống ngày %(date)s lúc %(time)s)") % {
            "date": local.strftime("%d/%m/%Y"), "time": local.strftime("%H:%M")}
    return _("(Đã ký trên hệ thống ngày %(date)s)") % {"date": when.strftime("%d/%m/%Y")}


# --- Levels --------------------------------------------------------------------------------------

def highest_level(levels: Iterable[str]) -> str:
    """The highest of `levels` ("" when there is none)."""
    found = [level for level in levels if level]
    return max(found, key=rank) if found else ""


def level_stamp_of(levels: Iterable[str], on: dt.date):
    """The secrecy stamp for box 10a: the highest level among the items the document is about."""
    level = highest_level(levels)
    return stamps.level_stamp(level, on) if level else None


def level_name(level: str) -> str:
    return label(level) if level else ""


# --- Citations -----------------------------------------------------------------------------------

def _first_text(on: dt.date, codes: tuple[str, ...]):
    texts = citations.texts_on(on)
    return next((texts[code] for code in codes if code in texts), None)


def basis_lines(on: dt.date, *extra: str) -> list[d.Para]:
    """"Căn cứ …;" for the law and the decree of the regime in force on `on` (their full titles),
    then each of `extra` (an article citation or a paper: "Điều 20 khoản 2 Luật BVBMNN 2018")."""
    lines = []
    for codes in (LAW_TEXTS, DECREE_TEXTS):
        text = _first_text(on, codes)
        if text is not None:
            lines.append(text.title)
    lines += [line for line in extra if line]
    return [d.Para(_("Căn cứ %(text)s;") % {"text": line}, italic=True) for line in dict.fromkeys(lines)]


def notice_days(key: str, on: dt.date, default: int = 15) -> int:
    """Days a notice may take under the regime in force on `on` (rulebook deadline `key`)."""
    regime = loader.regime_on(on)
    deadline = regime.deadlines.get(key) if regime else None
    return deadline.days if deadline else default


# --- Items and copies on paper -------------------------------------------------------------------

def summary_on_paper(item, on: dt.date) -> str:
    """The item's summary when it may be written (rule tuyet_mat_summary: see `item_summary`)."""
    return item_summary(item, on)


def item_description(item, on: dt.date) -> str:
    """"Số, ký hiệu; tên loại; ngày; trích yếu" of an item, as far as they are recorded and allowed."""
    parts = [item.label]
    kind = item.document_type or item.get_kind_display()
    if kind:
        parts.append(str(kind))
    if item.issued_on:
        parts.append(_("ngày %(date)s") % {"date": item.issued_on.strftime("%d/%m/%Y")})
    summary = summary_on_paper(item, on)
    if summary:
        parts.append(summary)
    return "; ".join(parts)


def copy_number(copy) -> str:
    """"Bản số 01" / "Bản sao số 02"."""
    return str(copy).rsplit(" – ", 1)[-1]


def holder(copy) -> str:
    """Who holds the copy (a person or a unit), with where it is kept."""
    who = copy.custodian_person.full_name if copy.custodian_person_id else (
        copy.custodian_unit.name if copy.custodian_unit_id else "")
    return f"{who} – {copy.storage_place}" if copy.storage_place else who


def dmy(day: dt.date | None) -> str:
    """dd/mm/yyyy, or "—" when there is no date."""
    return day.strftime("%d/%m/%Y") if day else "—"


def formal(day: dt.date | None) -> str:
    return formal_date(day) if day else ""


def title_of_body(title: str, body: str) -> str:
    """"Giám đốc" + "Công an tỉnh Sơn Hà" → "Giám đốc Công an tỉnh Sơn Hà"; the words the two share
    are written once: "Trưởng phòng" + "Phòng An ninh" → "Trưởng phòng An ninh"."""
    head, tail = title.split(), body.split()
    for n in range(min(len(head), len(tail)), 0, -1):
        if [w.casefold() for w in head[-n:]] == [w.casefold() for w in tail[:n]]:
            return " ".join(head + tail[n:])
    return " ".join(head + tail)


def decision_heading(title: str, unit) -> d.Para:
    """The line above the "Căn cứ" lines of a decision: the decider's title and body ("GIÁM ĐỐC
    CÔNG AN TỈNH SƠN HÀ"), centred and bold."""
    return d.Para(title_of_body(title, unit.name).upper(), bold=True, align="center", indent=False)


def decides() -> d.Para:
    return d.Para(_("QUYẾT ĐỊNH:"), bold=True, align="center", indent=False)


def article(number: int, text: str) -> d.Para:
    return d.Para(_("Điều %(n)s. %(text)s") % {"n": number, "text": text})


def filing(unit) -> str:
    """"VT, <unit code>": the registry and the drafting unit keep a copy (Decree 30, Nơi nhận)."""
    return f"VT, {unit.code}" if unit.code else "VT"


# --- Holders notified of a decision --------------------------------------------------------------

def notified(item, act: str, act_id: int) -> list[tuple[str, str]]:
    """(holder, their copies) for each written notice the decision owes (Law 2018 Arts. 20.4, 21, 22.6)."""
    from bmnn.records.services.notices import notices_of

    out = []
    for notice in notices_of(item, act, act_id).prefetch_related("copies", "copies__item").order_by("pk"):
        copies = ", ".join(copy_number(c).lower() for c in notice.copies.order_by("origin", "number"))
        out.append((notice.recipient_name, copies))
    return out


def holder_recipients(holders: list[tuple[str, str]], article_number: int = 2) -> list[str]:
    """Nơi nhận of a decision with a notice article: "Như Điều 2" and each holder."""
    if not holders:
        return []
    return [_("Như Điều %(n)s") % {"n": article_number}] + [name for name, _copies in holders]


def holder_lines(holders: list[tuple[str, str]]) -> list[d.Para]:
    return [d.Para(f"- {name}" + (f" ({copies})" if copies else "") + ";", indent=True) for name, copies in holders]


# --- A decision (QUYẾT ĐỊNH) ---------------------------------------------------------------------

def notice_article(number: int, *, unit, on: dt.date, key: str, holders: list[tuple[str, str]],
                   what: str) -> list[d.Block]:
    """"Điều n. Within 15 days … notify in writing …" and the holders, one a line."""
    blocks = [article(number, _(
        "Trong thời hạn %(days)s ngày kể từ ngày ký Quyết định này, %(unit)s thông báo bằng văn bản cho các cơ "
        "quan, tổ chức, cá nhân đang quản lý tài liệu, vật chứa bí mật nhà nước nêu tại Điều 1; nơi nhận thông "
        "báo %(what)s trên bản mình đang quản lý:") % {"days": notice_days(key, on), "unit": unit.name, "what": what})]
    if holders:
        return blocks + holder_lines(holders)
    return blocks + [d.Para(_("(Không có cơ quan, tổ chức, cá nhân nào khác đang quản lý tài liệu.)"), italic=True)]


def closing_article(number: int, unit, responsible: str = "") -> d.Para:
    """"Điều n. Hiệu lực …; những người thi hành": the unit's registry and officer, and `responsible`."""
    others = responsible or _("các cơ quan, tổ chức, cá nhân có tên tại Điều %(n)s") % {"n": number - 1}
    return article(number, _(
        "Quyết định này có hiệu lực kể từ ngày ký. Văn thư, người làm công tác bảo vệ bí mật nhà nước của %(unit)s "
        "và %(others)s chịu trách nhiệm thi hành Quyết định này.") % {"unit": unit.name, "others": others})


def decision(*, unit, on: dt.date, reference: str, signer: d.Signer, summary: str, level: str, basis: list[str],
             considering: list, articles: list, recipients: list[str]) -> d.AdminDocument:
    """A QUYẾT ĐỊNH of `unit` in the Decree 30 layout: the decider's title and body, "Căn cứ" lines
    (the regime's law and decree, then `basis`), what was considered, "QUYẾT ĐỊNH:", the articles."""
    return d.AdminDocument(
        **issuing_body(unit), doc_type=_("QUYẾT ĐỊNH"), summary=summary, number=reference, date=on,
        level_stamp=level_stamp_of([level], on),
        blocks=[decision_heading(signer.title, unit), *basis_lines(on, *basis), *considering, decides(), *articles],
        signer=signer, recipients=recipients, filing=filing(unit), title=f"{summary} {reference}")


def paper_of(what: str, reference: str, day: dt.date | None) -> str:
    """"Quyết định số 05/QĐ-HĐTH ngày 04/05/2026 thành lập Hội đồng tiêu hủy"-style citation of a paper."""
    when = _(" ngày %(date)s") % {"date": day.strftime("%d/%m/%Y")} if day else ""
    return _("%(what)s số %(reference)s%(when)s") % {"what": what, "reference": reference, "when": when}


# --- Requests and records (Mẫu 01, 10, 13, 17; carry-out) -----------------------------------------

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
