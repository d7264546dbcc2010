"""One router for the REST API; each app registers its viewsets in its api module."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from bmnn.accounts import api as accounts_api
from bmnn.core import api_views as core_api
from bmnn.org import api as org_api
from bmnn.records import api as records_api
from bmnn.computers import api as computers_api
from bmnn.rulebook import api as rulebook_api
from bmnn.outputs import api as outputs_api
from bmnn.outputs.export import api as export_api

router = DefaultRouter()
for module in (core_api, org_api, rulebook_api, records_api, accounts_api, computers_api, outputs_api, export_api):
    module.register(router)

urlpatterns = [
    path("", include(router.urls)),
    path("", include("bmnn.accounts.api_urls")),
]
