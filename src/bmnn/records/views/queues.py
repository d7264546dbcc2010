"""The work-queues page ("Việc cần làm"): what waits for the logged-in person, every
lifecycle area's queues, and what is due or overdue in the units whose registers they keep."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from bmnn.core.access import today
from bmnn.records.services.annual_report import maker_units
from bmnn.records.services.dashboard import area_queues, unit_summaries
from bmnn.records.services.queues import QUEUE_LIMIT, queues_for


@login_required
def queues(request):
    on = today()
    areas = area_queues(request.user, on)
    # Twenty-odd lifecycle queues: those with something waiting are shown in full, the
    # empty ones are named in one line so the page stays readable.
    return render(request, "records/queues.html", {
        "queues": queues_for(request.user, on), "limit": QUEUE_LIMIT, "on": on,
        "areas": [a for a in areas if a.queue.count], "areas_empty": [a for a in areas if not a.queue.count],
        "units": unit_summaries(request.user, on), "makes_annual_report": bool(maker_units(request.user, on))})
