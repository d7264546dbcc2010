"""Exporting a list is an act: allowed by role, recorded in the ledger.

Order of the checks, as everywhere: a list the person may not see at all is 404 (raised by the
spec, before anything else); then the rulebook's `exports` forms say which roles may export the
list on that day (an installation rule with its basis, refused in Vietnamese naming both); then
the file is made and `outputs.services.issue` writes the Printout row and the `outputs.export`
ledger event in one transaction. The builder takes only the row's parameters (list code,
filters, person) and the print mark, so `outputs.services.regenerate` remakes the same bytes."""

from __future__ import annotations

import datetime as dt
from itertools import islice
from typing import Mapping

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bmnn.core.access import today
from bmnn.core.errors import Refused
from bmnn.org import selectors
from bmnn.org.models import Person, Role
from bmnn.outputs import services
from bmnn.outputs.export import spec as specs
from bmnn.outputs.export import workbook
from bmnn.outputs.models import OutputFormat, OutputKind
from bmnn.rulebook.forms import form_set_on

FORM_PREFIX = "export."
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rule_for(code: str, on):
    """(form set, entry) of the `exports` rule for list `code` in force on `on`; entry None if none."""
    forms = form_set_on("exports", on)
    return forms, forms.entries.get(code)


def require_export_role(person, spec: specs.ListSpec, unit, on) -> str:
    """The version of the rule applied; Refused (rule and basis) when the person's roles do not allow it."""
    forms, entry = rule_for(spec.code, on)
    roles = list(entry["roles"]) if entry is not None else []
    scope = [unit.pk] if (unit is not None and spec.role_in_unit) else None
    if roles and selectors.holds_role(person, roles, scope, on):
        return forms.version
    allowed = ", ".join(str(Role(r).label) for r in roles) or _("không ai")
    where = (_(" của %(unit)s") % {"unit": unit.name}) if scope else ""
    raise Refused(
        _("Đồng chí không được xuất danh sách “%(list)s” ra tệp Excel: tệp xuất ra là một bản không được kiểm "
          "soát, nên chỉ %(roles)s%(where)s mới được xuất (quy tắc %(rule)s, phiên bản %(version)s).")
        % {"list": spec.name, "roles": allowed, "where": where, "rule": f"exports.{spec.code}",
           "version": forms.version},
        rule=f"exports.{spec.code}", basis=entry.citation if entry is not None else "")


def _context(person, code: str, filters: Mapping, on, until) -> tuple[specs.ListSpec, specs.ExportContext]:
    spec = specs.get(code)
    return spec, specs.ExportContext(person, spec.kept_params(filters), on, until)


def _stable(rows):
    """A queryset in the page's order with the key as the last tie-break: the same rows always come
    in the same order, so the file can be made again byte for byte."""
    if not isinstance(rows, QuerySet):
        return rows
    ordering = list(rows.query.order_by) or list(rows.model._meta.ordering)
    return rows.order_by(*ordering, "pk").iterator(chunk_size=2000)


def _rows(spec: specs.ListSpec, ctx: specs.ExportContext) -> list:
    rows = list(islice(iter(_stable(spec.rows(ctx))), specs.MAX_ROWS + 1))
    if len(rows) > specs.MAX_ROWS:
        raise Refused(_("Danh sách có hơn %(max)s dòng: hãy lọc hẹp hơn (đơn vị, năm, ngày…) rồi xuất lại.")
                      % {"max": f"{specs.MAX_ROWS:,}".replace(",", ".")}, rule="exports.too_many_rows")
    return rows


def build(params: dict, fmt: str, mark: services.PrintMark) -> services.Rendered:
    """Make the file from the row's parameters and the mark alone (first export and regeneration)."""
    person = Person.objects.get(pk=params["person"])
    with translation.override("vi"):
        spec, ctx = _context(person, params["list"], params.get("filters") or {}, mark.local.date(),
                             mark.printed_at + dt.timedelta(seconds=1))
        rows = _rows(spec, ctx)
        unit = spec.unit(ctx)
        sheet = workbook.Sheet(spec.title_for(ctx), unit.name if unit is not None else "", spec.filters_applied(ctx))
        content = workbook.build(spec, sheet, rows, mark)
    return services.Rendered(content, level=workbook.highest_level(spec, rows))


def export_list(actor, code: str, filters: Mapping):
    """Export list `code` as the page shows it with `filters` (its query string): (Printout, bytes).
    Http404 for a list the actor may not see, Refused for a role the rule does not allow."""
    on = today()
    spec, ctx = _context(actor, code, filters, on, timezone.now())
    unit = spec.unit(ctx)  # 404 first: a list one may not see is not refused, it does not exist
    version = require_export_role(actor, spec, unit, on)
    with translation.override("vi"):
        title = spec.title_for(ctx)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return services.issue(
        actor, kind=OutputKind.EXPORT, form=f"{FORM_PREFIX}{code}", form_version=version, fmt=OutputFormat.XLSX,
        unit=unit, object_type="outputs.list", object_id=code,
        params={"list": code, "filters": ctx.params, "person": actor.pk},
        title=title + (f" – {unit.name}" if unit is not None and unit.name not in title else ""),
        filename=f"bmnn-{code}-{stamp}.xlsx", render=build)


services.register_builder(FORM_PREFIX, build)
