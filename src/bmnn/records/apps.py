from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "bmnn.records"
    label = "records"
    verbose_name = _("Tài liệu, vật chứa BMNN")

    def ready(self):
        # A custodian may not leave (account locked, post ended) before handing over (recall.py).
        from bmnn.org import guards
        from bmnn.records.services import recall

        guards.register(recall.departure_guard)
        # Registers what acknowledging a notice of adjustment does to the holder's copies.
        from bmnn.records.services import periods  # noqa: F401
