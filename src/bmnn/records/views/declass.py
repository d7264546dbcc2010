"""Pages for declassification (giải mật): the list of declassifications of items the person
may know of, one declassification with its dossier (hồ sơ giải mật), the head's decision
form on an item (after a reported council), and the administrator's form removing a list
entry. The services decide; a refusal re-renders the form with its rule and basis (403)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bmnn.core.access import get_visible_or_404
from bmnn.core.errors import Refused
from bmnn.org.forms import NFCCharField, ServiceForm, apply_service_error
from bmnn.org.selectors import is_admin
from bmnn.records.models import Council, DeclassificationGround, NoticeAct, SecretItem, SecretListEntry
from bmnn.records.services import declass as service
from bmnn.records.services import notices

PAGE_SIZE = 50


class DecisionForm(ServiceForm):
    council = forms.ModelChoiceField(queryset=Council.objects.none(), label=_lazy("Hội đồng giải mật (đã có biên bản)"),
                                     empty_label=_lazy("— Chọn hội đồng —"), required=False)
    partial = forms.TypedChoiceField(choices=[("0", _lazy("Giải mật toàn bộ")), ("1", _lazy("Giải mật một phần"))],
                                     coerce=lambda v: v == "1", widget=forms.RadioSelect, initial="0",
                                     label=_lazy("Phạm vi"))
    released_content = NFCCharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
                                    label=_lazy("Nội dung được giải mật (bắt buộc khi giải mật một phần)"))
    reference = NFCCharField(max_length=120, label=_lazy("Số quyết định giải mật"))
    reason = NFCCharField(required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                          label=_lazy("Lý do (yêu cầu thực tiễn bảo vệ lợi ích quốc gia, phát triển kinh tế - xã hội, "
                                      "hội nhập, hợp tác quốc tế)"))
    other_papers = NFCCharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                label=_lazy("Giấy tờ khác trong hồ sơ (mỗi dòng một số, ký hiệu)"))

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils
        self.fields["council"].label_from_instance = lambda c: (
            f"{c.reference} – {_('biên bản')} {c.minutes_reference} ({c.met_on:%d/%m/%Y})")


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, entry):
        return f"{entry.secret_list.code} – {_('mục')} {entry.number}: {entry.content[:120]}"


class RemovalForm(ServiceForm):
    entry = EntryChoiceField(queryset=SecretListEntry.objects.none(), label=_lazy("Mục trong danh mục"))
    reason = NFCCharField(max_length=500, required=False,
                          label=_lazy("Căn cứ (số, ngày quyết định sửa đổi danh mục)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = service.live_entries()


def declass_rows(person, params, on):
    """The list page's rows (all pages): also what its Excel export holds."""
    rows = service.visible_declassifications(person, on)
    if params.get("ground", "") in DeclassificationGround.values:
        rows = rows.filter(ground=params.get("ground"))
    return rows


@login_required
def declass_list(request):
    rows = declass_rows(request.user, request.GET, timezone.localdate())
    ground = request.GET.get("ground", "")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "records/declass_list.html", {
        "page": page, "ground": ground, "grounds": DeclassificationGround.choices,
        "may_remove_entries": is_admin(request.user)})


@login_required
def declass_detail(request, pk: int):
    row = service.get_declassification_or_404(request.user, pk, timezone.localdate())
    act = NoticeAct.DECLASSIFICATION if row.ground == DeclassificationGround.DECISION else NoticeAct.LIST_REMOVAL
    return render(request, "records/declass_detail.html", {
        "row": row, "item": row.item, "dossier": service.dossier(row),
        "notices": notices.notices_of(row.item, act=act, act_id=row.pk)})


@login_required
def declass_decide(request, item_pk: int):
    on = timezone.localdate()
    item = get_visible_or_404(SecretItem.objects.select_related("holding_unit"), request.user, pk=item_pk)
    form = DecisionForm(request.POST or None, councils=service.reported_councils(request.user, item, on))
    if request.method == "POST" and form.is_valid():
        try:
            row = service.decide_declassification(request.user, item, on=on, **form.cleaned_data)
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã ghi quyết định giải mật và lập thông báo cho nơi đang giữ tài liệu."))
            return redirect("records:declass_detail", pk=row.pk)
    return render(request, "records/declass_decide.html", {"item": item, "form": form},
                  status=403 if form.refusal else 200)


@login_required
def declass_remove_entry(request):
    form = RemovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rows = service.remove_list_entry(request.user, data["entry"], on=timezone.localdate(),
                                             reason=data["reason"])
        except (Refused, ValidationError) as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Đã đưa mục ra khỏi danh mục; %(n)s tài liệu được giải mật, thông báo đến hạn "
                                        "ngay trong ngày.") % {"n": len(rows)})
            return redirect("records:declass_list")
    return render(request, "records/declass_remove_entry.html", {"form": form}, status=403 if form.refusal else 200)


def urlpatterns():
    from django.urls import path

    return [
        path("giai-mat/", declass_list, name="declass_list"),
        path("giai-mat/<int:pk>/", declass_detail, name="declass_detail"),
        path("giai-mat/bo-muc-danh-muc/", declass_remove_entry, name="declass_remove_entry"),
        path("<int:item_pk>/giai-mat/", declass_decide, name="declass_decide"),
    ]
