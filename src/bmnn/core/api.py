"""API conventions shared by every app: refusals as JSON with the rule and its basis."""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from bmnn.core.errors import Refused


def exception_handler(exc, context):
    if isinstance(exc, Refused):
        return Response(exc.as_dict(), status=status.HTTP_403_FORBIDDEN)
    return drf_exception_handler(exc, context)
