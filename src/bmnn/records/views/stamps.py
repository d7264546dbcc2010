"""A stamp filled with an item's data (copy number, reproduction block, recall or declassification
date…) as a PNG, from the item's own address and with the item's visibility: who may not see the
item gets a 404, as for its page. Only `ban` (the copy) and `dpi` are read from the query; the
fields come from the records, never from the request."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bmnn.core.access import get_visible_or_404, today
from bmnn.outputs import stamp_fields, stamps
from bmnn.outputs.http import inline_png
from bmnn.outputs.stamp_views import bad_query
from bmnn.records.models import SecretItem
from bmnn.records.services.marks import find_mark


def _copy_pk(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or len(value) > 12:
        raise Http404
    return int(value)


@login_required
@require_GET
def item_stamp(request, pk: int, code: str):
    item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), request.user, pk=pk)
    mark = find_mark(item, code, _copy_pk(request.GET.get("ban")), today())
    if mark is None:
        raise Http404(_("Tài liệu này không mang dấu đó."))
    try:
        _fields, dpi = stamp_fields.clean((), request.GET, extra=("ban",))
    except stamp_fields.BadStampQuery as exc:
        return bad_query(str(exc))
    return inline_png(stamps.png(mark.info.stamp, dpi), f"{code}.png")


def urlpatterns():
    return [path("<int:pk>/dau/<slug:code>.png", item_stamp, name="item_stamp")]
