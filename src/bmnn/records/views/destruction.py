"""Pages for destruction (tiêu hủy): the list, the proposal of a unit's copies (from the item
page or the unit), one destruction file with the form of its current step (council,
minutes, decision, record, signatures, completion), the printable destruction record, and
emergency destruction of a copy the person holds with its report. The services decide; a
refusal re-renders the form with its rule and basis (status 403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.org.forms import NFCCharField, PersonChoiceField, ServiceForm, VNDateField, apply_service_error
from bmnn.org.models import Person, Tenure, Unit
from bmnn.records.models import (
    Copy, CouncilRole, CouncilStatus, DestructionRecord, DestructionStatus, SecretItem,
)
from bmnn.records.services import councils
from bmnn.records.services import destruction as service
from bmnn.records.services.permissions import units_kept_by

PAGE_SIZE = 50
CANDIDATES_SHOWN = 300


class CopyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, copy):
        holder = copy.custodian_person.full_name if copy.custodian_person_id else copy.custodian_unit.name
        return f"{copy} — {holder}"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.username})"


def _on():
    return timezone.localdate()


# --- Proposal --------------------------------------------------------------------------------

class ProposeForm(ServiceForm):
    copies = CopyChoiceField(queryset=Copy.objects.none(), widget=forms.CheckboxSelectMultiple,
                             label=_lazy("Các bản đề nghị tiêu hủy"))
    grounds = NFCCharField(label=_lazy("Lý do (không còn cần thiết lưu giữ, tiêu hủy không gây nguy hại)"),
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].queryset = candidates


@login_required
def destruction_propose(request):
    on = _on()
    units = units_kept_by(request.user, on)
    if not units:
        raise Http404(_("Không tìm thấy."))
    by_pk = {u.pk: u for u in units}
    item = None
    if request.GET.get("item"):
        item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=int(request.GET["item"]))
    unit_pk = request.GET.get("unit") or request.POST.get("unit")
    if unit_pk and unit_pk.isdigit() and int(unit_pk) in by_pk:
        unit = by_pk[int(unit_pk)]
    elif item is not None and item.holding_unit_id in by_pk:
        unit = by_pk[item.holding_unit_id]
    else:
        unit = units[0]
    candidates = service.candidate_copies(request.user, unit, on, item)
    shown = Copy.objects.filter(pk__in=list(candidates.values_list("pk", flat=True)[:CANDIDATES_SHOWN])).select_related(
        "item", "custodian_person", "custodian_unit").order_by("item_id", "origin", "number")
    initial = {"copies": [c.pk for c in shown]} if item is not None else {}
    form = ProposeForm(request.POST or None, candidates=shown, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            destruction = service.propose_destruction(request.user, unit=unit, on=on, **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã lập danh sách đề nghị tiêu hủy."))
            return redirect("records:destruction_detail", pk=destruction.pk)
    return render(request, "records/destruction_propose.html",
                  {"form": form, "unit": unit, "units": units, "item": item,
                   "more": candidates.count() > CANDIDATES_SHOWN if shown else False},
                  status=403 if form.refusal else 200)


# --- Forms of the steps -----------------------------------------------------------------------

class CouncilForm(ServiceForm):
    reference = NFCCharField(max_length=120, label=_lazy("Số quyết định thành lập hội đồng"))
    chair = PersonChoiceField(queryset=Person.objects.none(), label=_lazy("Chủ tịch hội đồng (lãnh đạo đơn vị)"))
    secretary = PersonChoiceField(queryset=Person.objects.none(), required=False, label=_lazy("Thư ký hội đồng"))
    members = MemberChoiceField(queryset=Person.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
                                label=_lazy("Thành viên (gồm người trực tiếp lưu giữ các bản)"))
    externals = NFCCharField(required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             label=_lazy("Đại diện cơ quan liên quan ngoài hệ thống"),
                             help_text=_lazy("Mỗi dòng một người: Họ tên; Cơ quan; Chức vụ"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chair", "secretary", "members"):
            self.fields[name].queryset = people

    def clean_externals(self):
        rows = []
        for line in (self.cleaned_data.get("externals") or "").splitlines():
            parts = [p.strip() for p in line.split(";")]
            if not parts[0]:
                continue
            parts += ["", ""]
            rows.append(councils.MemberInput(external_name=parts[0], external_body=parts[1], capacity=parts[2]))
        return rows

    def members_input(self) -> list[councils.MemberInput]:
        data = self.cleaned_data
        seats = [councils.MemberInput(role=CouncilRole.CHAIR, person=data["chair"])]
        taken = {data["chair"].pk}
        if data.get("secretary") and data["secretary"].pk not in taken:
            seats.append(councils.MemberInput(role=CouncilRole.SECRETARY, person=data["secretary"]))
            taken.add(data["secretary"].pk)
        seats += [councils.MemberInput(person=p) for p in data.get("members") or [] if p.pk not in taken]
        return seats + data["externals"]


class MinutesForm(ServiceForm):
    met_on = VNDateField(label=_lazy("Ngày họp"))
    minutes_reference = NFCCharField(max_length=120, label=_lazy("Số biên bản họp"))
    conclusion = NFCCharField(widget=forms.Textarea(attrs={"rows": 3}), label=_lazy("Kết luận của hội đồng"))
    recommends = forms.TypedChoiceField(choices=[("1", _lazy("Đề nghị tiêu hủy")), ("0", _lazy("Không đề nghị"))],
                                        coerce=lambda v: v == "1", widget=forms.RadioSelect,
                                        label=_lazy("Hội đồng"))


class DecisionForm(ServiceForm):
    approve = forms.TypedChoiceField(choices=[("1", _lazy("Quyết định tiêu hủy")), ("0", _lazy("Không tiêu hủy"))],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect, label=_lazy("Quyết định"))
    decision_reference = NFCCharField(max_length=120, label=_lazy("Số quyết định"))
    method = forms.ChoiceField(choices=(), required=False, label=_lazy("Phương pháp tiêu hủy"))
    reason = NFCCharField(max_length=500, required=False, label=_lazy("Lý do (bắt buộc khi không tiêu hủy)"))

    def __init__(self, *args, on, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [("", "—"), *service.method_choices(on)]


class RecordForm(ServiceForm):
    reference = NFCCharField(max_length=120, label=_lazy("Số biên bản tiêu hủy"))
    carried_out_on = VNDateField(label=_lazy("Ngày tiêu hủy"))
    place = NFCCharField(max_length=300, label=_lazy("Địa điểm tiêu hủy"))
    method = forms.ChoiceField(choices=(), label=_lazy("Phương pháp tiêu hủy"))
    sequence = NFCCharField(widget=forms.Textarea(attrs={"rows": 3}), label=_lazy("Trình tự tiêu hủy"))
    executors = MemberChoiceField(queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple,
                                  label=_lazy("Người thực hiện tiêu hủy"))

    def __init__(self, *args, on, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = service.method_choices(on)
        self.fields["executors"].queryset = members


class SignForm(ServiceForm):
    password = forms.CharField(required=False, widget=forms.PasswordInput, label=_lazy("Mật khẩu"))
    code = forms.CharField(required=False, max_length=12, label=_lazy("hoặc mã xác thực (TOTP)"))


class PaperSignatureForm(ServiceForm):
    member = forms.ModelChoiceField(queryset=None, label=_lazy("Thành viên đã ký trên giấy"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: f"{m.name} ({m.external_body})"


class CompleteForm(ServiceForm):
    pass


def _people_around(unit: Unit, on):
    """Who may sit on the council: people holding a post in the unit, below it or above it."""
    units = Unit.objects.descendant_ids([unit.pk]) | set(Unit.objects.ancestor_ids(unit.pk))
    ids = Tenure.objects.held_on(on).filter(position__unit_id__in=units).values("person_id")
    return Person.objects.filter(pk__in=ids, is_active=True).order_by("sort_key", "pk")


def _custodians(destruction, people, on) -> list[int]:
    return [p.pk for p in people if any(service.is_direct_custodian(p, line.copy, on)
                                        for line in destruction.lines.select_related("copy"))]


def _detail(request, destruction, *, forms_given=None, status=200):
    on = _on()
    user = request.user
    forms_given = forms_given or {}
    council = destruction.council
    record = DestructionRecord.objects.filter(destruction=destruction).first()
    lines = destruction.lines.select_related("item", "copy", "copy__custodian_person", "copy__custodian_unit")
    ctx = {"destruction": destruction, "council": council, "record": record, "lines": lines,
           "method_name": service.method_name(destruction.method, on) if destruction.method else ""}
    people = _people_around(destruction.unit, on)
    if destruction.status == DestructionStatus.PROPOSED and council is None:
        if "council_form" in forms_given or service.may_decide(user, destruction, on):
            ctx["council_form"] = forms_given.get("council_form") or CouncilForm(
                people=people, initial={"members": _custodians(destruction, people, on)})
    if council is not None and council.status == CouncilStatus.ESTABLISHED:
        if "minutes_form" in forms_given or councils.may_record_minutes(user, council, on):
            ctx["minutes_form"] = forms_given.get("minutes_form") or MinutesForm(initial={"met_on": on,
                                                                                         "recommends": "1"})
    if destruction.status == DestructionStatus.PROPOSED and council is not None \
            and council.status == CouncilStatus.REPORTED:
        if "decision_form" in forms_given or service.may_decide(user, destruction, on):
            ctx["decision_form"] = forms_given.get("decision_form") or DecisionForm(on=on, initial={"approve": "1"})
    if destruction.status == DestructionStatus.DECIDED and council is not None:
        members = council.members.select_related("person")
        seated = Person.objects.filter(pk__in=[m.person_id for m in members if m.person_id]).order_by("sort_key")
        if record is None and ("record_form" in forms_given or service.may_draw_up(user, destruction, on)):
            ctx["record_form"] = forms_given.get("record_form") or RecordForm(
                on=on, members=seated, initial={"carried_out_on": on, "method": destruction.method})
        if record is not None and record.completed_at is None:
            signed = set(record.signatures.values_list("member_id", flat=True))
            ctx["members"] = [(m, m.pk in signed) for m in members]
            mine = next((m for m in members if m.person_id == user.pk), None)
            if "sign_form" in forms_given or (mine is not None and mine.pk not in signed):
                ctx["sign_form"] = forms_given.get("sign_form") or SignForm()
            outsiders = council.members.filter(person__isnull=True).exclude(pk__in=signed)
            if outsiders.exists() and ("paper_form" in forms_given
                                       or service.may_record_paper_signatures(user, council)):
                ctx["paper_form"] = forms_given.get("paper_form") or PaperSignatureForm(members=outsiders)
            if "complete_form" in forms_given or service.may_draw_up(user, destruction, on):
                ctx["complete_form"] = forms_given.get("complete_form") or CompleteForm()
    # A refused or invalid attempt keeps its form on the page, whatever the step, to show why.
    ctx.update(forms_given)
    if record is not None:
        ctx["signatures"] = record.signatures.select_related("member", "member__person", "recorded_by")
    return render(request, "records/destruction_detail.html", ctx, status=status)


@login_required
def destruction_detail(request, pk: int):
    return _detail(request, service.get_destruction_or_404(request.user, pk))


def _act(request, pk: int, form_key: str, make_form, run, done: str):
    destruction = service.get_destruction_or_404(request.user, pk)
    if request.method != "POST":
        return redirect("records:destruction_detail", pk=pk)
    form = make_form(destruction, request.POST)
    if form.is_valid():
        try:
            run(destruction, form)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("records:destruction_detail", pk=pk)
    return _detail(request, destruction, forms_given={form_key: form}, status=403 if form.refusal else 200)


@login_required
def destruction_council(request, pk: int):
    return _act(request, pk, "council_form",
                lambda d, data: CouncilForm(data, people=_people_around(d.unit, _on())),
                lambda d, form: service.establish_council(request.user, d, members=form.members_input(),
                                                          reference=form.cleaned_data["reference"], on=_on()),
                _("Đã thành lập hội đồng tiêu hủy."))


@login_required
def destruction_minutes(request, pk: int):
    return _act(request, pk, "minutes_form", lambda d, data: MinutesForm(data),
                lambda d, form: service.record_minutes(request.user, d, on=_on(), **form.cleaned_data),
                _("Đã ghi biên bản họp hội đồng."))


@login_required
def destruction_decide(request, pk: int):
    return _act(request, pk, "decision_form", lambda d, data: DecisionForm(data, on=_on()),
                lambda d, form: service.decide_destruction(request.user, d, on=_on(), **form.cleaned_data),
                _("Đã ghi quyết định."))


def _seated(destruction):
    ids = destruction.council.members.filter(person__isnull=False).values("person_id") if destruction.council else []
    return Person.objects.filter(pk__in=ids)


@login_required
def destruction_record_draw_up(request, pk: int):
    return _act(request, pk, "record_form", lambda d, data: RecordForm(data, on=_on(), members=_seated(d)),
                lambda d, form: service.draw_up_record(request.user, d, on=_on(), **form.cleaned_data),
                _("Đã lập biên bản tiêu hủy; các thành viên hội đồng ký."))


@login_required
def destruction_sign(request, pk: int):
    return _act(request, pk, "sign_form", lambda d, data: SignForm(data),
                lambda d, form: service.sign_record(request.user, d, password=form.cleaned_data["password"] or None,
                                                    code=form.cleaned_data["code"] or None, on=_on()),
                _("Đã ký biên bản tiêu hủy."))


@login_required
def destruction_sign_paper(request, pk: int):
    def members(d):
        return d.council.members.filter(person__isnull=True) if d.council else Person.objects.none()

    return _act(request, pk, "paper_form", lambda d, data: PaperSignatureForm(data, members=members(d)),
                lambda d, form: service.record_paper_signature(request.user, d, member=form.cleaned_data["member"],
                                                               on=_on()),
                _("Đã ghi nhận chữ ký trên giấy."))


@login_required
def destruction_complete(request, pk: int):
    return _act(request, pk, "complete_form", lambda d, data: CompleteForm(data),
                lambda d, form: service.complete_record(request.user, d, on=_on()),
                _("Biên bản tiêu hủy đã hoàn tất; các bản đã được ghi là đã tiêu hủy."))


@login_required
def destruction_record_print(request, pk: int):
    destruction = service.get_destruction_or_404(request.user, pk)
    record = DestructionRecord.objects.filter(destruction=destruction).first()
    if record is None:
        raise Http404(_("Không tìm thấy."))
    on = record.carried_out_on
    signed = {s.member_id: s for s in record.signatures.all()}
    return render(request, "records/destruction_record.html", {
        "destruction": destruction, "record": record, "council": destruction.council,
        "lines": destruction.lines.select_related("item", "copy"),
        "method_name": service.method_name(record.method, on),
        "members": [(m, signed.get(m.pk)) for m in destruction.council.members.select_related("person")],
        "executors": record.executors.order_by("sort_key"), "basis": service.record_basis(on)})


def destruction_rows(person, params, on):
    """The list page's rows (all pages): also what its Excel export holds."""
    destructions = service.visible_destructions(person, on)
    if params.get("status", "") in DestructionStatus.values:
        destructions = destructions.filter(status=params.get("status"))
    return destructions


@login_required
def destruction_list(request):
    on = _on()
    destructions = destruction_rows(request.user, request.GET, on)
    status = request.GET.get("status", "")
    page = Paginator(destructions, PAGE_SIZE).get_page(request.GET.get("page"))
    emergencies = service.visible_emergencies(request.user, on)[:PAGE_SIZE]
    return render(request, "records/destruction_list.html", {
        "page": page, "status": status, "statuses": DestructionStatus.choices, "emergencies": emergencies,
        "may_propose": bool(units_kept_by(request.user, on))})


# --- Emergency destruction ---------------------------------------------------------------------

class EmergencyForm(ServiceForm):
    destroyed_on = VNDateField(label=_lazy("Ngày tiêu hủy"))
    destroyed_at_time = forms.TimeField(required=False, input_formats=["%H:%M"], label=_lazy("Giờ (hh:mm)"))
    place = NFCCharField(max_length=300, label=_lazy("Nơi tiêu hủy"))
    method = forms.ChoiceField(choices=(), label=_lazy("Phương pháp tiêu hủy"))
    reason = NFCCharField(widget=forms.Textarea(attrs={"rows": 3}),
                          label=_lazy("Lý do phải tiêu hủy ngay (không tiêu hủy ngay sẽ gây nguy hại)"))

    def __init__(self, *args, on, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = service.method_choices(on)


@login_required
def emergency_destroy(request, copy_pk: int):
    on = _on()
    copy = Copy.objects.select_related("item", "custodian_person", "custodian_unit").filter(pk=copy_pk).first()
    if copy is None:
        raise Http404(_("Không tìm thấy."))
    item = get_visible_or_404(SecretItem.objects.all(), request.user, pk=copy.item_id)
    form = EmergencyForm(request.POST or None, on=on, initial={"destroyed_on": on})
    if request.method == "POST" and form.is_valid():
        try:
            record = service.emergency_destroy(request.user, copy, on=on, **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.warning(request, _("Đã ghi việc tiêu hủy khẩn cấp. Phải báo cáo ngay bằng văn bản với người "
                                        "đứng đầu."))
            return redirect("records:emergency_detail", pk=record.pk)
    return render(request, "records/destruction_emergency_form.html",
                  {"form": form, "copy": copy, "item": item,
                   "allowed": form.refusal is not None or service.may_destroy_in_emergency(request.user, copy, on)},
                  status=403 if form.refusal else 200)


class ReportForm(ServiceForm):
    reference = NFCCharField(max_length=120, label=_lazy("Số văn bản báo cáo"))
    sent_on = VNDateField(label=_lazy("Ngày gửi"))
    sent_to = PersonChoiceField(queryset=Person.objects.none(), label=_lazy("Gửi người đứng đầu"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sent_to"].queryset = people


def _heads_around(emergency, on):
    units = set(Unit.objects.ancestor_ids(emergency.unit_id))
    ids = Tenure.objects.held_on(on).filter(position__unit_id__in=units).filter(
        Q(position__role="leader") | Q(position__role="deputy")).values("person_id")
    return Person.objects.filter(Q(pk__in=ids) | Q(pk=emergency.head_id)).order_by("sort_key", "pk")


@login_required
def emergency_detail(request, pk: int):
    on = _on()
    emergency = service.get_emergency_or_404(request.user, pk, on)
    form = None
    if not emergency.reported and service.may_report(request.user, emergency, on):
        form = ReportForm(request.POST or None, people=_heads_around(emergency, on),
                          initial={"sent_on": on, "sent_to": emergency.head_id})
    status = 200
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            service.report_emergency(request.user, emergency, on=on, **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
            status = 403 if form.refusal else 200
        else:
            messages.success(request, _("Đã ghi báo cáo."))
            return redirect("records:emergency_detail", pk=pk)
    elif request.method == "POST" and form is None:
        return redirect("records:emergency_detail", pk=pk)
    return render(request, "records/destruction_emergency_detail.html",
                  {"emergency": emergency, "form": form, "method_name": service.method_name(emergency.method, on),
                   "overdue": not emergency.reported and emergency.report_due_on < on}, status=status)


def urlpatterns():
    from django.urls import path

    return [
        path("tieu-huy/", destruction_list, name="destruction_list"),
        path("tieu-huy/de-nghi/", destruction_propose, name="destruction_propose"),
        path("tieu-huy/<int:pk>/", destruction_detail, name="destruction_detail"),
        path("tieu-huy/<int:pk>/hoi-dong/", destruction_council, name="destruction_council"),
        path("tieu-huy/<int:pk>/bien-ban-hop/", destruction_minutes, name="destruction_minutes"),
        path("tieu-huy/<int:pk>/quyet-dinh/", destruction_decide, name="destruction_decide"),
        path("tieu-huy/<int:pk>/lap-bien-ban/", destruction_record_draw_up, name="destruction_record_draw_up"),
        path("tieu-huy/<int:pk>/ky/", destruction_sign, name="destruction_sign"),
        path("tieu-huy/<int:pk>/ky-giay/", destruction_sign_paper, name="destruction_sign_paper"),
        path("tieu-huy/<int:pk>/hoan-tat/", destruction_complete, name="destruction_complete"),
        path("tieu-huy/<int:pk>/bien-ban/", destruction_record_print, name="destruction_record"),
        path("tieu-huy/khan-cap/<int:pk>/", emergency_detail, name="emergency_detail"),
        path("ban/<int:copy_pk>/tieu-huy-khan-cap/", emergency_destroy, name="emergency_destroy"),
    ]
