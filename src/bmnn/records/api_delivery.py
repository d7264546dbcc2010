"""API for delivery and receipt, on the same services as the pages: deliveries the
caller may see (of items they may know of, or addressed to their units or to them;
others are 404), sending as create, receipt, mismatch resolution and registration as
actions, the envelope sheet, and arrivals from outside bodies. A refusal is 403 with
its rule and legal basis (core.api); a count mismatch is 409 with the recorded receipt."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.core.access import get_visible_or_404, today
from bmnn.core.levels import Level
from bmnn.org.api import drf_error
from bmnn.org.models import Person, Unit
from bmnn.records.models import Delivery, Receipt, SecretItem
from bmnn.records.services import delivery as service

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết (như nhau).")


class ReceiptSerializer(serializers.ModelSerializer):
    incoming_entry_number = serializers.SerializerMethodField()

    class Meta:
        model = Receipt
        fields = ["id", "delivery", "received_by", "counted_copies", "counted_pages", "counted_attachments",
                  "confirmed_with", "confirmed_at", "mismatch", "mismatch_note", "resolved_by", "resolved_at",
                  "resolution", "incoming_entry", "incoming_entry_number"]
        read_only_fields = fields

    def get_incoming_entry_number(self, receipt) -> str | None:
        entry = receipt.incoming_entry
        return f"{entry.number}/{entry.year}" if entry else None


class DeliverySerializer(serializers.ModelSerializer):
    """Outer markings only (reference, level, sender): never the summary."""

    status = serializers.CharField(read_only=True, help_text="sent | received | mismatch | registered")
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    reference = serializers.CharField(source="item.reference", read_only=True)
    level = serializers.CharField(source="item.level", read_only=True)
    copy_numbers = serializers.SerializerMethodField()
    handover_entry_number = serializers.SerializerMethodField()
    receipts = ReceiptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = ["id", "item", "reference", "level", "from_unit", "from_external", "to_unit", "named_recipient",
                  "named_recipient_only", "envelope_mark", "inner_envelope", "express", "pages", "attachments",
                  "copy_numbers", "handover_entry", "handover_entry_number", "sent_by", "sent_at", "status",
                  "status_display", "receipts"]
        read_only_fields = fields

    def get_copy_numbers(self, delivery) -> list[int]:
        return [c.number for c in delivery.copies.order_by("number")]

    def get_handover_entry_number(self, delivery) -> str | None:
        entry = delivery.handover_entry
        return f"{entry.number}/{entry.year}" if entry else None


class DeliverSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    copies = serializers.ListField(child=serializers.IntegerField(), min_length=1, help_text="Mã các bản (id)")
    to_unit = serializers.IntegerField()
    named_recipient = serializers.IntegerField(required=False, allow_null=True)
    named_recipient_only = serializers.BooleanField(default=False)
    express = serializers.BooleanField(default=False)


class ConfirmSerializer(serializers.Serializer):
    counted_copies = serializers.IntegerField(min_value=0)
    counted_pages = serializers.IntegerField(min_value=0)
    counted_attachments = serializers.IntegerField(min_value=0)
    password = serializers.CharField(required=False, allow_blank=True, write_only=True, trim_whitespace=False)
    code = serializers.CharField(required=False, allow_blank=True, write_only=True,
                                 help_text="Mã xác thực hiện tại (TOTP)")
    recipient_absent = serializers.BooleanField(default=False)

    def validate(self, data):
        if not data.get("password") and not data.get("code"):
            raise serializers.ValidationError(_("Ký nhận bằng mật khẩu hoặc mã xác thực hiện tại."))
        return data


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(max_length=500)


class RegisterSerializer(serializers.Serializer):
    recipient_absent = serializers.BooleanField(default=False)


class ArrivalSerializer(serializers.Serializer):
    from_external = serializers.CharField(max_length=300)
    reference = serializers.CharField(max_length=120)
    issued_on = serializers.DateField()
    level = serializers.ChoiceField(choices=Level.choices)
    document_type = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    copies = serializers.IntegerField(min_value=1)
    pages = serializers.IntegerField(min_value=0)
    attachments = serializers.IntegerField(min_value=0)
    named_recipient = serializers.IntegerField(required=False, allow_null=True)
    named_recipient_only = serializers.BooleanField(default=False)
    unit = serializers.IntegerField(required=False, allow_null=True)


MISMATCH = OpenApiResponse(
    response=inline_serializer("DeliveryMismatch", {
        "detail": serializers.CharField(), "rule": serializers.CharField(), "basis": serializers.CharField(),
        "receipt": ReceiptSerializer()}),
    description="Số lượng không khớp: biên nhận được ghi với sai lệch, chưa vào sổ đến (Điều 4 khoản 3 "
                "Nghị định 26/2020/NĐ-CP).")


@extend_schema_view(
    list=extend_schema(summary="Các lần giao mà người dùng được phép biết (bên giao, hoặc bên nhận: chỉ dấu hiệu "
                               "ngoài bì)"),
    retrieve=extend_schema(summary="Một lần giao", responses={200: DeliverySerializer, 404: HIDDEN}),
)
class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Giao, nhận tài liệu, vật chứa bí mật nhà nước."""

    serializer_class = DeliverySerializer
    queryset = Delivery.objects.none()  # for the schema; get_queryset is what runs
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return service.visible_deliveries(self.request.user, today()).prefetch_related("receipts").order_by(
            "-sent_at", "-pk")

    def _run(self, act, *args, **kwargs):
        try:
            return act(*args, **kwargs)
        except DjangoValidationError as error:
            raise drf_error(error) from error

    def _fresh(self, pk):
        return Response(DeliverySerializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(summary="Giao tài liệu (chỉ khi đã vào sổ đi): bì theo độ mật, ghi sổ chuyển giao",
                   request=DeliverSerializer, responses={201: DeliverySerializer, 403: REFUSED, 404: HIDDEN})
    def create(self, request):
        data = DeliverSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=fields.pop("item"))
        to_unit = get_object_or_404(Unit, pk=fields.pop("to_unit"))
        named = fields.pop("named_recipient", None)
        named = get_object_or_404(Person, pk=named) if named else None
        delivery = self._run(service.deliver, request.user, item, to_unit=to_unit, named_recipient=named, on=today(),
                             **fields)
        return Response(DeliverySerializer(self.get_queryset().get(pk=delivery.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Tài liệu chờ người dùng ký nhận", responses={200: DeliverySerializer(many=True)})
    @action(detail=False, methods=["get"], url_path="to-receive")
    def to_receive(self, request):
        deliveries = service.deliveries_to_receive(request.user, today()).order_by("sent_at", "pk")
        return Response(DeliverySerializer(deliveries, many=True).data)

    @extend_schema(summary="Ký nhận: đếm số bản, trang, phụ lục; xác nhận bằng mật khẩu hoặc mã xác thực",
                   request=ConfirmSerializer,
                   responses={200: DeliverySerializer, 403: REFUSED, 404: HIDDEN, 409: MISMATCH})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = self.get_object()
        try:
            self._run(service.confirm_receipt, request.user, delivery, on=today(), **data.validated_data)
        except service.CountMismatch as mismatch:
            return Response({**mismatch.as_dict(), "receipt": ReceiptSerializer(mismatch.receipt).data},
                            status=status.HTTP_409_CONFLICT)
        return self._fresh(delivery.pk)

    @extend_schema(summary="Ghi kết quả đối chiếu, xử lý sai lệch (văn thư bên giao hoặc bên nhận)",
                   request=ResolveSerializer, responses={200: DeliverySerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = self.get_object()
        receipt = get_object_or_404(delivery.receipts.all(), mismatch=True, resolved_at__isnull=True)
        self._run(service.resolve_mismatch, request.user, receipt, data.validated_data["resolution"], on=today())
        return self._fresh(delivery.pk)

    @extend_schema(summary="Vào sổ đến sau khi đã xử lý sai lệch",
                   request=RegisterSerializer, responses={200: DeliverySerializer, 403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"], url_path="register")
    def register_received(self, request, pk=None):
        data = RegisterSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delivery = self.get_object()
        self._run(service.register_received, request.user, delivery, on=today(), **data.validated_data)
        return self._fresh(delivery.pk)

    @extend_schema(summary="Những gì ghi trên bì ngoài (và bì trong với Tuyệt mật)",
                   responses={200: inline_serializer("EnvelopeSheet", {
                       "outer": serializers.DictField(), "inner": serializers.DictField(allow_null=True),
                       "copies": serializers.IntegerField(), "pages": serializers.IntegerField(),
                       "attachments": serializers.IntegerField()}), 404: HIDDEN})
    @action(detail=True, methods=["get"])
    def envelope(self, request, pk=None):
        return Response(service.envelope_sheet(self.get_object()))

    @extend_schema(summary="Vào sổ đến tài liệu từ cơ quan ngoài hệ thống (tạo tài liệu, các bản và dòng sổ đến)",
                   request=ArrivalSerializer,
                   responses={201: inline_serializer("Arrival", {"item": serializers.IntegerField(),
                                                                 "reference": serializers.CharField()}),
                              403: REFUSED})
    @action(detail=False, methods=["post"])
    def arrival(self, request):
        data = ArrivalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        named = fields.pop("named_recipient", None)
        unit = fields.pop("unit", None)
        item = self._run(service.register_arrival, request.user, on=today(),
                         named_recipient=get_object_or_404(Person, pk=named) if named else None,
                         unit=get_object_or_404(Unit, pk=unit) if unit else None, **fields)
        return Response({"item": item.pk, "reference": item.reference}, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("records/deliveries", DeliveryViewSet, basename="records-delivery")
