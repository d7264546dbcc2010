"""Download a printed document. GET shows nothing secret by itself; the print is an act (a ledger
event), so it is a POST from the print buttons; a refusal goes back to the page it came from."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bmnn.core.errors import Refused
from bmnn.outputs.documents.printing import print_document
from bmnn.outputs.http import attachment


def _back(request):
    target = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}) else "/"


@login_required
@require_POST
def document(request, kind: str, pk: int, fmt: str):
    try:
        printout, content = print_document(request.user, kind, pk, fmt)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect(_back(request))
    return attachment(content, printout.filename, printout.fmt)
