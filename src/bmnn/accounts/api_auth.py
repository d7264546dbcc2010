"""Session authentication for the API that accepts only sessions past the second factor.

A browser session that has passed only the password is not an authenticated API
client. If the request also carries an Authorization header, this class steps
aside (returns None) so TokenAuthentication can decide; otherwise it refuses with
a Vietnamese explanation instead of a bare "not authenticated"."""

from django.utils.translation import gettext as _
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed

from bmnn.accounts import policy
from bmnn.accounts.session import second_factor_passed


class SecondFactorSessionAuthentication(SessionAuthentication):
    """Session authentication that accepts only sessions past the second factor."""

    def authenticate(self, request):
        django_request = request._request
        user = getattr(django_request, "user", None)
        if user is None or not user.is_active:
            return None
        session = django_request.session
        if not second_factor_passed(session, user) and policy.factor_applies(user):
            if request.META.get("HTTP_AUTHORIZATION"):
                return None
            raise AuthenticationFailed(_("Phiên đăng nhập chưa qua xác thực hai lớp. Hãy hoàn tất xác thực hai lớp "
                                         "trên giao diện web, hoặc dùng mã truy cập API."))
        if getattr(user, "must_change_password", False):
            raise AuthenticationFailed(_("Tài khoản phải đổi mật khẩu trên giao diện web trước khi dùng API."))
        self.enforce_csrf(request)
        return (user, None)


try:  # describe the scheme in the OpenAPI schema (drf-spectacular finds extensions by subclassing)
    from drf_spectacular.extensions import OpenApiAuthenticationExtension

    class SecondFactorSessionScheme(OpenApiAuthenticationExtension):
        target_class = "bmnn.accounts.api_auth.SecondFactorSessionAuthentication"
        name = "cookieAuth"

        def get_security_definition(self, auto_schema):
            from django.conf import settings

            return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME,
                    "description": "Phiên đăng nhập web đã qua xác thực hai lớp (kèm tiêu đề X-CSRFToken khi ghi)."}
except ImportError:  # pragma: no cover - drf-spectacular is a dependency; kept optional for the runtime path
    pass
