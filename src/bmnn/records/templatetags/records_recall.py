"""{% recall_panel item as recall %}: what the item page shows of recalls (records/_item_recall.html)."""

from django import template

from bmnn.core.access import today
from bmnn.records.services.recall import item_panel

register = template.Library()


@register.simple_tag(takes_context=True)
def recall_panel(context, item):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    return item_panel(user, item, today())
