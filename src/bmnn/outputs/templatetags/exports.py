"""`{% export_button "items" %}`: the "Xuất Excel" button of a list page, keeping the page's
current filters (its query string, without the page number) so the file holds what the page shows."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()

PAGING = ("page", "after", "before")


@register.inclusion_tag("outputs/_export_button.html", takes_context=True)
def export_button(context, code: str, **extra):
    request = context.get("request")
    params = [(k, v) for k, values in (request.GET.lists() if request else []) if k not in PAGING and k not in extra
              for v in values]
    params += [(k, v) for k, v in extra.items() if v not in (None, "")]
    query = urlencode(params)
    return {"url": reverse("outputs:export", args=[code]) + (f"?{query}" if query else "")}
