"""API for the work queues ("Việc cần làm"): what waits for the caller, as on the page."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from bmnn.core.access import today
from bmnn.records.services.dashboard import area_queues, unit_summaries
from bmnn.records.services.queues import queues_for


class QueueSerializer(serializers.Serializer):
    key = serializers.CharField()
    count = serializers.IntegerField()
    more = serializers.BooleanField()
    ids = serializers.ListField(child=serializers.IntegerField(),
                                help_text="Tài liệu, đề nghị sao chụp, lần giao hoặc bản, tùy hàng đợi.")


class UnitCountSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    count = serializers.IntegerField()


class UnitSummarySerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    counts = UnitCountSerializer(many=True)


class QueuesSerializer(serializers.Serializer):
    waiting = serializers.IntegerField()
    queues = QueueSerializer(many=True)
    units = UnitSummarySerializer(many=True, help_text="Việc đến hạn, quá hạn theo đơn vị mà người dùng giữ sổ.")


class QueuesViewSet(viewsets.ViewSet):
    """Việc cần làm của người dùng (chỉ những gì họ được phép biết)."""

    @extend_schema(summary="Việc cần làm của người dùng",
                   responses=QueuesSerializer)
    def list(self, request):
        on = today()
        queues = queues_for(request.user, on)
        areas = [section.queue for section in area_queues(request.user, on)]
        return Response({
            "waiting": queues.waiting + sum(q.count for q in areas),
            "queues": [{"key": q.key, "count": q.count, "more": q.more, "ids": [row.pk for row in q.rows]}
                       for q in [*queues.all(), *areas]],
            "units": [{"unit": s.unit.pk, "unit_name": s.unit.name,
                       "counts": [{"key": m.key, "title": str(m.title), "count": n} for m, n in s.counts]}
                      for s in unit_summaries(request.user, on)]})


def register(router) -> None:
    router.register("records/queues", QueuesViewSet, basename="records-queues")
