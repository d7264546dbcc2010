"""Outputs pages: printed documents and list exports."""

from django.urls import path

from bmnn.outputs import stamp_views, views
from bmnn.outputs.export import views as export_views

app_name = "outputs"

urlpatterns = [
    path("van-ban/<slug:kind>/<int:pk>.<str:fmt>", views.document, name="document"),
    path("xuat/<slug:code>/", export_views.export, name="export"),
    path("dau/<slug:code>.png", stamp_views.stamp_png, name="stamp"),
    path("mau-dau/", stamp_views.stamp_forms, name="stamp_forms"),
]
