"""Pages for meetings with secret content: the list of meetings the person may know of,
the request form, one meeting with a form for each step (offered only to who may use
it, in the state that allows it), and the door notice to print. The services decide;
a refusal re-renders the meeting page with its rule and basis (status 403) and keeps
what was typed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import today
from bmnn.core.errors import Refused
from bmnn.core.levels import Level
from bmnn.org.forms import NFCCharField, PersonChoiceField, ServiceForm, UnitChoiceField, VNDateField, \
    apply_service_error
from bmnn.org.models import Person, Unit
from bmnn.records.models import (
    Copy, EquipmentKind, HandoutStatus, MeetingAttendee, MeetingHandout, MeetingKind, MeetingStatus, VenueKind,
)
from bmnn.records.services import meetings as service

PAGE_SIZE = 50
# Steps posted from a row of a table (no form of their own on the page): a refusal is shown at the top.
ROW_STEPS = {"security_check", "remove_attendee", "recover", "loss"}


# --- Forms ---------------------------------------------------------------------------------------

class RequestForm(ServiceForm):
    title = NFCCharField(max_length=300, label=_lazy("Tên hội nghị, hội thảo, cuộc họp (không ghi nội dung bí mật)"))
    kind = forms.ChoiceField(choices=MeetingKind.choices, label=_lazy("Loại"))
    level = forms.ChoiceField(choices=Level.choices, label=_lazy("Độ mật của nội dung"))
    organising_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_lazy("Đơn vị tổ chức"))
    start_date = VNDateField(label=_lazy("Từ ngày"))
    end_date = VNDateField(label=_lazy("Đến ngày"))
    chair = NFCCharField(max_length=200, label=_lazy("Người chủ trì"))
    foreign_element = forms.BooleanField(required=False, label=_lazy("Có yếu tố nước ngoài"))

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        own = Unit.objects.descendant_ids(person.unit_ids_on(today()))
        self.fields["organising_unit"].queryset = Unit.objects.filter(pk__in=own).order_by("name")


class DecideForm(ServiceForm):
    approve = forms.TypedChoiceField(choices=[("1", _lazy("Đồng ý")), ("0", _lazy("Không đồng ý"))],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect, label=_lazy("Quyết định"))
    approval_reference = NFCCharField(max_length=120, required=False,
                                      label=_lazy("Số, ký hiệu văn bản đồng ý (bắt buộc khi có yếu tố nước ngoài)"))
    reason = NFCCharField(max_length=500, required=False, label=_lazy("Lý do (bắt buộc khi không đồng ý)"))


class ExternalApprovalForm(ServiceForm):
    approver_class = forms.ChoiceField(choices=(), label=_lazy("Chức danh có thẩm quyền"))
    approver_name = NFCCharField(max_length=200, label=_lazy("Họ tên người đồng ý"))
    approver_position = NFCCharField(max_length=200, required=False, label=_lazy("Chức vụ, cơ quan"))
    approval_reference = NFCCharField(max_length=120, label=_lazy("Số, ký hiệu văn bản đồng ý"))
    decided_on = VNDateField(label=_lazy("Ngày văn bản"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver_class"].choices = service.external_authority_choices(meeting, today())


class AttendeeForm(ServiceForm):
    person = PersonChoiceField(queryset=Person.objects.none(), required=False,
                               label=_lazy("Người trong hệ thống"), empty_label=_lazy("— Người ngoài hệ thống —"))
    external_name = NFCCharField(max_length=200, required=False, label=_lazy("Họ tên (người ngoài hệ thống)"))
    external_body = NFCCharField(max_length=300, required=False, label=_lazy("Cơ quan, tổ chức"))
    external_position = NFCCharField(max_length=200, required=False, label=_lazy("Chức vụ"))
    introduction_reference = NFCCharField(max_length=200, required=False,
                                          label=_lazy("Văn bản cử người, giấy giới thiệu"))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(is_active=True).exclude(
            pk__in=meeting.attendees.exclude(person=None).values("person_id")).order_by("sort_key")


class _AttendeeRow(ServiceForm):
    attendee = forms.ModelChoiceField(queryset=MeetingAttendee.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee"].queryset = meeting.attendees.all()


class SecurityCheckForm(_AttendeeRow):
    reference = NFCCharField(max_length=300, label=_lazy("Kết quả, biên bản kiểm tra an ninh"))
    checked_on = VNDateField(label=_lazy("Ngày kiểm tra"))


class RemoveAttendeeForm(_AttendeeRow):
    pass


class VenueForm(ServiceForm):
    venue_kind = forms.ChoiceField(choices=VenueKind.choices, widget=forms.RadioSelect, label=_lazy("Địa điểm"))
    venue_name = NFCCharField(max_length=300, label=_lazy("Phòng họp, địa chỉ"))
    police_check_reference = NFCCharField(max_length=200, required=False,
                                          label=_lazy("Văn bản kiểm tra an ninh, an toàn của Công an (ngoài trụ sở)"))
    police_check_on = VNDateField(required=False, label=_lazy("Ngày kiểm tra"))


class EquipmentForm(ServiceForm):
    equipment_kind = forms.ChoiceField(choices=EquipmentKind.choices, widget=forms.RadioSelect,
                                       label=_lazy("Thiết bị"))
    equipment_check_reference = NFCCharField(max_length=200, required=False,
                                             label=_lazy("Biên bản kiểm tra của Công an / văn bản trang bị cơ yếu"))
    equipment_note = NFCCharField(max_length=500, required=False, label=_lazy("Ghi chú"))


class PlanForm(ServiceForm):
    plan = NFCCharField(widget=forms.Textarea(attrs={"rows": 3}), label=_lazy("Phương án bảo vệ"))
    guards = NFCCharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                          label=_lazy("Lực lượng bảo vệ (bắt buộc với Tuyệt mật)"))
    contingency = NFCCharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               label=_lazy("Phương án dự phòng (bắt buộc với Tuyệt mật)"))
    device_instructions = NFCCharField(max_length=500, required=False,
                                       label=_lazy("Chỉ đạo của người chủ trì về thiết bị (khi quy định để chủ trì "
                                                   "quyết định)"))


class EmptyForm(ServiceForm):
    pass


class HandoutForm(ServiceForm):
    copy = forms.ModelChoiceField(queryset=Copy.objects.none(), label=_lazy("Bản"))
    attendee = forms.ModelChoiceField(queryset=MeetingAttendee.objects.none(), label=_lazy("Người nhận"))

    def __init__(self, *args, meeting, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copy"].queryset = service.handable_copies(person, meeting)
        self.fields["attendee"].queryset = meeting.attendees.select_related("person")


class _HandoutRow(ServiceForm):
    handout = forms.ModelChoiceField(queryset=MeetingHandout.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handout"].queryset = meeting.handouts.filter(status=HandoutStatus.OUT)


class RecoverForm(_HandoutRow):
    pass


class LossForm(_HandoutRow):
    description = NFCCharField(max_length=300, label=_lazy("Tóm tắt sự việc (không ghi nội dung bí mật)"))


class SealForm(ServiceForm):
    day = VNDateField(label=_lazy("Ngày họp"))
    seal_reference = NFCCharField(max_length=200, label=_lazy("Số niêm phong, biên bản niêm phong"))
    witnesses = NFCCharField(max_length=300, required=False, label=_lazy("Người chứng kiến"))


# --- One step each: form, service call, message ---------------------------------------------------

STEPS = {
    "decide": (DecideForm, lambda p, m, d, on: service.decide_meeting(p, m, on=on, **d),
               _lazy("Đã ghi quyết định.")),
    "external_approval": (ExternalApprovalForm, lambda p, m, d, on: service.record_external_approval(p, m, on=on, **d),
                          _lazy("Đã ghi văn bản đồng ý.")),
    "attendee": (AttendeeForm, lambda p, m, d, on: service.add_attendee(p, m, on=on, **d),
                 _lazy("Đã thêm người tham dự.")),
    "security_check": (SecurityCheckForm, lambda p, m, d, on: service.record_security_check(
        p, d.pop("attendee"), on=on, **d), _lazy("Đã ghi kiểm tra an ninh.")),
    "remove_attendee": (RemoveAttendeeForm, lambda p, m, d, on: service.remove_attendee(p, d["attendee"], on=on),
                        _lazy("Đã bỏ người tham dự.")),
    "venue": (VenueForm, lambda p, m, d, on: service.record_venue(p, m, on=on, **d), _lazy("Đã ghi địa điểm.")),
    "equipment": (EquipmentForm, lambda p, m, d, on: service.record_equipment(p, m, on=on, **d),
                  _lazy("Đã ghi thiết bị.")),
    "plan": (PlanForm, lambda p, m, d, on: service.record_protection_plan(p, m, on=on, **d),
             _lazy("Đã ghi phương án bảo vệ.")),
    "open": (EmptyForm, lambda p, m, d, on: service.open_meeting(p, m, on=on), _lazy("Đã khai mạc.")),
    "handout": (HandoutForm, lambda p, m, d, on: service.hand_out(p, m, on=on, **d), _lazy("Đã ghi phát tài liệu.")),
    "recover": (RecoverForm, lambda p, m, d, on: service.recover(p, d["handout"], on=on), _lazy("Đã thu hồi.")),
    "loss": (LossForm, lambda p, m, d, on: service.record_loss(p, d["handout"], description=d["description"], on=on),
             _lazy("Đã ghi không thu hồi được và mở vụ việc mất.")),
    "seal": (SealForm, lambda p, m, d, on: service.seal_room(p, m, on=on, **d), _lazy("Đã ghi niêm phong.")),
    "end": (EmptyForm, lambda p, m, d, on: service.end_meeting(p, m, on=on), _lazy("Đã ghi bế mạc.")),
    "close": (EmptyForm, lambda p, m, d, on: service.close_meeting(p, m, on=on), _lazy("Đã kết thúc hồ sơ.")),
}


def _form(name, meeting, person, data=None):
    form_class = STEPS[name][0]
    kwargs = {}
    if form_class in (ExternalApprovalForm, AttendeeForm) or issubclass(form_class, (_AttendeeRow, _HandoutRow)):
        kwargs["meeting"] = meeting
    if form_class is HandoutForm:
        kwargs.update(meeting=meeting, person=person)
    initial = {"checked_on": today(), "day": today(), "decided_on": today()}
    return form_class(data, initial=initial, **kwargs)


def _offered(person, meeting, on) -> set[str]:
    """The steps this person may take now (the service checks again)."""
    organiser = service.is_organiser(person, meeting, on)
    status = meeting.status
    steps = set()
    if status == MeetingStatus.REQUESTED:
        if service.may_decide(person, meeting, on):
            steps.add("decide")
        if organiser:
            steps.add("external_approval")
    if organiser:
        if status in service.PREPARING:
            steps |= {"attendee", "security_check", "remove_attendee", "venue", "equipment", "plan"}
        if status == MeetingStatus.APPROVED:
            steps.add("open")
        if status == MeetingStatus.IN_PROGRESS:
            steps |= {"attendee", "security_check", "handout", "end"}
        if status in (MeetingStatus.IN_PROGRESS, MeetingStatus.ENDED):
            steps |= {"recover", "loss"} | ({"seal"} if meeting.multi_day else set())
        if status == MeetingStatus.ENDED:
            steps.add("close")
    return steps


def _visible_meeting(request, pk: int):
    return get_object_or_404(service.visible_meetings(request.user), pk=pk)


def _detail(request, meeting, *, failed: str = "", failed_form=None, status=200):
    on = today()
    offered = _offered(request.user, meeting, on)
    if failed:
        offered.add(failed)  # a refused attempt keeps its form to show why
    forms_ = {name: (failed_form if name == failed else _form(name, meeting, request.user)) for name in offered}
    attendees = list(meeting.attendees.select_related("person", "security_check_recorded_by"))
    return render(request, "records/meetings_detail.html", {
        "meeting": meeting, "forms": forms_, "offered": offered,
        "failed": failed_form if failed in ROW_STEPS else None, "failed_step": failed,
        "attendees": attendees, "handouts": meeting.handouts.select_related(
            "copy", "copy__item", "attendee", "attendee__person", "incident"),
        "seals": meeting.seals.select_related("sealed_by"), "seal_days": service.seal_days(meeting),
        "missing_seals": service.missing_seals(meeting, on) if meeting.status in (
            MeetingStatus.IN_PROGRESS, MeetingStatus.ENDED) else [],
        "device_rule": service.device_rule(meeting.level, on),
        "needs_check": service.needs_attendee_check(meeting, on),
        "unmet": service.unmet_conditions(meeting, on) if meeting.status in service.PREPARING else [],
    }, status=status)


# --- Views -----------------------------------------------------------------------------------------

def meeting_rows(person, params, on):
    """The list page's rows (all pages): also what its Excel export holds."""
    meetings = service.visible_meetings(person, on)
    if params.get("status", "") in MeetingStatus.values:
        meetings = meetings.filter(status=params.get("status"))
    return meetings


@login_required
def meeting_list(request):
    meetings = meeting_rows(request.user, request.GET, today())
    status = request.GET.get("status", "")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/meetings_list.html",
                  {"page": page, "status": status, "statuses": MeetingStatus.choices})


@login_required
def meeting_request(request):
    form = RequestForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = service.request_meeting(request.user, on=today(), **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi hội nghị và đề nghị đồng ý sử dụng nội dung bí mật nhà nước."))
            return redirect("records:meeting_detail", pk=meeting.pk)
    return render(request, "records/meetings_request.html", {"form": form}, status=403 if form.refusal else 200)


@login_required
def meeting_detail(request, pk: int):
    return _detail(request, _visible_meeting(request, pk))


@login_required
def meeting_step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    meeting = _visible_meeting(request, pk)
    if request.method != "POST":
        return redirect("records:meeting_detail", pk=pk)
    form = _form(step, meeting, request.user, request.POST)
    if form.is_valid():
        try:
            STEPS[step][1](request.user, meeting, dict(form.cleaned_data), today())
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, STEPS[step][2])
            return redirect("records:meeting_detail", pk=pk)
    meeting.refresh_from_db()
    return _detail(request, meeting, failed=step, failed_form=form, status=403 if form.refusal else 200)


@login_required
def meeting_door(request, pk: int):
    """The notice for the door: the device rule for the level (and the chair's
    instructions where the rule leaves it to them), printed on A4."""
    meeting = _visible_meeting(request, pk)
    return render(request, "records/meetings_door.html",
                  {"meeting": meeting, "device_rule": service.device_rule(meeting.level, today())})


def urlpatterns():
    from django.urls import path

    return [
        path("hoi-nghi/", meeting_list, name="meeting_list"),
        path("hoi-nghi/moi/", meeting_request, name="meeting_request"),
        path("hoi-nghi/<int:pk>/", meeting_detail, name="meeting_detail"),
        path("hoi-nghi/<int:pk>/bien-cua/", meeting_door, name="meeting_door"),
        path("hoi-nghi/<int:pk>/<slug:step>/", meeting_step, name="meeting_step"),
    ]
