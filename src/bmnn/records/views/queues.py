"""The work-queues page ("Việc cần làm"): what waits for the logged-in person."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from bmnn.records.services.queues import QUEUE_LIMIT, queues_for


@login_required
def queues(request):
    return render(request, "records/queues.html", {"queues": queues_for(request.user), "limit": QUEUE_LIMIT})
