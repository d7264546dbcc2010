"""API for meetings with secret content, on the same services as the pages: meetings the
caller may know of (others are 404); the request, the approval (in the system or an
outside one by its reference), attendees and their checks, venue, equipment, plan,
opening, hand-outs, seals, recovery or loss, end and close as actions. A refusal is
403 with its rule and legal basis (core.api); invalid data 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import today
from bmnn.core.levels import Level
from bmnn.org.api import drf_error
from bmnn.org.models import Person, Unit
from bmnn.records.models import (
    Copy, EquipmentKind, Meeting, MeetingAttendee, MeetingHandout, MeetingKind, MeetingSeal, VenueKind,
)
from bmnn.records.services import meetings as service

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết hội nghị (như nhau).")


class MeetingAttendeeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)

    class Meta:
        model = MeetingAttendee
        fields = ["id", "person", "name", "external_body", "external_position", "introduction_reference",
                  "security_check_reference", "security_checked_on"]
        read_only_fields = fields


class MeetingHandoutSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="out | recovered | lost")
    copy_label = serializers.CharField(source="copy.__str__", read_only=True)

    class Meta:
        model = MeetingHandout
        fields = ["id", "copy", "copy_label", "attendee", "status", "handed_on", "recovered_on", "incident"]
        read_only_fields = fields


class MeetingSealSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeetingSeal
        fields = ["id", "day", "seal_reference", "witnesses", "sealed_by"]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer):
    # Plain text, not model-choice enums: several records models have a "status" / "kind" field.
    status = serializers.CharField(read_only=True,
                                   help_text="requested | approved | refused | in_progress | ended | closed")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    kind = serializers.CharField(read_only=True, help_text="conference | seminar | meeting")
    level = serializers.CharField(read_only=True, help_text="MAT | TOI_MAT | TUYET_MAT")
    venue_kind = serializers.CharField(read_only=True, help_text="hq_room | off_site")
    equipment_kind = serializers.CharField(read_only=True, help_text="wired_checked | cipher | none")
    device_rule = serializers.SerializerMethodField()
    attendees = MeetingAttendeeSerializer(many=True, read_only=True)
    handouts = MeetingHandoutSerializer(many=True, read_only=True)
    seals = MeetingSealSerializer(many=True, read_only=True)
    missing_seals = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "title", "kind", "level", "organising_unit", "start_date", "end_date", "foreign_element",
                  "chair", "status", "status_display", "requested_by", "approval_source", "decided_by", "decided_on",
                  "decision_reason", "authority_basis", "approval_reference", "approver_name", "approver_class",
                  "venue_kind", "venue_name", "police_check_reference", "police_check_on", "equipment_kind",
                  "equipment_check_reference", "device_instructions", "device_rule", "opened_on", "ended_on",
                  "closed_on", "attendees", "handouts", "seals", "missing_seals"]
        read_only_fields = fields

    def get_device_rule(self, meeting) -> dict:
        rule = service.device_rule(meeting.level, today())
        return {"value": rule.value, "description": rule.description, "basis": rule.citation,
                "verified": rule.verified}

    def get_missing_seals(self, meeting) -> list[str]:
        return [d.isoformat() for d in service.missing_seals(meeting, today())]


class MeetingRequestSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=MeetingKind.choices, default=MeetingKind.MEETING)
    level = serializers.ChoiceField(choices=Level.choices)
    organising_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    chair = serializers.CharField(max_length=200)
    foreign_element = serializers.BooleanField(default=False)


class MeetingDecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    approval_reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class MeetingExternalApprovalSerializer(serializers.Serializer):
    approver_class = serializers.CharField(max_length=60, help_text="mã nhóm thẩm quyền trong quy định")
    approver_name = serializers.CharField(max_length=200)
    approver_position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    approval_reference = serializers.CharField(max_length=120)
    decided_on = serializers.DateField()


class MeetingAttendeeInputSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True,
                                                default=None)
    external_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    external_body = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    external_position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    introduction_reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MeetingSecurityCheckSerializer(serializers.Serializer):
    attendee = serializers.IntegerField()
    reference = serializers.CharField(max_length=300)
    checked_on = serializers.DateField()


class MeetingVenueSerializer(serializers.Serializer):
    venue_kind = serializers.ChoiceField(choices=VenueKind.choices)
    venue_name = serializers.CharField(max_length=300)
    police_check_reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    police_check_on = serializers.DateField(required=False, allow_null=True, default=None)


class MeetingEquipmentSerializer(serializers.Serializer):
    equipment_kind = serializers.ChoiceField(choices=EquipmentKind.choices)
    equipment_check_reference = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    equipment_note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MeetingPlanSerializer(serializers.Serializer):
    plan = serializers.CharField()
    guards = serializers.CharField(required=False, allow_blank=True, default="")
    contingency = serializers.CharField(required=False, allow_blank=True, default="")
    device_instructions = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class MeetingHandoutInputSerializer(serializers.Serializer):
    copy = serializers.IntegerField()
    attendee = serializers.IntegerField()


class MeetingHandoutRefSerializer(serializers.Serializer):
    handout = serializers.IntegerField()


class MeetingLossSerializer(MeetingHandoutRefSerializer):
    description = serializers.CharField(max_length=300)


class MeetingSealInputSerializer(serializers.Serializer):
    day = serializers.DateField()
    seal_reference = serializers.CharField(max_length=200)
    witnesses = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MeetingEmptySerializer(serializers.Serializer):
    pass


def _step(summary: str, request_serializer):
    return extend_schema(summary=summary, request=request_serializer,
                         responses={200: MeetingSerializer, 403: REFUSED, 404: HIDDEN})


@extend_schema_view(
    list=extend_schema(summary="Hội nghị, hội thảo, cuộc họp có nội dung BMNN mà người dùng được phép biết"),
    retrieve=extend_schema(summary="Một hội nghị, hội thảo, cuộc họp", responses={200: MeetingSerializer,
                                                                                   404: HIDDEN}),
)
class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hội nghị, hội thảo, cuộc họp có nội dung bí mật nhà nước."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return service.visible_meetings(self.request.user).prefetch_related(
            "attendees__person", "handouts__copy__item", "seals")

    def _act(self, input_class, act):
        data = input_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        meeting = self.get_object()
        try:
            act(meeting, dict(data.validated_data))
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(MeetingSerializer(self.get_queryset().get(pk=meeting.pk)).data)

    def _attendee(self, meeting, pk):
        return get_object_or_404(MeetingAttendee, pk=pk, meeting=meeting)

    def _handout(self, meeting, pk):
        return get_object_or_404(MeetingHandout, pk=pk, meeting=meeting)

    @extend_schema(summary="Ghi hội nghị và đề nghị đồng ý sử dụng nội dung BMNN", request=MeetingRequestSerializer,
                   responses={201: MeetingSerializer, 403: REFUSED})
    def create(self, request):
        data = MeetingRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            meeting = service.request_meeting(request.user, on=today(), **data.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from error
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @_step("Đồng ý hoặc không (thẩm quyền Điều 15; yếu tố nước ngoài: bằng văn bản, Điều 16 khoản 1)",
           MeetingDecideSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        return self._act(MeetingDecideSerializer, lambda m, d: service.decide_meeting(request.user, m, on=today(), **d))

    @_step("Ghi văn bản đồng ý của người có thẩm quyền ngoài hệ thống", MeetingExternalApprovalSerializer)
    @action(detail=True, methods=["post"], url_path="external-approval")
    def external_approval(self, request, pk=None):
        return self._act(MeetingExternalApprovalSerializer,
                         lambda m, d: service.record_external_approval(request.user, m, on=today(), **d))

    @_step("Thêm người tham dự (người trong hệ thống đã được giao tiếp cận độ mật, hoặc người ngoài hệ thống)",
           MeetingAttendeeInputSerializer)
    @action(detail=True, methods=["post"])
    def attendees(self, request, pk=None):
        return self._act(MeetingAttendeeInputSerializer, lambda m, d: service.add_attendee(request.user, m, on=today(), **d))

    @_step("Ghi kiểm tra an ninh một người tham dự", MeetingSecurityCheckSerializer)
    @action(detail=True, methods=["post"], url_path="security-check")
    def security_check(self, request, pk=None):
        def run(m, d):
            service.record_security_check(request.user, self._attendee(m, d.pop("attendee")), on=today(), **d)
        return self._act(MeetingSecurityCheckSerializer, run)

    @_step("Ghi địa điểm (ngoài trụ sở: văn bản kiểm tra của Công an)", MeetingVenueSerializer)
    @action(detail=True, methods=["post"])
    def venue(self, request, pk=None):
        return self._act(MeetingVenueSerializer, lambda m, d: service.record_venue(request.user, m, on=today(), **d))

    @_step("Ghi thiết bị và việc kiểm tra", MeetingEquipmentSerializer)
    @action(detail=True, methods=["post"])
    def equipment(self, request, pk=None):
        return self._act(MeetingEquipmentSerializer, lambda m, d: service.record_equipment(request.user, m, on=today(), **d))

    @_step("Ghi phương án bảo vệ", MeetingPlanSerializer)
    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        return self._act(MeetingPlanSerializer,
                         lambda m, d: service.record_protection_plan(request.user, m, on=today(), **d))

    @_step("Khai mạc (mọi điều kiện của quy tắc E1 đã đủ)", MeetingEmptySerializer)
    @action(detail=True, methods=["post"], url_path="open")
    def open_(self, request, pk=None):
        return self._act(MeetingEmptySerializer, lambda m, d: service.open_meeting(request.user, m, on=today()))

    @_step("Phát một bản cho một người tham dự (chuyển người giữ bản)", MeetingHandoutInputSerializer)
    @action(detail=True, methods=["post"])
    def handout(self, request, pk=None):
        def run(m, d):
            attendee = self._attendee(m, d["attendee"])
            copy = get_object_or_404(Copy, pk=d["copy"])
            service.hand_out(request.user, m, copy=copy, attendee=attendee, on=today())
        return self._act(MeetingHandoutInputSerializer, run)

    @_step("Thu hồi một bản đã phát", MeetingHandoutRefSerializer)
    @action(detail=True, methods=["post"])
    def recover(self, request, pk=None):
        return self._act(MeetingHandoutRefSerializer, lambda m, d: service.recover(
            request.user, self._handout(m, d["handout"]), on=today()))

    @_step("Ghi không thu hồi được một bản (mở vụ việc mất)", MeetingLossSerializer)
    @action(detail=True, methods=["post"])
    def loss(self, request, pk=None):
        return self._act(MeetingLossSerializer, lambda m, d: service.record_loss(
            request.user, self._handout(m, d["handout"]), description=d["description"], on=today()))

    @_step("Ghi niêm phong phòng họp một ngày", MeetingSealInputSerializer)
    @action(detail=True, methods=["post"])
    def seal(self, request, pk=None):
        return self._act(MeetingSealInputSerializer, lambda m, d: service.seal_room(request.user, m, on=today(), **d))

    @_step("Bế mạc", MeetingEmptySerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        return self._act(MeetingEmptySerializer, lambda m, d: service.end_meeting(request.user, m, on=today()))

    @_step("Kết thúc hồ sơ (mọi bản đã thu hồi hoặc ghi mất; niêm phong đủ ngày)", MeetingEmptySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(MeetingEmptySerializer, lambda m, d: service.close_meeting(request.user, m, on=today()))


def register(router) -> None:
    router.register("records/meetings", MeetingViewSet, basename="records-meeting")
