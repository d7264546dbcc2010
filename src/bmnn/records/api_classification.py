"""API for lists of state secrets and classification: the same services as the pages.
A refusal is 403 with its rule and basis (core.api); data errors are 400 by field;
an item the caller may not see is 404."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404, today
from bmnn.core.dates import parse_date
from bmnn.core.levels import Level
from bmnn.org.models import Person, Unit
from bmnn.records import services
from bmnn.records.api import SecretItemDetailSerializer
from bmnn.records.models import ItemKind, SecretItem, SecretList, SecretListEntry
from bmnn.records.services.lists import lists_on


def _as_api_error(error: DjangoValidationError) -> ValidationError:
    return ValidationError(error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages})


# --- Lists ------------------------------------------------------------------------------------------

class SecretListEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = SecretListEntry
        fields = ["id", "number", "content", "level", "valid_from", "valid_to"]


class SecretListSerializer(serializers.ModelSerializer):
    entries = SecretListEntrySerializer(many=True, source="entries_on")

    class Meta:
        model = SecretList
        fields = ["id", "code", "title", "decision_reference", "issued_on", "sector", "valid_from", "valid_to",
                  "entries"]


class ListLoadSerializer(serializers.Serializer):
    yaml = serializers.CharField(help_text="Nội dung tệp YAML của danh mục (code, title, decision_reference, "
                                           "issued_on, sector, valid_from, valid_to, entries).")


class SecretListViewSet(viewsets.ViewSet):
    """Danh mục bí mật nhà nước và các mục có hiệu lực vào một ngày."""

    @extend_schema(summary="Danh mục và các mục có hiệu lực vào một ngày",
                   parameters=[OpenApiParameter("on", str, description="Ngày (dd/mm/yyyy hoặc ISO); mặc định hôm nay.")],
                   responses=SecretListSerializer(many=True))
    def list(self, request):
        on = parse_date(request.query_params.get("on")) or today()
        return Response(SecretListSerializer(lists_on(on), many=True).data)

    @extend_schema(summary="Nạp hoặc cập nhật một danh mục (chỉ quản trị hệ thống)", request=ListLoadSerializer,
                   responses={201: SecretListSerializer, 403: OpenApiResponse(description="Không phải quản trị hệ thống.")})
    @action(detail=False, methods=["post"])
    def load(self, request):
        data = ListLoadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            secret_list = services.load_list(request.user, data.validated_data["yaml"])
        except DjangoValidationError as error:
            raise _as_api_error(error) from error
        secret_list.entries_on = list(secret_list.entries.valid_on(today()))
        return Response(SecretListSerializer(secret_list).data, status=status.HTTP_201_CREATED)


# --- Classification ---------------------------------------------------------------------------------

class RecipientInSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False, allow_null=True)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    external_name = serializers.CharField(required=False, allow_blank=True, default="")
    copies = serializers.IntegerField(min_value=1, default=1)


class ProposalSerializer(serializers.Serializer):
    holding_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    kind = serializers.ChoiceField(choices=ItemKind.choices, default=ItemKind.DOCUMENT)
    document_type = serializers.CharField(max_length=100)
    level = serializers.ChoiceField(choices=Level.choices)
    list_entry = serializers.PrimaryKeyRelatedField(queryset=SecretListEntry.objects.select_related("secret_list"),
                                                    required=False, allow_null=True)
    recipients = RecipientInSerializer(many=True, required=False, default=list)
    copies_planned = serializers.IntegerField(min_value=1)
    reproduction_allowed = serializers.BooleanField(default=False)
    pages = serializers.IntegerField(min_value=0, default=0)
    attachments = serializers.IntegerField(min_value=0, default=0)
    summary = serializers.CharField(required=False, allow_blank=True, default="",
                                    help_text="Không được gửi cho tài liệu Tuyệt mật theo chế độ 2026 (bị từ chối).")
    reference = serializers.CharField(required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)
    shorter_period_until = serializers.DateField(required=False, allow_null=True, default=None,
                                                 help_text="Chỉ với hoạt động.")


class DecideSerializer(serializers.Serializer):
    decided_on = serializers.DateField(required=False, help_text="Mặc định hôm nay.")
    summary_consent = serializers.BooleanField(default=False,
                                               help_text="Chế độ 2018: đồng ý ghi trích yếu tài liệu Tuyệt mật.")


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


REFUSED = OpenApiResponse(description="Bị từ chối: {detail, rule, basis, field} — quy tắc và căn cứ pháp lý.")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết (như nhau).")


class ClassificationViewSet(viewsets.ViewSet):
    """Xác định độ mật: đề xuất, quyết định, trả lại, đề xuất lại."""

    lookup_value_regex = r"\d+"

    def _item(self, request, pk):
        return get_visible_or_404(SecretItem.objects.all(), request.user, pk=pk)

    def _propose(self, request, item=None):
        data = ProposalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        try:
            result = services.propose(request.user, item=item, **fields)
        except DjangoValidationError as error:
            raise _as_api_error(error) from error
        return Response(SecretItemDetailSerializer(result).data,
                        status=status.HTTP_200_OK if item else status.HTTP_201_CREATED)

    @extend_schema(summary="Đề xuất độ mật (người soạn thảo)", request=ProposalSerializer,
                   responses={201: SecretItemDetailSerializer, 403: REFUSED})
    def create(self, request):
        return self._propose(request)

    @extend_schema(summary="Sửa và đề xuất lại tài liệu đã bị trả lại", request=ProposalSerializer,
                   responses={200: SecretItemDetailSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def revise(self, request, pk=None):
        return self._propose(request, item=self._item(request, pk))

    @extend_schema(summary="Quyết định độ mật (người có thẩm quyền)", request=DecideSerializer,
                   responses={200: SecretItemDetailSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.decide(request.user, self._item(request, pk), data.validated_data.get("decided_on") or today(),
                               summary_consent=data.validated_data["summary_consent"])
        return Response(SecretItemDetailSerializer(item).data)

    @extend_schema(summary="Trả lại đề xuất cho người soạn thảo, có lý do", request=ReturnSerializer,
                   responses={200: SecretItemDetailSerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"], url_path="return")
    def return_to_drafter(self, request, pk=None):
        data = ReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            item = services.return_to_drafter(request.user, self._item(request, pk), data.validated_data["reason"])
        except DjangoValidationError as error:
            raise _as_api_error(error) from error
        return Response(SecretItemDetailSerializer(item).data)


def register(router) -> None:
    router.register("records/lists", SecretListViewSet, basename="records-list")
    router.register("records/classification", ClassificationViewSet, basename="records-classification")
