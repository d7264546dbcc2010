"""API for the shared pieces of the period acts, on the same services as the pages:
notices to holders (list, detail, `send`, `acknowledge`) and review councils (list,
detail, create = establish, `minutes`). Hidden = 404; a refusal is 403 with its rule
and legal basis (core.api); invalid data 400 with the field's Vietnamese message."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import today
from bmnn.org.api import drf_error
from bmnn.org.models import Person, Unit
from bmnn.records.models import Council, CouncilKind, CouncilMember, CouncilRole, Notice, SecretItem
from bmnn.records.services import councils as council_service
from bmnn.records.services import notices as notice_service
from bmnn.records.views.notices import filtered

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết (như nhau).")
INVALID = OpenApiResponse(description="Dữ liệu không hợp lệ: thông báo lỗi tiếng Việt theo từng trường.")


def _run(act, *args, **kwargs):
    try:
        return act(*args, **kwargs)
    except DjangoValidationError as error:
        raise drf_error(error) from error


# --- Notices -----------------------------------------------------------------------------------

class NoticeSerializer(serializers.ModelSerializer):
    # Plain text, not model-choice enums: several records models have "status" and "act" fields.
    status = serializers.CharField(read_only=True, help_text="due | sent | acknowledged")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    act = serializers.CharField(read_only=True,
                                help_text="extension | adjustment | declassification | list_removal | recall")
    act_display = serializers.CharField(source="get_act_display", read_only=True)
    item_reference = serializers.CharField(source="item.reference", read_only=True)
    level = serializers.CharField(source="item.level", read_only=True)
    recipient_name = serializers.CharField(read_only=True)
    copies = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "item", "item_reference", "level", "act", "act_display", "act_id", "decided_on",
                  "recipient_unit", "recipient_person", "recipient_external", "recipient_name", "copies", "due_on",
                  "deadline_basis", "status", "status_display", "reference", "sent_on", "sent_by", "sent_late",
                  "acknowledged_on", "acknowledged_by", "acknowledgement", "overdue_flagged_on"]
        read_only_fields = fields

    def get_copies(self, notice) -> list[int]:
        return [c.pk for c in notice.copies.all()]


class SendSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=120)
    sent_on = serializers.DateField()


class AcknowledgeSerializer(serializers.Serializer):
    on = serializers.DateField(help_text="Ngày xác nhận")
    acknowledgement = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


NOTICE_FILTERS = [
    OpenApiParameter("status", OpenApiTypes.STR, enum=["due", "sent", "acknowledged"]),
    OpenApiParameter("act", OpenApiTypes.STR,
                     enum=["extension", "adjustment", "declassification", "list_removal", "recall"]),
    OpenApiParameter("overdue", OpenApiTypes.BOOL, description="Chưa gửi và đã quá hạn gửi"),
]


@extend_schema_view(
    list=extend_schema(summary="Thông báo mà người dùng được phép biết", parameters=NOTICE_FILTERS),
    retrieve=extend_schema(summary="Một thông báo", responses={200: NoticeSerializer, 404: HIDDEN}),
)
class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Thông báo bằng văn bản tới nơi giữ tài liệu (gia hạn, điều chỉnh độ mật, giải mật…)."""

    serializer_class = NoticeSerializer
    queryset = Notice.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        on = today()
        notices = notice_service.visible_notices(self.request.user, on).prefetch_related("copies")
        return filtered(notices, self.request.query_params, on).order_by("due_on", "pk")

    def get_object(self):
        return notice_service.get_notice_or_404(self.request.user, self.kwargs["pk"], today())

    @extend_schema(summary="Ghi việc gửi thông báo (văn thư, cán bộ bảo mật của cơ quan xác định bí mật)",
                   request=SendSerializer,
                   responses={200: NoticeSerializer, 400: INVALID, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        data = SendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = _run(notice_service.send_notice, request.user, self.get_object(), **data.validated_data)
        return Response(NoticeSerializer(notice).data)

    @extend_schema(summary="Xác nhận đã nhận thông báo và ghi nhận trên bản đang giữ (nơi nhận)",
                   request=AcknowledgeSerializer,
                   responses={200: NoticeSerializer, 400: INVALID, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        data = AcknowledgeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = _run(notice_service.acknowledge_notice, request.user, self.get_object(), **data.validated_data)
        return Response(NoticeSerializer(notice).data)


# --- Councils ----------------------------------------------------------------------------------

class CouncilMemberSerializer(serializers.ModelSerializer):
    role = serializers.CharField(read_only=True, help_text="chair | member | secretary")
    name = serializers.CharField(read_only=True)

    class Meta:
        model = CouncilMember
        fields = ["id", "role", "person", "name", "external_name", "external_body", "capacity"]
        read_only_fields = fields


class CouncilSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text="declassification | destruction")
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status = serializers.CharField(read_only=True, help_text="established | reported | closed")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    level = serializers.CharField(read_only=True, help_text="MAT | TOI_MAT | TUYET_MAT")
    items = serializers.SerializerMethodField()
    members = CouncilMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Council
        fields = ["id", "kind", "kind_display", "unit", "level", "established_by", "established_on", "reference",
                  "authority_basis", "items", "members", "status", "status_display", "met_on", "minutes_reference",
                  "conclusion", "recommends", "minutes_recorded_by"]
        read_only_fields = fields

    def get_items(self, council) -> list[int]:
        return [i.pk for i in council.items.all()]


class MemberInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=CouncilRole.choices, default=CouncilRole.MEMBER)
    person = serializers.IntegerField(required=False, allow_null=True,
                                      help_text="Người trong hệ thống; hoặc để trống và ghi external_name")
    external_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    external_body = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    capacity = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate_person(self, value):
        if value is None:
            return None
        person = Person.objects.filter(pk=value, is_active=True).first()
        if person is None:
            raise serializers.ValidationError(_("Không có người này trong hệ thống."))
        return person


class EstablishSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CouncilKind.choices)
    unit = serializers.IntegerField(help_text="Cơ quan, tổ chức thành lập hội đồng")
    items = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)
    members = MemberInputSerializer(many=True)
    reference = serializers.CharField(max_length=120)

    def validate_unit(self, value):
        unit = Unit.objects.filter(pk=value).first()
        if unit is None:
            raise serializers.ValidationError(_("Không có đơn vị này."))
        return unit


class MinutesSerializer(serializers.Serializer):
    met_on = serializers.DateField()
    minutes_reference = serializers.CharField(max_length=120)
    conclusion = serializers.CharField()
    recommends = serializers.BooleanField()


@extend_schema_view(
    list=extend_schema(summary="Hội đồng mà người dùng được phép biết mọi tài liệu được xem xét", parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=["declassification", "destruction"]),
        OpenApiParameter("status", OpenApiTypes.STR, enum=["established", "reported", "closed"])]),
    retrieve=extend_schema(summary="Một hội đồng", responses={200: CouncilSerializer, 404: HIDDEN}),
)
class CouncilViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Hội đồng giải mật, hội đồng tiêu hủy."""

    serializer_class = CouncilSerializer
    queryset = Council.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        councils = council_service.visible_councils(self.request.user, today()).prefetch_related(
            "items", "members__person")
        params = self.request.query_params
        if params.get("kind") in CouncilKind.values:
            councils = councils.filter(kind=params["kind"])
        if params.get("status"):
            councils = councils.filter(status=params["status"])
        return councils

    def get_object(self):
        return council_service.get_council_or_404(self.request.user, self.kwargs["pk"], today())

    @extend_schema(summary="Thành lập hội đồng (thẩm quyền giải mật/tiêu hủy cho độ mật cao nhất; Chủ tịch là "
                           "đại diện lãnh đạo cơ quan)",
                   request=EstablishSerializer,
                   responses={201: CouncilSerializer, 400: INVALID, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        data = EstablishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        ids = set(fields.pop("items"))
        items = list(SecretItem.objects.filter(pk__in=ids))
        if len(items) != len(ids):
            raise Http404  # an item that does not exist, like one not to be known of
        members = [council_service.MemberInput(**m) for m in fields.pop("members")]
        council = _run(council_service.establish_council, request.user, items=items, members=members, on=today(),
                       **fields)
        return Response(CouncilSerializer(self.get_object_for(council)).data, status=status.HTTP_201_CREATED)

    def get_object_for(self, council):
        return Council.objects.prefetch_related("items", "members__person").get(pk=council.pk)

    @extend_schema(summary="Ghi biên bản họp hội đồng (Chủ tịch, Thư ký hoặc văn thư, cán bộ bảo mật của cơ quan)",
                   request=MinutesSerializer,
                   responses={200: CouncilSerializer, 400: INVALID, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        data = MinutesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        council = _run(council_service.record_minutes, request.user, self.get_object(), on=today(),
                       **data.validated_data)
        return Response(CouncilSerializer(self.get_object_for(council)).data)


def register(router) -> None:
    router.register("records/notices", NoticeViewSet, basename="records-notice")
    router.register("records/councils", CouncilViewSet, basename="records-council")
