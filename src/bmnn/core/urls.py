from django.urls import path

from bmnn.core import ledger_views, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("nhat-ky/", ledger_views.ledger_list, name="ledger"),
    path("nhat-ky/<int:seq>/", ledger_views.ledger_event, name="ledger_event"),
    path("nhat-ky/kiem-tra/", ledger_views.ledger_verify, name="ledger_verify"),
    path("nhat-ky/diem-kiem-chung/", ledger_views.ledger_checkpoints, name="ledger_checkpoints"),
    path("nhat-ky/diem-kiem-chung.json", ledger_views.ledger_checkpoints_json, name="ledger_checkpoints_json"),
    path("nhat-ky/diem-kiem-chung/ky/", ledger_views.ledger_checkpoint_create, name="ledger_checkpoint_create"),
]
