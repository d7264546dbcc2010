"""REST API of the ledger: read-only events and checkpoints with filters, and a
verification endpoint. The same readers as the ledger page (ledger_filters.can_read_ledger);
anyone else gets 404. Reads through the API are themselves written to the ledger."""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from bmnn.core.ledger import record_event, record_read
from bmnn.core.ledger_filters import can_read_ledger, filter_events
from bmnn.core.ledger_verify import verify_database
from bmnn.core.models import LedgerCheckpoint, LedgerEvent

TAG = "Nhật ký"
HIDDEN = OpenApiResponse(description="Không tìm thấy: người không được xem nhật ký nhận 404 như thể nó không tồn tại.")


class LedgerReader(permissions.BasePermission):
    def has_permission(self, request, view):
        return can_read_ledger(request.user)


class HiddenFromOthers:
    """A signed-in person who may not read the ledger is told it does not exist."""

    def permission_denied(self, request, message=None, code=None):
        if request.user and request.user.is_authenticated:
            raise NotFound(_("Không tìm thấy."))
        super().permission_denied(request, message=message, code=code)


# --- serializers -----------------------------------------------------------------------

class LedgerEventSerializer(serializers.ModelSerializer):
    at = serializers.DateTimeField(read_only=True, help_text="Thời điểm (ISO 8601, giờ Việt Nam), suy ra từ at_us.")

    class Meta:
        model = LedgerEvent
        fields = ["seq", "at", "at_us", "actor_id", "actor_name", "unit_id", "unit_code", "action", "object_type",
                  "object_id", "description", "payload", "request_id", "prev_hash", "hash"]


class LedgerCheckpointSerializer(serializers.ModelSerializer):
    at = serializers.DateTimeField(read_only=True, help_text="Thời điểm ký (ISO 8601), suy ra từ at_us.")

    class Meta:
        model = LedgerCheckpoint
        fields = ["seq", "head_hash", "at", "at_us", "public_key", "signature"]


class ProblemSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="hash | link | gap | order | format | checkpoint_* | trigger")
    message = serializers.CharField()
    seq = serializers.IntegerField(allow_null=True)
    action = serializers.CharField()
    at_us = serializers.IntegerField(allow_null=True)
    stored = serializers.CharField()
    recomputed = serializers.CharField()


class VerifyReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    events = serializers.IntegerField()
    first_seq = serializers.IntegerField(allow_null=True)
    last_seq = serializers.IntegerField(allow_null=True)
    head_hash = serializers.CharField()
    checkpoints = serializers.IntegerField()
    chain_problem = ProblemSerializer(allow_null=True, help_text="Sự kiện đầu tiên không khớp (nếu có).")
    checkpoint_problems = ProblemSerializer(many=True)
    other_problems = ProblemSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
    seconds = serializers.FloatField()


# --- filters ---------------------------------------------------------------------------

class LedgerEventFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(method="by", help_text="Tên hành động hoặc phần đầu (records., org.unit.create)")
    actor = django_filters.CharFilter(method="by", help_text="Mã người thực hiện hoặc một phần họ tên")
    object_type = django_filters.CharFilter(method="by", help_text="Loại đối tượng, ví dụ records.secretitem")
    object_id = django_filters.CharFilter(method="by", help_text="Mã đối tượng")
    date_from = django_filters.DateFilter(method="by", help_text="Từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd, giờ Việt Nam)")
    date_to = django_filters.DateFilter(method="by", help_text="Đến hết ngày (dd/mm/yyyy hoặc yyyy-mm-dd)")
    seq_from = django_filters.NumberFilter(method="by", help_text="Từ số thứ tự")
    seq_to = django_filters.NumberFilter(method="by", help_text="Đến số thứ tự")

    class Meta:
        model = LedgerEvent
        fields = []

    def by(self, queryset, name, value):
        if name in ("seq_from", "seq_to"):
            value = int(value)
        return filter_events(queryset, **{name: value})


class CheckpointFilter(django_filters.FilterSet):
    seq_from = django_filters.NumberFilter(field_name="seq", lookup_expr="gte", help_text="Từ số thứ tự")
    seq_to = django_filters.NumberFilter(field_name="seq", lookup_expr="lte", help_text="Đến số thứ tự")

    class Meta:
        model = LedgerCheckpoint
        fields = []


# --- viewsets --------------------------------------------------------------------------

@extend_schema_view(
    list=extend_schema(summary="Sự kiện nhật ký, mới nhất trước (có bộ lọc)", tags=[TAG], responses={
        200: LedgerEventSerializer(many=True), 404: HIDDEN}),
    retrieve=extend_schema(summary="Một sự kiện nhật ký", tags=[TAG], responses={
        200: LedgerEventSerializer, 404: HIDDEN}),
)
class LedgerEventViewSet(HiddenFromOthers, viewsets.ReadOnlyModelViewSet):
    """Sự kiện nhật ký chỉ đọc. Mỗi lần đọc được ghi thêm vào nhật ký."""

    queryset = LedgerEvent.objects.order_by("-seq")
    serializer_class = LedgerEventSerializer
    permission_classes = [permissions.IsAuthenticated, LedgerReader]
    filterset_class = LedgerEventFilter
    lookup_field = "seq"
    lookup_value_regex = r"\d+"

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        filters = ", ".join(f"{k}={v}" for k, v in request.query_params.items() if k != "page")
        record_read(request, action="core.ledger.read", object_type="core.ledgerevent",
                    description="Đọc nhật ký qua API" + (f" ({filters})" if filters else ""))
        return response

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        record_read(request, action="core.ledgerevent.read", object_type="core.ledgerevent",
                    object_id=str(kwargs.get("seq")), description=f"Đọc sự kiện nhật ký #{kwargs.get('seq')} qua API")
        return response


@extend_schema_view(
    list=extend_schema(summary="Điểm kiểm chứng (chữ ký Ed25519 trên đầu chuỗi)", tags=[TAG], responses={
        200: LedgerCheckpointSerializer(many=True), 404: HIDDEN}),
    retrieve=extend_schema(summary="Một điểm kiểm chứng", tags=[TAG], responses={
        200: LedgerCheckpointSerializer, 404: HIDDEN}),
)
class LedgerCheckpointViewSet(HiddenFromOthers, viewsets.ReadOnlyModelViewSet):
    """Điểm kiểm chứng: chữ ký Ed25519 của cơ sở trên mã băm đầu chuỗi tại một số thứ tự."""

    queryset = LedgerCheckpoint.objects.order_by("seq")
    serializer_class = LedgerCheckpointSerializer
    permission_classes = [permissions.IsAuthenticated, LedgerReader]
    filterset_class = CheckpointFilter
    lookup_field = "seq"
    lookup_value_regex = r"\d+"

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        record_read(request, action="core.ledgercheckpoint.read", object_type="core.ledgercheckpoint",
                    description="Đọc danh sách điểm kiểm chứng qua API")
        return response


class LedgerVerifyViewSet(HiddenFromOthers, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Kiểm tra tính toàn vẹn của nhật ký."""

    serializer_class = VerifyReportSerializer
    permission_classes = [permissions.IsAuthenticated, LedgerReader]
    queryset = LedgerEvent.objects.none()
    pagination_class = None
    filter_backends = []

    @extend_schema(summary="Kiểm tra tính toàn vẹn toàn bộ nhật ký", tags=[TAG], request=None,
                   description="Tính lại mọi mã băm, theo mọi liên kết, kiểm mọi chữ ký điểm kiểm chứng; "
                               "nêu sự kiện đầu tiên không khớp. Lần kiểm tra được ghi vào nhật ký.",
                   responses={200: VerifyReportSerializer, 404: HIDDEN})
    def create(self, request, *args, **kwargs):
        report = verify_database()
        problem = report.first_problem
        with transaction.atomic():
            record_event("core.ledger.verify", actor=request.user,
                         description=("Kiểm tra tính toàn vẹn nhật ký qua API: "
                                      + ("toàn vẹn" if report.ok else f"KHÔNG toàn vẹn: {problem.headline()}"))[:500],
                         payload={"ok": report.ok, "events": report.events,
                                  "first_problem_seq": problem.seq if problem else None})
        return Response(VerifyReportSerializer(report.as_dict()).data)


def register(router) -> None:
    """Registers the ledger viewsets on the API router."""
    router.register("ledger/events", LedgerEventViewSet, basename="ledger-event")
    router.register("ledger/checkpoints", LedgerCheckpointViewSet, basename="ledger-checkpoint")
    router.register("ledger/verify", LedgerVerifyViewSet, basename="ledger-verify")
