"""Outputs pages: the list export (the print pages add theirs)."""

from django.urls import path

from bmnn.outputs.export import views as export_views

app_name = "outputs"
urlpatterns = [
    path("xuat/<slug:code>/", export_views.export, name="export"),
]
