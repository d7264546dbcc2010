"""Pages: login, logout, second factor (verify, enrol, recovery codes), account
security, API token, password change, and the administrator's account pages.

Views collect input and do the session work; every act is a service call."""

from __future__ import annotations

import base64
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from bmnn.accounts import policy, services, session as sess, throttle, totp
from bmnn.accounts.forms import AccountSearchForm, CodeForm, EnrolForm, LoginForm, PasswordChangeForm
from bmnn.accounts.models import SecondFactor
from bmnn.core import crypto
from bmnn.core.errors import Refused
from bmnn.org.models import Person
from bmnn.org.selectors import is_admin, search_q


# --- helpers ------------------------------------------------------------------------------

def _safe(request, url: str | None) -> str | None:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return None


def _next_url(request) -> str:
    """Where to go after a step: ?next= / the page first asked for / the home page."""
    candidate = _safe(request, request.POST.get("next") or request.GET.get("next"))
    pending = request.session.pop(sess.PENDING_NEXT_KEY, None)
    return candidate or _safe(request, pending) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _second_factor_passed(request, person) -> None:
    # A new session key at each privilege step: a key seen before the factor is worthless after it.
    request.session.cycle_key()
    sess.mark_second_factor_passed(request.session, person)


def _refused_page(request, refusal: Refused):
    return render(request, "accounts/refused.html", {"refusal": refusal}, status=403)


def refusals_as_page(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refusal:
            return _refused_page(request, refusal)
    return wrapped


def _address(request) -> str:
    return throttle.address_of(request)


# --- login / logout -----------------------------------------------------------------------

@sensitive_post_parameters("password")
@never_cache
def login_view(request):
    next_url = _safe(request, request.POST.get("next") or request.GET.get("next")) or ""
    form = LoginForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.password_login(form.cleaned_data["username"], form.cleaned_data["password"],
                                              address=_address(request))
        except Refused as refusal:
            error = refusal.message
        else:
            login(request, result.person)
            request.session.pop(sess.SECOND_FACTOR_KEY, None)
            sess.start(request.session, result.person)
            if next_url:
                request.session[sess.PENDING_NEXT_KEY] = next_url
            if result.next_step == "verify":
                return redirect("accounts:verify")
            if result.next_step == "enrol":
                return redirect("accounts:enrol")
            return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "error": error, "next": next_url})


@never_cache
def logout_view(request):
    if request.method != "POST":
        # Logging out changes state, so it is a POST (a link or an image cannot log anyone out).
        return render(request, "accounts/logout_confirm.html", status=405)
    services.record_logout(request.user, reason="user", address=_address(request))
    logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect("accounts:login")


# --- second factor ----------------------------------------------------------------------

def _locked_out_of_login(request, refusal: Refused):
    logout(request)
    messages.error(request, refusal.message)
    return redirect("accounts:login")


@sensitive_post_parameters("code")
@never_cache
@login_required
def verify_view(request):
    person = request.user
    if sess.second_factor_passed(request.session, person):
        return redirect(_next_url(request))
    if not policy.factor_enrolled(person):
        return redirect("accounts:enrol") if policy.factor_required(person) else redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            method = services.second_factor_login(person, form.cleaned_data["code"], address=_address(request))
        except services.LockedOut as refusal:
            return _locked_out_of_login(request, refusal)
        except Refused as refusal:
            error = refusal.message
        else:
            _second_factor_passed(request, person)
            if method == "recovery_code":
                remaining = services.recovery_codes_remaining(person)
                messages.warning(request, ngettext(
                    "Bạn vừa dùng một mã khôi phục; mã này không dùng lại được. Còn %(n)d mã. Hãy tạo bộ mã mới ở "
                    "trang Bảo mật tài khoản nếu sắp hết.",
                    "Bạn vừa dùng một mã khôi phục; mã này không dùng lại được. Còn %(n)d mã. Hãy tạo bộ mã mới ở "
                    "trang Bảo mật tài khoản nếu sắp hết.", remaining) % {"n": remaining})
            return redirect(_next_url(request))
    return render(request, "accounts/verify.html",
                  {"form": form, "error": error, "reason": policy.required_reason(person)})


def _pending_secret(request, person) -> str:
    """The secret of the enrolment in progress: kept in the session (encrypted with
    the installation key) until confirmed, so reloading the page keeps the same QR."""
    aad = f"accounts.enrol:{person.pk}".encode()
    stored = request.session.get(sess.ENROL_SECRET_KEY)
    if stored:
        try:
            return crypto.decrypt(base64.b64decode(stored), aad).decode("ascii")
        except (crypto.DecryptionError, ValueError):
            pass
    secret = totp.new_secret()
    request.session[sess.ENROL_SECRET_KEY] = base64.b64encode(crypto.encrypt(secret.encode("ascii"), aad)).decode()
    return secret


@sensitive_post_parameters("code")
@never_cache
@login_required
def enrol_view(request):
    person = request.user
    passed = sess.second_factor_passed(request.session, person)
    enrolled = policy.factor_enrolled(person)
    if enrolled and not passed:
        return redirect("accounts:verify")  # replacing a device needs the current one first
    completes_login = not passed and policy.factor_required(person)
    secret = _pending_secret(request, person)
    form = EnrolForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_enrolment(person, secret, form.cleaned_data["code"], address=_address(request),
                                               completes_login=completes_login)
        except services.LockedOut as refusal:
            if completes_login:
                return _locked_out_of_login(request, refusal)
            error = refusal.message
        except Refused as refusal:
            error = refusal.message
        else:
            request.session.pop(sess.ENROL_SECRET_KEY, None)
            _second_factor_passed(request, person)
            return render(request, "accounts/recovery_codes.html",
                          {"codes": codes, "just_enrolled": True, "next_url": _next_url(request)})
    uri = totp.provisioning_uri(secret, person.username)
    return render(request, "accounts/enrol.html", {
        "form": form, "error": error, "qr": totp.qr_data_uri(uri), "secret": totp.group(secret),
        "reason": policy.required_reason(person) if policy.factor_required(person) else "",
        "replacing": enrolled, "completes_login": completes_login,
    })


@never_cache
@login_required
@refusals_as_page
def recovery_codes_view(request):
    if request.method != "POST":
        return redirect("accounts:security")
    codes = services.regenerate_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html",
                  {"codes": codes, "just_enrolled": False, "next_url": resolve_url("accounts:security")})


# --- the person's own account ---------------------------------------------------------------

@never_cache
@login_required
def security_view(request):
    person = request.user
    device = SecondFactor.objects.filter(person=person, confirmed_at__isnull=False).first()
    return render(request, "accounts/security.html", {
        "required": policy.factor_required(person),
        "device": device,
        "codes_remaining": services.recovery_codes_remaining(person) if device else 0,
        "token": services.token_of(person),
        "attempts": services.recent_attempts(person),
        "idle_minutes": settings.SESSION_IDLE_SECONDS // 60,
    })


@never_cache
@login_required
@refusals_as_page
def token_view(request):
    person = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            key = services.create_token(person, factor_passed=sess.second_factor_passed(request.session, person))
            return render(request, "accounts/token.html", {"token": services.token_of(person), "new_key": key})
        if action == "revoke":
            if services.revoke_token(person):
                messages.success(request, _("Đã thu hồi mã truy cập API."))
            return redirect("accounts:token")
    return render(request, "accounts/token.html", {"token": services.token_of(person)})


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@login_required
def password_change_view(request):
    person = request.user
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(person, form.cleaned_data["old_password"], form.cleaned_data["new_password1"],
                                     address=_address(request))
        except Refused as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, refusal.message)
        except ValidationError as invalid:
            form.add_error("new_password1", invalid)
        else:
            update_session_auth_hash(request, person)  # keep this session; others end with the old hash
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {
        "form": form, "forced": person.must_change_password, "help_texts": password_validators_help_texts(),
    })


# --- administrator -------------------------------------------------------------------------

def _require_admin(request) -> None:
    if not is_admin(request.user):
        raise Refused(_("Chỉ quản trị hệ thống mới được quản lý tài khoản."), rule="accounts.admin_only",
                      basis=services.BASIS)


def _account_row(person) -> dict:
    return {
        "person": person,
        "enrolled": policy.factor_enrolled(person),
        "required": policy.factor_required(person),
        "locked_until": throttle.locked_until(person.username),
    }


@never_cache
@login_required
@refusals_as_page
def admin_list_view(request):
    _require_admin(request)
    form = AccountSearchForm(request.GET or None)
    people = Person.objects.all()
    if form.is_valid() and form.cleaned_data["q"]:
        people = people.filter(search_q(form.cleaned_data["q"]))
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/admin_list.html",
                  {"form": form, "page": page, "rows": [_account_row(p) for p in page]})


@never_cache
@login_required
@refusals_as_page
def admin_detail_view(request, pk: int):
    _require_admin(request)
    person = get_object_or_404(Person, pk=pk)
    context = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "reset_password":
            context["temporary_password"] = services.reset_password(person, actor=request.user)
            person.refresh_from_db()
        elif action == "unlock":
            services.unlock_account(person, actor=request.user)
            messages.success(request, _("Đã mở khóa đăng nhập cho tài khoản %(u)s.") % {"u": person.username})
            return redirect("accounts:admin_detail", pk=person.pk)
        elif action == "reset_second_factor":
            services.reset_second_factor(person, actor=request.user)
            messages.success(request, _("Đã đặt lại xác thực hai lớp của %(u)s; người này sẽ đăng ký lại "
                                        "khi đăng nhập.") % {"u": person.username})
            return redirect("accounts:admin_detail", pk=person.pk)
    context.update(_account_row(person))
    context["attempts"] = services.recent_attempts(person)
    context["codes_remaining"] = services.recovery_codes_remaining(person)
    return render(request, "accounts/admin_detail.html", context)
