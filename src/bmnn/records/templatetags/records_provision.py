"""{% provision_panel item as panel %}: the item page's provision section — whether the
logged-in person may record a request on the item, and the item's requests."""

from django import template

from bmnn.records.services import provision as service

register = template.Library()


@register.simple_tag(takes_context=True)
def provision_panel(context, item):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return {"may_request": False, "provisions": []}
    from bmnn.core.access import today

    on = today()
    # The item page is only rendered for an item the person may see: its requests are theirs to see too.
    return {"may_request": service.may_record_request(user, item, on),
            "provisions": list(item.provisions.select_related("decided_by").order_by("-recorded_at")[:20])}
