"""Authentication endpoints, included under /api/ by bmnn.api_urls."""

from django.urls import path

from bmnn.accounts import api_views

urlpatterns = [
    path("auth/token/", api_views.TokenView.as_view(), name="accounts-api-token"),
    path("auth/me/", api_views.MeView.as_view(), name="accounts-api-me"),
]
