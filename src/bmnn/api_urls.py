"""One router for the REST API; each app registers its viewsets in its api.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from bmnn.org import api as org_api

router = DefaultRouter()
org_api.register(router)

urlpatterns = [
    path("", include(router.urls)),
]
