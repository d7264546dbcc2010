"""{% declass_panel item as panel %}: what the item page shows about declassification
(the GIẢI MẬT stamp data, partial declassifications) and offers to whoever may act."""

from django import template
from django.urls import NoReverseMatch, reverse

from bmnn.core.access import today
from bmnn.records.models import CouncilKind, Declassification
from bmnn.records.services import declass

register = template.Library()


@register.simple_tag(takes_context=True)
def declass_panel(context, item):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    on = today()
    rows = list(Declassification.objects.filter(item=item).select_related("decided_by").order_by("effective_on", "pk"))
    may_decide = user is not None and user.is_authenticated and declass.may_decide(user, item, on)
    return {
        "full": next((r for r in rows if not r.partial), None),
        "partial": [r for r in rows if r.partial],
        "may_decide": may_decide,
        "reported": declass.reported_councils(user, item, on).exists() if may_decide else False,
        "establish_url": _establish_url(item) if may_decide else "",
    }


def _establish_url(item) -> str:
    """The councils' establish form (built by the councils area) preselected for this item;
    empty until that page exists, so the item page never links to nothing."""
    try:
        url = reverse("records:council_establish")
    except NoReverseMatch:
        return ""
    return f"{url}?kind={CouncilKind.DECLASSIFICATION}&item={item.pk}"
