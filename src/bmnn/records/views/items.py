"""Pages for secret items. Everything goes through the visible queryset: an item a
person may not see is absent from the list, its count and search, and 404 on detail."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from bmnn.core.levels import Level
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
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/item_list.html", {
        "page": page, "count": page.paginator.count, "q": filters.q, "level": filters.level,
        "levels": Level.choices, "summary_search": summary_search, **filter_context(request, filters),
    })


@login_required
def item_detail(request, pk: int):
    try:
        item = services.open_item(request.user, pk)
    except Http404:
        # The same page for "does not exist" and "not yours to know": existence stays hidden.
        return render(request, "records/item_not_found.html", status=404)
    return render(request, "records/item_detail.html", {"item": item})
