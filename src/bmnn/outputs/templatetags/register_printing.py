"""The print panel on the register pages: the "In sổ (PDF)" / "In sổ (DOCX)" buttons and the list of
the register's printouts with "In lại". Shown only to the unit's register keepers."""

from __future__ import annotations

from django import template
from django.urls import reverse

from bmnn.outputs import register_prints as service
from bmnn.records.services.permissions import is_register_keeper

register = template.Library()
LISTED = 20


def _panel(context, unit, action: str, fields: list[tuple[str, object]], printouts) -> dict:
    user = context["request"].user
    keeper = unit is not None and is_register_keeper(user, unit)
    return {"keeper": keeper, "action": action, "fields": fields,
            "printouts": list(printouts[:LISTED]) if keeper else [], "formats": service.FORMATS,
            "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("outputs/_register_print.html", takes_context=True)
def volume_print_panel(context, volume):
    return _panel(context, volume.unit, reverse("records:register_print", args=[volume.pk]), [],
                  service.printouts_of_volume(volume))


@register.inclusion_tag("outputs/_register_print.html", takes_context=True)
def series_print_panel(context, unit, kind, year):
    return _panel(context, unit, reverse("records:register_series_print"),
                  [("unit", unit.pk), ("kind", kind), ("year", year)],
                  service.printouts_of_series(unit, kind, year))


@register.inclusion_tag("outputs/_register_print.html", takes_context=True)
def inventory_print_panel(context, unit, date_from, date_to):
    return _panel(context, unit, reverse("records:inventory_print"),
                  [("unit", getattr(unit, "pk", "")), ("from", date_from.strftime("%d/%m/%Y")),
                   ("to", date_to.strftime("%d/%m/%Y"))],
                  service.printouts_of_inventory(unit) if unit is not None else [])
