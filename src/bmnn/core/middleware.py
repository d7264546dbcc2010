"""Request id, Content-Security-Policy, and turning a refused act into a clear page."""

import uuid

from django.conf import settings
from django.shortcuts import render

from bmnn.core.errors import Refused
from bmnn.core.ledger import current_request_id


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        token = current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request.request_id
        return response


class ContentSecurityPolicyMiddleware:
    """No inline script, nothing from outside the installation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), usb=()")
        response.setdefault("Cache-Control", "no-store")
        return response


class RefusedMiddleware:
    """A service refusal that a view did not handle becomes a Vietnamese page, not a stack trace."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Refused):
            return render(request, "core/refused.html", {"refusal": exception}, status=403)
        return None


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the person chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    official whose browser happens to be in English would get a mixed interface;
    here only the explicit choice (the language cookie set by set_language) counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the thread's language afterwards: a server thread (or a test)
        # must not carry one person's English into the next request or a command's output.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
