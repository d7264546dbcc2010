"""Printing registers: a volume, a year's series (every volume, each with its cover) or the inventory,
as PDF or DOCX. Printing is an act (outputs.services.issue: a Printout row and its ledger event); only
the unit's register keepers may print, and to anyone else the register does not exist (404), as on
its pages. The printout keeps its parameters (what, who, the form version, the moment `as_of`), from
which `reprint` makes the same file again and says whether it is identical."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bmnn.core.dates import format_date
from bmnn.core.errors import Refused
from bmnn.core.levels import label
from bmnn.outputs import register_docx, register_pdf
from bmnn.outputs.models import OutputFormat, Printout
from bmnn.outputs.registers import INVENTORY, KINDS, RegisterPrint, collect
from bmnn.outputs.services import PrintMark, Rendered, issue, regenerate, register_builder
from bmnn.records.models import Register, RegisterKind
from bmnn.records.services.permissions import KEEPER_BASIS, is_register_keeper, require_register_reader
from bmnn.rulebook.forms import form_set_on

FORM_PREFIX = "register."
FORMATS = (OutputFormat.PDF.value, OutputFormat.DOCX.value)
RENDERERS = {OutputFormat.PDF.value: register_pdf.render, OutputFormat.DOCX.value: register_docx.render}
SERIES_TYPE, INVENTORY_TYPE, VOLUME_TYPE = "records.registerseries", "records.inventory", "records.register"
PRINT_BASIS = "Điều 4 khoản 7 Nghị định 26/2020/NĐ-CP; Điều 3 khoản 3 Thông tư 24/2020/TT-BCA"


def kind_name(kind: str) -> str:
    return _("Thống kê bí mật nhà nước") if kind == INVENTORY else str(RegisterKind(kind).label)


def _kind_name_vi(kind: str) -> str:
    """The name that goes into the ledger and the file's metadata: Vietnamese whatever the language."""
    with translation.override(None):
        return kind_name(kind)


# --- The builder (also used by outputs.services.regenerate) -------------------------------------

def title_of(params: dict) -> str:
    """The printout's name: the register, unit, year and volume; never any line's content."""
    name = _kind_name_vi(params["kind"])
    unit = params.get("unit_code", "")
    if params["kind"] == INVENTORY:
        return (f"{name} {unit} từ {format_date(dt.date.fromisoformat(params['date_from']))} đến "
                f"{format_date(dt.date.fromisoformat(params['date_to']))}")
    volume = f", quyển {params['volume']}" if params.get("volume") else ""
    return f"{name} {unit} năm {params['year']}{volume}"


def filename_of(params: dict, fmt: str) -> str:
    return f"{title_of(params).replace('/', '-')}.{fmt}"


def render(printed: RegisterPrint, params: dict, fmt: str, mark: PrintMark) -> Rendered:
    if fmt not in RENDERERS:
        raise Refused(_("Sổ đăng ký chỉ in ra PDF hoặc DOCX."), rule="outputs.register_format")
    # A register is printed in Vietnamese whatever the language of the screen that asked for it, and
    # so the same bytes whoever makes it again.
    with translation.override(None):
        return RENDERERS[fmt](printed, mark, title_of(params))


def read(params: dict) -> RegisterPrint:
    with translation.override(None):
        return collect(params)


def build(params: dict, fmt: str, mark: PrintMark) -> Rendered:
    return render(read(params), params, fmt, mark)


register_builder(FORM_PREFIX, build)


# --- The acts -------------------------------------------------------------------------------------

def _moment() -> dt.datetime:
    return timezone.now()


def form_version(year: int, moment: dt.datetime) -> str:
    """The layout in force for the year printed: on its last day, or today for the current year."""
    return form_set_on("registers", min(timezone.localdate(moment), dt.date(year, 12, 31))).version


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise Refused(_("Định dạng “%(fmt)s” không in được; chọn PDF hoặc DOCX.") % {"fmt": fmt},
                      rule="outputs.register_format", field="format")


def _print(actor, unit, params: dict, fmt: str, *, obj=None, object_type: str = "", object_id: str = ""):
    _check_format(fmt)
    params = {**params, "person": actor.pk, "unit": unit.pk, "unit_code": unit.code}
    printed = read(params)
    return issue(actor, form=FORM_PREFIX + params["kind"], form_version=params["form_version"], fmt=fmt, unit=unit,
                 obj=obj, object_type=object_type, object_id=object_id, params=params, level=printed.level,
                 title=title_of(params), filename=filename_of(params, fmt),
                 render=lambda p, f, mark: render(printed, p, f, mark))


def print_volume(actor, register: Register, fmt: str):
    """One volume (quyển) with its cover. Returns (Printout, bytes)."""
    require_register_reader(actor, register.unit)
    moment = _moment()
    params = {"kind": register.kind, "register": register.pk, "year": register.year, "volume": register.volume,
              "form_version": form_version(register.year, moment), "as_of": moment.isoformat()}
    return _print(actor, register.unit, params, fmt, obj=register)


def print_series(actor, unit, kind: str, year: int, fmt: str, volume: int | None = None):
    """A year's register of one kind (every volume, each with its cover), or one volume of it."""
    require_register_reader(actor, unit)
    if kind == INVENTORY:
        return print_inventory(actor, unit, dt.date(year, 1, 1), dt.date(year, 12, 31), fmt)
    if kind not in RegisterKind.values:
        raise Refused(_("Không có loại sổ “%(kind)s”; chọn một trong: %(kinds)s.")
                      % {"kind": kind, "kinds": ", ".join(KINDS)}, rule="outputs.register_kind", field="kind")
    volumes = Register.objects.filter(unit=unit, kind=kind, year=year)
    if volume is not None:
        register = volumes.filter(volume=volume).first()
        if register is None:
            raise Refused(_("%(register)s năm %(year)s của %(unit)s không có quyển %(volume)s.")
                          % {"register": kind_name(kind), "year": year, "unit": unit.name, "volume": volume},
                          rule="outputs.register_volume", field="volume")
        return print_volume(actor, register, fmt)
    moment = _moment()
    params = {"kind": kind, "year": year, "form_version": form_version(year, moment), "as_of": moment.isoformat()}
    return _print(actor, unit, params, fmt, object_type=SERIES_TYPE, object_id=series_id(unit.pk, kind, year))


def print_inventory(actor, unit, date_from: dt.date, date_to: dt.date, fmt: str):
    require_register_reader(actor, unit)
    date_from, date_to = min(date_from, date_to), max(date_from, date_to)
    moment = _moment()
    params = {"kind": INVENTORY, "date_from": date_from.isoformat(), "date_to": date_to.isoformat(),
              "year": date_to.year, "form_version": form_version(date_to.year, moment), "as_of": moment.isoformat()}
    return _print(actor, unit, params, fmt, object_type=INVENTORY_TYPE,
                  object_id=f"{unit.pk}:{date_from.isoformat()}:{date_to.isoformat()}")


def series_id(unit_id: int, kind: str, year: int) -> str:
    return f"{unit_id}:{kind}:{year}"


# --- The printouts of a register, and printing one again --------------------------------------------

def _register_printouts():
    return Printout.objects.filter(form__startswith=FORM_PREFIX).select_related("printed_by")


def printouts_of_volume(register: Register):
    return _register_printouts().filter(object_type=VOLUME_TYPE, object_id=str(register.pk))


def printouts_of_series(unit, kind: str, year: int):
    volumes = [str(pk) for pk in Register.objects.filter(unit=unit, kind=kind, year=year).values_list("pk", flat=True)]
    return _register_printouts().filter(Q(object_type=SERIES_TYPE, object_id=series_id(unit.pk, kind, year))
                                        | Q(object_type=VOLUME_TYPE, object_id__in=volumes))


def printouts_of_inventory(unit):
    return _register_printouts().filter(object_type=INVENTORY_TYPE, unit=unit)


def printouts_for(person, *, unit=None, kind: str = "", year: int | None = None):
    """The register printouts of the units whose registers `person` keeps (for the API list)."""
    from bmnn.records.services.permissions import units_kept_by

    units = [u.pk for u in units_kept_by(person)]
    printouts = _register_printouts().filter(unit_id__in=units)
    if unit is not None:
        printouts = printouts.filter(unit=unit)
    if kind in KINDS:
        printouts = printouts.filter(form=FORM_PREFIX + kind)
    if year:
        printouts = printouts.filter(params__year=year)
    return printouts


def printout_for(person, pk) -> Printout:
    """A register printout its unit's keepers may see; 404 for anyone else and for other printouts."""
    printout = _register_printouts().select_related("unit").filter(pk=pk).first()
    if printout is None or printout.unit is None or not is_register_keeper(person, printout.unit):
        raise Http404(_("Không tìm thấy."))
    return printout


@dataclass
class Reprinted:
    printout: Printout
    content: bytes
    identical: bool


def reprint(actor, printout: Printout) -> Reprinted:
    """The same file again from its row (ledger: outputs.reprint), and whether it is byte-identical."""
    printout = printout_for(actor, printout.pk)
    content, identical = regenerate(actor, printout)
    return Reprinted(printout, content, identical)


def level_label(printout: Printout) -> str:
    return label(printout.level) if printout.level else ""
