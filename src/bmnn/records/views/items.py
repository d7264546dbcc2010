"""Pages for secret items. Everything goes through the visible queryset: an item a
person may not see is absent from the list, its count and search, and 404 on detail."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from bmnn.core.levels import Level
from bmnn.core.pagination import CappedPaginator
from bmnn.records import services
from bmnn.records.services.search import ItemFilters, find_items
from bmnn.records.views.search import filter_context

PAGE_SIZE = 50


@login_required
def item_list(request):
    # Search and filters live in services.search (reference/type, level, unit, status,
    # dates, and a bounded summary search); they only narrow the visible set.
    filters = ItemFilters.from_params(request.GET)
    items, summary_search = find_items(request.user, filters)
    page = CappedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/item_list.html", {
        "page": page, "count": page.paginator.count, "capped": page.paginator.capped,
        "cap": page.paginator.cap, "q": filters.q, "level": filters.level,
        "levels": Level.choices, "summary_search": summary_search, **filter_context(request, filters),
    })


@login_required
def item_detail(request, pk: int):
    try:
        item = services.open_item(request.user, pk)
    except Http404:
        # The same page for "does not exist" and "not yours to know": existence stays hidden.
        return render(request, "records/item_not_found.html", status=404)
    return render(request, "records/item_detail.html", {"item": item, **_item_context(request.user, item)})


def _item_context(person, item) -> dict:
    """What the detail page shows besides the item: recipients, decisions, copies with
    their custody history, register lines, and what this person may do next. The item
    is already visible to `person` (the summary is shown to whoever may open it)."""
    from bmnn.core.access import today
    from bmnn.records.models import ItemStatus, RegisterEntry, UnmarkedReport
    from bmnn.rulebook import authority

    copies = item.copies.select_related("custodian_person", "custodian_unit").prefetch_related(
        "custody__custodian_person", "custody__custodian_unit")
    return {
        "recipients": item.recipients.select_related("unit", "person"),
        "decisions": item.decisions.select_related("decided_by", "delegation"),
        "copies": copies,
        "register_entries": RegisterEntry.objects.filter(item=item).select_related("register", "unit").order_by(
            "entry_date", "number"),
        "unmarked_report": UnmarkedReport.objects.filter(item=item).select_related("reported_by").first(),
        # The link only for those the rulebook would let decide today; the service checks again.
        "can_decide": item.status == ItemStatus.PROPOSED and authority.authorize(
            person, "classify", item.level, item.holding_unit, on=today()).allowed,
        "can_revise": item.status == ItemStatus.RETURNED and item.drafter_id == person.pk,
    }
