"""Records URLs: each area's views module contributes its own patterns."""

from django.urls import path

from bmnn.records.views import classification, items
from bmnn.records.views import delivery
from bmnn.records.views import queues
from bmnn.records.views import reproduction, stocktake

app_name = "records"
urlpatterns = [
    path("", items.item_list, name="item_list"),
    path("<int:pk>/", items.item_detail, name="item_detail"),
    path("viec-can-lam/", queues.queues, name="queues"),
    *delivery.urlpatterns(),
    *classification.urlpatterns(),
    *reproduction.urlpatterns(),
    *stocktake.urlpatterns(),
]
