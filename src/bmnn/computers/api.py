"""API of the register of computers: import a report, list and read computers and
their reports, list violations and close one. The same visible sets as the pages:
a computer, report or violation the caller may not see is 404 and absent from lists
and counts; a refusal is 403 with its rule and basis (core.api)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import (
    OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from bmnn.computers import selectors, services
from bmnn.computers.models import Computer, MarkedFile, NetworkMode, ScanReport, Verdict, Violation, ViolationKind
from bmnn.computers.reportfile import MAX_REPORT_BYTES
from bmnn.computers.rules import BASIS, RULE
from bmnn.core.access import get_visible_or_404
from bmnn.core.levels import Level
from bmnn.org.api import drf_error
from bmnn.org.models import Unit
from bmnn.records.api import UnitRefSerializer

REFUSED = OpenApiResponse(description="Bị từ chối: `detail`, `rule` (quy tắc) và `basis` (căn cứ pháp lý).")
HIDDEN = OpenApiResponse(description="Không có, hoặc người dùng không được phép biết (như nhau).")
INVALID = OpenApiResponse(description="Tệp không phải báo cáo `bmnn.scan/1` hợp lệ (lỗi bằng tiếng Việt).")


class ComputerSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    # Plain text in the schema: one enum (VerdictEnum, on reports) for the scanner's verdicts.
    latest_verdict = serializers.CharField(read_only=True, help_text=" | ".join(Verdict.values))

    class Meta:
        model = Computer
        fields = ["id", "unit", "hostname", "machine_id", "os", "network_mode", "latest_verdict", "last_scanned_at",
                  "marked_count", "highest_level", "latest_report"]
        read_only_fields = fields


class MarkedFileSerializer(serializers.ModelSerializer):
    path = serializers.CharField(read_only=True)
    evidence = serializers.ListField(child=serializers.DictField(), read_only=True,
                                     help_text="Các dấu tìm thấy: dòng dấu (≤ 80 ký tự), quy tắc, điểm, vị trí.")
    type = serializers.CharField(source="file_type", read_only=True)

    class Meta:
        model = MarkedFile
        fields = ["position", "level", "tier", "score", "path", "evidence", "size", "modified", "type", "sha256"]
        read_only_fields = fields


class ScanReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScanReport
        fields = ["id", "computer", "report_sha256", "scanner_version", "verdict", "verdict_evidence", "started_at",
                  "finished_at", "completed", "full", "stats", "problem_counts", "marked_count", "review_count",
                  "highest_level", "imported_by", "imported_at", "source_name"]
        read_only_fields = fields


class ScanReportDetailSerializer(ScanReportSerializer):
    """A report with the machine's facts and its files (paths and stamp lines: the read is
    logged). Files above the caller's clearance are left out and only counted per level;
    the caller is the context's `request.user`."""

    files = serializers.SerializerMethodField(
        help_text="Các tệp có độ mật trong phạm vi được giao tiếp cận, hoặc không có độ mật.")
    hidden_above_clearance = serializers.SerializerMethodField(
        help_text="Số tệp ở độ mật vượt mức người gọi được giao tiếp cận, theo độ mật (không có đường dẫn, dấu).")

    class Meta(ScanReportSerializer.Meta):
        fields = [*ScanReportSerializer.Meta.fields, "facts", "files", "hidden_above_clearance"]
        read_only_fields = fields

    def _shown(self, report) -> selectors.FilesShown:
        cache = self.context.setdefault("_files_shown", {})
        if report.pk not in cache:
            cache[report.pk] = selectors.files_for(self.context["request"].user, report)
        return cache[report.pk]

    @extend_schema_field(MarkedFileSerializer(many=True))
    def get_files(self, report):
        return MarkedFileSerializer(self._shown(report).files, many=True).data

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_hidden_above_clearance(self, report) -> dict:
        return self._shown(report).hidden_counts()


class ComputerDetailSerializer(ComputerSerializer):
    latest_report = ScanReportDetailSerializer(read_only=True)
    reports = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    violations = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(ComputerSerializer.Meta):
        fields = [*ComputerSerializer.Meta.fields, "reports", "violations"]
        read_only_fields = fields


class ViolationSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=" | ".join(ViolationKind.values))
    status = serializers.CharField(read_only=True, help_text="open | resolved")
    hostname = serializers.CharField(source="computer.hostname", read_only=True)
    unit = UnitRefSerializer(source="computer.unit", read_only=True)
    rule = serializers.SerializerMethodField()
    basis = serializers.SerializerMethodField()

    class Meta:
        model = Violation
        fields = ["id", "computer", "hostname", "unit", "kind", "level", "file_count", "status", "opened_at",
                  "report", "last_report", "rule", "basis", "resolution_note", "resolved_by", "resolved_at"]
        read_only_fields = fields

    def get_rule(self, violation) -> str:
        return RULE[violation.kind]

    def get_basis(self, violation) -> str:
        return BASIS[violation.kind]


class ImportSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text="Đơn vị quản lý máy.")
    file = serializers.FileField(required=False, help_text="Tệp report.json (multipart).")
    report = serializers.JSONField(required=False, help_text="Hoặc: nội dung báo cáo (JSON).")
    network_mode = serializers.ChoiceField(choices=NetworkMode.choices, required=False, allow_blank=True,
                                           default="")

    def validate(self, data):
        if bool(data.get("file")) == bool(data.get("report")):
            raise serializers.ValidationError({"file": "Gửi đúng một trong hai: `file` (tệp) hoặc `report` (JSON)."})
        if data.get("file") and data["file"].size > MAX_REPORT_BYTES:
            raise serializers.ValidationError({"file": "Tệp quá lớn để là một báo cáo quét."})
        return data


class ImportResultSerializer(serializers.Serializer):
    created = serializers.BooleanField(help_text="false: báo cáo này đã được nhập trước đó (mã băm trùng).")
    computer = serializers.IntegerField()
    report = ScanReportSerializer()
    violation = serializers.IntegerField(allow_null=True, help_text="Vi phạm mở (hoặc còn mở) theo báo cáo này.")


class ViolationResolveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text="Kết quả xử lý.")


def _run(act, *args, **kwargs):
    try:
        return act(*args, **kwargs)
    except DjangoValidationError as error:
        raise drf_error(error) from error


@extend_schema_view(
    list=extend_schema(
        summary="Máy tính của các đơn vị người dùng được theo dõi (cán bộ bảo mật, lãnh đạo, cán bộ kiểm tra)",
        parameters=[OpenApiParameter("q", str, description="Tìm không dấu theo tên máy, hệ điều hành."),
                    OpenApiParameter("unit", int, description="Đơn vị (gồm đơn vị cấp dưới)."),
                    OpenApiParameter("verdict", str, enum=Verdict.values, description="Kết luận kết nối gần nhất.")]),
    retrieve=extend_schema(summary="Một máy tính, với lần quét gần nhất (lượt xem được ghi vào nhật ký)",
                           responses={200: ComputerDetailSerializer, 404: HIDDEN}),
)
class ComputerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sổ theo dõi máy tính."""

    serializer_class = ComputerSerializer
    queryset = Computer.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.find_computers(self.request.user,
                                        selectors.ComputerFilters.from_params(self.request.query_params))

    def retrieve(self, request, *args, **kwargs):
        computer = services.open_computer(request.user, kwargs["pk"])
        return Response(ComputerDetailSerializer(computer, context={"request": request}).data)


@extend_schema_view(
    list=extend_schema(summary="Các báo cáo quét của máy tính được phép xem",
                       parameters=[OpenApiParameter("computer", int, description="Chỉ báo cáo của máy này.")]),
    retrieve=extend_schema(summary="Một báo cáo quét, với thông tin máy và các tệp (lượt xem được ghi vào nhật ký)",
                           responses={200: ScanReportDetailSerializer, 404: HIDDEN}),
)
class ScanReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Báo cáo quét (bmnn.scan/1)."""

    serializer_class = ScanReportSerializer
    queryset = ScanReport.objects.none()
    lookup_value_regex = r"\d+"
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        reports = selectors.visible_reports(self.request.user)
        computer = self.request.query_params.get("computer", "")
        if computer.isdigit() and len(computer) < 19:
            reports = reports.filter(computer_id=int(computer))
        return reports.order_by("-finished_at", "-pk")

    def retrieve(self, request, *args, **kwargs):
        report = services.open_report(request.user, kwargs["pk"])
        return Response(ScanReportDetailSerializer(report, context={"request": request}).data)

    @extend_schema(
        summary="Nhập một báo cáo quét (tệp multipart `file`, hoặc JSON `report`) cho một đơn vị",
        description="Kiểm tra lược đồ bmnn.scan/1 và mã băm; báo cáo đã nhập được nhận ra (`created: false`, "
                    "không ghi gì thêm). Máy kết nối mạng có tệp mang dấu độ mật mở một vi phạm. Thân yêu cầu "
                    "JSON bị giới hạn theo DATA_UPLOAD_MAX_MEMORY_SIZE của Django (mặc định 2,5 MB): báo cáo lớn "
                    "hơn gửi dạng tệp multipart (tối đa 64 MB).",
        request={"multipart/form-data": ImportSerializer, "application/json": ImportSerializer},
        responses={201: ImportResultSerializer, 200: ImportResultSerializer, 400: INVALID, 403: REFUSED})
    def create(self, request):
        data = ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = get_object_or_404(Unit, pk=values["unit"])
        if values.get("file"):
            content, name = values["file"].read(), values["file"].name
        else:
            content, name = values["report"], ""
        result = _run(services.import_report, request.user, content, unit=unit, source_name=name,
                      network_mode=values["network_mode"])
        return Response({"created": result.created, "computer": result.computer.pk,
                         "report": ScanReportSerializer(result.report).data,
                         "violation": result.violation.pk if result.violation else None},
                        status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


@extend_schema_view(
    list=extend_schema(
        summary="Vi phạm: tệp mang dấu độ mật trên máy đang hoặc đã từng kết nối mạng",
        parameters=[OpenApiParameter("unit", int, description="Đơn vị (gồm đơn vị cấp dưới)."),
                    OpenApiParameter("level", str, enum=Level.values, description="Độ mật cao nhất."),
                    OpenApiParameter("status", str, enum=["open", "resolved"], description="Trạng thái."),
                    OpenApiParameter("kind", str, enum=ViolationKind.values, description="Loại vi phạm."),
                    OpenApiParameter("date_from", str, description="Phát hiện từ ngày (dd/mm/yyyy hoặc yyyy-mm-dd)."),
                    OpenApiParameter("date_to", str, description="Phát hiện đến ngày.")]),
    retrieve=extend_schema(summary="Một vi phạm", responses={200: ViolationSerializer, 404: HIDDEN}),
)
class ViolationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Vi phạm trên máy tính."""

    serializer_class = ViolationSerializer
    queryset = Violation.objects.none()
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.find_violations(self.request.user,
                                         selectors.ViolationFilters.from_params(self.request.query_params))

    def get_object(self):
        return get_visible_or_404(Violation.objects.select_related("computer", "computer__unit"), self.request.user,
                                  pk=self.kwargs["pk"])

    @extend_schema(summary="Ghi kết quả xử lý và đóng vi phạm", request=ViolationResolveSerializer,
                   responses={200: ViolationSerializer, 400: OpenApiResponse(description="Thiếu kết quả xử lý."),
                              403: REFUSED, 404: HIDDEN})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        data = ViolationResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        violation = _run(services.resolve_violation, request.user, self.get_object(), data.validated_data["note"])
        return Response(ViolationSerializer(violation).data)


def register(router) -> None:
    router.register("computers/computers", ComputerViewSet, basename="computers-computer")
    router.register("computers/reports", ScanReportViewSet, basename="computers-report")
    router.register("computers/violations", ViolationViewSet, basename="computers-violation")
