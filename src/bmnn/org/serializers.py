"""API serializers. Read serializers describe objects; input serializers only
validate what a client sends — the services do the writing (no serializer saves)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bmnn.core.levels import Level
from bmnn.org.models import (AccessAssignment, Commitment, Delegation, Person, Position, Role, Tenure, Unit,
                             UnitKind)

DATE_INPUT = ["%d/%m/%Y", "iso-8601"]


class DateField(serializers.DateField):
    """ISO dates out (the API's convention); ISO or dd/mm/yyyy in."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT)
        kwargs.setdefault("format", "iso-8601")
        super().__init__(**kwargs)


class InputSerializer(serializers.Serializer):
    """Validates input for a service; never creates or updates anything itself."""

    def create(self, validated_data):  # pragma: no cover - guard
        raise NotImplementedError("Dữ liệu được ghi qua services, không qua serializer.")

    def update(self, instance, validated_data):  # pragma: no cover - guard
        raise NotImplementedError("Dữ liệu được ghi qua services, không qua serializer.")


def active_people():
    return Person.objects.filter(is_active=True)


# --- Read ------------------------------------------------------------------------------------

class UnitBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "code"]


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    successor_detail = UnitBriefSerializer(source="successor", read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "code", "kind", "kind_display", "parent", "valid_from", "valid_to", "successor",
                  "successor_detail", "founding_reference", "closing_reference", "is_closed"]


class PersonBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "username", "full_name"]


class PositionSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    unit_detail = UnitBriefSerializer(source="unit", read_only=True)

    class Meta:
        model = Position
        fields = ["id", "unit", "unit_detail", "title", "role", "role_display", "authority_class", "valid_from",
                  "valid_to"]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "username", "full_name", "email", "phone", "is_active", "is_system_admin",
                  "must_change_password"]


class TenureSerializer(serializers.ModelSerializer):
    person_detail = PersonBriefSerializer(source="person", read_only=True)
    position_detail = PositionSerializer(source="position", read_only=True)

    class Meta:
        model = Tenure
        fields = ["id", "person", "person_detail", "position", "position_detail", "valid_from", "valid_to",
                  "decision_reference"]


class DelegationSerializer(serializers.ModelSerializer):
    acts = serializers.ListField(child=serializers.CharField())
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices))

    class Meta:
        model = Delegation
        fields = ["id", "delegator", "delegate", "unit", "acts", "levels", "reference", "signed_on", "valid_from",
                  "valid_to", "scope_note", "revoked_on", "revoke_reason", "recorded_by"]


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["id", "assignment", "signed_on", "reference", "text_sha256", "recorded_by", "recorded_at"]


class AssignmentSerializer(serializers.ModelSerializer):
    commitment = serializers.SerializerMethodField()
    is_active_today = serializers.SerializerMethodField()

    class Meta:
        model = AccessAssignment
        fields = ["id", "person", "max_level", "units", "decision_reference", "decided_by", "decided_on",
                  "valid_from", "valid_to", "revoked_on", "revoke_reason", "recorded_by", "commitment",
                  "is_active_today"]

    @extend_schema_field(CommitmentSerializer(allow_null=True))
    def get_commitment(self, obj):
        commitment = getattr(obj, "commitment", None)
        return CommitmentSerializer(commitment).data if commitment else None

    def get_is_active_today(self, obj) -> bool:
        from django.utils import timezone

        return obj.is_active(timezone.localdate())


# --- Input -----------------------------------------------------------------------------------

class UnitCreateSerializer(InputSerializer):
    name = serializers.CharField(max_length=300)
    code = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    valid_from = DateField()
    valid_to = DateField(allow_null=True, required=False)
    founding_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)


class UnitUpdateSerializer(InputSerializer):
    name = serializers.CharField(max_length=300)
    code = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    valid_from = DateField()
    founding_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    closing_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)
    successor = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)


class UnitCloseSerializer(InputSerializer):
    valid_to = DateField(help_text="Ngày cuối cùng đơn vị còn hoạt động.")
    successor = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    closing_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)


class UnitMergeSerializer(InputSerializer):
    sources = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True)
    name = serializers.CharField(max_length=300)
    code = serializers.CharField(max_length=50)
    kind = serializers.ChoiceField(choices=UnitKind.choices)
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), allow_null=True, required=False)
    effective_on = DateField(help_text="Ngày đơn vị mới bắt đầu hoạt động.")
    founding_reference = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PositionCreateSerializer(InputSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    title = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=Role.choices, default=Role.STAFF)
    authority_class = serializers.CharField(max_length=60, required=False, allow_blank=True)
    valid_from = DateField()
    valid_to = DateField(allow_null=True, required=False)


class PositionUpdateSerializer(InputSerializer):
    title = serializers.CharField(max_length=200)
    role = serializers.ChoiceField(choices=Role.choices)
    authority_class = serializers.CharField(max_length=60, required=False, allow_blank=True)
    valid_from = DateField()


class CloseSerializer(InputSerializer):
    valid_to = DateField(help_text="Ngày cuối cùng còn hiệu lực.")


class PersonCreateSerializer(InputSerializer):
    username = serializers.CharField(max_length=80)
    full_name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    is_system_admin = serializers.BooleanField(default=False)
    initial_password = serializers.CharField(write_only=True, trim_whitespace=False,
                                             help_text="Người dùng phải đổi ở lần đăng nhập đầu tiên.")


class PersonUpdateSerializer(InputSerializer):
    username = serializers.CharField(max_length=80)
    full_name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    is_system_admin = serializers.BooleanField(required=False)


class ReasonSerializer(InputSerializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class TenureCreateSerializer(InputSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    position = serializers.PrimaryKeyRelatedField(queryset=Position.objects.all())
    valid_from = DateField()
    valid_to = DateField(allow_null=True, required=False)
    decision_reference = serializers.CharField(max_length=120, required=False, allow_blank=True)


class DelegationCreateSerializer(InputSerializer):
    delegator = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    delegate = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    acts = serializers.ListField(child=serializers.CharField(max_length=40), allow_empty=False,
                                 help_text="Mã các việc được ủy quyền, theo bộ quy định (ví dụ reproduce).")
    levels = serializers.ListField(child=serializers.ChoiceField(choices=Level.choices), allow_empty=False)
    reference = serializers.CharField(max_length=120)
    signed_on = DateField()
    valid_from = DateField()
    valid_to = DateField(allow_null=True, required=False)
    scope_note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class RevokeSerializer(InputSerializer):
    revoked_on = DateField(help_text="Không còn hiệu lực từ ngày này.")
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class AssignmentCreateSerializer(InputSerializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    max_level = serializers.ChoiceField(choices=Level.choices)
    units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), many=True, allow_empty=False)
    decision_reference = serializers.CharField(max_length=120)
    decided_by = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    decided_on = DateField()
    valid_from = DateField()
    valid_to = DateField(allow_null=True, required=False)


class AssignmentRevokeSerializer(InputSerializer):
    revoked_on = DateField(help_text="Không còn hiệu lực từ ngày này.")
    reason = serializers.CharField(max_length=300)


class CommitmentInputSerializer(InputSerializer):
    signed_on = DateField()
    reference = serializers.CharField(max_length=120, required=False, allow_blank=True)
    text_sha256 = serializers.CharField(max_length=64, required=False, allow_blank=True)


class CommitmentCreateSerializer(CommitmentInputSerializer):
    assignment = serializers.PrimaryKeyRelatedField(queryset=AccessAssignment.objects.all())
