"""Organisation pages. Org data are not secret, but every page needs a login;
administrative actions are offered to administrators only and refused by the
services to anyone else. Views never change state themselves."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bmnn.core.dates import on_date
from bmnn.core.errors import Refused
from bmnn.core.models import LedgerEvent
from bmnn.org import forms, selectors, services
from bmnn.org.models import AccessAssignment, Delegation, Person, Position, Role, Tenure, Unit

PAGE_SIZE = 50


# --- Helpers ----------------------------------------------------------------------------

def query_string(request: HttpRequest) -> str:
    """The current filters without the page number, for pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return encoded + "&" if encoded else ""


def is_htmx(request: HttpRequest) -> bool:
    """A partial is wanted, except when htmx restores history (the whole page is needed)."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def admin_only(what: str) -> Callable:
    """Administrative pages: even the empty form is refused (with its rule) to others."""
    def decorator(view):
        def wrapped(request, *args, **kwargs):
            services.require_admin(request.user, what)
            return view(request, *args, **kwargs)
        wrapped.__name__ = view.__name__
        wrapped.__doc__ = view.__doc__
        return login_required(wrapped)
    return decorator


def may_record(person) -> bool:
    """Whether to offer recording delegations and assignments: administrators, heads,
    deputies and state-secret officers (the services decide case by case)."""
    return selectors.is_admin(person) or selectors.holds_role(
        person, [Role.LEADER, Role.DEPUTY, Role.SECURITY_OFFICER], None, timezone.localdate())


def form_page(request: HttpRequest, form, act: Callable, *, title: str, success: Callable[[object], str],
              done: str, cancel: str, submit: str | None = None, intro: str = "", extra: dict | None = None,
              template: str = "org/form.html") -> HttpResponse:
    """Validate, run the service, and either redirect or re-render with the user's input.

    A refusal re-renders with status 403 and its rule and basis; a validation error
    with 200, as Django does."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except (Refused, ValidationError) as error:
            forms.apply_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect(success(result))
    context = {"form": form, "title": title, "cancel_url": cancel, "submit_label": submit or _("Lưu"),
               "intro": intro, **(extra or {})}
    return render(request, template, context, status=403 if form.refusal else 200)


# --- Units ------------------------------------------------------------------------------------

@login_required
def unit_list(request):
    on, on_typed = on_date(request)
    include_closed = request.GET.get("closed") == "1"
    context = {"tree": selectors.tree_on(on, include_closed=include_closed), "on": on,
               "on_typed": on_typed, "include_closed": include_closed,
               "is_admin": selectors.is_admin(request.user)}
    if is_htmx(request):
        return render(request, "org/_unit_tree.html", context)
    return render(request, "org/unit_list.html", context)


@login_required
def unit_detail(request, pk: int):
    unit = get_object_or_404(Unit.objects.select_related("parent", "successor"), pk=pk)
    on, on_typed = on_date(request)
    holders = Prefetch("tenures", queryset=Tenure.objects.valid_on(on).select_related("person"), to_attr="holders")
    positions = selectors.vi_ordered(unit.positions.all()).prefetch_related(holders)
    # Organisation events only: other apps' events for the unit could reveal that
    # secret items exist, and existence is hidden from people without access.
    events = LedgerEvent.objects.filter(
        Q(object_type="org.unit", object_id=str(unit.pk)) | Q(unit_id=unit.pk, action__startswith="org.")
    ).order_by("-seq")[:50]
    assignments = (AccessAssignment.objects.active(on).filter(units=unit).select_related("person")
                   .order_by("person__sort_key"))
    context = {
        "unit": unit, "on": on, "on_typed": on_typed,
        "ancestors": selectors.ancestors(unit), "successors": selectors.successor_chain(unit),
        "predecessors": selectors.vi_ordered(unit.predecessors.all()),
        "children": selectors.vi_ordered(unit.children.all()), "positions": positions,
        "assignments": assignments, "events": events, "is_admin": selectors.is_admin(request.user),
    }
    return render(request, "org/unit_detail.html", context)


@admin_only(gettext_lazy("thêm đơn vị"))
@require_http_methods(["GET", "POST"])
def unit_create(request):
    initial = {"parent": request.GET.get("parent"), "valid_from": timezone.localdate()}
    form = forms.UnitForm(request.POST or None, initial=initial)
    return form_page(
        request, form, lambda data: services.create_unit(request.user, **data),
        title=_("Thêm đơn vị"), done=_("Đã thêm đơn vị."), cancel=reverse("org:unit_list"),
        success=lambda unit: reverse("org:unit_detail", args=[unit.pk]))


@admin_only(gettext_lazy("sửa thông tin đơn vị"))
@require_http_methods(["GET", "POST"])
def unit_update(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    form = forms.UnitUpdateForm(request.POST or None, unit=unit, initial={
        name: getattr(unit, name) for name in services.UNIT_EDITABLE})
    return form_page(
        request, form, lambda data: services.update_unit(request.user, unit, **data),
        title=_("Sửa thông tin đơn vị %(name)s") % {"name": unit.name}, done=_("Đã lưu thông tin đơn vị."),
        cancel=reverse("org:unit_detail", args=[unit.pk]),
        intro=_("Chỉ dùng để sửa sai sót. Đổi tên, sáp nhập theo quyết định sắp xếp thì ghi nhận bằng “Chấm dứt "
                "hoạt động” hoặc “Sáp nhập” để giữ lịch sử."),
        success=lambda u: reverse("org:unit_detail", args=[u.pk]))


@admin_only(gettext_lazy("giải thể, sáp nhập đơn vị"))
@require_http_methods(["GET", "POST"])
def unit_close(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    form = forms.UnitCloseForm(request.POST or None, unit=unit, initial={
        "valid_to": unit.valid_to, "successor": unit.successor_id, "closing_reference": unit.closing_reference})
    return form_page(
        request, form, lambda data: services.close_unit(request.user, unit, **data),
        title=_("Chấm dứt hoạt động: %(name)s") % {"name": unit.name}, submit=_("Chấm dứt hoạt động"),
        done=_("Đã ghi nhận đơn vị chấm dứt hoạt động."), cancel=reverse("org:unit_detail", args=[unit.pk]),
        intro=_("Các đơn vị cấp dưới, chức vụ và việc giữ chức vụ trong đơn vị cũng chấm dứt cùng ngày. "
                "Không có gì bị xóa: cây tổ chức vào các ngày trước vẫn như cũ."),
        success=lambda u: reverse("org:unit_detail", args=[u.pk]))


@admin_only(gettext_lazy("sáp nhập, hợp nhất đơn vị"))
@require_http_methods(["GET", "POST"])
def unit_merge(request):
    form = forms.UnitMergeForm(request.POST or None, initial={"sources": request.GET.getlist("source")})
    return form_page(
        request, form, lambda data: services.merge_units(request.user, **data),
        title=_("Sáp nhập, hợp nhất đơn vị"), submit=_("Ghi nhận sắp xếp"),
        done=_("Đã ghi nhận việc sắp xếp đơn vị."), cancel=reverse("org:unit_list"),
        intro=_("Các đơn vị được chọn chấm dứt hoạt động vào ngày trước ngày hiệu lực; đơn vị mới kế thừa các đơn vị "
                "đó. Chọn một đơn vị để ghi nhận đổi tên mà vẫn giữ tên cũ trong lịch sử."),
        success=lambda u: reverse("org:unit_detail", args=[u.pk]))


# --- Positions ------------------------------------------------------------------------------

@login_required
def position_list(request):
    on, on_typed = on_date(request)
    query = request.GET.get("q", "")
    positions = Position.objects.select_related("unit")
    if request.GET.get("closed") != "1":
        positions = positions.valid_on(on)
    if query:
        positions = positions.filter(selectors.search_q(query) | selectors.search_q(query, "unit__search_text"))
    holders = Prefetch("tenures", queryset=Tenure.objects.valid_on(on).select_related("person"), to_attr="holders")
    positions = selectors.vi_ordered(positions, "unit__sort_key", "sort_key").prefetch_related(holders)
    page = Paginator(positions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "org/position_list.html", {
        "page": page, "query": query, "on": on, "on_typed": on_typed,
        "query_string": query_string(request), "include_closed": request.GET.get("closed") == "1",
        "is_admin": selectors.is_admin(request.user)})


@admin_only(gettext_lazy("thêm chức vụ"))
@require_http_methods(["GET", "POST"])
def position_create(request):
    form = forms.PositionForm(request.POST or None, initial={
        "unit": request.GET.get("unit"), "valid_from": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.create_position(request.user, **data),
        title=_("Thêm chức vụ"), done=_("Đã thêm chức vụ."), cancel=reverse("org:position_list"),
        success=lambda p: reverse("org:unit_detail", args=[p.unit_id]))


@admin_only(gettext_lazy("sửa chức vụ"))
@require_http_methods(["GET", "POST"])
def position_update(request, pk: int):
    position = get_object_or_404(Position.objects.select_related("unit"), pk=pk)
    form = forms.PositionForm(request.POST or None, editing=True, initial={
        name: getattr(position, name) for name in services.POSITION_EDITABLE})
    return form_page(
        request, form, lambda data: services.update_position(request.user, position, **data),
        title=_("Sửa chức vụ %(title)s – %(unit)s") % {"title": position.title, "unit": position.unit.name},
        done=_("Đã lưu chức vụ."), cancel=reverse("org:unit_detail", args=[position.unit_id]),
        success=lambda p: reverse("org:unit_detail", args=[p.unit_id]))


@admin_only(gettext_lazy("chấm dứt chức vụ"))
@require_http_methods(["GET", "POST"])
def position_close(request, pk: int):
    position = get_object_or_404(Position.objects.select_related("unit"), pk=pk)
    form = forms.CloseForm(request.POST or None)
    return form_page(
        request, form, lambda data: services.close_position(request.user, position, **data),
        title=_("Chấm dứt chức vụ %(title)s – %(unit)s") % {"title": position.title, "unit": position.unit.name},
        submit=_("Chấm dứt"), done=_("Đã chấm dứt chức vụ."),
        cancel=reverse("org:unit_detail", args=[position.unit_id]),
        intro=_("Người đang giữ chức vụ này thôi giữ chức vụ cùng ngày."),
        success=lambda p: reverse("org:unit_detail", args=[p.unit_id]))


# --- People --------------------------------------------------------------------------------------

@login_required
def person_list(request):
    """Diacritic-insensitive search ("nguyen duc" finds "Nguyễn Đức"), sorted by
    given name in Vietnamese order; HTMX asks for the results table only."""
    query = request.GET.get("q", "")
    show_inactive = request.GET.get("inactive") == "1"
    today = timezone.localdate()
    current = Prefetch("tenures", queryset=Tenure.objects.held_on(today).select_related("position__unit"),
                       to_attr="current_tenures")
    people = selectors.search_people(query, active_only=not show_inactive).prefetch_related(current)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "show_inactive": show_inactive, "query_string": query_string(request),
               "is_admin": selectors.is_admin(request.user)}
    if is_htmx(request):
        return render(request, "org/_people_table.html", context)
    return render(request, "org/person_list.html", context)


@login_required
def person_detail(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    today = timezone.localdate()
    assignments = (person.assignments.select_related("decided_by", "commitment", "commitment__recorded_by")
                   .prefetch_related("units").order_by("-valid_from"))
    return render(request, "org/person_detail.html", {
        "person": person, "today": today,
        "tenures": person.tenures.select_related("position__unit").order_by("-valid_from"),
        "assignments": [(a, a.is_active(today)) for a in assignments],
        "delegations_given": person.delegations_given.select_related("delegate", "unit"),
        "delegations_received": person.delegations_received.select_related("delegator", "unit"),
        "is_admin": selectors.is_admin(request.user),
        "may_record": may_record(request.user),
    })


@admin_only(gettext_lazy("tạo tài khoản cán bộ"))
@require_http_methods(["GET", "POST"])
def person_create(request):
    form = forms.PersonCreateForm(request.POST or None)
    return form_page(
        request, form, lambda data: services.create_person(request.user, **data),
        title=_("Tạo tài khoản cán bộ"), done=_("Đã tạo tài khoản. Cán bộ phải đổi mật khẩu ở lần đăng nhập đầu."),
        cancel=reverse("org:person_list"), success=lambda p: reverse("org:person_detail", args=[p.pk]))


@admin_only(gettext_lazy("sửa thông tin cán bộ"))
@require_http_methods(["GET", "POST"])
def person_update(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    form = forms.PersonForm(request.POST or None, initial={
        name: getattr(person, name) for name in services.PERSON_EDITABLE})
    return form_page(
        request, form, lambda data: services.update_person(request.user, person, **data),
        title=_("Sửa thông tin cán bộ %(name)s") % {"name": person.full_name}, done=_("Đã lưu thông tin cán bộ."),
        cancel=reverse("org:person_detail", args=[person.pk]),
        success=lambda p: reverse("org:person_detail", args=[p.pk]))


@admin_only(gettext_lazy("khóa tài khoản cán bộ"))
@require_http_methods(["GET", "POST"])
def person_deactivate(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    form = forms.ReasonForm(request.POST or None)
    return form_page(
        request, form, lambda data: services.deactivate_person(request.user, person, **data),
        title=_("Khóa tài khoản %(name)s") % {"name": person.full_name}, submit=_("Khóa tài khoản"),
        done=_("Đã khóa tài khoản."), cancel=reverse("org:person_detail", args=[person.pk]),
        intro=_("Cán bộ không đăng nhập được nữa. Việc giữ chức vụ và giao tiếp cận là các quyết định riêng, "
                "cần ghi nhận riêng."),
        success=lambda p: reverse("org:person_detail", args=[p.pk]))


@admin_only(gettext_lazy("mở lại tài khoản cán bộ"))
@require_http_methods(["POST"])
def person_reactivate(request, pk: int):
    person = get_object_or_404(Person, pk=pk)
    try:
        services.reactivate_person(request.user, person)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã mở lại tài khoản."))
    return redirect("org:person_detail", pk=person.pk)


# --- Tenures ----------------------------------------------------------------------------------------

@admin_only(gettext_lazy("ghi nhận bổ nhiệm, phân công cán bộ"))
@require_http_methods(["GET", "POST"])
def tenure_create(request):
    form = forms.TenureForm(request.POST or None, initial={
        "person": request.GET.get("person"), "position": request.GET.get("position"),
        "valid_from": timezone.localdate()})
    back = (reverse("org:person_detail", args=[request.GET["person"]]) if request.GET.get("person", "").isdigit()
            else reverse("org:person_list"))
    return form_page(
        request, form, lambda data: services.appoint(request.user, **data),
        title=_("Ghi nhận bổ nhiệm, phân công"), done=_("Đã ghi nhận việc giữ chức vụ."), cancel=back,
        success=lambda t: reverse("org:person_detail", args=[t.person_id]))


@admin_only(gettext_lazy("ghi nhận thôi giữ chức vụ"))
@require_http_methods(["GET", "POST"])
def tenure_end(request, pk: int):
    tenure = get_object_or_404(Tenure.objects.select_related("person", "position__unit"), pk=pk)
    form = forms.CloseForm(request.POST or None)
    return form_page(
        request, form, lambda data: services.end_tenure(request.user, tenure, **data),
        title=_("Thôi giữ chức vụ: %(name)s – %(title)s") % {"name": tenure.person.full_name,
                                                              "title": tenure.position.title},
        submit=_("Ghi nhận"), done=_("Đã ghi nhận thôi giữ chức vụ."),
        cancel=reverse("org:person_detail", args=[tenure.person_id]),
        success=lambda t: reverse("org:person_detail", args=[t.person_id]))


# --- Delegations ---------------------------------------------------------------------------------------

def delegation_status(delegation: Delegation, on: dt.date) -> str:
    if delegation.revoked_on is not None and delegation.revoked_on <= on:
        return "revoked"
    if delegation.valid_from > on:
        return "future"
    if delegation.valid_to is not None and delegation.valid_to < on:
        return "expired"
    return "active"


@login_required
def delegation_list(request):
    on, on_typed = on_date(request)
    query = request.GET.get("q", "")
    status = request.GET.get("status", "active")
    delegations = Delegation.objects.select_related("delegator", "delegate", "unit").order_by("-valid_from", "-pk")
    if query:
        delegations = delegations.filter(
            selectors.search_q(query, "delegator__search_text") | selectors.search_q(query, "delegate__search_text")
            | selectors.search_q(query, "unit__search_text"))
    rows = [(d, delegation_status(d, on)) for d in delegations]
    if status in {"active", "revoked", "expired", "future"}:
        rows = [row for row in rows if row[1] == status]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "org/delegation_list.html", {
        "page": page, "query": query, "status": status, "on": on, "on_typed": on_typed,
        "query_string": query_string(request), "may_record": may_record(request.user)})


@login_required
def delegation_detail(request, pk: int):
    delegation = get_object_or_404(Delegation.objects.select_related("delegator", "delegate", "unit", "recorded_by"),
                                   pk=pk)
    today = timezone.localdate()
    events = LedgerEvent.objects.filter(object_type="org.delegation", object_id=str(pk)).order_by("seq")
    return render(request, "org/delegation_detail.html", {
        "d": delegation, "status": delegation_status(delegation, today), "events": events,
        "act_labels": dict(forms.act_choices()), "may_record": may_record(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def delegation_create(request):
    today = timezone.localdate()
    form = forms.DelegationForm(request.POST or None, initial={
        "delegator": request.user.pk, "signed_on": today, "valid_from": today})
    return form_page(
        request, form, lambda data: services.record_delegation(request.user, **data),
        title=_("Ghi nhận văn bản ủy quyền"), done=_("Đã ghi nhận ủy quyền."), cancel=reverse("org:delegation_list"),
        intro=_("Người đứng đầu ủy quyền bằng văn bản cho cấp phó, nêu rõ phạm vi, nội dung, thời hạn; người được "
                "ủy quyền không được ủy quyền tiếp. Hệ thống kiểm tra theo bộ quy định đang có hiệu lực."),
        success=lambda d: reverse("org:delegation_detail", args=[d.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def delegation_revoke(request, pk: int):
    delegation = get_object_or_404(Delegation.objects.select_related("delegator", "delegate"), pk=pk)
    form = forms.RevokeForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.revoke_delegation(request.user, delegation, **data),
        title=_("Thu hồi ủy quyền %(ref)s") % {"ref": delegation.reference}, submit=_("Thu hồi"),
        done=_("Đã thu hồi ủy quyền."), cancel=reverse("org:delegation_detail", args=[delegation.pk]),
        success=lambda d: reverse("org:delegation_detail", args=[d.pk]))


# --- Access assignments and commitments -------------------------------------------------------------

def assignment_status(assignment: AccessAssignment, on: dt.date) -> str:
    commitment = getattr(assignment, "commitment", None)
    if assignment.revoked_on is not None and assignment.revoked_on <= on:
        return "revoked"
    if assignment.valid_to is not None and assignment.valid_to < on:
        return "expired"
    if commitment is None or commitment.signed_on > on:
        return "pending"
    if assignment.valid_from > on:
        return "future"
    return "active"


def _commitment_or_none(assignment):
    # The reverse one-to-one raises (an AttributeError subclass) when there is none.
    return getattr(assignment, "commitment", None)


@login_required
def assignment_list(request):
    on, on_typed = on_date(request)
    query = request.GET.get("q", "")
    status = request.GET.get("status", "")
    assignments = (AccessAssignment.objects.select_related("person", "decided_by", "commitment")
                   .prefetch_related("units").order_by("-valid_from", "-pk"))
    if query:
        assignments = assignments.filter(selectors.search_q(query, "person__search_text"))
    rows = [(a, assignment_status(a, on)) for a in assignments]
    if status in {"active", "pending", "revoked", "expired", "future"}:
        rows = [row for row in rows if row[1] == status]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "org/assignment_list.html", {
        "page": page, "query": query, "status": status, "on": on, "on_typed": on_typed,
        "query_string": query_string(request), "may_record": may_record(request.user)})


@login_required
def assignment_detail(request, pk: int):
    assignment = get_object_or_404(AccessAssignment.objects.select_related("person", "decided_by", "recorded_by"),
                                   pk=pk)
    today = timezone.localdate()
    events = LedgerEvent.objects.filter(
        Q(object_type="org.accessassignment", object_id=str(pk))
        | Q(object_type="org.commitment", object_id__in=[str(c) for c in
                                                          assignment_commitment_ids(assignment)])).order_by("seq")
    return render(request, "org/assignment_detail.html", {
        "a": assignment, "commitment": _commitment_or_none(assignment), "status": assignment_status(assignment, today),
        "units": selectors.vi_ordered(assignment.units.all()), "events": events,
        "may_record": may_record(request.user)})


def assignment_commitment_ids(assignment) -> list[int]:
    commitment = _commitment_or_none(assignment)
    return [commitment.pk] if commitment else []


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request):
    today = timezone.localdate()
    form = forms.AssignmentForm(request.POST or None, initial={
        "person": request.GET.get("person"), "decided_by": request.user.pk, "decided_on": today, "valid_from": today})
    return form_page(
        request, form, lambda data: services.assign_access(request.user, **data),
        title=_("Ghi nhận quyết định giao tiếp cận bí mật nhà nước"), done=_("Đã ghi nhận việc giao tiếp cận. "
                                                                            "Việc giao chỉ có hiệu lực khi có bản cam kết."),
        cancel=reverse("org:assignment_list"),
        intro=_("Người quyết định phải có thẩm quyền với độ mật và từng đơn vị được chọn vào ngày quyết định. "
                "Việc giao tiếp cận chưa có hiệu lực cho đến khi cán bộ ký cam kết bảo vệ bí mật nhà nước."),
        success=lambda a: reverse("org:assignment_detail", args=[a.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def commitment_create(request, pk: int):
    assignment = get_object_or_404(AccessAssignment.objects.select_related("person"), pk=pk)
    form = forms.CommitmentForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.record_commitment(request.user, assignment, **data),
        title=_("Ghi nhận cam kết bảo vệ BMNN: %(name)s") % {"name": assignment.person.full_name},
        done=_("Đã ghi nhận bản cam kết."), cancel=reverse("org:assignment_detail", args=[assignment.pk]),
        success=lambda c: reverse("org:assignment_detail", args=[assignment.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def assignment_revoke(request, pk: int):
    assignment = get_object_or_404(AccessAssignment.objects.select_related("person"), pk=pk)
    form = forms.AssignmentRevokeForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    return form_page(
        request, form, lambda data: services.revoke_assignment(request.user, assignment, **data),
        title=_("Chấm dứt giao tiếp cận: %(name)s (%(ref)s)") % {"name": assignment.person.full_name,
                                                                  "ref": assignment.decision_reference},
        submit=_("Chấm dứt"), done=_("Đã chấm dứt việc giao tiếp cận."),
        cancel=reverse("org:assignment_detail", args=[assignment.pk]),
        success=lambda a: reverse("org:assignment_detail", args=[a.pk]))
