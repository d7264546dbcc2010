"""{% waiting_count as n %}: how many acts wait for the logged-in person (home page)."""

from django import template

from bmnn.records.services.queues import queues_for

register = template.Library()


@register.simple_tag(takes_context=True)
def waiting_queues(context):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return None
    return queues_for(user)
