from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "laksa.console"
    label = "console"
