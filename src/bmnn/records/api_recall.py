"""API for recall (thu hồi) and departures, on the same services as the pages. Recalls of
items the caller may not know of are 404; a refusal is 403 with its rule and legal basis
(core.api); invalid data 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404, today
from bmnn.org.api import drf_error
from bmnn.org.models import Person, Unit
from bmnn.records.models import (Copy, Departure, DepartureKind, Handover, HandoverDestination, Recall, RecallLine,
                                 SecretItem)
from bmnn.records.services import recall as service

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết tài liệu (như nhau).")


def _run(act, *args, **kwargs):
    try:
        return act(*args, **kwargs)
    except DjangoValidationError as error:
        raise drf_error(error) from error


class RecallLineSerializer(serializers.ModelSerializer):
    holder = serializers.CharField(source="holder_name", read_only=True)
    copy_numbers = serializers.SerializerMethodField()

    class Meta:
        model = RecallLine
        fields = ["id", "holder", "holder_person", "holder_unit", "copy_numbers", "returned_on", "received_by",
                  "confirmed_with", "confirmed_at", "storage_place", "overdue_flagged_on"]
        read_only_fields = fields

    def get_copy_numbers(self, line) -> list[int]:
        return [c.number for c in line.copies.all()]


class RecallSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="open | done")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    item_reference = serializers.CharField(source="item.reference", read_only=True)
    level = serializers.CharField(source="item.level", read_only=True)
    lines = RecallLineSerializer(many=True, read_only=True)

    class Meta:
        model = Recall
        fields = ["id", "item", "item_reference", "level", "reference", "decided_by", "decided_on", "return_by",
                  "reason", "authority_basis", "status", "status_display", "completed_on", "lines"]
        read_only_fields = fields


class RecallRequestSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    reference = serializers.CharField(max_length=120)
    return_by = serializers.DateField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RecallSignatureSerializer(serializers.Serializer):
    password = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    code = serializers.CharField(required=False, allow_blank=True, default="", max_length=12)


class RecallReturnSerializer(RecallSignatureSerializer):
    line = serializers.IntegerField()
    storage_place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="Quyết định thu hồi tài liệu mà người dùng được phép biết"),
    retrieve=extend_schema(summary="Một quyết định thu hồi với từng nơi giữ",
                           responses={200: RecallSerializer, 404: HIDDEN}),
)
class RecallViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Thu hồi tài liệu, vật chứa bí mật nhà nước («TÀI LIỆU THU HỒI»)."""

    serializer_class = RecallSerializer
    queryset = Recall.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return service.visible_recalls(self.request.user, today()).prefetch_related("lines__copies",
                                                                                   "lines__holder_person",
                                                                                   "lines__holder_unit")

    @extend_schema(summary="Quyết định thu hồi (người đứng đầu cơ quan, tổ chức trực tiếp quản lý)",
                   request=RecallRequestSerializer, responses={201: RecallSerializer, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        data = RecallRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=fields.pop("item"))
        recall = _run(service.decide_recall, request.user, item, on=today(), **fields)
        return Response(RecallSerializer(self.get_queryset().get(pk=recall.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Ký nhận lại bản của một nơi giữ vào nơi lưu giữ (văn thư, cán bộ bảo mật; mật khẩu "
                           "hoặc mã xác thực)",
                   request=RecallReturnSerializer, responses={200: RecallSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"], url_path="return")
    def return_line(self, request, pk=None):
        data = RecallReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        recall = self.get_object()
        line = get_object_or_404(RecallLine, pk=fields.pop("line"), recall=recall)
        _run(service.return_line, request.user, line, on=today(), password=fields["password"] or None,
             code=fields["code"] or None, storage_place=fields["storage_place"])
        return Response(RecallSerializer(self.get_queryset().get(pk=recall.pk)).data)


class RecallHandoverSerializer(serializers.ModelSerializer):
    copy_label = serializers.CharField(source="copy.__str__", read_only=True)

    class Meta:
        model = Handover
        fields = ["id", "copy", "copy_label", "receiver", "destination", "storage_place", "handed_on",
                  "confirmed_with", "confirmed_at"]
        read_only_fields = fields


class DepartureSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="resignation | transfer | retirement | death | reassigned")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    handovers = serializers.SerializerMethodField()
    copies_to_hand_over = serializers.SerializerMethodField()
    others_hidden = serializers.SerializerMethodField()

    class Meta:
        model = Departure
        fields = ["id", "person", "unit", "kind", "kind_display", "effective_on", "note", "recorded_by",
                  "recorded_at", "commitment_reference", "commitment_signed_on", "commitment_recorded_by",
                  "completed_on", "handovers", "copies_to_hand_over", "others_hidden"]
        read_only_fields = fields

    def _shown(self, departure):
        viewer = self.context["request"].user
        return service.departure_copies(viewer, departure, today())

    def get_handovers(self, departure) -> list[dict]:
        viewer = self.context["request"].user
        visible = SecretItem.objects.visible_to(viewer, today()).values("pk")
        return RecallHandoverSerializer(departure.handovers.filter(copy__item__in=visible), many=True).data

    def get_copies_to_hand_over(self, departure) -> list[int]:
        return [c.pk for c in self._shown(departure)[0]]

    def get_others_hidden(self, departure) -> bool:
        return self._shown(departure)[1]


class DepartureRequestSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=DepartureKind.choices)
    effective_on = serializers.DateField()
    unit = serializers.IntegerField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RecallHandoverRequestSerializer(RecallSignatureSerializer):
    copy = serializers.IntegerField()
    destination = serializers.ChoiceField(choices=HandoverDestination.choices)
    storage_place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DepartureCommitmentSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=120)
    signed_on = serializers.DateField()


@extend_schema_view(
    list=extend_schema(summary="Cán bộ thôi việc, chuyển công tác, nghỉ hưu, từ trần: bàn giao bí mật nhà nước"),
    retrieve=extend_schema(summary="Một việc thôi quản lý bí mật nhà nước"),
)
class DepartureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Thôi việc, chuyển công tác, nghỉ hưu, từ trần: bàn giao và cam kết."""

    serializer_class = DepartureSerializer
    queryset = Departure.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return service.visible_departures(self.request.user, today())

    def _detail(self, departure, code=status.HTTP_200_OK):
        data = DepartureSerializer(self.get_queryset().get(pk=departure.pk), context={"request": self.request}).data
        return Response(data, status=code)

    @extend_schema(summary="Ghi nhận cán bộ thôi quản lý bí mật nhà nước (người đứng đầu, cán bộ bảo mật)",
                   request=DepartureRequestSerializer, responses={201: DepartureSerializer, 403: REFUSED})
    def create(self, request):
        data = DepartureRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = get_object_or_404(Person, pk=fields.pop("person"))
        unit_pk = fields.pop("unit")
        unit = get_object_or_404(Unit, pk=unit_pk) if unit_pk else None
        departure = _run(service.record_departure, request.user, person, unit=unit, on=today(), **fields)
        return self._detail(departure, status.HTTP_201_CREATED)

    @extend_schema(summary="Nhận bàn giao một bản (người nhận ký bằng mật khẩu hoặc mã xác thực)",
                   request=RecallHandoverRequestSerializer, responses={200: DepartureSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def handover(self, request, pk=None):
        data = RecallHandoverRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        departure = self.get_object()
        copy = get_object_or_404(Copy, pk=fields.pop("copy"))
        _run(service.hand_over, request.user, departure, copy, on=today(), destination=fields["destination"],
             storage_place=fields["storage_place"], password=fields["password"] or None,
             code=fields["code"] or None)
        return self._detail(departure)

    @extend_schema(summary="Ghi nhận cam kết bảo vệ bí mật nhà nước đã quản lý (từ trần: biên bản thu hồi của "
                           "người đứng đầu)",
                   request=DepartureCommitmentSerializer, responses={200: DepartureSerializer, 403: REFUSED})
    @action(detail=True, methods=["post"])
    def commitment(self, request, pk=None):
        data = DepartureCommitmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        departure = self.get_object()
        _run(service.record_commitment, request.user, departure, on=today(), **data.validated_data)
        return self._detail(departure)


def register(router) -> None:
    router.register("records/recalls", RecallViewSet, basename="records-recall")
    router.register("records/departures", DepartureViewSet, basename="records-departure")
