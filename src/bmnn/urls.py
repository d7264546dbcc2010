from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("bmnn.core.urls")),
    path("tai-khoan/", include("bmnn.accounts.urls")),
    path("to-chuc/", include("bmnn.org.urls")),
    path("quy-dinh/", include("bmnn.rulebook.urls")),
    path("tai-lieu/", include("bmnn.records.urls")),
    path("may-tinh/", include("bmnn.computers.urls")),
    path("in/", include("bmnn.outputs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("bmnn.api_urls")),
]
