"""API for the work queues ("Việc cần làm"): what waits for the caller, as on the page."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from bmnn.records.services.queues import queues_for

class QueueSerializer(serializers.Serializer):
    key = serializers.CharField()
    count = serializers.IntegerField()
    more = serializers.BooleanField()
    ids = serializers.ListField(child=serializers.IntegerField(),
                                help_text="Tài liệu, đề nghị sao chụp, lần giao hoặc bản, tùy hàng đợi.")


class QueuesSerializer(serializers.Serializer):
    waiting = serializers.IntegerField()
    queues = QueueSerializer(many=True)


class QueuesViewSet(viewsets.ViewSet):
    """Việc cần làm của người dùng (chỉ những gì họ được phép biết)."""

    @extend_schema(summary="Việc cần làm của người dùng",
                   responses=QueuesSerializer)
    def list(self, request):
        queues = queues_for(request.user)
        return Response({"waiting": queues.waiting, "queues": [
            {"key": q.key, "count": q.count, "more": q.more, "ids": [row.pk for row in q.rows]} for q in queues.all()]})


def register(router) -> None:
    router.register("records/queues", QueuesViewSet, basename="records-queues")
