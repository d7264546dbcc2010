"""REST API of the rulebook: the regimes and the rules in force on a date (read-only,
any authenticated user: it is public law), an authority check, and the
installation's overrides (administrators create and revoke them through the services).
A refusal is 403 JSON with its rule and basis; invalid input is 400 by field."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org.models import Person, Unit
from bmnn.rulebook import display, loader, services
from bmnn.rulebook.authority import authorize
from bmnn.rulebook.models import AuthorityOverride, OverrideEffect
from bmnn.rulebook.views import is_officer_or_admin

TAG = "Quy định"
DATE_FORMATS = ["iso-8601", "%d/%m/%Y"]
REFUSED = OpenApiResponse(description="Không được phép: JSON có `detail`, `rule` (mã quy tắc) và `basis` (căn cứ).")
INVALID = OpenApiResponse(description="Dữ liệu không hợp lệ, theo từng trường.")
ON = OpenApiParameter("on", OpenApiTypes.DATE, description="Ngày (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay.")


def _drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


def _on(request):
    field = serializers.DateField(input_formats=DATE_FORMATS)
    value = request.query_params.get("on")
    if not value:
        return timezone.localdate()
    try:
        return field.to_internal_value(value)
    except serializers.ValidationError:
        raise serializers.ValidationError({"on": [_("Ngày không hợp lệ (YYYY-MM-DD hoặc dd/mm/yyyy).")]}) from None


@extend_schema_view(
    list=extend_schema(summary="Các chế độ pháp lý (tóm tắt)", tags=[TAG], operation_id="rulebook_regimes_list",
                       responses={200: OpenApiTypes.OBJECT}),
    retrieve=extend_schema(summary="Một chế độ pháp lý, đầy đủ quy định và căn cứ", tags=[TAG],
                           responses={200: OpenApiTypes.OBJECT, 404: OpenApiResponse(description="Không có.")}))
class RegimeViewSet(viewsets.ViewSet):
    lookup_value_regex = r"[0-9A-Za-z_-]+"

    def list(self, request):
        return Response([display.regime_dict(r, full=False) for r in loader.regimes()])

    def retrieve(self, request, pk=None):
        try:
            return Response(display.regime_dict(loader.get_regime(pk)))
        except KeyError:
            raise NotFound(_("Không có chế độ pháp lý “%(code)s”.") % {"code": pk}) from None


class RulesViewSet(viewsets.ViewSet):
    @extend_schema(summary="Quy định có hiệu lực vào một ngày (chế độ pháp lý và quy định riêng đang áp dụng)",
                   tags=[TAG], parameters=[ON], responses={200: OpenApiTypes.OBJECT, 400: INVALID})
    def list(self, request):
        on = _on(request)
        regime = loader.regime_on(on)
        overrides = [display.override_dict(o) for o in AuthorityOverride.objects.active_on(on).order_by("pk")]
        return Response({"on": on.isoformat(), "regime": display.regime_dict(regime) if regime else None,
                         "overrides": overrides})


class AuthorizeInput(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False,
                                                help_text="Mặc định: người đang đăng nhập.")
    act = serializers.ChoiceField(choices=loader.ACT_CODES)
    level = serializers.ChoiceField(choices=Level.choices)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    on = serializers.DateField(required=False, input_formats=DATE_FORMATS)


class DecisionOutput(serializers.Serializer):
    allowed = serializers.BooleanField()
    act = serializers.CharField()
    level = serializers.CharField()
    rule = serializers.CharField()
    basis = serializers.CharField()
    verified = serializers.BooleanField()
    reason = serializers.CharField()
    via = serializers.CharField()
    regime = serializers.CharField()
    on = serializers.DateField()
    position_id = serializers.IntegerField(allow_null=True)
    delegation_id = serializers.IntegerField(allow_null=True)
    override_id = serializers.IntegerField(allow_null=True)


class AuthorizeViewSet(viewsets.ViewSet):
    """The answer authorize() gives; it records nothing."""

    @extend_schema(summary="Kiểm tra thẩm quyền (tham số trên địa chỉ)", tags=[TAG],
                   parameters=[AuthorizeInput], responses={200: DecisionOutput, 400: INVALID, 403: REFUSED})
    def list(self, request):
        return self._decide(request, request.query_params)

    @extend_schema(summary="Kiểm tra thẩm quyền (của mình; của người khác: cán bộ bảo mật, quản trị hệ thống)",
                   tags=[TAG], request=AuthorizeInput, responses={200: DecisionOutput, 400: INVALID, 403: REFUSED})
    def create(self, request):
        return self._decide(request, request.data)

    def _decide(self, request, raw):
        data = AuthorizeInput(data=raw)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = values.get("person") or request.user
        today = timezone.localdate()
        if person.pk != request.user.pk and not is_officer_or_admin(request.user, today):
            raise Refused(_("Chỉ cán bộ bảo mật và quản trị hệ thống mới được kiểm tra thẩm quyền của người khác."),
                          rule="rulebook.try.officers_only", basis=services.OPERATING_RULES)
        decision = authorize(person, values["act"], values["level"], values["unit"], on=values.get("on") or today)
        return Response(decision.as_dict())


class OverrideSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(slug_field="full_name", read_only=True)
    revoked_by = serializers.SlugRelatedField(slug_field="full_name", read_only=True)

    class Meta:
        model = AuthorityOverride
        fields = ["id", "act", "level", "authority_class", "effect", "reference", "reason", "valid_from", "valid_to",
                  "revoked_on", "revoke_reason", "created_by", "created_at", "revoked_by"]
        read_only_fields = fields


class OverrideInput(serializers.Serializer):
    act = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    authority_class = serializers.CharField()
    effect = serializers.ChoiceField(choices=OverrideEffect.choices)
    reference = serializers.CharField(max_length=200)
    reason = serializers.CharField(max_length=500)
    valid_from = serializers.DateField(input_formats=DATE_FORMATS)
    valid_to = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)


class RevokeInput(serializers.Serializer):
    revoked_on = serializers.DateField(input_formats=DATE_FORMATS, required=False,
                                       help_text="Mặc định: hôm nay.")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


@extend_schema_view(list=extend_schema(summary="Quy định riêng của cơ quan về thẩm quyền", tags=[TAG]),
                    retrieve=extend_schema(summary="Một quy định riêng", tags=[TAG]))
class OverrideViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = AuthorityOverride.objects.select_related("created_by", "revoked_by").order_by("-valid_from", "-pk")
    serializer_class = OverrideSerializer

    def _run(self, input_class, act, code=status.HTTP_200_OK):
        data = input_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        try:
            result = act(data.validated_data)
        except DjangoValidationError as error:
            raise _drf_error(error) from None
        return Response(OverrideSerializer(result).data, status=code)

    @extend_schema(summary="Thêm quy định riêng (quản trị hệ thống)", tags=[TAG], request=OverrideInput,
                   responses={201: OverrideSerializer, 400: INVALID, 403: REFUSED})
    def create(self, request):
        services.require_admin(request.user, _("ghi nhận quy định riêng về thẩm quyền"))
        return self._run(OverrideInput, lambda d: services.create_override(request.user, **d), status.HTTP_201_CREATED)

    @extend_schema(summary="Bãi bỏ quy định riêng từ một ngày (quản trị hệ thống); không xóa", tags=[TAG],
                   request=RevokeInput, responses={200: OverrideSerializer, 400: INVALID, 403: REFUSED})
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        services.require_admin(request.user, _("bãi bỏ quy định riêng về thẩm quyền"))
        override = self.get_object()
        return self._run(RevokeInput, lambda d: services.revoke_override(
            request.user, override, revoked_on=d.get("revoked_on") or timezone.localdate(),
            reason=d.get("reason", "")))

    @extend_schema(summary="Bãi bỏ quy định riêng từ hôm nay (quản trị hệ thống); bản ghi được giữ lại", tags=[TAG],
                   request=None, responses={200: OverrideSerializer, 403: REFUSED})
    def destroy(self, request, pk=None):
        return self.revoke(request, pk)


def register(router) -> None:
    """Registers the rulebook viewsets on the API router."""
    router.register("rulebook/regimes", RegimeViewSet, basename="rulebook-regime")
    router.register("rulebook/rules", RulesViewSet, basename="rulebook-rules")
    router.register("rulebook/authorize", AuthorizeViewSet, basename="rulebook-authorize")
    router.register("rulebook/overrides", OverrideViewSet, basename="rulebook-override")
