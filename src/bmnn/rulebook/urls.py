from django.urls import path

from bmnn.rulebook import views

app_name = "rulebook"
urlpatterns = [
    path("", views.rules, name="rules"),
    path("thu-tham-quyen/", views.try_authority, name="try"),
    path("quy-dinh-rieng/", views.override_list, name="override_list"),
    path("quy-dinh-rieng/them/", views.override_create, name="override_create"),
    path("quy-dinh-rieng/<int:pk>/bai-bo/", views.override_revoke, name="override_revoke"),
]
