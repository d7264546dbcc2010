"""The ledger browser: events newest first with filters, one event, the integrity
check (an HTMX POST that returns a fragment), and the checkpoints to print or
export for a superior body. Every page here is itself a read written to the ledger."""

from __future__ import annotations

import json
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bmnn.core.checkpoints import checkpoint_now, export_document, installation_public_key
from bmnn.core.ledger import record_event, record_read
from bmnn.core.ledger_canon import canonical_json, chain_hash
from bmnn.core.ledger_filters import LedgerFilterForm, can_read_ledger, known_actions
from bmnn.core.ledger_verify import verify_database
from bmnn.core.models import LedgerCheckpoint, LedgerEvent

PAGE_SIZE = 50


def ledger_reader(view):
    """Login required; anyone who may not read the ledger gets 404, as if it did not exist."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_read_ledger(request.user):
            raise Http404(_("Không tìm thấy."))
        return view(request, *args, **kwargs)
    return login_required(wrapped)


def _is_htmx(request: HttpRequest) -> bool:
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return encoded + "&" if encoded else ""


@require_GET
@ledger_reader
def ledger_list(request: HttpRequest) -> HttpResponse:
    form = LedgerFilterForm(request.GET or None)
    events = form.apply(LedgerEvent.objects.order_by("-seq"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    filters = form.summary()
    record_read(request, action="core.ledger.read", object_type="core.ledgerevent",
                description=f"Xem nhật ký, trang {page.number}" + (f" ({filters})" if filters else ""))
    context = {"form": form, "page": page, "events": rows, "query_string": _query_string(request)}
    if _is_htmx(request):
        return render(request, "core/ledger_rows.html", context)
    context["actions"] = known_actions()
    return render(request, "core/ledger_list.html", context)


def _payload_text(event: LedgerEvent) -> str:
    try:
        return json.dumps(json.loads(event.payload), ensure_ascii=False, indent=2, sort_keys=True)
    except ValueError:
        return event.payload


@require_GET
@ledger_reader
def ledger_event(request: HttpRequest, seq: int) -> HttpResponse:
    event = LedgerEvent.objects.filter(seq=seq).first()
    if event is None:
        raise Http404(_("Không có sự kiện này."))
    recomputed = chain_hash(event.prev_hash, canonical_json(
        event.seq, event.at_us, event.actor_id, event.unit_id, event.actor_name, event.unit_code, event.action,
        event.object_type, event.object_id, event.description, event.payload, event.request_id))
    previous = LedgerEvent.objects.filter(seq=seq - 1).values_list("hash", flat=True).first()
    record_read(request, event, action="core.ledgerevent.read",
                description=f"Xem sự kiện nhật ký #{seq}")
    return render(request, "core/ledger_event.html", {
        "event": event, "payload": _payload_text(event), "hash_ok": recomputed == event.hash,
        "recomputed": recomputed, "link_ok": previous == event.prev_hash if seq > 1 else None,
        "checkpoint": LedgerCheckpoint.objects.filter(seq__gte=seq).order_by("seq").first(),
        "has_next": LedgerEvent.objects.filter(seq=seq + 1).exists(),
    })


@require_POST
@ledger_reader
def ledger_verify(request: HttpRequest) -> HttpResponse:
    report = verify_database()
    problem = report.first_problem
    verdict = "toàn vẹn" if report.ok else "KHÔNG toàn vẹn" + (f": {problem.headline()}" if problem else "")
    with transaction.atomic():
        record_event("core.ledger.verify", actor=request.user,
                     description=f"Kiểm tra tính toàn vẹn nhật ký ({report.events} sự kiện): {verdict}"[:500],
                     payload={"ok": report.ok, "events": report.events, "checkpoints": report.checkpoints,
                              "first_problem_seq": problem.seq if problem else None})
    context = {"report": report, "problem": problem}
    template = "core/ledger_verify_result.html" if _is_htmx(request) else "core/ledger_verify.html"
    return render(request, template, context)


@require_GET
@ledger_reader
def ledger_checkpoints(request: HttpRequest) -> HttpResponse:
    checkpoints = list(LedgerCheckpoint.objects.order_by("-seq"))
    record_read(request, action="core.ledgercheckpoint.read", object_type="core.ledgercheckpoint",
                description="Xem danh sách điểm kiểm chứng để in")
    return render(request, "core/ledger_checkpoints.html", {
        "checkpoints": checkpoints, "public_key": installation_public_key(),
        "head": LedgerEvent.objects.order_by("-seq").only("seq").first(),
    })


@require_GET
@ledger_reader
def ledger_checkpoints_json(request: HttpRequest) -> HttpResponse:
    record_read(request, action="core.ledgercheckpoint.export", object_type="core.ledgercheckpoint",
                description="Xuất danh sách điểm kiểm chứng (JSON) gửi cơ quan cấp trên")
    response = JsonResponse(export_document(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = 'attachment; filename="bmnn-diem-kiem-chung.json"'
    return response


@require_POST
@ledger_reader
def ledger_checkpoint_create(request: HttpRequest) -> HttpResponse:
    checkpoint_now(actor=request.user)
    return redirect("core:ledger_checkpoints")
