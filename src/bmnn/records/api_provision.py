"""API for provision and transfer (cung cấp, chuyển giao), on the same services as the
pages: requests on items the caller may know of (others are 404); decision, recording
of an outside authority's decision, delivery and the paper receipt as actions. A refusal
is 403 with its rule and legal basis (core.api); invalid data 400."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404
from bmnn.org.api import drf_error
from bmnn.records.models import Copy, IdentityDocument, Provision, ProvisionScope, RequesterKind, SecretItem
from bmnn.records.services import provision as service

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết tài liệu (như nhau).")


def _on():
    """The act's date; one place, so tests can freeze it."""
    return timezone.localdate()


class ProvisionSerializer(serializers.ModelSerializer):
    # Plain text, not model-choice enums: several records models have a "status" field.
    status = serializers.CharField(read_only=True, help_text="requested | granted | refused | delivered | received")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    scope = serializers.CharField(read_only=True, help_text="domestic | foreign")
    requester_kind = serializers.CharField(read_only=True, help_text="organisation | individual")
    id_document = serializers.CharField(read_only=True, help_text="id_card | passport | police_id | military_id")
    decision_mode = serializers.CharField(read_only=True, help_text="in_system | recorded")
    item_reference = serializers.CharField(source="item.reference", read_only=True)
    level = serializers.CharField(source="item.level", read_only=True)
    delivery_status = serializers.SerializerMethodField()

    class Meta:
        model = Provision
        fields = ["id", "item", "item_reference", "level", "scope", "requester_kind", "request_reference",
                  "request_date", "organisation_name", "representative_name", "representative_nationality",
                  "representative_passport", "representative_position", "full_name", "id_document", "id_number",
                  "nationality", "address", "position", "copies_requested", "purpose", "related_duty",
                  "commitment_to_protect", "commitment_no_third_party", "host_body", "recorded_by", "recorded_at",
                  "status", "status_display", "decision_mode", "decided_by", "decided_on", "decision_reason",
                  "authority_basis", "outside_reference", "outside_signer", "outside_capacity",
                  "decision_recorded_by", "delivery", "delivery_status"]
        read_only_fields = fields

    def get_delivery_status(self, provision) -> str:
        return provision.delivery.status if provision.delivery_id else ""


class ProvisionRequestSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    scope = serializers.ChoiceField(choices=ProvisionScope.choices)
    requester_kind = serializers.ChoiceField(choices=RequesterKind.choices)
    request_reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    request_date = serializers.DateField()
    organisation_name = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    representative_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    representative_nationality = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    representative_passport = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    representative_position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    id_document = serializers.ChoiceField(choices=IdentityDocument.choices, required=False, allow_blank=True,
                                          default="")
    id_number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    nationality = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    copies_requested = serializers.IntegerField(min_value=1, default=1)
    purpose = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    related_duty = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    commitment_to_protect = serializers.BooleanField(default=False)
    commitment_no_third_party = serializers.BooleanField(default=False)
    host_body = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ProvisionDecisionSerializer(serializers.Serializer):
    grant = serializers.BooleanField()
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ProvisionOutsideDecisionSerializer(ProvisionDecisionSerializer):
    reference = serializers.CharField(max_length=120)
    decided_on = serializers.DateField()
    signer = serializers.CharField(max_length=200)
    capacity = serializers.CharField(max_length=60, help_text="Mã nhóm thẩm quyền trong quy định (vd. prime_minister)")


class ProvisionDeliverSerializer(serializers.Serializer):
    copies = serializers.ListField(child=serializers.IntegerField(), min_length=1, help_text="id các bản giao")
    express = serializers.BooleanField(default=False)


class ProvisionReceiptSerializer(serializers.Serializer):
    signed_by = serializers.CharField(max_length=200)
    signed_on = serializers.DateField()
    counted_copies = serializers.IntegerField(min_value=0)
    paper_reference = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="Đề nghị cung cấp, chuyển giao bí mật nhà nước mà người dùng được phép biết"),
    retrieve=extend_schema(summary="Một đề nghị cung cấp, chuyển giao", responses={200: ProvisionSerializer,
                                                                                 404: HIDDEN}),
)
class ProvisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cung cấp, chuyển giao bí mật nhà nước (Điều 15, 16 Luật BVBMNN 2018)."""

    serializer_class = ProvisionSerializer
    queryset = Provision.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return service.visible_provisions(self.request.user, _on())

    def _run(self, act, *args, **kwargs):
        try:
            return act(*args, **kwargs)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def _input(self, serializer_class) -> dict:
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def _answer(self, provision) -> Response:
        return Response(ProvisionSerializer(self.get_queryset().get(pk=provision.pk)).data)

    @extend_schema(summary="Ghi nhận văn bản đề nghị (bị từ chối khi thiếu cam kết; nước ngoài: thiếu cam kết không "
                           "chuyển cho bên thứ ba hoặc cơ quan chủ trì)",
                   request=ProvisionRequestSerializer, responses={201: ProvisionSerializer, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        fields = self._input(ProvisionRequestSerializer)
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=fields.pop("item"))
        provision = self._run(service.record_request, request.user, item, on=_on(), **fields)
        return Response(ProvisionSerializer(provision).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Quyết định đồng ý hoặc từ chối (người có thẩm quyền theo độ mật trong hệ thống)",
                   request=ProvisionDecisionSerializer, responses={200: ProvisionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        provision = self._run(service.decide, request.user, self.get_object(), on=_on(),
                              **self._input(ProvisionDecisionSerializer))
        return self._answer(provision)

    @extend_schema(summary="Ghi nhận quyết định của cấp có thẩm quyền bên ngoài (số, ngày, người ký, cương vị)",
                   request=ProvisionOutsideDecisionSerializer,
                   responses={200: ProvisionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"], url_path="record-decision")
    def record_decision(self, request, pk=None):
        provision = self._run(service.record_outside_decision, request.user, self.get_object(), on=_on(),
                              **self._input(ProvisionOutsideDecisionSerializer))
        return self._answer(provision)

    @extend_schema(summary="Giao các bản theo quyết định (bì, sổ chuyển giao theo độ mật)",
                   request=ProvisionDeliverSerializer, responses={200: ProvisionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        provision = self.get_object()
        fields = self._input(ProvisionDeliverSerializer)
        copies = list(Copy.objects.filter(item_id=provision.item_id, pk__in=fields.pop("copies")))
        self._run(service.deliver, request.user, provision, copies=copies, on=_on(), **fields)
        return self._answer(provision)

    @extend_schema(summary="Ghi biên nhận bên nhận đã ký trên giấy",
                   request=ProvisionReceiptSerializer, responses={200: ProvisionSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def receipt(self, request, pk=None):
        provision = self.get_object()
        self._run(service.record_receipt, request.user, provision, on=_on(), **self._input(ProvisionReceiptSerializer))
        return self._answer(provision)


def register(router) -> None:
    router.register("records/provisions", ProvisionViewSet, basename="records-provision")
