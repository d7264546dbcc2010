from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutputsConfig(AppConfig):
    name = "bmnn.outputs"
    label = "outputs"
    verbose_name = _("Bản in và tệp xuất")

    def ready(self) -> None:
        # Each producer registers the builder that makes (and remakes) its printouts.
        from bmnn.outputs import builders  # noqa: F401
