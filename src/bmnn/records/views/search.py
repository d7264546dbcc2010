"""What the item list's search form needs: the choices and what the user typed."""

from django.contrib import messages
from django.utils.translation import gettext as _

from bmnn.core.access import clearance
from bmnn.org import selectors
from bmnn.org.models import Unit
from bmnn.records.models import ItemStatus

DATE_FIELDS = ("issued_from", "issued_to", "classified_from", "classified_to")


def filter_context(request, filters) -> dict:
    for name, typed in filters.errors.items():
        messages.error(request, _("Ngày “%(typed)s” không đúng dạng dd/mm/yyyy; bộ lọc này bị bỏ qua.")
                       % {"typed": typed})
    # Only the units the person's clearance covers: the others would always give nothing.
    _levels, unit_ids = clearance(request.user)
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "filters": filters,
        "typed": {name: request.GET.get(name, "") for name in DATE_FIELDS},
        "units": selectors.vi_ordered(Unit.objects.filter(pk__in=unit_ids), "sort_key"),
        "statuses": ItemStatus.choices,
        "filter_query": params.urlencode(),
    }
