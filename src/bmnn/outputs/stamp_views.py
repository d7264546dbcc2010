"""Stamps for people: any stamp of the forms as a PNG drawn to its size (/in/dau/<code>.png), filled
only with what the query gives (so it carries no secret: the stamps filled with an item's data come
from the item's own address, records:item_stamp), and the page of every stamp of a form version
(/in/mau-dau/) for the security officer to check against the official forms."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bmnn.core.access import today
from bmnn.outputs import stamp_fields, stamps
from bmnn.outputs.http import inline_png
from bmnn.outputs.stamp_catalogue import catalogue, info_in, stamp_version, stamp_versions
from bmnn.rulebook.forms import form_set_on


def bad_query(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@login_required
@require_GET
def stamp_png(request, code: str):
    version = request.GET.get("v", "")
    forms = stamp_version(version) if version else form_set_on("stamps", today())
    if forms is None:
        return bad_query(_("Không có phiên bản mẫu dấu «%(version)s».") % {"version": version[:20]})
    if code not in forms.entries:
        raise Http404(_("Không có mẫu dấu này."))
    try:
        fields, dpi = stamp_fields.clean(forms.entry(code).get("fields") or (), request.GET)
    except stamp_fields.BadStampQuery as exc:
        return bad_query(str(exc))
    drawn = info_in(forms, code, **fields).stamp
    return inline_png(stamps.png(drawn, dpi), f"{code}.png", cacheable=True)


@login_required
@require_GET
def stamp_forms(request):
    current = form_set_on("stamps", today())
    chosen = stamp_version(request.GET.get("v", "")) or current
    return render(request, "outputs/stamp_forms.html", {
        "versions": stamp_versions(), "forms": chosen, "current": current, "stamps": catalogue(chosen)})
