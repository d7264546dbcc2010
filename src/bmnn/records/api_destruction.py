"""API for destruction (tiêu hủy), on the same services as the pages: destruction files whose
every item the caller may see (others 404), each step an action; emergency destructions of
copies the caller holds, and their reports. A refusal is 403 with its rule and legal basis
(core.api); invalid data 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404, today
from bmnn.org.api import drf_error
from bmnn.org.models import Person, Unit
from bmnn.records.models import (
    Copy, CouncilMember, CouncilRole, Destruction, DestructionLine, DestructionRecord, DestructionSignature,
    EmergencyDestruction, SecretItem,
)
from bmnn.records.services import councils
from bmnn.records.services import destruction as service

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết tài liệu (như nhau).")


class DestructionLineSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="item.reference", read_only=True)
    level = serializers.CharField(source="item.level", read_only=True)
    copy_number = serializers.IntegerField(source="copy.number", read_only=True)
    copy_origin = serializers.CharField(source="copy.origin", read_only=True)
    summary = serializers.SerializerMethodField(help_text="Trích yếu (chỉ người được biết mọi tài liệu của hồ sơ)")

    class Meta:
        model = DestructionLine
        fields = ["item", "reference", "level", "copy", "copy_number", "copy_origin", "summary"]
        read_only_fields = fields

    def get_summary(self, line) -> str:
        # A file is only ever shown to who may see every item on it (visible_destructions).
        return line.item.summary


class DestructionSignatureSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="member.name", read_only=True)
    method = serializers.CharField(read_only=True, help_text="password | totp | paper")

    class Meta:
        model = DestructionSignature
        fields = ["member", "name", "method", "signed_at", "recorded_by"]
        read_only_fields = fields


class DestructionRecordSerializer(serializers.ModelSerializer):
    signatures = DestructionSignatureSerializer(many=True, read_only=True)

    class Meta:
        model = DestructionRecord
        fields = ["reference", "carried_out_on", "place", "method", "sequence", "executors", "drawn_up_by",
                  "drawn_up_at", "completed_at", "completed_by", "signatures"]
        read_only_fields = fields


class DestructionSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="proposed | decided | rejected | done")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    lines = DestructionLineSerializer(many=True, read_only=True)
    record = serializers.SerializerMethodField()

    class Meta:
        model = Destruction
        fields = ["id", "unit", "level", "status", "status_display", "proposed_by", "proposed_on", "grounds",
                  "council", "decided_by", "decided_on", "decision_reference", "method", "decision_reason",
                  "authority_basis", "lines", "record"]
        read_only_fields = fields

    @extend_schema_field(DestructionRecordSerializer(allow_null=True))
    def get_record(self, destruction) -> dict | None:
        record = DestructionRecord.objects.filter(destruction=destruction).first()
        return DestructionRecordSerializer(record).data if record else None


class DestructionProposeSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    copies = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    grounds = serializers.CharField()


class DestructionSeatSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    person = serializers.IntegerField(required=False, allow_null=True)
    external_name = serializers.CharField(required=False, allow_blank=True, default="")
    external_body = serializers.CharField(required=False, allow_blank=True, default="")
    capacity = serializers.CharField(required=False, allow_blank=True, default="")


class DestructionCouncilSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=120)
    members = DestructionSeatSerializer(many=True)


class DestructionMinutesSerializer(serializers.Serializer):
    met_on = serializers.DateField()
    minutes_reference = serializers.CharField(max_length=120)
    conclusion = serializers.CharField()
    recommends = serializers.BooleanField()


class DestructionDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(default=True)
    decision_reference = serializers.CharField(max_length=120)
    method = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="Mã phương pháp trong quy định: burn | shred | physical")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class DestructionDrawUpSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=120)
    carried_out_on = serializers.DateField()
    place = serializers.CharField(max_length=300)
    method = serializers.CharField()
    sequence = serializers.CharField()
    executors = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class DestructionSignSerializer(serializers.Serializer):
    password = serializers.CharField(required=False, allow_blank=True, default="", style={"input_type": "password"})
    code = serializers.CharField(required=False, allow_blank=True, default="")


class DestructionPaperSignatureSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="Thành viên hội đồng ngoài hệ thống")


def _run(act, *args, **kwargs):
    try:
        return act(*args, **kwargs)
    except DjangoValidationError as error:
        raise drf_error(error) from error


@extend_schema_view(
    list=extend_schema(summary="Hồ sơ tiêu hủy mà người dùng được biết mọi tài liệu"),
    retrieve=extend_schema(summary="Một hồ sơ tiêu hủy", responses={200: DestructionSerializer, 404: HIDDEN}),
)
class DestructionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tiêu hủy bí mật nhà nước (Điều 23 Luật BVBMNN 2018)."""

    serializer_class = DestructionSerializer
    queryset = Destruction.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return service.visible_destructions(self.request.user, today()).prefetch_related("lines__item", "lines__copy")

    def _done(self, destruction):
        return Response(DestructionSerializer(self.get_queryset().get(pk=destruction.pk)).data)

    @extend_schema(summary="Lập danh sách bản đề nghị tiêu hủy (bản đơn vị đang lưu giữ)",
                   request=DestructionProposeSerializer, responses={201: DestructionSerializer, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        data = DestructionProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = get_object_or_404(Unit, pk=data.validated_data["unit"])
        destruction = _run(service.propose_destruction, request.user, unit=unit,
                           copies=data.validated_data["copies"], grounds=data.validated_data["grounds"], on=today())
        return Response(DestructionSerializer(self.get_queryset().get(pk=destruction.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Thành lập hội đồng tiêu hủy (người có thẩm quyền; người trực tiếp lưu giữ là thành viên)",
                   request=DestructionCouncilSerializer, responses={200: DestructionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def council(self, request, pk=None):
        data = DestructionCouncilSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        seats = []
        for seat in data.validated_data["members"]:
            person = get_object_or_404(Person, pk=seat["person"]) if seat.get("person") else None
            seats.append(councils.MemberInput(role=seat["role"], person=person, external_name=seat["external_name"],
                                              external_body=seat["external_body"], capacity=seat["capacity"]))
        destruction = self.get_object()
        _run(service.establish_council, request.user, destruction, members=seats,
             reference=data.validated_data["reference"], on=today())
        return self._done(destruction)

    @extend_schema(summary="Ghi biên bản họp hội đồng tiêu hủy", request=DestructionMinutesSerializer,
                   responses={200: DestructionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        data = DestructionMinutesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        destruction = self.get_object()
        _run(service.record_minutes, request.user, destruction, on=today(), **data.validated_data)
        return self._done(destruction)

    @extend_schema(summary="Quyết định tiêu hủy (sau biên bản họp hội đồng; thẩm quyền Tuyệt mật, Tối mật)",
                   request=DestructionDecisionSerializer, responses={200: DestructionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = DestructionDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        destruction = self.get_object()
        _run(service.decide_destruction, request.user, destruction, on=today(), **data.validated_data)
        return self._done(destruction)

    @extend_schema(summary="Lập biên bản tiêu hủy", request=DestructionDrawUpSerializer,
                   responses={200: DestructionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"], url_path="record")
    def draw_up(self, request, pk=None):
        data = DestructionDrawUpSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields["executors"] = list(Person.objects.filter(pk__in=fields["executors"]))
        destruction = self.get_object()
        _run(service.draw_up_record, request.user, destruction, on=today(), **fields)
        return self._done(destruction)

    @extend_schema(summary="Thành viên hội đồng ký biên bản (mật khẩu hoặc mã xác thực)", request=DestructionSignSerializer,
                   responses={200: DestructionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        data = DestructionSignSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        destruction = self.get_object()
        _run(service.sign_record, request.user, destruction, password=data.validated_data["password"] or None,
             code=data.validated_data["code"] or None, on=today())
        return self._done(destruction)

    @extend_schema(summary="Thư ký ghi nhận chữ ký trên giấy của đại diện ngoài hệ thống",
                   request=DestructionPaperSignatureSerializer, responses={200: DestructionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"], url_path="paper-signature")
    def paper_signature(self, request, pk=None):
        data = DestructionPaperSignatureSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        destruction = self.get_object()
        member = get_object_or_404(CouncilMember, pk=data.validated_data["member"], council_id=destruction.council_id)
        _run(service.record_paper_signature, request.user, destruction, member=member, on=today())
        return self._done(destruction)

    @extend_schema(summary="Hoàn tất biên bản: các bản được ghi đã tiêu hủy (đủ chữ ký mọi thành viên)", request=None,
                   responses={200: DestructionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        destruction = self.get_object()
        _run(service.complete_record, request.user, destruction, on=today())
        return self._done(destruction)


class EmergencySerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="item.reference", read_only=True)
    copy_number = serializers.IntegerField(source="copy.number", read_only=True)
    reported = serializers.BooleanField(read_only=True)

    class Meta:
        model = EmergencyDestruction
        fields = ["id", "item", "reference", "copy", "copy_number", "custodian", "unit", "head", "destroyed_on",
                  "destroyed_at_time", "place", "method", "reason", "report_due_on", "deadline_basis", "reported",
                  "report_reference", "report_sent_on", "report_sent_to", "report_late", "overdue_flagged_on"]
        read_only_fields = fields


class EmergencyCreateSerializer(serializers.Serializer):
    copy = serializers.IntegerField()
    destroyed_on = serializers.DateField()
    destroyed_at_time = serializers.TimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(max_length=300)
    method = serializers.CharField(help_text="burn | shred | physical")
    reason = serializers.CharField()


class EmergencyReportSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=120)
    sent_on = serializers.DateField()
    sent_to = serializers.IntegerField(help_text="Người đứng đầu nhận báo cáo")


@extend_schema_view(
    list=extend_schema(summary="Các lần tiêu hủy khẩn cấp mà người dùng được biết"),
    retrieve=extend_schema(summary="Một lần tiêu hủy khẩn cấp", responses={200: EmergencySerializer, 404: HIDDEN}),
)
class EmergencyDestructionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Tiêu hủy khẩn cấp do người đang quản lý thực hiện, và báo cáo ngay bằng văn bản."""

    serializer_class = EmergencySerializer
    queryset = EmergencyDestruction.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return service.visible_emergencies(self.request.user, today())

    @extend_schema(summary="Ghi việc tiêu hủy khẩn cấp một bản đang quản lý", request=EmergencyCreateSerializer,
                   responses={201: EmergencySerializer, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        data = EmergencyCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        copy = get_object_or_404(Copy, pk=fields.pop("copy"))
        get_visible_or_404(SecretItem.objects.all(), request.user, pk=copy.item_id)
        emergency = _run(service.emergency_destroy, request.user, copy, on=today(), **fields)
        return Response(EmergencySerializer(emergency).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Ghi báo cáo bằng văn bản gửi người đứng đầu", request=EmergencyReportSerializer,
                   responses={200: EmergencySerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        data = EmergencyReportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sent_to = get_object_or_404(Person, pk=data.validated_data["sent_to"])
        emergency = _run(service.report_emergency, request.user, self.get_object(), on=today(),
                         reference=data.validated_data["reference"], sent_on=data.validated_data["sent_on"],
                         sent_to=sent_to)
        return Response(EmergencySerializer(emergency).data)


def register(router) -> None:
    router.register("records/destructions", DestructionViewSet, basename="records-destruction")
    router.register("records/emergency-destructions", EmergencyDestructionViewSet,
                    basename="records-emergency-destruction")
