from django.urls import path

from bmnn.org import views

app_name = "org"
urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/sap-nhap/", views.unit_merge, name="unit_merge"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_update, name="unit_update"),
    path("don-vi/<int:pk>/cham-dut/", views.unit_close, name="unit_close"),
    path("chuc-vu/", views.position_list, name="position_list"),
    path("chuc-vu/them/", views.position_create, name="position_create"),
    path("chuc-vu/<int:pk>/sua/", views.position_update, name="position_update"),
    path("chuc-vu/<int:pk>/cham-dut/", views.position_close, name="position_close"),
    path("can-bo/", views.person_list, name="person_list"),
    path("can-bo/them/", views.person_create, name="person_create"),
    path("can-bo/<int:pk>/", views.person_detail, name="person_detail"),
    path("can-bo/<int:pk>/sua/", views.person_update, name="person_update"),
    path("can-bo/<int:pk>/khoa/", views.person_deactivate, name="person_deactivate"),
    path("can-bo/<int:pk>/mo-lai/", views.person_reactivate, name="person_reactivate"),
    path("giu-chuc-vu/them/", views.tenure_create, name="tenure_create"),
    path("giu-chuc-vu/<int:pk>/ket-thuc/", views.tenure_end, name="tenure_end"),
    path("uy-quyen/", views.delegation_list, name="delegation_list"),
    path("uy-quyen/them/", views.delegation_create, name="delegation_create"),
    path("uy-quyen/<int:pk>/", views.delegation_detail, name="delegation_detail"),
    path("uy-quyen/<int:pk>/thu-hoi/", views.delegation_revoke, name="delegation_revoke"),
    path("giao-tiep-can/", views.assignment_list, name="assignment_list"),
    path("giao-tiep-can/them/", views.assignment_create, name="assignment_create"),
    path("giao-tiep-can/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("giao-tiep-can/<int:pk>/cam-ket/", views.commitment_create, name="commitment_create"),
    path("giao-tiep-can/<int:pk>/cham-dut/", views.assignment_revoke, name="assignment_revoke"),
]
