"""Session expiry and the second-factor gate for every page.

For a logged-in person, on every request to a view:
1. the session ends if it is older than SESSION_COOKIE_AGE (absolute) or has been
   idle longer than SESSION_IDLE_SECONDS, with a message on the login page;
2. if the second factor applies to the person and this session has not passed it,
   every page except login/logout/the second-factor pages, static files and the
   language switch redirects to enrolment (not enrolled yet) or verification;
3. a person whose password was reset by an administrator is sent to change it.

API requests (/api/) are not redirected: SecondFactorSessionAuthentication
refuses an unverified session there, with a JSON answer.

The work happens in process_view, which runs after MessageMiddleware has set up
messages and after the URL is resolved, so exemptions are by URL name."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

from bmnn.accounts import policy, session as sess, throttle

# Pages a person who has not passed the second factor may still open.
FACTOR_EXEMPT = {"login", "logout", "verify", "enrol"}
# Pages a person who must change their password may still open (plus the above).
PASSWORD_EXEMPT = FACTOR_EXEMPT | {"password_change"}
TOUCH_EVERY = 30  # seconds: write the session at most this often just to record activity


def _is_static(path: str) -> bool:
    static = settings.STATIC_URL or "/static/"
    return path.startswith(static if static.startswith("/") else "/" + static)


def _is_api(path: str) -> bool:
    return path.startswith("/api/")


def _accounts_url_name(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match is None or "accounts" not in match.namespaces:
        return None
    return match.url_name


def expire_if_due(request, now: float | None = None) -> str | None:
    """End the session if it is too old or idle; returns the reason, or None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    now = now if now is not None else time.time()
    session = request.session
    started = session.get(sess.LOGIN_AT_KEY)
    if started is None:
        session[sess.LOGIN_AT_KEY] = int(now)
        started = now
    reason = None
    if now - started > settings.SESSION_COOKIE_AGE:
        reason = "absolute"
    else:
        idle = sess.idle_seconds(session, now)
        if idle is not None and idle > settings.SESSION_IDLE_SECONDS:
            reason = "idle"
    if reason is None:
        seen = session.get(sess.LAST_SEEN_KEY)
        if seen is None or now - seen >= TOUCH_EVERY:
            sess.touch(session, now)
        return None
    from bmnn.accounts import services

    services.record_logout(user, reason=reason, address=throttle.address_of(request))
    logout(request)
    return reason


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        path = request.path_info
        if _is_static(path) or path.startswith("/i18n/"):
            return None
        from bmnn.accounts import clock

        reason = expire_if_due(request, clock.now().timestamp())
        if reason:
            if _is_api(path):
                return None  # now anonymous: the API answers 401/403 itself
            if reason == "idle":
                minutes = max(1, settings.SESSION_IDLE_SECONDS // 60)
                messages.warning(request, _("Phiên làm việc đã kết thúc vì không hoạt động quá %(m)d phút. "
                                            "Vui lòng đăng nhập lại.") % {"m": minutes})
            else:
                hours = max(1, settings.SESSION_COOKIE_AGE // 3600)
                messages.warning(request, _("Phiên làm việc đã kết thúc vì đã quá %(h)d giờ kể từ khi đăng nhập. "
                                            "Vui lòng đăng nhập lại.") % {"h": hours})
            return _redirect(request, _login_url(request))

        user = request.user
        if not user.is_authenticated or _is_api(path):
            return None
        name = _accounts_url_name(request)
        if name in FACTOR_EXEMPT:
            return None
        if not sess.second_factor_passed(request.session, user) and policy.factor_applies(user):
            if _is_page_load(request):
                request.session[sess.PENDING_NEXT_KEY] = request.get_full_path()
            target = "accounts:verify" if policy.factor_enrolled(user) else "accounts:enrol"
            return _redirect(request, resolve_url(target))
        if getattr(user, "must_change_password", False) and name not in PASSWORD_EXEMPT:
            return _redirect(request, resolve_url("accounts:password_change"))
        return None


def _is_page_load(request) -> bool:
    """A GET of a whole page (not an HTMX fragment): worth coming back to after login."""
    return request.method == "GET" and not request.headers.get("HX-Request")


def _redirect(request, url: str):
    """A redirect; for an HTMX request, HX-Redirect so the whole page changes rather
    than the login or verification page being swapped into a fragment."""
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=200)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _login_url(request) -> str:
    url = reverse("accounts:login")
    if _is_page_load(request):
        url += "?" + urlencode({"next": request.get_full_path()})
    return url
