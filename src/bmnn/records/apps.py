from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "bmnn.records"
    label = "records"
    verbose_name = _("Tài liệu, vật chứa BMNN")

    def ready(self):
        # Registers what acknowledging a notice of adjustment does to the holder's copies.
        from bmnn.records.services import periods  # noqa: F401
