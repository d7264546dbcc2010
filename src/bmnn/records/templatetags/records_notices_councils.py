"""The item page's notices and councils: {% item_notices item as notices %},
{% item_councils item as councils %} (only councils whose every item the viewer may see)."""

from django import template

from bmnn.core.access import today
from bmnn.records.services import councils, notices

register = template.Library()


def _user(context):
    return context.get("user") or getattr(context.get("request"), "user", None)


@register.simple_tag
def item_notices(item):
    return list(notices.notices_of(item).order_by("decided_on", "due_on", "pk"))


@register.simple_tag(takes_context=True)
def item_councils(context, item):
    user = _user(context)
    if user is None or not user.is_authenticated:
        return []
    return list(councils.visible_councils(user, today()).filter(items=item).order_by("-established_on", "-pk"))
