from django.apps import AppConfig


class RulebookConfig(AppConfig):
    name = "bmnn.rulebook"
    label = "rulebook"
    verbose_name = "Quy định pháp luật"
