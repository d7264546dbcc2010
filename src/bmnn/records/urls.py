"""Records URLs: each area's views module contributes its own patterns."""

from django.urls import path

from bmnn.records.views import classification, items
from bmnn.records.views import carryout
from bmnn.records.views import declass
from bmnn.records.views import delivery
from bmnn.records.views import meetings
from bmnn.records.views import destruction
from bmnn.records.views import queues
from bmnn.records.views import recall
from bmnn.records.views import registers
from bmnn.records.views import reproduction, stocktake
from bmnn.records.views import councils, notices
from bmnn.records.views import provision
from bmnn.records.views import periods
from bmnn.outputs import register_views as register_prints
from bmnn.records.views import annual_report
from bmnn.records.views import stamps

app_name = "records"
urlpatterns = [
    path("", items.item_list, name="item_list"),
    path("<int:pk>/", items.item_detail, name="item_detail"),
    path("viec-can-lam/", queues.queues, name="queues"),
    *delivery.urlpatterns(),
    *carryout.urlpatterns(),
    *classification.urlpatterns(),
    *reproduction.urlpatterns(),
    *declass.urlpatterns(),
    *stocktake.urlpatterns(),
    *notices.urlpatterns(), *councils.urlpatterns(),
    *provision.urlpatterns(),
    *meetings.urlpatterns(),
    *destruction.urlpatterns(),
    *recall.urlpatterns(),
    *periods.urlpatterns(),
    *register_prints.urlpatterns(),
    *annual_report.urlpatterns(),
    *stamps.urlpatterns(),
    path("so/", registers.register_index, name="register_index"),
    path("so/don-vi/<int:unit_id>/", registers.register_list, name="register_list"),
    path("so/dong/", registers.register_entries, name="register_entries"),
    path("so/<int:pk>/", registers.register_detail, name="register_detail"),
    path("so/<int:pk>/khoa/", registers.register_close, name="register_close"),
    path("so/dong/<int:pk>/huy/", registers.entry_cancel, name="register_entry_cancel"),
    path("<int:pk>/vao-so-di/", registers.issue, name="issue"),
    path("ban/<int:pk>/", registers.copy_detail, name="copy_detail"),
]
