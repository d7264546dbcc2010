"""{% item_carry_outs item as panel %}: the carry-outs of an item shown on its page, and whether
the signed-in person may ask to carry it out (the button is offered only then)."""

from django import template

from bmnn.core.access import today
from bmnn.records.services import carryout

register = template.Library()


@register.simple_tag(takes_context=True)
def item_carry_outs(context, item):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return {"rows": [], "may_request": False}
    on = today()
    # The item is already visible to the user (the page is shown), so its carry-outs are too.
    rows = carryout.with_overdue(item.carry_outs.all(), on).select_related("carrier", "decided_by")[:20]
    return {"rows": list(rows), "may_request": carryout.may_request(user, item, on)}
