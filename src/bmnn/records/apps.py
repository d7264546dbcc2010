from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "bmnn.records"
    label = "records"
    verbose_name = "Tài liệu, vật chứa BMNN"
