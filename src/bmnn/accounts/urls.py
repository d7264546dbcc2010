from django.urls import path

from bmnn.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("xac-thuc/", views.verify_view, name="verify"),
    path("xac-thuc/dang-ky/", views.enrol_view, name="enrol"),
    path("xac-thuc/ma-khoi-phuc/", views.recovery_codes_view, name="recovery_codes"),
    path("bao-mat/", views.security_view, name="security"),
    path("ma-truy-cap/", views.token_view, name="token"),
    path("doi-mat-khau/", views.password_change_view, name="password_change"),
    path("quan-tri/", views.admin_list_view, name="admin_list"),
    path("quan-tri/<int:pk>/", views.admin_detail_view, name="admin_detail"),
]
