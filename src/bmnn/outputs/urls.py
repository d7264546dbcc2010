from django.urls import path

from bmnn.outputs import views

app_name = "outputs"

urlpatterns = [
    path("van-ban/<slug:kind>/<int:pk>.<str:fmt>", views.document, name="document"),
]
