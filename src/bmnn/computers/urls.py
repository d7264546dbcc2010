"""Computers URLs, under /may-tinh/."""

from django.urls import path

from bmnn.computers import views

app_name = "computers"
urlpatterns = [
    path("", views.computer_list, name="computer_list"),
    path("nhap-ket-qua-quet/", views.import_report, name="import"),
    path("<int:pk>/", views.computer_detail, name="computer_detail"),
    path("<int:pk>/che-do-ket-noi/", views.declare_network_mode, name="network_mode"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report_detail"),
    path("vi-pham/", views.violation_list, name="violation_list"),
    path("vi-pham/<int:pk>/", views.violation_detail, name="violation_detail"),
]
