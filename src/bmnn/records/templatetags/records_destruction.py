"""{% destruction_panel item as panel %}: the destruction part of the item page — its
destruction files and emergency destructions, and the buttons this person may use
(propose its copies for destruction; destroy at once a copy they hold)."""

from django import template

from bmnn.core.access import today
from bmnn.records.models import DestructionLine, ItemStatus
from bmnn.records.services import destruction as service
from bmnn.records.services.permissions import units_kept_by

register = template.Library()


@register.simple_tag(takes_context=True)
def destruction_panel(context, item):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return {"shown": False}
    on = today()
    files = service.visible_destructions(user, on).filter(
        pk__in=DestructionLine.objects.filter(item=item).values("destruction_id")).order_by("-pk")
    emergencies = service.visible_emergencies(user, on).filter(item=item)
    live = item.status in (ItemStatus.ISSUED, ItemStatus.RECEIVED)
    may_propose = live and any(service.candidate_copies(user, unit, on, item).exists()
                               for unit in units_kept_by(user, on))
    mine = [c for c in item.copies.select_related("custodian_person", "custodian_unit", "item")
            if service.may_destroy_in_emergency(user, c, on)] if live else []
    return {"shown": bool(files or emergencies or may_propose or mine), "destructions": list(files),
            "emergencies": list(emergencies), "may_propose": may_propose, "mine": mine}
