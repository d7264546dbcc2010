from django.urls import path

from bmnn.records import views

app_name = "records"
urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("<int:pk>/", views.item_detail, name="item_detail"),
]
