"""REST API of the organisation. Reads are plain list/retrieve; every write goes
through the services (same checks, same ledger events as the pages). A refusal
becomes 403 JSON with its rule and basis (bmnn.core.api.exception_handler); a
validation error from a service becomes 400 keyed by field. Nothing is deleted:
units, positions and tenures close, delegations and assignments are revoked."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bmnn.org import filters, selectors, services
from bmnn.org import serializers as s
from bmnn.org.models import AccessAssignment, Commitment, Delegation, Person, Position, Tenure, Unit

TAG = "Tổ chức"
REFUSED = OpenApiResponse(description="Không được phép: JSON có `detail`, `rule` (mã quy tắc) và `basis` (căn cứ).")
INVALID = OpenApiResponse(description="Dữ liệu không hợp lệ, theo từng trường.")


def drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


class ServiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and retrieve; writes via `run`, which validates input and calls a service."""

    def run(self, input_class, act, *, status_code=status.HTTP_200_OK, partial=False, output=None) -> Response:
        data = input_class(data=self.request.data, partial=partial, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        try:
            result = act(data.validated_data)
        except DjangoValidationError as error:
            raise drf_error(error) from None
        output_class = output or self.get_serializer_class()
        return Response(output_class(result, context=self.get_serializer_context()).data, status=status_code)


def writes(request, response, summary: str, *, created: bool = False):
    code = 201 if created else 200
    return extend_schema(summary=summary, request=request, tags=[TAG],
                         responses={code: response, 400: INVALID, 403: REFUSED})


@extend_schema_view(list=extend_schema(summary="Đơn vị (lọc theo ngày hiệu lực, tìm không dấu)", tags=[TAG]),
                    retrieve=extend_schema(summary="Một đơn vị", tags=[TAG]))
class UnitViewSet(ServiceViewSet):
    queryset = Unit.objects.select_related("successor")
    serializer_class = s.UnitSerializer
    filterset_class = filters.UnitFilter

    def get_queryset(self):
        return selectors.vi_ordered(super().get_queryset())

    @writes(s.UnitCreateSerializer, s.UnitSerializer, "Thêm đơn vị (quản trị hệ thống)", created=True)
    def create(self, request):
        return self.run(s.UnitCreateSerializer, lambda d: services.create_unit(request.user, **d),
                        status_code=status.HTTP_201_CREATED)

    @writes(s.UnitUpdateSerializer, s.UnitSerializer, "Sửa thông tin đơn vị (quản trị hệ thống)")
    def update(self, request, pk=None, partial=False):
        unit = self.get_object()
        return self.run(s.UnitUpdateSerializer, lambda d: services.update_unit(request.user, unit, **d),
                        partial=partial)

    @writes(s.UnitUpdateSerializer, s.UnitSerializer, "Sửa một phần thông tin đơn vị (quản trị hệ thống)")
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @writes(s.UnitCloseSerializer, s.UnitSerializer, "Chấm dứt hoạt động (giải thể, sáp nhập vào đơn vị kế thừa)")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        unit = self.get_object()
        return self.run(s.UnitCloseSerializer, lambda d: services.close_unit(request.user, unit, **d))

    @writes(s.UnitMergeSerializer, s.UnitSerializer, "Sáp nhập, hợp nhất: các đơn vị nguồn chấm dứt, đơn vị mới kế thừa",
            created=True)
    @action(detail=False, methods=["post"])
    def merge(self, request):
        return self.run(s.UnitMergeSerializer, lambda d: services.merge_units(request.user, **d),
                        status_code=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(summary="Chức vụ", tags=[TAG]),
                    retrieve=extend_schema(summary="Một chức vụ", tags=[TAG]))
class PositionViewSet(ServiceViewSet):
    queryset = Position.objects.select_related("unit")
    serializer_class = s.PositionSerializer
    filterset_class = filters.PositionFilter

    def get_queryset(self):
        return selectors.vi_ordered(super().get_queryset(), "unit__sort_key", "sort_key")

    @writes(s.PositionCreateSerializer, s.PositionSerializer, "Thêm chức vụ (quản trị hệ thống)", created=True)
    def create(self, request):
        return self.run(s.PositionCreateSerializer, lambda d: services.create_position(request.user, **d),
                        status_code=status.HTTP_201_CREATED)

    @writes(s.PositionUpdateSerializer, s.PositionSerializer, "Sửa chức vụ (quản trị hệ thống)")
    def update(self, request, pk=None, partial=False):
        position = self.get_object()
        return self.run(s.PositionUpdateSerializer, lambda d: services.update_position(request.user, position, **d),
                        partial=partial)

    @writes(s.PositionUpdateSerializer, s.PositionSerializer, "Sửa một phần chức vụ (quản trị hệ thống)")
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @writes(s.CloseSerializer, s.PositionSerializer, "Chấm dứt chức vụ (người giữ chức vụ thôi giữ cùng ngày)")
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        position = self.get_object()
        return self.run(s.CloseSerializer, lambda d: services.close_position(request.user, position, **d))


@extend_schema_view(list=extend_schema(summary="Cán bộ (tìm không dấu, sắp xếp theo tên tiếng Việt)", tags=[TAG]),
                    retrieve=extend_schema(summary="Một cán bộ", tags=[TAG]))
class PersonViewSet(ServiceViewSet):
    queryset = Person.objects.all()
    serializer_class = s.PersonSerializer
    filterset_class = filters.PersonFilter

    def get_queryset(self):
        return selectors.vi_ordered(super().get_queryset())

    @writes(s.PersonCreateSerializer, s.PersonSerializer,
            "Tạo tài khoản với mật khẩu ban đầu phải đổi khi đăng nhập (quản trị hệ thống)", created=True)
    def create(self, request):
        return self.run(s.PersonCreateSerializer, lambda d: services.create_person(request.user, **d),
                        status_code=status.HTTP_201_CREATED)

    @writes(s.PersonUpdateSerializer, s.PersonSerializer, "Sửa thông tin cán bộ (quản trị hệ thống)")
    def update(self, request, pk=None, partial=False):
        person = self.get_object()
        return self.run(s.PersonUpdateSerializer, lambda d: services.update_person(request.user, person, **d),
                        partial=partial)

    @writes(s.PersonUpdateSerializer, s.PersonSerializer, "Sửa một phần thông tin cán bộ (quản trị hệ thống)")
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @writes(s.ReasonSerializer, s.PersonSerializer, "Khóa tài khoản (quản trị hệ thống)")
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        person = self.get_object()
        return self.run(s.ReasonSerializer, lambda d: services.deactivate_person(request.user, person, **d))

    @writes(None, s.PersonSerializer, "Mở lại tài khoản (quản trị hệ thống)")
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        person = self.get_object()
        try:
            person = services.reactivate_person(request.user, person)
        except DjangoValidationError as error:
            raise drf_error(error) from None
        return Response(s.PersonSerializer(person).data)


@extend_schema_view(list=extend_schema(summary="Quá trình giữ chức vụ", tags=[TAG]),
                    retrieve=extend_schema(summary="Một lần giữ chức vụ", tags=[TAG]))
class TenureViewSet(ServiceViewSet):
    queryset = Tenure.objects.select_related("person", "position__unit").order_by("-valid_from", "-pk")
    serializer_class = s.TenureSerializer
    filterset_class = filters.TenureFilter

    @writes(s.TenureCreateSerializer, s.TenureSerializer, "Ghi nhận bổ nhiệm, phân công (quản trị hệ thống)",
            created=True)
    def create(self, request):
        return self.run(s.TenureCreateSerializer, lambda d: services.appoint(request.user, **d),
                        status_code=status.HTTP_201_CREATED)

    @writes(s.CloseSerializer, s.TenureSerializer, "Ghi nhận thôi giữ chức vụ (quản trị hệ thống)")
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        tenure = self.get_object()
        return self.run(s.CloseSerializer, lambda d: services.end_tenure(request.user, tenure, **d))


@extend_schema_view(list=extend_schema(summary="Ủy quyền", tags=[TAG]),
                    retrieve=extend_schema(summary="Một văn bản ủy quyền", tags=[TAG]))
class DelegationViewSet(ServiceViewSet):
    queryset = Delegation.objects.select_related("delegator", "delegate", "unit").order_by("-valid_from", "-pk")
    serializer_class = s.DelegationSerializer
    filterset_class = filters.DelegationFilter

    @writes(s.DelegationCreateSerializer, s.DelegationSerializer,
            "Ghi nhận văn bản ủy quyền (kiểm tra theo bộ quy định)", created=True)
    def create(self, request):
        return self.run(s.DelegationCreateSerializer, lambda d: services.record_delegation(request.user, **d),
                        status_code=status.HTTP_201_CREATED)

    @writes(s.RevokeSerializer, s.DelegationSerializer, "Thu hồi ủy quyền")
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        delegation = self.get_object()
        return self.run(s.RevokeSerializer, lambda d: services.revoke_delegation(request.user, delegation, **d))


@extend_schema_view(list=extend_schema(summary="Giao tiếp cận bí mật nhà nước", tags=[TAG]),
                    retrieve=extend_schema(summary="Một quyết định giao tiếp cận", tags=[TAG]))
class AssignmentViewSet(ServiceViewSet):
    queryset = (AccessAssignment.objects.select_related("commitment").prefetch_related("units")
                .order_by("-valid_from", "-pk"))
    serializer_class = s.AssignmentSerializer
    filterset_class = filters.AssignmentFilter

    @writes(s.AssignmentCreateSerializer, s.AssignmentSerializer,
            "Ghi nhận quyết định giao tiếp cận (người quyết định phải có thẩm quyền)", created=True)
    def create(self, request):
        return self.run(s.AssignmentCreateSerializer, lambda d: services.assign_access(request.user, **d),
                        status_code=status.HTTP_201_CREATED)

    @writes(s.AssignmentRevokeSerializer, s.AssignmentSerializer, "Chấm dứt giao tiếp cận (có lý do)")
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        assignment = self.get_object()
        return self.run(s.AssignmentRevokeSerializer,
                        lambda d: services.revoke_assignment(request.user, assignment, **d))

    @writes(s.CommitmentInputSerializer, s.CommitmentSerializer,
            "Ghi nhận bản cam kết bảo vệ BMNN (cán bộ bảo mật); từ ngày ký việc giao có hiệu lực", created=True)
    @action(detail=True, methods=["post"])
    def commitment(self, request, pk=None):
        assignment = self.get_object()
        return self.run(s.CommitmentInputSerializer,
                        lambda d: services.record_commitment(request.user, assignment, **d),
                        status_code=status.HTTP_201_CREATED, output=s.CommitmentSerializer)


@extend_schema_view(list=extend_schema(summary="Bản cam kết bảo vệ BMNN", tags=[TAG]),
                    retrieve=extend_schema(summary="Một bản cam kết", tags=[TAG]))
class CommitmentViewSet(ServiceViewSet):
    queryset = Commitment.objects.select_related("assignment").order_by("-signed_on", "-pk")
    serializer_class = s.CommitmentSerializer
    filterset_class = filters.CommitmentFilter

    @writes(s.CommitmentCreateSerializer, s.CommitmentSerializer, "Ghi nhận bản cam kết bảo vệ BMNN", created=True)
    def create(self, request):
        def act(data):
            assignment = data.pop("assignment")
            return services.record_commitment(request.user, assignment, **data)
        return self.run(s.CommitmentCreateSerializer, act, status_code=status.HTTP_201_CREATED)


def register(router) -> None:
    """Registers the org viewsets on the API router."""
    router.register("org/units", UnitViewSet, basename="org-unit")
    router.register("org/positions", PositionViewSet, basename="org-position")
    router.register("org/people", PersonViewSet, basename="org-person")
    router.register("org/tenures", TenureViewSet, basename="org-tenure")
    router.register("org/delegations", DelegationViewSet, basename="org-delegation")
    router.register("org/assignments", AssignmentViewSet, basename="org-assignment")
    router.register("org/commitments", CommitmentViewSet, basename="org-commitment")
