"""Outputs pages: printed documents and list exports."""

from django.urls import path

from bmnn.outputs import views
from bmnn.outputs.export import views as export_views

app_name = "outputs"

urlpatterns = [
    path("van-ban/<slug:kind>/<int:pk>.<str:fmt>", views.document, name="document"),
    path("xuat/<slug:code>/", export_views.export, name="export"),
]
