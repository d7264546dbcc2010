from django.urls import path

app_name = "rulebook"
urlpatterns: list = []
