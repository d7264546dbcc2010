"""{% item_meeting_handouts item as handouts %}: the item page's list of its copies handed
out at meetings the viewer may know of (records/_item_meetings.html)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def item_meeting_handouts(context, item):
    from bmnn.records.services.meetings import meetings_with_item

    request = context.get("request")
    if request is None or not getattr(request.user, "is_authenticated", False):
        return []
    return list(meetings_with_item(request.user, item)[:20])
