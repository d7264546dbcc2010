"""{% item_stamps item as stamps %}: the stamps the item and its copies must bear now, for the item
page's "Dấu trên tài liệu" section (records/_item_stamps.html). The item is already visible."""

from django import template

from bmnn.core.access import today
from bmnn.records.services.marks import item_marks, stamped

register = template.Library()


@register.simple_tag
def item_stamps(item):
    return {"stamped": stamped(item), "marks": item_marks(item, today())}
