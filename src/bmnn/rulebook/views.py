"""Rulebook pages: the rules in force on a date (public law: any logged-in person),
the "thử thẩm quyền" form (state-secret officers and administrators), and the
installation's overrides (administrators change them, through the services)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bmnn.core.dates import on_date
from bmnn.core.errors import Refused
from bmnn.org import selectors
from bmnn.org.models import Role
from bmnn.org.selectors import is_admin
from bmnn.rulebook import display, loader, services
from bmnn.rulebook import page_forms as forms
from bmnn.rulebook.authority import authorize
from bmnn.rulebook.models import AuthorityOverride


def is_officer_or_admin(person, on: dt.date) -> bool:
    """State-secret officers (in any unit) and administrators may try the authority check."""
    return is_admin(person) or selectors.holds_role(person, Role.SECURITY_OFFICER, None, on)


def overrides_on(on: dt.date):
    return AuthorityOverride.objects.active_on(on).select_related("created_by").order_by("act", "level", "pk")


def describe_overrides(overrides, regime) -> list[dict]:
    """Overrides with the names the page shows (the regime's names where it knows them)."""
    class_names = dict(loader.class_choices())
    act_names = {code: act.name for code, act in (regime or loader.regimes()[-1]).acts.items()}
    return [{"override": o, "act_name": act_names.get(o.act, o.act),
             "class_name": class_names.get(o.authority_class, o.authority_class),
             "level_name": display.level_name(regime, o.level)} for o in overrides]


@login_required
def rules(request):
    on, on_typed = on_date(request)
    chosen = request.GET.get("regime", "")
    regime = None
    if chosen:
        try:
            regime = loader.get_regime(chosen)
        except KeyError:
            messages.error(request, _("Không có chế độ pháp lý “%(code)s”.") % {"code": chosen})
    regime = regime or loader.regime_on(on)
    in_force = loader.regime_on(on)
    context = {
        "on": on, "on_typed": on_typed, "regime": regime, "in_force": in_force,
        "regimes": loader.regimes(), "levels": display.levels_desc(),
        "overrides": describe_overrides(overrides_on(on), regime),
        "may_try": is_officer_or_admin(request.user, timezone.localdate()), "is_admin": is_admin(request.user),
    }
    if regime is not None:
        acts, class_rows = display.class_table(regime)
        unverified = regime.unverified_rules()
        context.update({
            "matrix": display.matrix(regime), "class_acts": acts, "class_rows": class_rows,
            "performed": [a for a in regime.acts.values() if a.performed_by is not None],
            "unverified": unverified, "unverified_count": len(unverified), "rule_count": len(regime.rules()),
        })
    return render(request, "rulebook/rules.html", context)


@login_required
def try_authority(request):
    """Thử thẩm quyền: shows what authorize() answers. It decides nothing and records nothing."""
    today = timezone.localdate()
    if not is_officer_or_admin(request.user, today):
        raise Refused(_("Chỉ cán bộ bảo mật và quản trị hệ thống mới được dùng chức năng thử thẩm quyền."),
                      rule="rulebook.try.officers_only", basis=services.OPERATING_RULES)
    form = forms.TryForm(request.GET or None, initial={"on": today})
    decision = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        decision = authorize(data["person"], data["act"], data["level"], data["unit"], on=data["on"])
    regime = loader.regime_on(decision.on) if decision else None
    return render(request, "rulebook/try.html", {
        "form": form, "decision": decision,
        "decision_level": display.level_name(regime, decision.level) if decision else "",
        "regime": regime})


@login_required
def override_list(request):
    today = timezone.localdate()
    overrides = AuthorityOverride.objects.select_related("created_by", "revoked_by").order_by("-valid_from", "-pk")
    rows = describe_overrides(overrides, loader.regime_on(today))
    for row in rows:
        row["status"] = display.override_status(row["override"], today)
    return render(request, "rulebook/override_list.html", {
        "rows": rows, "is_admin": is_admin(request.user), "today": today,
        "may_try": is_officer_or_admin(request.user, today)})


def _form_page(request, form, act, *, title: str, done: str, intro: str = "", submit: str = ""):
    """Validate, run the service, redirect; or re-render with the input and the error."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except (Refused, ValidationError) as error:
            forms.apply_service_error(form, error)
        else:
            messages.success(request, done)
            return redirect("rulebook:override_list")
    return render(request, "org/form.html", {
        "form": form, "title": title, "intro": intro, "submit_label": submit or _("Lưu"),
        "cancel_url": reverse("rulebook:override_list")}, status=403 if form.refusal else 200)


@login_required
@require_http_methods(["GET", "POST"])
def override_create(request):
    services.require_admin(request.user, _("ghi nhận quy định riêng về thẩm quyền"))
    form = forms.OverrideForm(request.POST or None, initial={"valid_from": timezone.localdate(), "effect": "deny"})
    return _form_page(
        request, form, lambda data: services.create_override(request.user, **data),
        title=_("Thêm quy định riêng về thẩm quyền"), done=_("Đã ghi nhận quy định riêng."),
        intro=_("Quy định riêng ghi nhận quy chế của cơ quan: thu hẹp (không cho phép) hoặc bổ sung (cho phép) thẩm "
                "quyền của một nhóm chức vụ đối với một việc ở một độ mật. Luật không thay đổi; mỗi quyết định dựa "
                "trên quy định riêng trích dẫn căn cứ ghi ở đây."))


@login_required
@require_http_methods(["GET", "POST"])
def override_revoke(request, pk: int):
    services.require_admin(request.user, _("bãi bỏ quy định riêng về thẩm quyền"))
    override = get_object_or_404(AuthorityOverride, pk=pk)
    form = forms.RevokeForm(request.POST or None, initial={"revoked_on": timezone.localdate()})
    return _form_page(
        request, form, lambda data: services.revoke_override(request.user, override, **data),
        title=_("Bãi bỏ quy định riêng %(reference)s") % {"reference": override.reference},
        done=_("Đã bãi bỏ quy định riêng."), submit=_("Bãi bỏ"),
        intro=_("Quy định riêng không bị xóa: các quyết định trước ngày bãi bỏ vẫn được đánh giá theo nó."))
