"""Who may read the ledger, and the filters shared by the ledger page and the API."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bmnn.core.models import LedgerEvent, to_us

READER_ROLES = ("security_officer", "inspector", "leader")  # org.models.Role values


def can_read_ledger(person) -> bool:
    """System administrators, and whoever holds (today) a position whose role is
    security officer, inspector or leader. Everyone else gets 404: the ledger
    names who did what to which item, which is itself worth protecting."""
    from bmnn.org.selectors import holds_role, is_admin

    if person is None or not getattr(person, "is_authenticated", False) or not person.is_active:
        return False
    return is_admin(person) or holds_role(person, READER_ROLES, None, timezone.localdate())


def day_start_us(day: dt.date) -> int:
    """Local midnight (Asia/Ho_Chi_Minh) at the start of `day`, as at_us."""
    return to_us(timezone.make_aware(dt.datetime.combine(day, dt.time.min)))


def filter_events(queryset: QuerySet, *, action: str = "", actor: str = "", object_type: str = "",
                  object_id: str = "", date_from: dt.date | None = None, date_to: dt.date | None = None,
                  seq_from: int | None = None, seq_to: int | None = None) -> QuerySet:
    """action: a prefix ("records." or a full name); actor: a person id or part of the name."""
    if action:
        queryset = queryset.filter(action__startswith=action.strip())
    if actor:
        actor = actor.strip()
        queryset = queryset.filter(actor_id=int(actor)) if actor.isdigit() and len(actor) < 19 else \
            queryset.filter(actor_name__icontains=actor)
    if object_type:
        queryset = queryset.filter(object_type=object_type.strip())
    if object_id:
        queryset = queryset.filter(object_id=str(object_id).strip())
    if date_from:
        queryset = queryset.filter(at_us__gte=day_start_us(date_from))
    if date_to:
        queryset = queryset.filter(at_us__lt=day_start_us(date_to + dt.timedelta(days=1)))
    if seq_from is not None:
        queryset = queryset.filter(seq__gte=seq_from)
    if seq_to is not None:
        queryset = queryset.filter(seq__lte=seq_to)
    return queryset


class LedgerFilterForm(forms.Form):
    action = forms.CharField(label=_("Hành động"), required=False, max_length=80,
                             help_text=_("Tên hoặc phần đầu, ví dụ records. hoặc org.unit.create"))
    actor = forms.CharField(label=_("Người thực hiện"), required=False, max_length=200,
                            help_text=_("Mã số hoặc một phần họ tên"))
    object_type = forms.CharField(label=_("Loại đối tượng"), required=False, max_length=80,
                                  help_text=_("Ví dụ records.secretitem"))
    object_id = forms.CharField(label=_("Mã đối tượng"), required=False, max_length=64)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, input_formats=["%d/%m/%Y"],
                                widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))
    date_to = forms.DateField(label=_("Đến ngày"), required=False, input_formats=["%d/%m/%Y"],
                              widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))

    error_messages = {"range": _("“Từ ngày” phải trước hoặc bằng “Đến ngày”.")}

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(self.error_messages["range"], code="range")
        return data

    def apply(self, queryset: QuerySet) -> QuerySet:
        if not self.is_bound or not self.is_valid():
            return queryset
        return filter_events(queryset, **{k: v for k, v in self.cleaned_data.items() if v})

    def summary(self) -> str:
        """What was filtered on, for the ledger's own read event."""
        if not self.is_bound or not self.is_valid():
            return ""
        parts = [f"{name}={value.strftime('%d/%m/%Y') if isinstance(value, dt.date) else value}"
                 for name, value in self.cleaned_data.items() if value]
        return ", ".join(parts)


def known_actions() -> list[str]:
    return list(LedgerEvent.objects.order_by("action").values_list("action", flat=True).distinct()[:300])
