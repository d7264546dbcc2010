from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComputersConfig(AppConfig):
    name = "bmnn.computers"
    label = "computers"
    verbose_name = _("Máy tính và kết quả quét")
