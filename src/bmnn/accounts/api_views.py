"""REST endpoints for authentication.

POST   /api/auth/token/  username + password (+ TOTP code) → a new token (throttled like the login page)
DELETE /api/auth/token/  revoke one's own token
GET    /api/auth/me/     who the caller is and the state of their second factor"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from bmnn.accounts import clock, policy, services, throttle
from bmnn.core.errors import Refused


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text="Tên đăng nhập")
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"},
                                     help_text="Mật khẩu")
    code = serializers.CharField(max_length=16, required=False, allow_blank=True,
                                 help_text="Mã 6 chữ số từ ứng dụng xác thực (bắt buộc khi tài khoản dùng xác thực hai lớp)")


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Mã truy cập; gửi trong tiêu đề Authorization: Token <mã>")
    username = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    rule = serializers.CharField(required=False)
    basis = serializers.CharField(required=False)
    retry_at = serializers.DateTimeField(required=False)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    full_name = serializers.CharField()
    is_system_admin = serializers.BooleanField()
    must_change_password = serializers.BooleanField()
    second_factor = inline_serializer("SecondFactorState", {
        "required": serializers.BooleanField(),
        "enrolled": serializers.BooleanField(),
        "recovery_codes_remaining": serializers.IntegerField(),
    })
    authenticated_by = serializers.ChoiceField(choices=["token", "session"])


class TokenView(APIView):
    """Exchange credentials for an API token (POST), or revoke one's own token (DELETE)."""

    def get_authenticators(self):
        # Exchanging credentials must not depend on (or be blocked by CSRF for) a browser session.
        if getattr(self, "request", None) is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        operation_id="auth_token_create", request=TokenRequestSerializer, auth=[],
        responses={201: TokenResponseSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 429: ErrorSerializer},
        summary="Đổi tên đăng nhập, mật khẩu và mã xác thực lấy mã truy cập API",
        description="Tạo mã truy cập mới (thu hồi mã cũ nếu có). Sai quá số lần cho phép thì bị tạm khóa như "
                    "trang đăng nhập; khi đó trả 429 kèm thời điểm được thử lại.",
    )
    def post(self, request):
        body = TokenRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            person, key = services.exchange_credentials_for_token(
                body.validated_data["username"], body.validated_data["password"],
                body.validated_data.get("code", ""), address=throttle.address_of(request))
        except services.LockedOut as refusal:
            response = Response({**refusal.as_dict(), "detail": refusal.message, "retry_at": refusal.retry_at},
                                status=status.HTTP_429_TOO_MANY_REQUESTS)
            response["Retry-After"] = str(max(1, int((refusal.retry_at - clock.now()).total_seconds())))
            return response
        except services.BadCredentials as refusal:
            return Response({**refusal.as_dict(), "detail": refusal.message}, status=status.HTTP_400_BAD_REQUEST)
        except Refused as refusal:
            return Response({**refusal.as_dict(), "detail": refusal.message}, status=status.HTTP_403_FORBIDDEN)
        return Response({"token": key, "username": person.username}, status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="auth_token_destroy", request=None,
                   responses={204: OpenApiResponse(description="Đã thu hồi"),
                              404: OpenApiResponse(ErrorSerializer, description="Không có mã để thu hồi")},
                   summary="Thu hồi mã truy cập API của chính mình")
    def delete(self, request):
        if not services.revoke_token(request.user, via="api"):
            return Response({"detail": _("Bạn không có mã truy cập nào để thu hồi.")}, status=status.HTTP_404_NOT_FOUND)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="auth_me", responses={200: MeSerializer},
                   summary="Người đang gọi API và trạng thái xác thực hai lớp")
    def get(self, request):
        person = request.user
        enrolled = policy.factor_enrolled(person)
        data = {
            "id": person.pk, "username": person.username, "full_name": person.full_name,
            "is_system_admin": person.is_system_admin, "must_change_password": person.must_change_password,
            "second_factor": {
                "required": policy.factor_required(person), "enrolled": enrolled,
                "recovery_codes_remaining": services.recovery_codes_remaining(person) if enrolled else 0,
            },
            "authenticated_by": "token" if request.auth is not None else "session",
        }
        return Response(MeSerializer(data).data)
