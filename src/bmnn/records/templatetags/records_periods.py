"""{% periods_panel item as periods %}: the item page's protection period and level section
(history of extensions and adjustments, the latest stamps, and which acts the reader may
decide). The item is already visible to the reader; the services check again on use."""

from django import template

from bmnn.core.access import today
from bmnn.core.errors import Refused
from bmnn.records.services import periods

register = template.Library()


@register.simple_tag(takes_context=True)
def periods_panel(context, item):
    user = context.get("user") or getattr(context.get("request"), "user", None)
    on = today()
    try:
        window = periods.extension_window(item, on)
    except Refused:  # no regime loaded for today
        window = None
    panel = periods.history(item)
    authenticated = user is not None and user.is_authenticated
    panel.update(window=window,
                 may_extend=authenticated and window is not None and window.open and periods.may_extend(user, item, on),
                 may_adjust=authenticated and periods.may_adjust(user, item, on))
    return panel
