"""API filters (django-filter). Dates accept dd/mm/yyyy or ISO; text search is
accent-insensitive on the folded `search_text`."""

from __future__ import annotations

import django_filters as df
from django.db.models import Q

from bmnn.core.levels import Level
from bmnn.org import selectors
from bmnn.org.models import (AccessAssignment, Commitment, Delegation, Person, Position, Role, Tenure, Unit,
                             UnitKind, valid_on_q)

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def on_filter(help_text: str) -> df.DateFilter:
    return df.DateFilter(method="filter_on", input_formats=DATE_FORMATS, help_text=help_text)


class SearchMixin(df.FilterSet):
    search = df.CharFilter(method="filter_search", help_text="Tìm không phân biệt dấu: “nguyen duc” tìm thấy “Nguyễn Đức”.")

    def filter_search(self, queryset, name, value):
        return queryset.filter(selectors.search_q(value))


class EffectiveMixin(df.FilterSet):
    on = on_filter("Chỉ những bản ghi có hiệu lực vào ngày này (dd/mm/yyyy hoặc yyyy-mm-dd).")

    def filter_on(self, queryset, name, value):
        return queryset.filter(valid_on_q(value))


class UnitFilter(SearchMixin, EffectiveMixin):
    kind = df.ChoiceFilter(choices=UnitKind.choices)
    parent = df.ModelChoiceFilter(queryset=Unit.objects.all())
    root = df.BooleanFilter(field_name="parent", lookup_expr="isnull", help_text="Chỉ các đơn vị gốc.")

    class Meta:
        model = Unit
        fields = ["kind", "parent", "code"]


class PositionFilter(SearchMixin, EffectiveMixin):
    role = df.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Position
        fields = ["unit", "role", "authority_class"]


class PersonFilter(SearchMixin):
    ORDERINGS = {"name": ("sort_key",), "username": ("username",)}
    ordering = df.ChoiceFilter(
        method="filter_ordering", empty_label=None,
        choices=[("name", "Theo tên (thứ tự tiếng Việt)"), ("-name", "Theo tên, ngược lại"),
                 ("username", "Theo tên đăng nhập"), ("-username", "Theo tên đăng nhập, ngược lại")],
        help_text="Mặc định: theo tên (tên riêng trước, rồi họ và đệm) theo thứ tự chữ cái tiếng Việt.")
    unit = df.NumberFilter(method="filter_unit", help_text="Mã (id) đơn vị: cán bộ đang giữ chức vụ trong đơn vị "
                                                          "này (hôm nay).")

    class Meta:
        model = Person
        fields = ["is_active", "is_system_admin"]

    def filter_ordering(self, queryset, name, value):
        descending = value.startswith("-")
        return selectors.vi_ordered(queryset, *self.ORDERINGS[value.lstrip("-")], descending=descending)

    def filter_unit(self, queryset, name, value):
        from django.utils import timezone

        today = timezone.localdate()
        holders = Tenure.objects.valid_on(today).filter(position__unit_id=value).values("person_id")
        return queryset.filter(pk__in=holders)


class TenureFilter(EffectiveMixin):
    unit = df.ModelChoiceFilter(queryset=Unit.objects.all(), field_name="position__unit")

    class Meta:
        model = Tenure
        fields = ["person", "position"]


class DelegationFilter(df.FilterSet):
    on = on_filter("Chỉ những ủy quyền đang có hiệu lực vào ngày này (chưa thu hồi).")
    act = df.CharFilter(method="filter_act", help_text="Có ủy quyền việc này (mã việc).")

    class Meta:
        model = Delegation
        fields = ["delegator", "delegate", "unit"]

    def filter_on(self, queryset, name, value):
        return queryset.filter(valid_on_q(value)).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=value))

    def filter_act(self, queryset, name, value):
        # JSON containment is not available on SQLite: the list is small, filter in Python.
        return queryset.filter(pk__in=[d.pk for d in queryset if value in (d.acts or [])])


class AssignmentFilter(df.FilterSet):
    active_on = df.DateFilter(method="filter_active_on", input_formats=DATE_FORMATS,
                              help_text="Chỉ việc giao đang có hiệu lực vào ngày này (đã có cam kết, chưa chấm dứt).")
    unit = df.ModelChoiceFilter(queryset=Unit.objects.all(), field_name="units")
    max_level = df.ChoiceFilter(choices=Level.choices)
    without_commitment = df.BooleanFilter(field_name="commitment", lookup_expr="isnull",
                                          help_text="Chỉ việc giao chưa có bản cam kết.")

    class Meta:
        model = AccessAssignment
        fields = ["person", "decided_by"]

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(pk__in=AccessAssignment.objects.active(value).values("pk"))


class CommitmentFilter(df.FilterSet):
    person = df.ModelChoiceFilter(queryset=Person.objects.all(), field_name="assignment__person")

    class Meta:
        model = Commitment
        fields = ["assignment"]
