from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "laksa.reports"
    label = "reports"
