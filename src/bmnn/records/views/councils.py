"""Pages for the councils (hội đồng) that review items before a declassification or a
destruction: the list of councils the person may see (every item of theirs visible),
one council with its members and the minutes form, and the establishment form. The
services decide; a refusal re-renders the form with its rule and basis (status 403).

The establishment form is plain HTML (CSP: no inline script): people are picked from a
select that a "Tìm" button narrows by name (the same POST, nothing lost), outside
representatives are typed one a line."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org import selectors
from bmnn.org.forms import (
    NFCCharField, PersonChoiceField, ServiceForm, UnitChoiceField, VNDateField, apply_service_error, people, units,
)
from bmnn.org.models import Person, Unit
from bmnn.records.models import CouncilKind, CouncilRole, CouncilStatus, SecretItem
from bmnn.records.services import councils as service
from bmnn.rulebook import authority, loader

PAGE_SIZE = 50
SHOWN = 50  # people or items offered in a select before a search narrows them


class MinutesForm(ServiceForm):
    met_on = VNDateField(label=_lazy("Ngày họp"))
    minutes_reference = NFCCharField(max_length=120, label=_lazy("Số biên bản họp"))
    conclusion = NFCCharField(label=_lazy("Kết luận của hội đồng"), widget=forms.Textarea(attrs={"rows": 4}))
    recommends = forms.TypedChoiceField(
        choices=[("1", _lazy("Đề nghị thực hiện")), ("0", _lazy("Không đề nghị"))], coerce=lambda v: v == "1",
        widget=forms.RadioSelect, label=_lazy("Hội đồng đề nghị"))


class PeopleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.username})"


class ItemsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} – {obj.get_level_display()} ({obj.holding_unit.code})"


def parse_outside(text: str) -> list[service.MemberInput]:
    """One outside representative a line: "Họ tên; Cơ quan; Chức vụ" (body and capacity optional)."""
    members = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, body, capacity = ([p.strip() for p in line.split(";")] + ["", ""])[:3]
        if not name or len(line.split(";")) > 3:
            raise ValidationError({"outside": _("Dòng %(n)s: ghi «Họ tên; Cơ quan; Chức vụ».") % {"n": number}})
        members.append(service.MemberInput(external_name=name, external_body=body, capacity=capacity))
    return members


class EstablishForm(ServiceForm):
    kind = forms.ChoiceField(choices=CouncilKind.choices, label=_lazy("Loại hội đồng"))
    unit = UnitChoiceField(queryset=Unit.objects.none(), label=_lazy("Cơ quan, tổ chức thành lập hội đồng"))
    items = ItemsField(queryset=SecretItem.objects.none(), widget=forms.CheckboxSelectMultiple,
                       label=_lazy("Tài liệu, vật chứa bí mật nhà nước hội đồng xem xét"))
    reference = NFCCharField(max_length=120, label=_lazy("Số quyết định thành lập hội đồng"))
    find = NFCCharField(required=False, max_length=100, label=_lazy("Tìm người (họ tên, tên đăng nhập)"),
                        help_text=_lazy("Bấm «Tìm» để thu hẹp danh sách bên dưới; những gì đã chọn được giữ nguyên."))
    chair = PersonChoiceField(queryset=Person.objects.none(), label=_lazy("Chủ tịch hội đồng"),
                              help_text=_lazy("Đại diện lãnh đạo (người đứng đầu hoặc cấp phó) của cơ quan."))
    secretary = PersonChoiceField(queryset=Person.objects.none(), required=False, label=_lazy("Thư ký hội đồng"))
    members = PeopleField(queryset=Person.objects.none(), required=False, label=_lazy("Thành viên trong hệ thống"),
                          widget=forms.SelectMultiple(attrs={"size": 8}))
    outside = NFCCharField(required=False, label=_lazy("Đại diện cơ quan liên quan (ngoài hệ thống)"),
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_lazy("Mỗi dòng một người: Họ tên; Cơ quan; Chức vụ"))

    def __init__(self, *args, person, on: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        visible = SecretItem.objects.visible_to(person, on).select_related("holding_unit")
        self.fields["unit"].queryset = units().filter(valid_to__isnull=True)
        self.fields["items"].queryset = visible
        for name in ("chair", "secretary", "members"):
            self.fields[name].queryset = people()
        # What is rendered is bounded; what is accepted is every visible item, every active person.
        data = self.data if self.is_bound else self.initial
        pick = data.getlist if hasattr(data, "getlist") else (lambda k: _as_list(data.get(k)))
        chosen_items = _ids(pick("items"))
        unit_id = _ids([data.get("unit")])
        offered = list(visible.filter(pk__in=chosen_items)) + list(
            visible.filter(holding_unit_id__in=unit_id).exclude(pk__in=chosen_items)
            .exclude(status__in=["draft", "proposed", "returned", "destroyed", "declassified"])
            .order_by("-pk")[:SHOWN])
        self.fields["items"].widget.choices = [(i.pk, self.fields["items"].label_from_instance(i)) for i in offered]
        chosen_people = _ids(pick("chair") + pick("secretary") + pick("members"))
        found = selectors.search_people(data.get("find") or "", active_only=True)
        shown = list(people().filter(pk__in=chosen_people)) + list(found.exclude(pk__in=chosen_people)[:SHOWN])
        label = self.fields["members"].label_from_instance
        self.fields["members"].widget.choices = [(p.pk, label(p)) for p in shown]
        for name in ("chair", "secretary"):
            self.fields[name].widget.choices = [("", "---------"), *[(p.pk, label(p)) for p in shown]]

    def member_inputs(self) -> list[service.MemberInput]:
        data = self.cleaned_data
        seats = [service.MemberInput(role=CouncilRole.CHAIR, person=data["chair"])]
        if data.get("secretary"):
            seats.append(service.MemberInput(role=CouncilRole.SECRETARY, person=data["secretary"]))
        seats += [service.MemberInput(person=p) for p in data.get("members") or []]
        return seats + parse_outside(data.get("outside"))


def _as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def may_establish(person, kind: str, items, unit, on: dt.date) -> authority.Decision:
    """Whether to offer the form: the act's authority for the highest level of the chosen
    items in their unit; with nothing chosen yet, for the lowest level in one of the
    person's own units. The service checks again on the real choice."""
    act = service.ACT_OF[kind]
    if items and unit is not None:
        return authority.authorize(person, act, service.highest_level(items), unit, on=on)
    decision = None
    for own in Unit.objects.filter(pk__in=person.unit_ids_on(on)):
        decision = authority.authorize(person, act, Level.MAT, own, on=on)
        if decision.allowed:
            return decision
    if decision is not None:
        return decision
    rule = loader.regime_on(on).act(act) if loader.regime_on(on) else None
    return authority.Decision(
        allowed=False, act=act, level=Level.MAT, rule=rule.id if rule else act, basis=rule.citation if rule else "",
        verified=True, on=on, reason=_("Bạn không giữ chức vụ nào vào ngày này nên không thể thành lập hội đồng."))


def council_rows(person, params, on):
    """The list page's rows (all pages): also what its Excel export holds."""
    councils = service.visible_councils(person, on).prefetch_related("items")
    if params.get("kind", "") in CouncilKind.values:
        councils = councils.filter(kind=params.get("kind"))
    if params.get("status", "") in CouncilStatus.values:
        councils = councils.filter(status=params.get("status"))
    return councils


@login_required
def council_list(request):
    councils = council_rows(request.user, request.GET, timezone.localdate())
    kind, status = request.GET.get("kind", ""), request.GET.get("status", "")
    page = Paginator(councils, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("kind", kind), ("status", status)) if v})
    return render(request, "records/council_list.html", {
        "page": page, "kind": kind, "status": status, "kinds": CouncilKind.choices,
        "statuses": CouncilStatus.choices, "query_string": f"{query}&" if query else ""})


def _detail(request, council, *, minutes_form=None, status=200):
    on = timezone.localdate()
    offer_minutes = council.status == CouncilStatus.ESTABLISHED and (
        minutes_form is not None or service.may_record_minutes(request.user, council, on))
    return render(request, "records/council_detail.html", {
        "council": council, "items": council.items.select_related("holding_unit").order_by("pk"),
        "members": council.members.select_related("person"), "offer_minutes": offer_minutes,
        "minutes_form": minutes_form or MinutesForm(initial={"met_on": on}),
    }, status=status)


@login_required
def council_detail(request, pk: int):
    return _detail(request, service.get_council_or_404(request.user, pk, timezone.localdate()))


@login_required
def council_minutes(request, pk: int):
    on = timezone.localdate()
    council = service.get_council_or_404(request.user, pk, on)
    if request.method != "POST":
        return redirect("records:council_detail", pk=pk)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            service.record_minutes(request.user, council, on=on, **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi biên bản họp hội đồng."))
            return redirect("records:council_detail", pk=pk)
    return _detail(request, council, minutes_form=form, status=403 if form.refusal else 200)


def _preselected(request, on):
    """GET `kind` and repeatable `item`: the items the person may see, their holding unit."""
    kind = request.GET.get("kind")
    kind = kind if kind in CouncilKind.values else CouncilKind.DECLASSIFICATION
    items = list(SecretItem.objects.visible_to(request.user, on).select_related("holding_unit")
                 .filter(pk__in=_ids(request.GET.getlist("item"))))
    units_of = {i.holding_unit_id for i in items}
    unit = items[0].holding_unit if len(units_of) == 1 else None
    return kind, items, unit


@login_required
def council_establish(request):
    on = timezone.localdate()
    if request.method == "POST":
        form = EstablishForm(request.POST, person=request.user, on=on)
        searching = "search" in request.POST
        if not searching and form.is_valid():
            data = form.cleaned_data
            try:
                council = service.establish_council(
                    request.user, kind=data["kind"], unit=data["unit"], items=data["items"],
                    members=form.member_inputs(), reference=data["reference"], on=on)
            except (Refused, ValidationError) as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Đã thành lập hội đồng."))
                return redirect("records:council_detail", pk=council.pk)
        if searching:
            form.errors.clear()  # a search is not a submission: no errors yet
        return render(request, "records/council_establish.html", {"form": form},
                      status=403 if form.refusal else 200)
    kind, items, unit = _preselected(request, on)
    decision = may_establish(request.user, kind, items, unit, on)
    if not decision.allowed:
        return render(request, "records/council_establish.html", {"denied": decision, "kind": kind}, status=403)
    form = EstablishForm(initial={"kind": kind, "unit": unit.pk if unit else None, "items": [i.pk for i in items]},
                         person=request.user, on=on)
    return render(request, "records/council_establish.html", {"form": form})


def urlpatterns():
    from django.urls import path

    return [
        path("hoi-dong/", council_list, name="council_list"),
        path("hoi-dong/thanh-lap/", council_establish, name="council_establish"),
        path("hoi-dong/<int:pk>/", council_detail, name="council_detail"),
        path("hoi-dong/<int:pk>/bien-ban/", council_minutes, name="council_minutes"),
    ]
