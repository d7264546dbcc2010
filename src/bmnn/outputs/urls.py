from django.urls import path

from bmnn.outputs import stamp_views, views

app_name = "outputs"

urlpatterns = [
    path("van-ban/<slug:kind>/<int:pk>.<str:fmt>", views.document, name="document"),
    path("dau/<slug:code>.png", stamp_views.stamp_png, name="stamp"),
    path("mau-dau/", stamp_views.stamp_forms, name="stamp_forms"),
]
